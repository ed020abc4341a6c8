import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BreakGlassDeliveryHealth, BreakGlassTamperAlert } from '../src';
import { scenarioApp, testStack } from './support/apps';

describe('the alarm on a dead-letter queue', () => {
  const stack = testStack();
  const topic = new sns.Topic(stack, 'Topic');
  const queue = new sqs.Queue(stack, 'Queue');
  const health = new BreakGlassDeliveryHealth(stack, 'Health', { deadLetterQueue: queue, alarmTopic: topic });
  const template = Template.fromStack(stack);

  test('goes off when the queue holds a message, within a minute, notifying the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      // SQS publishes nothing for an idle empty queue.
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
      AlarmName: Match.absent(),
    });
    expect(health.deadLetterQueue).toBe(queue);
  });

  test('its description names the queue and how to read why each event failed', () => {
    const description = JSON.stringify(stack.resolve(template.findResources('AWS::CloudWatch::Alarm')[stack.getLogicalId(health.alarm.node.defaultChild as any)]
      .Properties.AlarmDescription));
    expect(description).toContain('kept in the SQS queue ');
    expect(description).toContain(stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue));
    expect(description).toMatch(/aws sqs receive-message --queue-url .* --message-attribute-names All/);
    expect(description).toMatch(/ERROR_CODE and ERROR_MESSAGE say why/);
  });

  test('the topic lets this account\'s CloudWatch alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'BreakGlassAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
        })]),
      },
    });
  });
});

test('with alarmName, the name is fixed', () => {
  const stack = testStack();
  new BreakGlassDeliveryHealth(stack, 'Health', { deadLetterQueue: new sqs.Queue(stack, 'Queue'), alarmTopic: new sns.Topic(stack, 'Topic'), alarmName: 'bg-dead-letters' });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'bg-dead-letters' });
});

test('an encrypted topic\'s key lets CloudWatch use it', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  new BreakGlassDeliveryHealth(stack, 'Health', { deadLetterQueue: new sqs.Queue(stack, 'Queue'), alarmTopic: new sns.Topic(stack, 'Topic', { masterKey: key }) });
  Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'CloudWatchUseForBreakGlassTopic',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      })]),
    },
  });
});

test('a value that is not a queue is an error naming the prop', () => {
  const stack = testStack();
  expect(() => new BreakGlassDeliveryHealth(stack, 'Health', { deadLetterQueue: { queueName: 7 } as any, alarmTopic: new sns.Topic(stack, 'Topic') }))
    .toThrow(/^deadLetterQueue is .*, not an SQS queue: give the watch's deadLetterQueue/);
});

describe('in a break-glass role', () => {
  const { stack, breakGlass } = scenarioApp();
  const template = Template.fromStack(stack);
  const watch = breakGlass.watch;
  const queueId = stack.getLogicalId(watch.deadLetterQueue.node.defaultChild as sqs.CfnQueue);

  test('the home region has one dead-letter queue: SQS-encrypted, kept 14 days', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });

  test('every target of every rule of the home stack keeps what it cannot deliver there, after at most 5 minutes of retries', () => {
    const targets = Object.values(template.findResources('AWS::Events::Rule')).flatMap(rule => rule.Properties.Targets);
    expect(targets.length).toBeGreaterThan(20);
    for (const target of targets) {
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 8 });
    }
  });

  test('the queue admits EventBridge on behalf of exactly the stack\'s rules, each once, and nobody without TLS', () => {
    const rules = Object.keys(template.findResources('AWS::Events::Rule'));
    const policy = Object.values(template.findResources('AWS::SQS::QueuePolicy'))[0].Properties;
    expect(policy.Queues).toEqual([{ Ref: queueId }]);
    const [allow, deny] = policy.PolicyDocument.Statement;
    expect(allow).toMatchObject({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' });
    const sources = allow.Condition.ArnEquals['aws:SourceArn'].map((arn: any) => arn['Fn::GetAtt'][0]);
    expect([...sources].sort()).toEqual([...rules].sort());
    expect(new Set(sources).size).toBe(sources.length);
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('one alarm on the queue replaces the per-rule alarms: heartbeat alarms and it are all the home stack has', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map(alarm => alarm.Properties.Namespace).sort())
      .toEqual([...watch.watchedRegions.map(() => 'AWS/Events'), 'AWS/SQS'].sort());
    expect([breakGlass.tamperAlert!.deliveryHealth, breakGlass.loginAlert.deliveryHealth]).toEqual([watch.deliveryHealth, watch.deliveryHealth]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      AlarmName: watch._deliveryHealthAlarmName,
      AlarmActions: [{ Ref: stack.getLogicalId(breakGlass.alertTopic.node.defaultChild as sns.CfnTopic) }],
    });
  });

  test('with tamperAlerts: false, the watch still makes the queue\'s alarm', () => {
    const off = scenarioApp({ tamperAlerts: false });
    expect(Object.values(Template.fromStack(off.stack).findResources('AWS::CloudWatch::Alarm')).filter(a => a.Properties.Namespace === 'AWS/SQS'))
      .toHaveLength(1);
  });
});

test('a tamper alert alerting another topic than the watch\'s login alert is made: the watch\'s alarm keeps notifying the watch\'s topic', () => {
  const { stack, breakGlass } = scenarioApp({ tamperAlerts: false });
  const other = new sns.Topic(stack, 'Other');
  const tamper = new BreakGlassTamperAlert(stack, 'Tamper', { role: breakGlass.role, watch: breakGlass.watch, alertTopic: other });
  expect(tamper.deliveryHealth).toBe(breakGlass.watch.deliveryHealth);
  const queueAlarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).filter(a => a.Properties.Namespace === 'AWS/SQS');
  expect(queueAlarms.map(alarm => alarm.Properties.AlarmActions))
    .toEqual([[{ Ref: stack.getLogicalId(breakGlass.alertTopic.node.defaultChild as sns.CfnTopic) }]]);
});

test('a delivery health without alarmTopic makes its alarm with no action', () => {
  const stack = new Stack(new App(), 'Alone');
  const health = new BreakGlassDeliveryHealth(stack, 'Health', { deadLetterQueue: new sqs.Queue(stack, 'Queue') });
  expect(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')[stack.getLogicalId(health.alarm.node.defaultChild as CfnElement)]
    .Properties.AlarmActions).toBeUndefined();
});
