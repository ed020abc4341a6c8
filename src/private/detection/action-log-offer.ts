import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * What an action log tells the watch it is made on, for the alerts of that
 * watch: where actions are recorded, and the saved query of each session's.
 */
export interface ActionLogOffer {
  /** The action log. */
  readonly part: IConstruct;
  readonly logGroup: logs.ILogGroup;
  /** The saved query of what each session did. */
  readonly sessionsQueryName: string;
}
