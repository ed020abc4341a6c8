import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BreakGlassWatch } from './break-glass-watch';
import { BreakGlassWatchOptions } from './break-glass-watch-options';
import { LogActions } from './log-actions';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { actionLogRule } from './private/detection/bus-alerting';
import { eventLogGroup } from './private/detection/event-log-group';
import { actionPattern, assumptionRecordPattern, watchedRole } from './private/detection/patterns';
import { actionQueries, saveQueries, savedQueryName, SESSION_ACTIONS } from './private/detection/saved-queries';
import { validateLogActionsOptions, validateSourceIdentities } from './private/validation';

/**
 * Which actions done with the break-glass role are recorded: options written
 * once, for `BreakGlassLogActions` and `BreakGlassRole`.
 */
export interface BreakGlassLogActionsOptions {
  /**
   * Which actions to record. `ALL` and `READ` include read-only calls, which
   * can be many in a busy session (see the README on cost).
   *
   * @default - `LogActions.ALL` on `BreakGlassLogActions`; on `BreakGlassRole`, no action logging unless `logServices` is given
   */
  readonly logActions?: LogActions;

  /**
   * Only record actions of these services, each named as its CloudTrail
   * `eventSource` starts: `'s3'` keeps events whose `eventSource` is exactly
   * `s3.amazonaws.com`. That is the IAM service prefix for most services
   * (`'cloudformation'`, `'iam'`), though not all (CloudWatch's is `'monitoring'`).
   *
   * @default - every service
   */
  readonly logServices?: string[];
}

/**
 * Properties of `BreakGlassLogActions`.
 */
export interface BreakGlassLogActionsProps extends BreakGlassLogActionsOptions, BreakGlassLogGroupOptions, BreakGlassWatchOptions {
  /** The break-glass role whose actions are recorded. */
  readonly role: iam.IRole;

  /**
   * Also record the actions of sessions that carry one of these source
   * identities: a session that a break-glass session obtains by assuming
   * another role is issued by that role, but keeps the break-glass session's
   * source identity, as AWS carries it across role chaining. Give the names
   * the role's people set as their source identity (the trust of a
   * `BreakGlassRole` binds an IAM user's to the user's name). Each chaining call
   * is recorded whatever this says, naming the chained session's access key.
   *
   * @default - none; on `BreakGlassRole`, the names of its `usernames` (IAM user names, federated session names)
   */
  readonly sourceIdentities?: string[];

  /**
   * The watch that decides where the role is watched, shared with the role's
   * other parts. Give it, or the watch options (`regions`, `trail`, ...), not both.
   *
   * @default - the watch an earlier part made for the role in this stack, else a new one from the watch options
   */
  readonly watch?: BreakGlassWatch;
}

/**
 * Records every action done with a break-glass role in one log group: each
 * CloudTrail event whose session was issued by the role, whatever session
 * name the caller chose; at every `logActions`, each `AssumeRole*` call of
 * its sessions and each write that passes a role; the actions of sessions
 * chained from it that carry one of `sourceIdentities`; and each successful
 * assumption of the role beside them, which names the identity that obtained
 * the session its actions carry.
 *
 * @example
 * declare const role: iam.IRole;
 * new BreakGlassLogActions(this, 'Actions', {
 *   role,
 *   logActions: LogActions.WRITE,
 * });
 */
export class BreakGlassLogActions extends Construct {
  /** The log group every recorded action is written to. */
  public readonly actionLogGroup: logs.ILogGroup;

  /**
   * CloudWatch Logs Insights saved queries of the action log, named
   * `break-glass/<this part's unique name>/<title>`: `What each session did`
   * (one row per session, by its access key id: the identity that obtained it,
   * read from its assumption record, the name it acted under, its records and
   * its first and last time), `Writes by session` (calls that may have changed something, in
   * order; not made when `logActions` is `READ`) and `Failed calls` (calls
   * with an error code, in order).
   */
  public readonly actionQueries: logs.QueryDefinition[];

  /**
   * The rules that select the actions, and those that record each assumption
   * beside them: on the home region's default bus and, when other regions are
   * watched, on the central bus.
   */
  public readonly rules: events.IRule[];

  /** Which actions are recorded. */
  public readonly logActions: LogActions;

  /** The watch the action log shares with the role's other parts. */
  public readonly watch: BreakGlassWatch;

  constructor(scope: Construct, id: string, props: BreakGlassLogActionsProps) {
    super(scope, id);
    validateLogActionsOptions(props.logActions, props.logServices);
    validateSourceIdentities('sourceIdentities', props.sourceIdentities);
    const services = props.logServices ?? [];
    this.logActions = props.logActions ?? LogActions.ALL;
    // No topic of its own: a watch it makes has alarms that notify nobody, and warns so.
    this.watch = BreakGlassWatch._forPart(this, props, {});

    this.actionLogGroup = eventLogGroup(this, 'LogGroup', props, this.watch._logWriter);
    this.actionQueries = saveQueries(this, this.actionLogGroup, actionQueries(this.logActions !== LogActions.READ));
    // The alerts of the watch point to it: the action log tells its watch, which they read at synthesis.
    this.watch._actionLogs.offer({ part: this, logGroup: this.actionLogGroup, sessionsQueryName: savedQueryName(this, SESSION_ACTIONS) });
    const role = watchedRole(props.role);
    // The actions, and each assumption beside them: the record of who obtained the session the actions carry.
    const patterns = [
      actionPattern(role, this.logActions, services, { sourceIdentities: props.sourceIdentities }),
      assumptionRecordPattern(role),
    ];
    const rulesOn = (eventBus: events.IEventBus | undefined, idPrefix: string) => patterns.map(pattern =>
      actionLogRule(this, pattern, this.actionLogGroup, { eventBus, idPrefix, deadLetters: this.watch._deadLetters }));
    this.rules = rulesOn(undefined, '');
    if (this.watch.centralBus) {
      this.rules.push(...rulesOn(this.watch.centralBus, 'Central'));
    }
  }
}
