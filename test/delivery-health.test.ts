import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BreakGlassDeliveryHealth, BreakGlassTamperAlert } from '../src';
import { SCENARIO, scenarioApp } from './support/apps';

function homeStack(): Stack {
  return new Stack(new App(), 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
}

const pattern = { source: ['aws.sts'] };

describe('an alarm per rule', () => {
  const stack = homeStack();
  const topic = new sns.Topic(stack, 'Topic');
  const rule = new events.Rule(stack, 'Rule', { eventPattern: pattern });
  const health = new BreakGlassDeliveryHealth(stack, 'Health', { rules: [rule], alarmTopic: topic });
  const template = Template.fromStack(stack);

  test('on FailedInvocations of the rule, any failure in a minute, notifying the topic', () => {
    expect(health.alarms).toHaveLength(1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'FailedInvocations',
      // A default-bus rule's metric has the RuleName dimension alone.
      Dimensions: [{ Name: 'RuleName', Value: { Ref: stack.getLogicalId(rule.node.defaultChild as events.CfnRule) } }],
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      // EventBridge publishes the metric only when it is not zero.
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
      AlarmDescription: Match.stringLikeRegexp('^Break-glass delivery failed: rule Home/Rule '),
    });
  });

  test('names are CloudFormation\'s unless a prefix is given', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.absent() });
  });

  test('the topic lets this account\'s CloudWatch alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'BreakGlassAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
              },
            },
          },
        }]),
      },
    });
  });
});

test('a rule on a custom bus is measured by EventBusName and the bare RuleName taken from its ARN (its Ref is BUS|NAME)', () => {
  const stack = homeStack();
  const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'central' });
  const rule = new events.Rule(stack, 'Rule', { eventBus: bus, eventPattern: pattern });
  new BreakGlassDeliveryHealth(stack, 'Health', { rules: [rule], alarmTopic: new sns.Topic(stack, 'Topic') });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    Dimensions: [
      { Name: 'EventBusName', Value: { Ref: stack.getLogicalId(bus.node.defaultChild as events.CfnEventBus) } },
      {
        Name: 'RuleName',
        Value: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [stack.getLogicalId(rule.node.defaultChild as events.CfnRule), 'Arn'] }] }] },
      },
    ],
  });
});

test('an imported rule of a custom bus is measured by the bus and name in its ARN', () => {
  const stack = homeStack();
  const rule = events.Rule.fromEventRuleArn(stack, 'Rule', `arn:aws:events:${SCENARIO.home}:${SCENARIO.account}:rule/central/forwarded`);
  new BreakGlassDeliveryHealth(stack, 'Health', { rules: [rule], alarmTopic: new sns.Topic(stack, 'Topic') });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    Dimensions: [{ Name: 'EventBusName', Value: 'central' }, { Name: 'RuleName', Value: 'forwarded' }],
  });
});

test('with a prefix, alarm names are fixed and start with it', () => {
  const stack = homeStack();
  const rule = new events.Rule(stack, 'Rule', { eventPattern: pattern });
  new BreakGlassDeliveryHealth(stack, 'Health', { rules: [rule], alarmTopic: new sns.Topic(stack, 'Topic'), alarmNamePrefix: 'bg-' });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('^bg-Home-Rule-[0-9A-F]{8}$') });
});

test('an encrypted topic\'s key lets CloudWatch use it', () => {
  const stack = homeStack();
  const key = new kms.Key(stack, 'Key');
  const rule = new events.Rule(stack, 'Rule', { eventPattern: pattern });
  new BreakGlassDeliveryHealth(stack, 'Health', { rules: [rule], alarmTopic: new sns.Topic(stack, 'Topic', { masterKey: key }) });
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

test('a rule of another region is an error naming it', () => {
  const app = new App();
  const home = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
  const other = new Stack(app, 'Other', { env: { account: SCENARIO.account, region: 'eu-west-1' } });
  const rule = new events.Rule(other, 'Rule', { eventPattern: pattern });
  expect(() => new BreakGlassDeliveryHealth(home, 'Health', { rules: [rule], alarmTopic: new sns.Topic(home, 'Topic') }))
    .toThrow(/rules has Other\/Rule, in eu-west-1: an alarm can only watch a rule of its own region \(us-east-2\)/);
});

describe('in a break-glass role with the tamper alert', () => {
  // Turns off the tamper alert the BreakGlassRole makes itself, to add one here.
  const { stack, breakGlass } = scenarioApp({ tamperAlerts: false });
  const tamper = new BreakGlassTamperAlert(breakGlass, 'TamperAlert', {
    role: breakGlass.role,
    alertTopic: breakGlass.alertTopic,
    rules: breakGlass.rules,
    logGroups: [breakGlass.actionLogGroup!],
  });
  const template = Template.fromStack(stack);

  test('every rule of the home region has an alarm: login and action rules, tamper rules, on both buses; the heartbeat rules have the heartbeat alarms', () => {
    const rules = Object.keys(template.findResources('AWS::Events::Rule'));
    const heartbeatRules = rules.filter(id => id.startsWith('BreakGlassCanaryHeartbeat'));
    expect(heartbeatRules).toHaveLength(2);
    expect(rules).toHaveLength(breakGlass.rules.length + tamper.rules.length + heartbeatRules.length);
    const heartbeatAlarms = breakGlass.watch.watchedRegions.length;
    template.resourceCountIs('AWS::CloudWatch::Alarm', rules.length - heartbeatRules.length + heartbeatAlarms);
    expect(tamper.deliveryHealth!.alarms).toHaveLength(rules.length - heartbeatRules.length);
  });

  test('each alarm notifies the alert topic and has a fixed name the tamper alert watches', () => {
    const topicRef = { Ref: stack.getLogicalId(breakGlass.alertTopic.node.defaultChild as sns.CfnTopic) };
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const prefix = (tamper.rules[0].node.defaultChild as events.CfnRule).name!.replace(/Role$/, '');
    // The heartbeat alarms are named after the canary.
    const canaryPrefix = `${breakGlass.watch._canary!.settings.name}-`;
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.AlarmName.startsWith(alarm.Properties.Namespace === 'BreakGlass/Canary' ? canaryPrefix : prefix)).toBe(true);
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({
          eventSource: ['monitoring.amazonaws.com'],
          $or: [
            { eventName: ['DeleteAlarms', 'DisableAlarmActions'], requestParameters: { alarmNames: [{ prefix }, { prefix: canaryPrefix }] } },
            { eventName: ['PutMetricAlarm'], requestParameters: { alarmName: [{ prefix }, { prefix: canaryPrefix }] } },
          ],
        }),
      }),
    });
  });
});

describe('in a break-glass role, by default', () => {
  const { stack, breakGlass } = scenarioApp();
  const template = Template.fromStack(stack);

  test('every rule of the home region has one alarm, named with the tamper alert\'s prefix', () => {
    // But the heartbeat rules, whose failures the heartbeat alarms report.
    const rules = Object.keys(template.findResources('AWS::Events::Rule')).filter(id => !id.startsWith('BreakGlassCanaryHeartbeat'));
    expect(rules).toHaveLength(breakGlass.rules.length);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(alarm => alarm.Properties.Namespace !== 'BreakGlass/Canary');
    expect(alarms).toHaveLength(rules.length);
    const prefix = (breakGlass.tamperAlert!.rules[0].node.defaultChild as events.CfnRule).name!.replace(/Role$/, '');
    expect(alarms.filter(alarm => !alarm.Properties.AlarmName.startsWith(prefix))).toEqual([]);
  });

  test('with tamperAlerts: false, no alarm', () => {
    const off = scenarioApp({ tamperAlerts: false });
    // The heartbeat alarms only, one per watched region.
    expect(Object.values(Template.fromStack(off.stack).findResources('AWS::CloudWatch::Alarm')).map(alarm => alarm.Properties.Namespace))
      .toEqual(off.breakGlass.watch.watchedRegions.map(() => 'BreakGlass/Canary'));
  });
});
