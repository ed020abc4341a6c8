import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BreakGlassWatchOptions } from './break-glass-watch-options';
import { BreakGlassDeliveryHealth } from './delivery-health';
import { applyTrailSetup } from './private/apply-trail-setup';
import { CanarySettings, canaryIntervalMinutes, canaryName, canaryRole, homeCanarySchedule } from './private/canary/canary';
import { Heartbeat } from './private/canary/heartbeat';
import { DeadLetterQueue, DeadLetters } from './private/delivery/dead-letter-queue';
import { describeValue } from './private/describe-value';
import { ActionLogOffer, actionLogOf } from './private/detection/action-log-offer';
import { EventsLogGroupPolicy, EventsLogWriter } from './private/detection/events-log-group-policy';
import { requireFactoryMade } from './private/factory-made';
import { watchNameBase } from './private/readable-names';
import { Forwarding } from './private/regions/forwarding';
import { ForwardingCanary } from './private/regions/forwarding-context';
import { watchedRegions } from './private/regions/watched-regions';
import { resolveAlike } from './private/resolved';
import { checkEmails, validateBoolean } from './private/validation';
import { WATCH_OPTIONS, watchOptions } from './private/watch-options';
import { RegionalDeployment } from './regional-deployment';
import { TrailSetup } from './trail-setup';

/**
 * Properties of `BreakGlassWatch`.
 */
export interface BreakGlassWatchProps extends BreakGlassWatchOptions {
  /** The break-glass role the watch's parts watch. */
  readonly role: iam.IRole;
}

/** The watch options a part was given, to make or check its watch with. */
interface PartWatchProps extends BreakGlassWatchOptions {
  readonly role: iam.IRole;
  readonly watch?: BreakGlassWatch;
}

/** The canary of a watch: its settings, its role's ARN, and the construct its resources are made under. */
interface WatchCanary extends ForwardingCanary {
  readonly scope: Construct;
}

/** The watches of each stack by how their names start: two alike would name their resources alike. */
const watchNames = new WeakMap<Stack, Map<string, BreakGlassWatch>>();

/** The watch each part made for a role of a stack, for the parts after it that name none. */
const defaultWatches = new WeakMap<Stack, BreakGlassWatch[]>();

/**
 * What the parts of a break-glass role share: the watched regions (resolved
 * and validated once), the central event bus in the home region, the
 * forwarding into it from every other watched region (a StackSet or one stack
 * per region), the one CloudWatch Logs resource policy that lets EventBridge
 * write to their log groups, the trail they depend on, and the canary.
 *
 * The watch gives and is told nothing: what every other region forwards is
 * the same whichever parts watch the role (its logins, its sessions' actions,
 * changes to it and to the forwarding), and the central-bus rules of the
 * parts choose what is alerted and recorded, so parts sharing a watch
 * synthesize the same templates in any order.
 *
 * `BreakGlassRole` makes one and hands it to each of its parts (`watch`).
 * Parts used on their own take one as `watch`; given none, the first part for a
 * role makes one, and the parts after it for the same role in the same stack
 * share it.
 *
 * @example
 * declare const role: iam.IRole;
 * const watch = new BreakGlassWatch(this, 'Watch', {
 *   role,
 *   regions: ['eu-west-1'],
 *   trail: TrailSetup.existingTrail(),
 * });
 * new BreakGlassLoginAlert(this, 'Alert', { role, watch, loginAlertEmails: ['security@example.com'] });
 * new BreakGlassLogActions(this, 'Actions', { role, watch, logActions: LogActions.WRITE });
 */
export class BreakGlassWatch extends Construct {
  /**
   * The watch of a part: `watch` when given, else the one made for the same
   * role in the same stack by an earlier part, else a new one under `part`.
   *
   * @internal
   */
  public static _forPart(part: Construct, props: PartWatchProps, defaultAlarmEmails?: string[]): BreakGlassWatch {
    const given = WATCH_OPTIONS.filter(option => props[option] !== undefined);
    if (props.watch !== undefined) {
      if (!(props.watch instanceof BreakGlassWatch)) {
        throw new Error(`watch is ${describeValue(props.watch)}, not a BreakGlassWatch: give a BreakGlassWatch, or leave watch out.`);
      }
      if (given.length > 0) {
        throw new Error(`${part.node.path} is given watch and ${given.join(', ')}: a watch decides ${given.join(', ')} for every part ` +
          'that shares it. Set them on the BreakGlassWatch, or leave watch out.');
      }
      props.watch.checkServes(part, props.role);
      return props.watch;
    }
    const stack = Stack.of(part);
    const existing = (defaultWatches.get(stack) ?? []).find(watch => sameRole(stack, watch.role, props.role));
    if (!existing) {
      // `Default` keeps the watch out of its resources' logical ids: they are as if made by the part itself.
      return new BreakGlassWatch(part, 'Default', { ...watchOptions(props, defaultAlarmEmails), role: props.role });
    }
    const conflicting = given.filter(option => !sameOption(props[option], existing.options[option]));
    if (conflicting.length > 0) {
      const described = (option: keyof BreakGlassWatchOptions) =>
        (existing.options[option] === undefined ? `no ${option}` : `${option} ${describeOption(existing.options[option])}`);
      throw new Error(`${part.node.path} shares the watch of ${existing.node.path} (the same role, the same stack), which ` +
        `has ${conflicting.map(described).join(' and ')}: ` +
        `${part.node.path} gives ${conflicting.map(option => `${option} ${describeOption(props[option])}`).join(' and ')}. ` +
        'Give the same values, or make one BreakGlassWatch and pass it to each part as watch.');
    }
    return existing;
  }

  /** The break-glass role the watch's parts watch. */
  public readonly role: iam.IRole;

  /** The stack's region, where alerts and logs are delivered. */
  public readonly homeRegion: string;

  /** Every watched region other than the home region, sorted: each forwards its events to the home region. */
  public readonly forwardedRegions: string[];

  /** Every watched region: the home region first, then the forwarded regions. */
  public readonly watchedRegions: string[];

  /**
   * The regions `cdk deploy` deploys the watch's stacks to: the home region,
   * and with `RegionalDeployment.regionalStacks()` every forwarded region.
   */
  public readonly stackRegions: string[];

  /**
   * The event bus in the home region that every forwarded region's events arrive on.
   *
   * @default - none, when only the home region is watched
   */
  public readonly centralBus?: events.IEventBus;

  /**
   * Name of each forwarded region's rule that forwards break-glass events to the central bus.
   *
   * @default - none, when only the home region is watched
   */
  public readonly forwardRuleName?: string;

  /**
   * Name of each forwarded region's rule that watches its forwarding rule, alarm and topic.
   *
   * @default - none, when only the home region is watched
   */
  public readonly guardRuleName?: string;

  /**
   * Name of each forwarded region's SQS queue that keeps what its forwarding
   * and guard rules could not put on the central bus (encrypted, 14 days).
   *
   * @default - none, when only the home region is watched
   */
  public readonly forwardedDeadLetterQueueName?: string;

  /**
   * Name of the alarm on each forwarded region's dead-letter queue, and of the
   * topic of that region it notifies, made when the canary is off.
   * `forwardingAlarmEmails` are subscribed to it; subscribe other endpoints to
   * `arn:PARTITION:sns:REGION:ACCOUNT:NAME` in each region.
   *
   * @default - none, with the canary (its heartbeat alarms cover forwarding) or when only the home region is watched
   */
  public readonly forwardingAlarmName?: string;

  /**
   * Name of the StackSet that deploys the forwarding rules.
   *
   * @default - none, with regional stacks or when only the home region is watched
   */
  public readonly stackSetName?: string;

  /**
   * The trail the watch made.
   *
   * @default - none, unless `trail` is `TrailSetup.createTrail()`
   */
  public readonly trail?: cloudtrail.Trail;

  /**
   * ARN of the trail the events come from: made here, or named by `TrailSetup.existingTrail(trailArn)`.
   *
   * @default - none, when the trail is not named
   */
  public readonly trailArn?: string;

  /**
   * The SQS queue, in the home region, where every break-glass rule of the home
   * region keeps what it could not deliver (after retrying for at most 5
   * minutes): encrypted, 14 days, written to only by those rules. Each
   * forwarded region has a queue of its own for its forwarding and guard rules.
   */
  public readonly deadLetterQueue: sqs.IQueue;

  private readonly options: BreakGlassWatchOptions;
  private readonly canary?: WatchCanary;
  private readonly forwarding?: Forwarding;
  private readonly logGroupPolicy: EventsLogGroupPolicy;
  private readonly deadLetters: DeadLetterQueue;
  /** How the names a person reads of the watch's resources start (`BreakGlass-us-east-2`). */
  private readonly nameBase: string;

  constructor(scope: Construct, id: string, props: BreakGlassWatchProps) {
    super(scope, id);
    this.options = watchOptions(props);
    this.role = props.role;
    const emails = checkEmails('forwardingAlarmEmails', props.forwardingAlarmEmails ?? []);
    const deployment = props.regionalDeployment ?? RegionalDeployment.stackSet();
    requireFactoryMade('regionalDeployment', deployment, RegionalDeployment);

    const regions = watchedRegions(this, props.regions);
    this.homeRegion = regions.home;
    this.forwardedRegions = regions.forwarded;
    this.watchedRegions = [regions.home, ...regions.forwarded];
    if (regions.optInLeftOut.length > 0) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:optInRegionsNotWatched',
        `regions: ['*'] watches the regions enabled by default, not the opt-in regions ${regions.optInLeftOut.join(', ')}: ` +
        'an assumption through the STS endpoint of an opt-in region the account has enabled would not alert. ' +
        'Name the opt-in regions the account has enabled beside \'*\', for example [\'*\', \'af-south-1\'].');
    }

    // Names a person reads, from the role's name and the home region.
    const nameBase = watchNameBase(this, props.role, regions.home);
    this.refuseSameNames(nameBase);
    this.nameBase = nameBase;

    validateBoolean('canary', props.canary);
    const intervalMinutes = canaryIntervalMinutes(props.canaryInterval);
    if ((props.canary ?? true) && emails.length > 0) {
      throw new Error(`forwardingAlarmEmails is ${JSON.stringify(emails)}, but with the canary on the forwarded regions have no ` +
        'forwarding alarm to email: a missing heartbeat alarms in the home region and notifies the alert topic. ' +
        'Leave forwardingAlarmEmails out, or set canary: false for the forwarding alarms.');
    }
    if (props.canary ?? true) {
      const canaryScope = new Construct(this, 'Canary');
      const settings: CanarySettings = { name: canaryName(nameBase), intervalMinutes };
      const role = canaryRole(canaryScope, settings, props.role.roleArn);
      this.canary = { settings, roleArn: role.roleArn, scope: canaryScope };
      homeCanarySchedule(canaryScope, settings, role.roleArn, props.role.roleArn)
        .node.addDependency(role.node.findChild('DefaultPolicy'));
    }

    const trail = applyTrailSetup(this, props.trail);
    this.trail = trail.trail;
    this.trailArn = trail.trailArn;

    if (regions.forwarded.length > 0) {
      this.forwarding = new Forwarding(this, 'Regions', {
        role: props.role,
        regions,
        deployment,
        alarmEmails: emails,
        canary: this.canary,
        nameBase,
      });
      this.centralBus = this.forwarding.centralBus;
      this.forwardRuleName = this.forwarding.names.forwardRule;
      this.guardRuleName = this.forwarding.names.guardRule;
      this.forwardedDeadLetterQueueName = this.forwarding.names.deadLetterQueue;
      this.forwardingAlarmName = this.forwarding.alarm?.name;
      this.stackSetName = this.forwarding.deployment.stackSetName;
      this.stackRegions = this.forwarding.deployment.stackRegions;
    } else {
      this.stackRegions = [regions.home];
    }

    // Made last, where the first log group used to make it, so no resource moves; named from the start.
    this.logGroupPolicy = new EventsLogGroupPolicy(this, 'EventsLogGroupPolicy');
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters');
    this.deadLetterQueue = this.deadLetters.queue;

    const stack = Stack.of(this);
    if (!(defaultWatches.get(stack) ?? []).some(watch => sameRole(stack, watch.role, this.role))) {
      defaultWatches.set(stack, [...(defaultWatches.get(stack) ?? []), this]);
    }
  }

  /**
   * Name of the CloudWatch Logs resource policy that lets EventBridge write to the parts' log groups.
   *
   * @default - none, while no part has a log group
   */
  public get logGroupPolicyName(): string | undefined {
    return this.logGroupPolicy.made ? this.logGroupPolicy.policyName : undefined;
  }

  /**
   * The log group the actions done with the role are recorded in, once a part records them: read from the
   * watch's parts when asked (of several action logs, the one whose path sorts first).
   *
   * @default - none, while no part records actions
   */
  public get actionLogGroup(): logs.ILogGroup | undefined {
    return this._actionLog?.logGroup;
  }

  /**
   * The action log of the watch's parts and its saved query of what each session did, for the alerts that
   * point to them: read from the parts when asked, so an alert asks at synthesis.
   *
   * @internal
   */
  public get _actionLog(): ActionLogOffer | undefined {
    return actionLogOf(this);
  }

  /**
   * The canary's settings, role ARN and the construct its resources are made under (an alert's heartbeat goes
   * there too), when the canary is on.
   *
   * @internal
   */
  public get _canary(): WatchCanary | undefined {
    return this.canary;
  }

  /**
   * The log group the canary's heartbeats are written to, once an alert part made it.
   *
   * @default - none, without the canary or an alert part
   */
  public get heartbeatLogGroup(): logs.ILogGroup | undefined {
    return this.canary && Heartbeat.of(this.canary.scope)?.logGroup;
  }

  /**
   * Where the home region's rules of every part keep what they could not deliver.
   *
   * @internal
   */
  public get _deadLetters(): DeadLetters {
    return this.deadLetters;
  }

  /**
   * The name the alarm on the dead-letter queue has, whether or not a part has made it yet, for the tamper alert.
   *
   * @internal
   */
  public get _deliveryHealthAlarmName(): string {
    return `${this.nameBase}-DeadLetters`;
  }

  /**
   * The alarm on the dead-letter queue, notifying the topics of the alerting part `part`: made by the first
   * part that asks, found by the next; a part with other topics is refused.
   *
   * @internal
   */
  public _deliveryHealth(part: Construct, alarmTopic: sns.ITopic, chatTopic?: sns.ITopic): BreakGlassDeliveryHealth {
    return BreakGlassDeliveryHealth._forParts(part, this, {
      deadLetterQueue: this.deadLetterQueue,
      alarmTopic,
      chatTopic,
      alarmName: this._deliveryHealthAlarmName,
    });
  }

  /**
   * What lets EventBridge write to the parts' log groups: the watch's one resource policy.
   *
   * @internal
   */
  public get _logWriter(): EventsLogWriter {
    return this.logGroupPolicy;
  }

  /**
   * The name of the watch's log resource policy, whether or not a log group has needed it yet, for the tamper alert.
   *
   * @internal
   */
  public get _logGroupPolicyName(): string {
    return this.logGroupPolicy.policyName;
  }

  /** Refuses a second watch of the stack whose resources in other regions and canary would be named as this one's. */
  private refuseSameNames(nameBase: string): void {
    const stack = Stack.of(this);
    const named = watchNames.get(stack) ?? new Map<string, BreakGlassWatch>();
    const other = named.get(nameBase);
    if (other) {
      throw new Error(`${this.node.path} and ${other.node.path} both watch the role ${describeValue(stack.resolve(this.role.roleName))} from ` +
        `${this.homeRegion} in one stack: their resources in other regions and their canaries would have the same names (${nameBase}-…). ` +
        'Make one BreakGlassWatch and give it to each part as watch.');
    }
    watchNames.set(stack, named.set(nameBase, this));
  }

  private checkServes(part: Construct, role: iam.IRole): void {
    const stack = Stack.of(part);
    if (Stack.of(this) !== stack) {
      throw new Error(`watch ${this.node.path} is in stack ${Stack.of(this).stackName}, but ${part.node.path} is in ${stack.stackName}: ` +
        'a part needs the watch of its own stack, whose central bus and rules are in its region. Make a BreakGlassWatch in that stack.');
    }
    if (!sameRole(stack, this.role, role)) {
      throw new Error(`watch ${this.node.path} watches the role ${describeValue(stack.resolve(this.role.roleName))}, but ${part.node.path} ` +
        `is given role ${describeValue(stack.resolve(role.roleName))}: give the part the watch's role, or a watch of its own role.`);
    }
  }
}

/** A watch option's value as a message shows it: a list as JSON, a trail setup or a deployment as the factory call that made it. */
function describeOption(value: unknown): string {
  if (value instanceof Duration) {
    return value.toHumanString();
  }
  if (value instanceof TrailSetup || value instanceof RegionalDeployment) {
    return value.toString();
  }
  return Array.isArray(value) ? JSON.stringify(value) : describeValue(value);
}

/** Whether two values of a watch option are the same: lists by their items, trail setups and deployments by what they do. */
function sameOption(a: unknown, b: unknown): boolean {
  if (a instanceof TrailSetup || a instanceof RegionalDeployment) {
    return a._equals(b);
  }
  if (a instanceof Duration) {
    return b instanceof Duration && a.toSeconds({ integral: false }) === b.toSeconds({ integral: false });
  }
  return a === b || (Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b));
}

/** Whether two roles are one: the same construct, or the same ARN. */
function sameRole(stack: Stack, a: iam.IRole, b: iam.IRole): boolean {
  return a === b || resolveAlike(stack, a.roleArn, b.roleArn);
}
