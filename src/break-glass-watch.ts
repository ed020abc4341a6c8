/*
 * Over 300 lines for one concept: the watch's public attributes, each documented in place, and the one helper that
 * finds or makes a part's default watch. What it makes is made by src/private/watch/ and src/private/regions/.
 */
import { Annotations, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BreakGlassWatchProps } from './break-glass-watch-options';
import { BreakGlassDeliveryHealth } from './delivery-health';
import { AlertPathCheck, AlertPathOffer } from './private/alert-path/alert-path-check';
import { alertPathName } from './private/alert-path/alert-path-settings';
import { applyTrailSetup } from './private/apply-trail-setup';
import { DeadLetterQueue, DeadLetters } from './private/delivery/dead-letter-queue';
import { describeValue } from './private/describe-value';
import { ActionLogs } from './private/detection/action-log-offer';
import { EventsLogGroupPolicy, EventsLogWriter } from './private/detection/events-log-group-policy';
import { ForwardedNames } from './private/detection/tamper-patterns';
import { requireFactoryMade } from './private/factory-made';
import { fitName, nameSafe, roleNameAtSynth, watchNameBase } from './private/readable-names';
import { Forwarding } from './private/regions/forwarding';
import { watchedRegions } from './private/regions/watched-regions';
import { checkEmails, validateBoolean } from './private/validation';
import { claimNames } from './private/watch/names-claim';
import { WatchCanary, watchCanary } from './private/watch/watch-canary';
import { watchHealth } from './private/watch/watch-health';
import { checkServes, DEFAULT_WATCH_CHOICES, differingChoices, PartTopics, PartWatchProps, WATCH_OPTIONS, watchOptions } from './private/watch-options';
import { RegionalDeployment } from './regional-deployment';

/**
 * What the parts of a break-glass role share: the watched regions (resolved and validated once), the central
 * event bus in the home region, the forwarding into it from every other watched region (a StackSet or one
 * stack per region), the one CloudWatch Logs resource policy that lets EventBridge write to their log groups,
 * the trail they depend on, and the canary.
 *
 * The watch owns its health: in its constructor it makes the alarm of each watched region's heartbeat (with
 * the canary) and the alarm on its dead-letter queue, into `alarmTopic` and `chatTopic`, whichever parts are
 * made on it and in whatever order; no part makes a resource the watch owns, and each part alerts its own
 * topics. Without either topic the alarms are still made, and an acknowledgeable warning says so.
 *
 * What every other region forwards is the same whichever parts watch the role. The watch is told two things,
 * each by the part itself: an action log made on it (the alerts point to it), and the rules that alert people
 * with the topics they publish to, which, with the canary, a check proves at each heartbeat of the home region
 * (the first part to tell makes it, under `Canary/AlertPath`). What it is told is read at synthesis, in the
 * order of the parts' paths, so parts sharing a watch synthesize one template in any order.
 *
 * `BreakGlassRole` makes one, with its alert topic and chat topic, and hands it to each part (`watch`). A part
 * given none finds its role's default watch, the stack's child `BreakGlassWatch-<role name>`, or makes it
 * there with its own topics; a later part giving other values is refused, naming both.
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
   * value of any of them is refused, naming both: a watch is made once. The one place a watch is found by id.
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
      checkServes(props.watch, part, props.role);
      return props.watch;
    }
    const { retention, logGroupRemovalPolicy, encryptionKey } = props;
    const made: BreakGlassWatchProps = {
      ...watchOptions(props, defaultAlarmEmails), retention, logGroupRemovalPolicy, encryptionKey, ...topics, role: props.role,
    };
    const stack = Stack.of(part);
    const id = `BreakGlassWatch-${roleKey(props.role)}`;
    const existing = stack.node.tryFindChild(id);
    if (!(existing instanceof BreakGlassWatch)) {
      return new BreakGlassWatch(stack, id, made);
    }
    const compared: Array<keyof BreakGlassWatchProps> = [...given, ...DEFAULT_WATCH_CHOICES.filter(choice => made[choice] !== undefined)];
    const differing = differingChoices(stack, compared, made, existing.props, part.node.path);
    if (differing) {
      throw new Error(`${part.node.path} shares the default watch ${existing.node.path} of its role, which has ${differing}. ` +
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
   * The regions `cdk deploy` deploys the watch's stacks to: the home region, and with `RegionalDeployment.regionalStacks()` every forwarded region.
   */
  public readonly stackRegions: string[];

  /**
   * The event bus in the home region that every forwarded region's events arrive on.
   * @default - none, when only the home region is watched
   */
  public readonly centralBus?: events.IEventBus;

  /**
   * Name of each forwarded region's rule that forwards break-glass events to the central bus.
   * @default - none, when only the home region is watched
   */
  public readonly forwardRuleName?: string;

  /**
   * Name of each forwarded region's rule that watches its forwarding rule, alarm and topic.
   * @default - none, when only the home region is watched
   */
  public readonly guardRuleName?: string;

  /**
   * Name of each forwarded region's SQS queue that keeps what its forwarding and guard rules could not put on the central bus (encrypted, 14 days).
   * @default - none, when only the home region is watched
   */
  public readonly forwardedDeadLetterQueueName?: string;

  /**
   * Name of the alarm on each forwarded region's dead-letter queue, and of the topic of that region it notifies, made when the canary is off.
   * `forwardingAlarmEmails` are subscribed to it; subscribe other endpoints to `arn:PARTITION:sns:REGION:ACCOUNT:NAME` in each region.
   * @default - none, with the canary (its heartbeat alarms cover forwarding) or when only the home region is watched
   */
  public readonly forwardingAlarmName?: string;

  /**
   * Name of the StackSet that deploys the forwarding rules.
   * @default - none, with regional stacks or when only the home region is watched
   */
  public readonly stackSetName?: string;

  /**
   * The trail the watch made.
   * @default - none, unless `trail` is `TrailSetup.createTrail()`
   */
  public readonly trail?: cloudtrail.Trail;

  /**
   * ARN of the trail the events come from: made here, or named by `TrailSetup.existingTrail(trailArn)`.
   * @default - none, when the trail is not named
   */
  public readonly trailArn?: string;

  /**
   * The SQS queue, in the home region, where every break-glass rule of the home region keeps what it could not deliver (after retrying for at most 5
   * minutes): encrypted, 14 days, written to only by those rules. Each forwarded region has a queue of its own for its forwarding and guard rules.
   */
  public readonly deadLetterQueue: sqs.IQueue;

  /**
   * The topic the watch's own alarms notify.
   * @default - none: the alarms notify no topic
   */
  public readonly alarmTopic?: sns.ITopic;

  /**
   * The chat topic the watch's own alarms notify.
   * @default - none
   */
  public readonly chatTopic?: sns.ITopic;

  /** The alarm on the dead-letter queue, notifying `alarmTopic` and `chatTopic` when an alert or a record could not be delivered. */
  public readonly deliveryHealth: BreakGlassDeliveryHealth;

  /**
   * The alarm of each watched region's heartbeat, the home region's first, notifying `alarmTopic` and `chatTopic` when that region's heartbeats
   * stop. Empty without the canary.
   */
  public readonly heartbeatAlarms: cloudwatch.IAlarm[];

  /**
   * The log group the canary's heartbeats are written to.
   * @default - none, without the canary
   */
  public readonly heartbeatLogGroup?: logs.ILogGroup;

  /** The canary's settings, role ARN and scope, when the canary is on. @internal */
  public readonly _canary?: WatchCanary;
  /** Where the home region's rules of every part keep what they could not deliver. @internal */
  public readonly _deadLetters: DeadLetters;
  /** The name of the alarm on the dead-letter queue, for the tamper alert. @internal */
  public readonly _deliveryHealthAlarmName: string;

  /** The action logs made on the watch, each told by the part itself, for the alerts to point to. @internal */
  public readonly _actionLogs = new ActionLogs();
  /** What lets EventBridge write to the parts' log groups: the watch's one resource policy. @internal */
  public readonly _logWriter: EventsLogWriter;
  /** The name of the watch's log resource policy, whether or not a log group has needed it yet, for the tamper alert. @internal */
  public readonly _logGroupPolicyName: string;

  /**
   * The bus that receives every tamper event and the health alarms' state changes, beside the topics.
   *
   * @default - none
   */
  public readonly secondChannelBus?: events.IEventBus;

  /** Whether the stack's account is the organization's management account, whose policy changes alert. */
  public readonly managementAccount: boolean;

  /**
   * The name of the function that proves the alerting path at each heartbeat, with the canary, for the tamper alert.
   *
   * @internal
   */
  public readonly _alertPathFunctionName?: string;

  /** The names of what every forwarded region deploys, for the tamper alert. @internal */
  public readonly _forwardedNames?: ForwardedNames;

  /** What the watch was made with, for the parts that look for their role's default watch. */
  private readonly props: BreakGlassWatchProps;
  private readonly logGroupPolicy: EventsLogGroupPolicy;
  /** How the names a person reads of the watch's resources start (`BreakGlass-us-east-2`). */
  private readonly nameBase: string;
  /** The tamper alert whose rules are named from the watch's name. */
  private tamperAlert?: Construct;
  /** What makes the alerting path check, with the canary: the home region's heartbeat rule. */
  private readonly heartbeatRule?: events.Rule;
  /** The check of the alerting path, once a part has told the watch of its rules. */
  private alertPathCheck?: AlertPathCheck;

  constructor(scope: Construct, id: string, props: BreakGlassWatchProps) {
    super(scope, id);
    this.props = props;
    this.role = props.role;
    this.alarmTopic = props.alarmTopic;
    this.chatTopic = props.chatTopic;
    if (props.secondChannelBus !== undefined && typeof (props.secondChannelBus as events.IEventBus).eventBusArn !== 'string') {
      throw new Error(`secondChannelBus is ${describeValue(props.secondChannelBus)}, not an event bus: give an events.IEventBus, such as ` +
        'events.EventBus.fromEventBusArn(this, \'SecondChannel\', \'arn:aws:events:us-east-2:222233334444:event-bus/security\').');
    }
    this.secondChannelBus = props.secondChannelBus;
    validateBoolean('managementAccount', props.managementAccount);
    this.managementAccount = props.managementAccount ?? false;
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
    claimNames(this, nameBase, props.role);
    this.nameBase = nameBase;
    this._canary = watchCanary(this, { ...props, roleArn: props.role.roleArn, nameBase, forwardingAlarmEmails: emails });

    const trail = applyTrailSetup(this, props.trail);
    this.trail = trail.trail;
    this.trailArn = trail.trailArn;

    const forwarding = regions.forwarded.length > 0
      ? new Forwarding(this, 'Regions', {
        role: props.role,
        regions,
        deployment,
        alarmEmails: emails,
        canary: this._canary,
        nameBase,
        trailArn: this.trailArn,
        managementAccount: this.managementAccount,
      })
      : undefined;
    this._forwardedNames = forwarding?.forwardedNames;
    this.centralBus = forwarding?.centralBus;
    this.forwardRuleName = forwarding?.names.forwardRule;
    this.guardRuleName = forwarding?.names.guardRule;
    this.forwardedDeadLetterQueueName = forwarding?.names.deadLetterQueue;
    this.forwardingAlarmName = forwarding?.alarm?.name;
    this.stackSetName = forwarding?.deployment.stackSetName;
    this.stackRegions = forwarding?.deployment.stackRegions ?? [regions.home];

    // Made last, where the first log group used to make it, so no resource moves; named from the start.
    this.logGroupPolicy = new EventsLogGroupPolicy(this, 'EventsLogGroupPolicy', `${nameBase}-Logs`);
    this._logWriter = this.logGroupPolicy;
    this._logGroupPolicyName = this.logGroupPolicy.policyName;
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters');
    this._deadLetters = deadLetters;
    this.deadLetterQueue = deadLetters.queue;
    this._deliveryHealthAlarmName = `${nameBase}-DeadLetters`;

    // The watch's own alarms, whichever parts are made on it.
    const health = watchHealth(this, {
      ...props, deadLetterQueue: this.deadLetterQueue, deadLetterAlarmName: this._deliveryHealthAlarmName, canary: this._canary,
    });
    this.deliveryHealth = health.deliveryHealth;
    this.heartbeatLogGroup = health.heartbeat?.logGroup;
    this.heartbeatAlarms = health.heartbeat?.alarms ?? [];
    this.heartbeatRule = health.heartbeat?.rules[0];
    this._alertPathFunctionName = this._canary && alertPathName(nameBase);
  }

  /**
   * Told by a part of its rules that alert people and the topics they publish to: with the canary, each
   * heartbeat of the home region proves them (the first part to tell makes the check); without, nothing does.
   *
   * @internal
   */
  public _proveAlerting(offer: AlertPathOffer): void {
    if (!this.heartbeatRule || !this._alertPathFunctionName) {
      return;
    }
    this.alertPathCheck ??= new AlertPathCheck(this._canary!.scope, 'AlertPath', {
      retention: this.props.retention,
      logGroupRemovalPolicy: this.props.logGroupRemovalPolicy,
      encryptionKey: this.props.encryptionKey,
      functionName: this._alertPathFunctionName,
      roleArn: this.role.roleArn,
      trigger: this.heartbeatRule,
      deadLetters: this._deadLetters,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.alertPathCheck.offer(offer);
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
    return this._actionLogs.first?.logGroup;
  }

  /**
   * How the names of the tamper alert's rules start (`BreakGlass-us-east-2-Tamper-`), each rule then named
   * by its kind (`…-Role`, at most `longestKind` characters) in at most 64 characters.
   *
   * @internal
   */
  public _tamperRuleNamePrefix(longestKind: number): string {
    return `${fitName(this.nameBase, 64 - '-Tamper-'.length - longestKind)}-Tamper-`;
  }

  /**
   * Records the watch's tamper alert, refusing a second: its rules would be named as the first one's.
   *
   * @internal
   */
  public _claimTamperAlert(part: Construct): void {
    if (this.tamperAlert !== undefined && this.tamperAlert !== part) {
      throw new Error(`${part.node.path} and ${this.tamperAlert.node.path} are both tamper alerts of the watch ${this.node.path}: ` +
        'their rules would have the same names. Keep one tamper alert per watch (BreakGlassRole makes one unless tamperAlerts is false).');
    }
    this.tamperAlert = part;
  }
}

/** The role as the id of its default watch tells it: its name, or its construct path when its name is known only at deploy. */
function roleKey(role: iam.IRole): string {
  const name = roleNameAtSynth(role);
  return name === undefined ? role.node.path.replace(/\//g, '-') : nameSafe(name, 64);
}
