import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CanarySettings, HEARTBEAT_MISSING_INTERVALS } from './canary';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { DeadLetters } from '../delivery/dead-letter-queue';
import { eventLogGroup } from '../detection/event-log-group';
import { EventsLogWriter } from '../detection/events-log-group-policy';
import { heartbeatPattern, WatchedRole } from '../detection/patterns';
import { detectionRule, LogGroupTarget } from '../detection/rules';
import { ruleIdentity } from '../detection/tamper-patterns';

/**
 * The metric every heartbeat alarm reads: a heartbeat rule's targets invoked
 * successfully, one of the free metrics EventBridge publishes per rule
 * (Amazon EventBridge User Guide, "Monitoring Amazon EventBridge",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
 * It counts only deliveries that succeeded, so a forwarded region's heartbeat
 * the log group refuses is missing too; it is kept in the dead-letter queue
 * (whose alarm goes off). The home region's heartbeat rule has a second target,
 * the alert path check, so a refusing log group alone does not silence it.
 */
export const HEARTBEAT_METRIC = { namespace: 'AWS/Events', metricName: 'SuccessfulInvocationAttempts' };

/** What the heartbeat needs of its watch, which makes it. */
export interface HeartbeatWatch {
  readonly _logWriter: EventsLogWriter;
  readonly homeRegion: string;
  readonly watchedRegions: string[];
  readonly centralBus?: events.IEventBus;
  readonly forwardedRegions: string[];
  readonly _deadLetters: DeadLetters;
}

/** What the heartbeat of a watch is made from: the watch, its topics and the options its log group is kept with. */
export interface HeartbeatProps extends BreakGlassLogGroupOptions {
  readonly watch: HeartbeatWatch;
  readonly role: WatchedRole;
  readonly canary: CanarySettings;
  readonly canaryRoleArn: string;
  /** The actions of each alarm: the watch's alarm topic and chat topic. */
  readonly alarmActions: cloudwatch.IAlarmAction[];
}

/**
 * Where the canary's attempts end: one heartbeat rule per watched region,
 * matching only the canary's own denied attempts recorded there (the home
 * region's on its default bus, named as the canary so the tamper alerts can
 * protect it; each forwarded region's on the central bus, by the region
 * CloudTrail recorded), each writing them to the heartbeat log group; and one
 * alarm per region on its rule's successful deliveries, which goes off when
 * that region's heartbeats stop for `HEARTBEAT_MISSING_INTERVALS` intervals in
 * a row (missing data is breaching), notifying the watch's alarm topic and chat
 * topic. Made by the watch, in its constructor, under its canary: no part
 * makes it. No custom metric: EventBridge's per-rule metrics are free.
 */
export class Heartbeat extends Construct {
  public readonly logGroup: logs.LogGroup;
  /** The heartbeat rules: the home region's, then each forwarded region's on the central bus. */
  public readonly rules: events.Rule[];
  /** One alarm per watched region, in the watch's order: the home region first. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: HeartbeatProps) {
    super(scope, id);
    const watch = props.watch;
    this.logGroup = eventLogGroup(this, 'LogGroup', props, watch._logWriter);
    const target = new LogGroupTarget(this.logGroup);
    const ruleOf = (ruleId: string, region?: string, eventBus?: events.IEventBus) => detectionRule(this, ruleId, {
      ...heartbeatPattern(props.role, props.canaryRoleArn, region),
      eventBus,
      deadLetters: watch._deadLetters,
      targets: [target],
    });
    const home = ruleOf('Rule');
    (home.node.defaultChild as events.CfnRule).name = props.canary.name;
    const centralBus = watch.centralBus;
    // Each watched region's heartbeat rule: the home region's, then each forwarded region's on the central bus.
    const ruleOfRegion = new Map([
      [watch.homeRegion, home],
      ...(centralBus ? watch.forwardedRegions : []).map((region): [string, events.Rule] => [region, ruleOf(`CentralRule-${region}`, region, centralBus)]),
    ]);
    this.rules = [...ruleOfRegion.values()];

    const interval = Duration.minutes(props.canary.intervalMinutes);
    this.alarms = [...ruleOfRegion].map(([region, rule]) => {
      const identity = ruleIdentity(rule);
      const alarm = new cloudwatch.Alarm(this, `Alarm-${region}`, {
        alarmName: `${props.canary.name}-${region}`,
        alarmDescription: `Break-glass alerts from ${region} may be lost: no heartbeat of the canary recorded in ${region} for ` +
          `${HEARTBEAT_MISSING_INTERVALS} intervals of ${interval.toHumanString()}. Check, in ${region}, that the trail logs management events, ` +
          `the schedule ${props.canary.name} is enabled and the forwarding rule is enabled and delivers to the central bus ` +
          `(forwarder role, bus policy); in ${watch.homeRegion}, that the heartbeat rules and log group ${this.logGroup.logGroupName} exist. ` +
          'Events that could not be delivered are kept in the break-glass dead-letter queue of the region that failed.',
        metric: new cloudwatch.Metric({
          ...HEARTBEAT_METRIC,
          // A rule on the default bus is measured by RuleName alone; on a custom bus, by EventBusName and RuleName.
          dimensionsMap: identity.eventBusName === undefined
            ? { RuleName: identity.ruleName }
            : { EventBusName: identity.eventBusName, RuleName: identity.ruleName },
          statistic: cloudwatch.Stats.SUM,
          period: interval,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: HEARTBEAT_MISSING_INTERVALS,
        datapointsToAlarm: HEARTBEAT_MISSING_INTERVALS,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(...props.alarmActions);
      return alarm;
    });
  }
}
