import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_ALARM } from './private/delivery/dead-letter-alarm';
import { describeValue } from './private/describe-value';
import { alarmActions } from './private/detection/alarm-actions';

/**
 * Properties of `BreakGlassDeliveryHealth`.
 */
export interface BreakGlassDeliveryHealthProps {
  /**
   * The dead-letter queue the rules' targets keep what they could not deliver
   * in: a break-glass watch's `deadLetterQueue`, or an organization hub's.
   */
  readonly deadLetterQueue: sqs.IQueue;

  /**
   * The topic the alarm notifies. A topic made in the same app gets the policy
   * statement that lets CloudWatch alarms publish, and its KMS key the statement
   * that lets CloudWatch use it; an imported topic and key must already allow it.
   * If this is the alert topic, a broken topic silences the alarm as well as
   * the alerts (the alerts themselves are kept in the queue): give `chatTopic`
   * for a path that does not share its fate.
   *
   * @default - the alarm notifies no topic: it shows in the CloudWatch console, and `alarm` can be given actions
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * A topic mapped to chat channels by Amazon Q Developer in chat applications,
   * which the alarm notifies too (the chat service renders CloudWatch alarms).
   * A topic made in the same app gets the statement that lets CloudWatch
   * alarms publish; for an imported topic, a warning names it.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;

  /**
   * The alarm's name, fixed so that a pattern can name it (and so detect its
   * deletion) without depending on the alarm.
   *
   * @default - CloudFormation generates the name
   */
  readonly alarmName?: string;
}

/**
 * Alarms when an alert or a record could not be delivered: every target of
 * every break-glass rule of a region keeps what it fails to deliver, after a
 * short retry, in that region's dead-letter queue, and this alarm goes off as
 * soon as the queue holds a message (`ApproximateNumberOfMessagesVisible` at
 * least 1 in a minute), notifying `alarmTopic`. It stays in alarm until the
 * messages are handled and deleted.
 *
 * One alarm for every rule, not one per rule: the queue keeps each lost event
 * with the rule, the target and the error (`RULE_ARN`, `TARGET_ARN`,
 * `ERROR_CODE`, `ERROR_MESSAGE` message attributes), so the alarm need not
 * say which rule failed, and it costs one alarm metric whatever the number of
 * rules. No data is fine: SQS publishes no metrics for an idle empty queue.
 *
 * A break-glass watch makes one on its own queue (`BreakGlassWatch.deliveryHealth`),
 * notifying its `alarmTopic` and `chatTopic`; make one yourself for an
 * organization hub's queue, or for another topic.
 *
 * A forwarded region's queue needs no alarm: with the canary, a failed
 * forwarding silences that region's heartbeat, whose alarm is in the home
 * region; without it, each forwarded region has a forwarding alarm of its
 * own on its queue (`forwardingAlarmEmails`).
 *
 * @example
 * declare const hub: BreakGlassOrganizationHub;
 * declare const onCall: sns.ITopic;
 * new BreakGlassDeliveryHealth(this, 'Health', {
 *   deadLetterQueue: hub.deadLetterQueue,
 *   alarmTopic: onCall,
 * });
 */
export class BreakGlassDeliveryHealth extends Construct {
  /** The alarm on the queue. */
  public readonly alarm: cloudwatch.IAlarm;

  /** The queue whose messages set the alarm off. */
  public readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: BreakGlassDeliveryHealthProps) {
    super(scope, id);
    if (props.deadLetterQueue === undefined || props.deadLetterQueue === null || typeof props.deadLetterQueue.queueName !== 'string') {
      throw new Error(`deadLetterQueue is ${describeValue(props.deadLetterQueue)}, not an SQS queue: give the watch's deadLetterQueue ` +
        '(breakGlass.watch.deadLetterQueue), or the organization hub\'s.');
    }
    this.deadLetterQueue = props.deadLetterQueue;
    const queue = props.deadLetterQueue;
    const alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: props.alarmName,
      alarmDescription: `Break-glass delivery failed: an alert or a record could not be delivered and is kept in the SQS queue ${queue.queueName} ` +
        `(${queue.queueUrl}) for 14 days. Read its messages with their attributes (aws sqs receive-message --queue-url ${queue.queueUrl} ` +
        '--message-attribute-names All): ERROR_CODE and ERROR_MESSAGE say why (a topic or KMS key policy that refuses EventBridge, ' +
        'a deleted log group or log resource policy), RULE_ARN and TARGET_ARN which rule and target. Fix the cause, read or resend each ' +
        'event, then delete the message.',
      metric: queue.metricApproximateNumberOfMessagesVisible({
        statistic: DEAD_LETTER_ALARM.statistic,
        period: Duration.seconds(DEAD_LETTER_ALARM.periodSeconds),
      }),
      threshold: DEAD_LETTER_ALARM.threshold,
      comparisonOperator: DEAD_LETTER_ALARM.comparisonOperator,
      evaluationPeriods: DEAD_LETTER_ALARM.evaluationPeriods,
      treatMissingData: DEAD_LETTER_ALARM.treatMissingData,
    });
    alarm.addAlarmAction(...alarmActions(this, props.alarmTopic, props.chatTopic));
    this.alarm = alarm;
  }
}
