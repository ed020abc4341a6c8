import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmActions } from './private/detection/alarm-actions';
import { ruleIdentity } from './private/detection/tamper-patterns';
import { FAILED_DELIVERY_ALARM } from './private/failed-delivery-alarm';

/**
 * Properties of `BreakGlassDeliveryHealth`.
 */
export interface BreakGlassDeliveryHealthProps {
  /**
   * The rules whose deliveries are watched, all in this stack's region: one
   * alarm each.
   */
  readonly rules: events.IRule[];

  /**
   * The topic the alarms notify. A topic made in the same app gets the policy
   * statement that lets CloudWatch alarms publish, and its KMS key the statement
   * that lets CloudWatch use it; an imported topic and key must already allow it.
   * If this is the alert topic, a broken topic silences the alarm as well as
   * the alerts: give a second topic for a path that does not share its fate.
   */
  readonly alarmTopic: sns.ITopic;

  /**
   * A topic mapped to chat channels by Amazon Q Developer in chat applications,
   * which the alarms notify too (the chat service renders CloudWatch alarms).
   * A topic made in the same app gets the statement that lets CloudWatch
   * alarms publish; for an imported topic, a warning names it.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;

  /**
   * A prefix for the alarms' names, which makes the names fixed so that a
   * pattern can name them (and so detect their deletion) without depending on
   * the alarms.
   *
   * @default - CloudFormation generates the names
   */
  readonly alarmNamePrefix?: string;
}

/**
 * Alarms when an alert or a record is lost on the way: one CloudWatch alarm per
 * rule on its `FailedInvocations` metric (namespace `AWS/Events`), which counts
 * deliveries EventBridge gave up on after retrying (a topic or key policy that
 * refuses EventBridge, a deleted topic or log group). Any failure in a minute
 * sets the alarm off, and it notifies `alarmTopic`.
 *
 * One alarm per rule rather than one metric-math `SUM`: an alarm costs the
 * same per metric either way, a math alarm may read at most 10 metrics (a
 * break-glass construct has more rules), and the alarm's name says which rule
 * lost deliveries.
 *
 * Alarms watch rules in their own region only, and notify a topic in their own
 * region only. The forwarding rules of the other watched regions are not
 * watched here: their failures (a deleted forwarder role, a broken central
 * bus) show in those regions' metrics, which an alarm in this region cannot
 * read and an alarm in those regions cannot report to this region's topic.
 * Each of those regions gets its own alarm and topic, deployed with its
 * forwarding rule; see `forwardingAlarmEmails`.
 *
 * @example
 * declare const breakGlass: BreakGlassRole;
 * new BreakGlassDeliveryHealth(this, 'Health', {
 *   rules: breakGlass.rules,
 *   alarmTopic: breakGlass.alertTopic,
 * });
 */
export class BreakGlassDeliveryHealth extends Construct {
  /** The alarms, one per rule, in the order of `rules`. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: BreakGlassDeliveryHealthProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const actions = alarmActions(this, props.alarmTopic, props.chatTopic);

    this.alarms = props.rules.map(rule => {
      const ruleRegion = rule.env.region ?? Stack.of(rule).region;
      if (!Token.isUnresolved(ruleRegion) && !Token.isUnresolved(stack.region) && ruleRegion !== stack.region) {
        throw new Error(`rules has ${rule.node.path}, in ${ruleRegion}: an alarm can only watch a rule of its own region (${stack.region}). Watch it from a stack in ${ruleRegion}.`);
      }
      const identity = ruleIdentity(rule);
      const alarm = new cloudwatch.Alarm(this, `${Names.nodeUniqueId(rule.node)}FailedInvocations`, {
        alarmName: props.alarmNamePrefix === undefined ? undefined
          : `${props.alarmNamePrefix}${Names.uniqueResourceName(rule, { maxLength: 200, separator: '-' })}`,
        alarmDescription: `Break-glass delivery failed: rule ${rule.node.path} could not deliver an event to its target ` +
          '(an alert or a record is lost). Check the target exists and its policy (topic, KMS key, log group resource policy) admits EventBridge.',
        metric: new cloudwatch.Metric({
          namespace: FAILED_DELIVERY_ALARM.namespace,
          metricName: FAILED_DELIVERY_ALARM.metricName,
          // A rule on the default bus is measured by RuleName alone; on a custom bus, by EventBusName and RuleName.
          dimensionsMap: identity.eventBusName === undefined
            ? { RuleName: identity.ruleName }
            : { EventBusName: identity.eventBusName, RuleName: identity.ruleName },
          statistic: FAILED_DELIVERY_ALARM.statistic,
          period: Duration.seconds(FAILED_DELIVERY_ALARM.periodSeconds),
        }),
        threshold: FAILED_DELIVERY_ALARM.threshold,
        comparisonOperator: FAILED_DELIVERY_ALARM.comparisonOperator,
        evaluationPeriods: FAILED_DELIVERY_ALARM.evaluationPeriods,
        treatMissingData: FAILED_DELIVERY_ALARM.treatMissingData,
      });
      alarm.addAlarmAction(...actions);
      return alarm;
    });
  }
}
