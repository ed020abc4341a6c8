import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { RegionalDeployment } from './regional-deployment';
import { TrailSetup } from './trail-setup';

/**
 * Where and how a break-glass watch watches: options written once, for the
 * watch, for each part that makes its own, and for `BreakGlassRole`.
 * (This file also holds `BreakGlassWatchProps`, what a watch is made from.)
 */
export interface BreakGlassWatchOptions {
  /**
   * Regions to watch besides the home region (the stack's) and the region where
   * the partition records global events (us-east-1 in `aws`). `['*']` is every
   * region of the stack's partition that is enabled by default; name the
   * opt-in regions the account has enabled beside it (`['*', 'af-south-1']`).
   * The break-glass role is assumed, and acts, only in the watched regions
   * (see `denyUnwatchedRegions`), so a narrower list narrows where it works.
   *
   * @default ['*']
   */
  readonly regions?: string[];

  /**
   * How the forwarding rules of the other watched regions are deployed.
   *
   * @default RegionalDeployment.stackSet()
   */
  readonly regionalDeployment?: RegionalDeployment;

  /**
   * Email addresses told when a forwarding rule of another watched region
   * fails to deliver to the home region. Each forwarded region has a CloudWatch
   * alarm on its dead-letter queue, where its forwarding rules keep what they
   * could not deliver, and an alarm can only notify a topic of its own region: every address is subscribed to that topic in every
   * forwarded region, and confirms each subscription. With none, a warning says
   * the alarms notify nobody.
   *
   * Only with `canary: false`: with the canary, forwarded regions have no
   * forwarding alarm, and giving addresses is an error.
   *
   * @default - with `canary: false`, the `loginAlertEmails` of the construct that has them (`BreakGlassRole`, `BreakGlassLoginAlert`); none otherwise
   */
  readonly forwardingAlarmEmails?: string[];

  /**
   * A canary in every watched region: on a schedule, EventBridge Scheduler
   * tries to assume the break-glass role as a canary role the role's trust
   * does not admit. CloudTrail records each denied attempt in its region, and
   * it travels the path a person's attempt travels (trail, forwarding rule,
   * central bus) to end as that region's heartbeat, never as an alert. When a
   * region's heartbeats stop for three intervals, an alarm of the watch tells
   * its `alarmTopic` (a `BreakGlassRole`'s alert topic): a stopped trail, a disabled or deleted rule, a broken forwarder
   * role or bus policy each silence it. With the canary, forwarded regions
   * need no alarm or topic of their own (and take no `forwardingAlarmEmails`).
   *
   * @default true
   */
  readonly canary?: boolean;

  /**
   * Time between two attempts of the canary, in whole minutes from 5 minutes
   * to 8 hours. A region's alarm goes off after three intervals without a
   * heartbeat.
   *
   * @default Duration.hours(1)
   */
  readonly canaryInterval?: Duration;

  /**
   * The CloudTrail trail the events come from. Without one, a warning explains
   * that EventBridge only receives CloudTrail events where a trail logs them.
   *
   * @default - none is made, and a warning is raised
   */
  readonly trail?: TrailSetup;
}

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
