import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { eventLogGroup } from './detection/event-log-group';
import { actionPattern, watchedRole, WatchedRole } from './detection/patterns';
import { detectionRule, LogGroupTarget } from './detection/rules';
import { LogActions } from './log-actions';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { BreakGlassRegionOptions } from './regions/regional-deployment';
import { RegionalWatch } from './regions/regional-watch';
import { markBreakGlassScope } from './scope';
import { applyTrailSetup, TrailSetup } from './trail-setup';
import { validateEnumMember, validateServices } from './validation';

/**
 * Properties of `BreakGlassLogActions`.
 */
export interface BreakGlassLogActionsProps extends BreakGlassLogGroupOptions, BreakGlassRegionOptions {
  /** The break-glass role whose actions are recorded. */
  readonly role: iam.IRole;

  /**
   * Which actions to record. `ALL` and `READ` include read-only calls, which
   * can be many in a busy session (see the README on cost).
   *
   * @default LogActions.ALL
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

  /**
   * The CloudTrail trail the events come from. Without one, a warning explains
   * that EventBridge only receives CloudTrail events where a trail logs them.
   *
   * @default - none is made, and a warning is raised
   */
  readonly trail?: TrailSetup;
}

/**
 * Records every action done with a break-glass role in one log group: each
 * CloudTrail event whose session was issued by the role, whatever session
 * name the caller chose.
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
   * The rules that select the actions: on the home region's default bus and,
   * when other regions are watched, on the central bus.
   */
  public readonly rules: events.IRule[];

  /** Which actions are recorded. */
  public readonly logActions: LogActions;

  constructor(scope: Construct, id: string, props: BreakGlassLogActionsProps) {
    super(scope, id);
    markBreakGlassScope(this);
    // A JavaScript caller can pass any string; anything but a member must not be read as one.
    validateEnumMember('logActions', props.logActions, LogActions, 'LogActions');
    applyTrailSetup(this, props.trail);
    const services = props.logServices ?? [];
    if (props.logServices?.length === 0) {
      // An empty list reads as "no service", yet would record every service.
      throw new Error('logServices is empty: name the services to record, such as [\'s3\'], or leave logServices out to record every service.');
    }
    validateServices('logServices', services);
    this.logActions = props.logActions ?? LogActions.ALL;

    this.actionLogGroup = eventLogGroup(this, 'LogGroup', props);
    const patternFor = (role: WatchedRole) => actionPattern(role, this.logActions, services);
    const ruleOn = (eventBus: events.IEventBus | undefined, idPrefix: string) => {
      const pattern = patternFor(watchedRole(props.role));
      return detectionRule(this, `${idPrefix}${pattern.id}`, {
        ...pattern,
        eventBus,
        targets: [new LogGroupTarget(this.actionLogGroup)],
      });
    };
    this.rules = [ruleOn(undefined, '')];
    RegionalWatch.watch(this, props, {
      patterns: role => [patternFor(role)],
      watchBus: bus => this.rules.push(ruleOn(bus, 'Central')),
    });
  }
}
