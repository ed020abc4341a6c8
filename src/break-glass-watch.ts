import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BreakGlassWatchOptions } from './break-glass-watch-options';
import { BreakGlassDeliveryHealth } from './delivery-health';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { applyTrailSetup } from './private/apply-trail-setup';
import { CanarySettings, canaryIntervalMinutes, canaryName, canaryRole, homeCanarySchedule } from './private/canary/canary';
import { Heartbeat } from './private/canary/heartbeat';
import { DeadLetterQueue, DeadLetters } from './private/delivery/dead-letter-queue';
import { describeValue } from './private/describe-value';
import { ActionLogOffer } from './private/detection/action-log-offer';
import { alarmActions } from './private/detection/alarm-actions';
import { EventsLogGroupPolicy, EventsLogWriter } from './private/detection/events-log-group-policy';
import { watchedRole } from './private/detection/patterns';
import { requireFactoryMade } from './private/factory-made';
import { nameSafe, roleNameAtSynth, watchNameBase } from './private/readable-names';
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
export interface BreakGlassWatchProps extends BreakGlassWatchOptions, BreakGlassLogGroupOptions {
  /** The break-glass role the watch's parts watch. */
  readonly role: iam.IRole;

  /**
   * The topic the watch's own alarms notify: each watched region's heartbeat
   * alarm (with the canary) and the alarm on the dead-letter queue. A topic made
   * in the same app gets the statement that lets CloudWatch alarms publish, and
   * its KMS key the statement that lets CloudWatch use it; an imported topic and
   * key must already allow it. `BreakGlassRole` gives its alert topic.
   *
   * @default - the alarms notify no topic: they show in the CloudWatch console, and a warning says so
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * A topic mapped to chat channels by Amazon Q Developer in chat applications,
   * which the watch's alarms notify too (the chat service renders CloudWatch
   * alarms). `BreakGlassRole` gives its `chatTopic`.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;
}

/** Where the alarms of the watch a part makes go: the part's own topics. */
interface PartTopics {
  readonly alarmTopic?: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
}

/** What a part was given, to make or check its watch with. */
interface PartWatchProps extends BreakGlassWatchOptions, BreakGlassLogGroupOptions {
  readonly role: iam.IRole;
  readonly watch?: BreakGlassWatch;
}

/** The canary of a watch: its settings, its role's ARN, and the construct its resources are made under. */
interface WatchCanary extends ForwardingCanary {
  readonly scope: Construct;
}

/** What a default watch is made from besides the watch options, compared when a later part gives them. */
const DEFAULT_WATCH_CHOICES: Array<keyof BreakGlassWatchProps> = ['retention', 'logGroupRemovalPolicy', 'encryptionKey', 'alarmTopic', 'chatTopic'];

/** The names a watch gives its resources, claimed in its stack: an empty construct, which makes nothing. */
class NamesClaim extends Construct {
  constructor(scope: Construct, id: string, public readonly watchPath: string) {
    super(scope, id);
  }
}

/**
 * What the parts of a break-glass role share: the watched regions (resolved
 * and validated once), the central event bus in the home region, the
 * forwarding into it from every other watched region (a StackSet or one stack
 * per region), the one CloudWatch Logs resource policy that lets EventBridge
 * write to their log groups, the trail they depend on, and the canary.
 *
 * The watch owns its health: in its constructor it makes the alarm of each
 * watched region's heartbeat (with the canary) and the alarm on its dead-letter
 * queue, into `alarmTopic` and `chatTopic`, whichever parts are made on it and
 * in whatever order; no part makes a resource the watch owns, and each part
 * alerts its own topics. Without either topic the alarms are still made, and
 * an acknowledgeable warning says they notify nobody.
 *
 * What every other region forwards is the same whichever parts watch the role
 * (its logins, its sessions' actions, changes to it and to the forwarding),
 * and the central-bus rules of the parts choose what is alerted and recorded.
 * The watch is told one thing: an action log made on it tells it so
 * (`BreakGlassLogActions` does, through the watch it is given), and the
 * alerts read it at synthesis, of several the one whose path sorts first, so
 * parts sharing a watch synthesize the same template in any order.
 *
 * `BreakGlassRole` makes one and hands it to each of its parts (`watch`),
 * giving it its alert topic and chat topic. Parts used on their own take one
 * as `watch`; given none, a part finds its role's default watch, a child of the
 * stack with the id `BreakGlassWatch-<role name>` (or the role's construct
 * path, when its name is known only at deploy), or makes it there with its own
 * topics; a later part giving other values is refused, naming both.
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
   * The watch of a part: `watch` when given; else the default watch of the part's role in its stack, found
   * as the stack's child `BreakGlassWatch-<role>` (the role's name, or its construct path when its name is
   * known only at deploy), or made there from what the part gives: its watch options, its log group options
   * (for the heartbeat's log group) and its topics (for the watch's alarms). A later part that gives another
   * value of any of them is refused, naming both: a watch is made once.
   *
   * @internal
   */
  public static _forPart(part: Construct, props: PartWatchProps, topics: PartTopics, defaultAlarmEmails?: string[]): BreakGlassWatch {
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
    const made: BreakGlassWatchProps = {
      ...watchOptions(props, defaultAlarmEmails),
      retention: props.retention,
      logGroupRemovalPolicy: props.logGroupRemovalPolicy,
      encryptionKey: props.encryptionKey,
      ...topics,
      role: props.role,
    };
    const stack = Stack.of(part);
    const id = `BreakGlassWatch-${roleKey(props.role)}`;
    const existing = stack.node.tryFindChild(id);
    if (!(existing instanceof BreakGlassWatch)) {
      return new BreakGlassWatch(stack, id, made);
    }
    const compared: Array<keyof BreakGlassWatchProps> = [...given, ...DEFAULT_WATCH_CHOICES.filter(choice => made[choice] !== undefined)];
    const conflicting = compared.filter(option => !sameOption(stack, made[option], existing.props[option]));
    if (conflicting.length > 0) {
      const described = (option: keyof BreakGlassWatchProps) =>
        (existing.props[option] === undefined ? `no ${option}` : `${option} ${describeOption(existing.props[option])}`);
      throw new Error(`${part.node.path} shares the default watch ${existing.node.path} of its role, which has ` +
        `${conflicting.map(described).join(' and ')}: ` +
        `${part.node.path} gives ${conflicting.map(option => `${option} ${describeOption(made[option])}`).join(' and ')}. ` +
        'Give the same values, or make one BreakGlassWatch (with alarmTopic for its alarms) and pass it to each part as watch.');
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

  /**
   * The topic the watch's own alarms notify.
   *
   * @default - none: the alarms notify no topic
   */
  public readonly alarmTopic?: sns.ITopic;

  /**
   * The chat topic the watch's own alarms notify.
   *
   * @default - none
   */
  public readonly chatTopic?: sns.ITopic;

  /**
   * The alarm on the dead-letter queue, notifying `alarmTopic` and `chatTopic`
   * when an alert or a record could not be delivered.
   */
  public readonly deliveryHealth: BreakGlassDeliveryHealth;

  /**
   * The alarm of each watched region's heartbeat, the home region's first,
   * notifying `alarmTopic` and `chatTopic` when that region's heartbeats stop.
   *
   * Empty without the canary.
   */
  public readonly heartbeatAlarms: cloudwatch.IAlarm[];

  /**
   * The log group the canary's heartbeats are written to.
   *
   * @default - none, without the canary
   */
  public readonly heartbeatLogGroup?: logs.ILogGroup;

  /** What the watch was made with, for the parts that look for their role's default watch. */
  private readonly props: BreakGlassWatchProps;
  private readonly canary?: WatchCanary;
  /** The action logs made on the watch, each told by the part itself. */
  private readonly actionLogs: ActionLogOffer[] = [];
  private readonly forwarding?: Forwarding;
  private readonly logGroupPolicy: EventsLogGroupPolicy;
  private readonly deadLetters: DeadLetterQueue;
  /** How the names a person reads of the watch's resources start (`BreakGlass-us-east-2`). */
  private readonly nameBase: string;

  constructor(scope: Construct, id: string, props: BreakGlassWatchProps) {
    super(scope, id);
    this.props = props;
    this.role = props.role;
    this.alarmTopic = props.alarmTopic;
    this.chatTopic = props.chatTopic;
    const emails = checkEmails('forwardingAlarmEmails', props.forwardingAlarmEmails ?? []);
    const deployment = props.regionalDeployment ?? RegionalDeployment.stackSet();
    requireFactoryMade('regionalDeployment', deployment, RegionalDeployment);

    const regions = watchedRegions(this, props.regions ?? []);
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
    this.claimNames(nameBase);
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

    // The watch's own alarms, whichever parts are made on it.
    if (!props.alarmTopic && !props.chatTopic) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:watchAlarmsNotifyNobody',
        'Nobody will be told when break-glass alerts may be lost: the watch\'s alarms (each watched region\'s heartbeat, ' +
        'its dead-letter queue) notify no topic, as alarmTopic and chatTopic are not given. Give the watch alarmTopic; ' +
        'or, once you add actions to heartbeatAlarms and deliveryHealth.alarm, acknowledge this warning with ' +
        'Annotations.of(watch).acknowledgeWarning(\'aws-break-glass-role:watchAlarmsNotifyNobody\').');
    }
    this.deliveryHealth = new BreakGlassDeliveryHealth(this, 'DeliveryHealth', {
      deadLetterQueue: this.deadLetterQueue,
      alarmTopic: props.alarmTopic,
      chatTopic: props.chatTopic,
      alarmName: this._deliveryHealthAlarmName,
    });
    const heartbeat = this.canary && new Heartbeat(this.canary.scope, 'Heartbeat', {
      retention: props.retention,
      logGroupRemovalPolicy: props.logGroupRemovalPolicy,
      encryptionKey: props.encryptionKey,
      watch: this,
      role: watchedRole(props.role),
      canary: this.canary.settings,
      canaryRoleArn: this.canary.roleArn,
      alarmActions: alarmActions(this, props.alarmTopic, props.chatTopic),
    });
    this.heartbeatLogGroup = heartbeat?.logGroup;
    this.heartbeatAlarms = heartbeat?.alarms ?? [];
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
   * The log group the actions done with the role are recorded in, once a part records them (of several action
   * logs, the one whose path sorts first).
   *
   * @default - none, while no part records actions
   */
  public get actionLogGroup(): logs.ILogGroup | undefined {
    return this._actionLog?.logGroup;
  }

  /**
   * The action log of the watch's parts and its saved query of what each session did, for the alerts that
   * point to them: of several, the one whose path sorts first, whichever was made first. An alert asks at
   * synthesis, when every part exists.
   *
   * @internal
   */
  public get _actionLog(): ActionLogOffer | undefined {
    return [...this.actionLogs].sort((a, b) => a.part.node.path.localeCompare(b.part.node.path))[0];
  }

  /**
   * Tells the watch of an action log made on it: the one thing a part tells its watch, by the part itself.
   *
   * @internal
   */
  public _offerActionLog(offer: ActionLogOffer): void {
    this.actionLogs.push(offer);
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

  /**
   * Refuses a second watch of the stack whose resources in other regions and canary would be named as this
   * one's: each watch claims its names with an empty child of its stack, `BreakGlassWatchNames-<names>`.
   */
  private claimNames(nameBase: string): void {
    const stack = Stack.of(this);
    const id = `BreakGlassWatchNames-${nameBase}`;
    const other = stack.node.tryFindChild(id);
    if (other instanceof NamesClaim) {
      throw new Error(`${this.node.path} and ${other.watchPath} both watch the role ${describeValue(stack.resolve(this.role.roleName))} from ` +
        `${this.homeRegion} in one stack: their resources in other regions and their canaries would have the same names (${nameBase}-…). ` +
        'Make one BreakGlassWatch and give it to each part as watch.');
    }
    new NamesClaim(stack, id, this.node.path);
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

/** A value a watch is made with as a message shows it: a list as JSON, a factory-made value as its call, a construct as its path. */
function describeOption(value: unknown): string {
  if (value instanceof Duration) {
    return value.toHumanString();
  }
  if (value instanceof TrailSetup || value instanceof RegionalDeployment) {
    return value.toString();
  }
  if (Construct.isConstruct(value)) {
    return value.node.path;
  }
  return Array.isArray(value) ? JSON.stringify(value) : describeValue(value);
}

/** Whether two values a watch is made with are the same: lists by their items, factory-made values by what they do, topics and keys by their ARNs. */
function sameOption(stack: Stack, a: unknown, b: unknown): boolean {
  if (a instanceof TrailSetup || a instanceof RegionalDeployment) {
    return a._equals(b);
  }
  if (a instanceof Duration) {
    return b instanceof Duration && a.toSeconds({ integral: false }) === b.toSeconds({ integral: false });
  }
  const arnOf = (value: unknown) => (value as { topicArn?: string }).topicArn ?? (value as { keyArn?: string }).keyArn;
  if (Construct.isConstruct(a) && Construct.isConstruct(b)) {
    return a === b || resolveAlike(stack, arnOf(a), arnOf(b));
  }
  return a === b || (Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b));
}

/** Whether two roles are one: the same construct, or the same ARN. */
function sameRole(stack: Stack, a: iam.IRole, b: iam.IRole): boolean {
  return a === b || resolveAlike(stack, a.roleArn, b.roleArn);
}

/** The role as the id of its default watch tells it: its name, or its construct path when its name is known only at deploy. */
function roleKey(role: iam.IRole): string {
  const name = roleNameAtSynth(role);
  return name === undefined ? role.node.path.replace(/\//g, '-') : nameSafe(name, 64);
}
