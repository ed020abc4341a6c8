import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogActions } from '../../log-actions';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { eventLogGroup } from '../detection/event-log-group';
import { EventsLogWriter } from '../detection/events-log-group-policy';
import { actionQueries, LOGIN_QUERIES, LOGINS, saveQueries, savedQueryName, SESSION_ACTIONS } from '../detection/saved-queries';

/** What the hub's logs are made from: its props. */
export interface HubLogsProps extends BreakGlassLogGroupOptions {
  readonly createLoginLogGroup?: boolean;
  readonly logActions?: LogActions;
  readonly logServices?: string[];
}

/** The hub's log groups and their saved queries, with the names the alerts' next steps give. */
export interface HubLogs {
  readonly loginLogGroup?: logs.ILogGroup;
  readonly actionLogGroup?: logs.ILogGroup;
  readonly loginQueries: logs.QueryDefinition[];
  readonly actionQueries: logs.QueryDefinition[];
  /** The saved query of what each session did, and the action log it reads. */
  readonly actionLog?: { readonly logGroupName: string; readonly queryName: string };
  /** The saved query of the login log. */
  readonly loginsQuery?: string;
}

/**
 * The hub's login log (`LoginLogGroup`, with `createLoginLogGroup`) and action log (`ActionLogGroup`, with
 * `logActions` or `logServices`), under the hub, with the saved queries for the responder.
 */
export function hubLogs(hub: Construct, props: HubLogsProps, logWriter: EventsLogWriter): HubLogs {
  const loginLogGroup = props.createLoginLogGroup ? eventLogGroup(hub, 'LoginLogGroup', props, logWriter) : undefined;
  const recordsActions = props.logActions !== undefined || props.logServices !== undefined;
  const actionLogGroup = recordsActions ? eventLogGroup(hub, 'ActionLogGroup', props, logWriter) : undefined;
  const logActions = props.logActions ?? LogActions.ALL;
  return {
    loginLogGroup,
    actionLogGroup,
    loginQueries: loginLogGroup ? saveQueries(hub, loginLogGroup, LOGIN_QUERIES) : [],
    actionQueries: actionLogGroup ? saveQueries(hub, actionLogGroup, actionQueries(logActions !== LogActions.READ)) : [],
    actionLog: actionLogGroup ? { logGroupName: actionLogGroup.logGroupName, queryName: savedQueryName(hub, SESSION_ACTIONS) } : undefined,
    loginsQuery: loginLogGroup ? savedQueryName(hub, LOGINS) : undefined,
  };
}
