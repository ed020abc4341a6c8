import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HubLogs } from './hub-logs';
import { organizationGuardedRoles } from './member-template';
import { OrganizationNames } from './organization-names';
import { LogActions } from '../../log-actions';
import { DeadLetters } from '../delivery/dead-letter-queue';
import { actionLogRule, loginAlertText, LoginRule, loginRules, tamperRules } from '../detection/bus-alerting';
import { actionPattern, assumptionRecordPattern, WatchedRole } from '../detection/patterns';
import { TamperPattern, tamperPatterns } from '../detection/tamper-patterns';

/** What the hub's rules on its bus are made from. */
export interface HubRulesProps {
  readonly names: OrganizationNames;
  readonly role: WatchedRole;
  readonly bus: events.IEventBus;
  readonly deadLetters: DeadLetters;
  readonly alertTopic: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
  readonly message?: string;
  readonly logActions?: LogActions;
  readonly logServices?: string[];
  readonly logs: HubLogs;
  /** Whether the member accounts run the canary. */
  readonly canary: boolean;
}

/**
 * The hub's rules on its bus: the same alerting as the role's parts, naming the event's account: the login
 * rules, the action log's rules, and the tamper rules of what member accounts forward of changes to the role
 * and to their forwarding and guard rules, queues and canaries.
 */
export function hubRules(hub: Construct, props: HubRulesProps): HubRules {
  const { names, role, bus, deadLetters, logs } = props;
  const destinations = { alertTopic: props.alertTopic, chatTopic: props.chatTopic, role, deadLetters };
  const logins = loginRules(hub, {
    ...destinations,
    // Attempts by roles named as the member canaries are the check's: it keeps their heartbeats and reports any impostor.
    canary: props.canary ? { roleNamePrefix: `${names.canaryRolePrefix}-` } : undefined,
    eventBus: bus,
    idPrefix: '',
    text: loginAlertText(props.message, () => ({ sessions: logs.actionLog?.queryName, logins: logs.loginsQuery })),
    loginLogGroup: logs.loginLogGroup,
    actionLog: () => logs.actionLog,
    loginsQuery: logs.loginsQuery,
  });
  const actionLogGroup = logs.actionLogGroup;
  const actions = actionLogGroup
    ? [actionPattern(role, props.logActions ?? LogActions.ALL, props.logServices ?? []), assumptionRecordPattern(role)]
      .map(pattern => actionLogRule(hub, pattern, actionLogGroup, { eventBus: bus, idPrefix: 'Actions', deadLetters }))
    : [];
  const members = tamperRules(hub, memberTamperPatterns(role, names, props.canary), { ...destinations, eventBus: bus, idPrefix: 'Member' });
  return { all: [...logins.map(login => login.rule), ...actions, ...members], logins, members };
}

/** The hub's rules on its bus: all of them, and those that alert people, the login rules with the attempt each must match. */
export interface HubRules {
  readonly all: events.Rule[];
  readonly logins: LoginRule[];
  /** The tamper rules of what member accounts forward. */
  readonly members: events.Rule[];
}

/**
 * Changes to the role and the member roles the alerting depends on (recorded
 * in the partition's global-events region of its account), and to a member
 * region's StackSet instance stack, forwarding or guard rule, dead-letter
 * queue and canary schedule.
 */
function memberTamperPatterns(role: WatchedRole, names: OrganizationNames, canary: boolean): TamperPattern[] {
  return tamperPatterns({
    role,
    guardedRoles: organizationGuardedRoles(names, canary),
    stackSetInstancesOf: names.stackSet,
    forwardRuleName: names.forwardRule,
    guardRuleName: names.guardRule,
    deadLetterQueueNames: [names.deadLetterQueue],
    canaryScheduleName: canary ? names.canarySchedule : undefined,
  });
}
