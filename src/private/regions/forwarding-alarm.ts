import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnResourceJson } from './cfn-resource-json';
import { checkovMetadata, TOPIC_WITHOUT_KEY } from '../checkov';
import { DEAD_LETTER_ALARM } from '../delivery/dead-letter-alarm';
import { tlsOnlyStatement } from '../tls-only';

/**
 * The forwarding alarm of a forwarded region, made without the canary: an
 * alarm on the region's dead-letter queue, where its forwarding and guard
 * rules keep what they could not put on the central bus, and the topic of
 * that region it notifies. A CloudWatch alarm reads metrics and notifies
 * topics of its own region only, so the home region can neither watch another
 * region's queue nor be notified by an alarm there: each forwarded region gets
 * an alarm and a topic of its own, with their own subscribers. Names are fixed, the same in every region, so the StackSet
 * execution role can be held to them and people can find them.
 */
export interface ForwardingAlarm {
  /** Name of the alarm, and of the topic it notifies, in every forwarded region. */
  readonly name: string;
  /** Email addresses subscribed to the topic of every forwarded region. */
  readonly emails: string[];
  /** The region forwarded events go to, named in the alarm's description. */
  readonly homeRegion: string;
}

/** Logical ids of the alarm, its topic and the topic's policy in a forwarding template. */
export const FORWARDING_ALARM_IDS = {
  alarm: 'ForwardFailedAlarm',
  topic: 'ForwardFailedTopic',
  topicPolicy: 'ForwardFailedTopicPolicy',
};

/**
 * The CloudFormation resources of the alarm on the dead-letter queue
 * `queueLogicalId` of the same template: the alarm on the messages the queue
 * holds, its topic (TLS enforced, published to only by this alarm), and one
 * email subscription per address. Written with intrinsics only, so they serve
 * a StackSet body and a regional stack alike.
 */
export function forwardingAlarmResources(alarm: ForwardingAlarm, queueLogicalId: string): { [logicalId: string]: CfnResourceJson } {
  const topic = { Ref: FORWARDING_ALARM_IDS.topic };
  const subscriptions = Object.fromEntries(alarm.emails.map((email, index): [string, CfnResourceJson] => [subscriptionLogicalId(email, index), {
    Type: 'AWS::SNS::Subscription',
    Properties: { TopicArn: topic, Protocol: 'email', Endpoint: email },
  }]));
  return {
    [FORWARDING_ALARM_IDS.alarm]: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: alarm.name,
        AlarmDescription: {
          'Fn::Sub': 'Break-glass alerts from ${AWS::Region} are being lost: its forwarding rules could not put events on the central ' +
            `event bus in ${alarm.homeRegion}, so a use of the break-glass role recorded in \${AWS::Region} raises no alert there. ` +
            `The events are kept 14 days in the SQS queue \${${queueLogicalId}.QueueName} of \${AWS::Region}: read them with their ` +
            'ERROR_CODE and ERROR_MESSAGE attributes, check that the forwarder role and the central bus and its policy exist, then delete them.',
        },
        Namespace: DEAD_LETTER_ALARM.namespace,
        MetricName: DEAD_LETTER_ALARM.metricName,
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId, 'QueueName'] } }],
        Statistic: DEAD_LETTER_ALARM.statistic,
        Period: DEAD_LETTER_ALARM.periodSeconds,
        EvaluationPeriods: DEAD_LETTER_ALARM.evaluationPeriods,
        Threshold: DEAD_LETTER_ALARM.threshold,
        ComparisonOperator: DEAD_LETTER_ALARM.comparisonOperator,
        TreatMissingData: DEAD_LETTER_ALARM.treatMissingData,
        AlarmActions: [topic],
      },
    },
    [FORWARDING_ALARM_IDS.topic]: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: alarm.name, DisplayName: 'Break-glass forwarding alarm' },
      Metadata: checkovMetadata([TOPIC_WITHOUT_KEY]),
    },
    [FORWARDING_ALARM_IDS.topicPolicy]: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [topic],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'BreakGlassAlarmPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: topic,
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnEquals: { 'aws:SourceArn': { 'Fn::Sub': `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${alarm.name}` } },
              },
            },
            tlsOnlyStatement('AllowPublishThroughSSLOnly', 'sns:Publish', topic),
          ],
        },
      },
    },
    ...subscriptions,
  };
}

/**
 * A subscription's logical id, from its address rather than its place in the
 * list, so removing one address does not replace (and re-confirm) the others.
 */
function subscriptionLogicalId(email: string, index: number): string {
  if (Token.isUnresolved(email)) {
    return `ForwardFailedEmailToken${index}`;
  }
  const readable = email.replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
  const hash = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 8).toUpperCase();
  return `ForwardFailedEmail${readable}${hash}`;
}

/**
 * What the StackSet execution role needs to deploy the alarm resources: the
 * create, read, update and delete permissions of AWS::CloudWatch::Alarm,
 * AWS::SNS::Topic, AWS::SNS::TopicPolicy and AWS::SNS::Subscription in the
 * CloudFormation registry, held to the alarm's and the topic's names. Removing a
 * subscription takes actions SNS authorizes on no resource type: those are kept
 * out of the home region, where the alert topic is.
 */
export function forwardingAlarmDeployStatements(alarm: ForwardingAlarm, partition: string, account: string): iam.PolicyStatement[] {
  const arns = forwardingAlarmArns(alarm, partition, account);
  return [
    new iam.PolicyStatement({
      sid: 'ManageForwardingAlarm',
      actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DescribeAlarms', 'cloudwatch:DeleteAlarms',
        'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
      resources: [arns.alarm],
    }),
    new iam.PolicyStatement({
      sid: 'ManageForwardingAlarmTopic',
      actions: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe',
        'sns:ListSubscriptionsByTopic', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource',
        'sns:GetDataProtectionPolicy', 'sns:PutDataProtectionPolicy'],
      resources: [arns.topic],
    }),
    new iam.PolicyStatement({
      sid: 'RemoveForwardingAlarmSubscriptions',
      actions: ['sns:GetSubscriptionAttributes', 'sns:Unsubscribe'],
      resources: ['*'],
      conditions: { StringNotEquals: { 'aws:RequestedRegion': alarm.homeRegion } },
    }),
  ];
}

/** The alarm's and the topic's ARNs in every region. */
export function forwardingAlarmArns(alarm: ForwardingAlarm, partition: string, account: string): { alarm: string; topic: string } {
  return {
    alarm: `arn:${partition}:cloudwatch:*:${account}:alarm:${alarm.name}`,
    topic: `arn:${partition}:sns:*:${account}:${alarm.name}`,
  };
}
