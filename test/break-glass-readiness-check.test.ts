import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BreakGlassReadinessCheck, Username } from '../src';
import { SCENARIO, scenarioApp, testStack } from './support/apps';
import { CfnTemplate, resolveCfn } from './support/cfn-resolve';
import { deployedRules, loadEvents, outcomes } from './support/scenario';
import { READINESS_SETTINGS_VARIABLE } from '../src/private/readiness-check/readiness-settings';

/** The check's settings as its function is deployed with them. */
function settingsOf(stack: Stack): any {
  const template = Template.fromStack(stack).toJSON();
  const [fn] = Object.values(template.Resources as { [id: string]: any })
    .filter(r => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('Break-glass readiness check'));
  const resolved = resolveCfn(fn.Properties.Environment.Variables[READINESS_SETTINGS_VARIABLE],
    { account: SCENARIO.account, region: SCENARIO.home, partition: SCENARIO.partition, template: template as CfnTemplate });
  return JSON.parse(resolved as string);
}

describe('as BreakGlassRole makes it by default', () => {
  const { app, stack, breakGlass } = scenarioApp({}, true);
  const template = Template.fromStack(stack);

  test('one check, daily, of every listed identity, reminding of a drill after 90 days', () => {
    expect(breakGlass.readinessCheck).toBeInstanceOf(BreakGlassReadinessCheck);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)', State: 'ENABLED' });
    const settings = settingsOf(stack);
    expect(settings).toMatchObject({
      roleArn: `arn:aws:iam::${SCENARIO.account}:role/${SCENARIO.roleName}`,
      users: ['alice', 'bob'],
      federated: [],
      identityCenter: [{ userName: 'carol@example.com', permissionSetName: 'Admin' }],
      identityCenterRegion: SCENARIO.home,
      allowAccessKeys: false,
      drillDays: 90,
      verdictStream: 'readiness-verdicts',
    });
    expect(settings.alertTopicArn).toMatch(/^arn:aws:sns:us-east-2:111122223333:/);
    expect(settings.chatTopicArn).toMatch(/:break-glass-chat$/);
  });

  test('a failed run lands in the watch\'s dead-letter queue, whose alarm goes off: no alarm of its own', () => {
    const queue = stack.resolve(breakGlass.watch.deadLetterQueue.queueArn);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: queue } },
    });
    expect(breakGlass.readinessCheck!.alarm).toBeUndefined();
  });

  test('its role may only read IAM, IAM Identity Center and the identity store, read the topics\' subscriptions, publish and keep its verdicts', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.includes('ReadinessCheck')).map(([, p]) => p);
    const statements = policies.flatMap(p => p.Properties.PolicyDocument.Statement);
    const actions: string[] = statements.flatMap((s: any) => [s.Action].flat());
    const writes = actions.filter(a => !/^(iam|sso|identitystore):(Get|List|Describe|Is|Simulate)/.test(a) && a !== 'iam:GenerateCredentialReport');
    // Its own log and verdicts; the topics; and, for a failed run, the watch's dead-letter queue (Lambda's destination).
    expect(writes.sort()).toEqual(['logs:CreateLogStream', 'logs:GetLogEvents', 'logs:PutLogEvents', 'logs:PutLogEvents', 'sns:ListSubscriptionsByTopic', 'sns:Publish',
      'sqs:SendMessage'].sort());
    const users = statements.find((s: any) => s.Sid === 'ReadUsers');
    expect(stack.resolve(users.Resource)).toEqual(['alice', 'bob']
      .map(name => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${SCENARIO.account}:user/${name}`]] })));
  });

  test('disabling its schedule or changing its function alerts as tampering', () => {
    const rules = deployedRules(app);
    // A schedule rule has no pattern: its name as CloudFormation gives it, as the tamper rules see it.
    const scheduleId = Object.keys(template.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: 'rate(1 day)' } }))[0];
    const scheduleName = resolveCfn({ Ref: scheduleId },
      { account: SCENARIO.account, region: SCENARIO.home, partition: SCENARIO.partition, template: template.toJSON() as CfnTemplate });
    const fnName = settingsOf(stack).logGroup.replace('/aws/lambda/', '');
    const base = loadEvents('tamper').find(e => e.file === 'tamper/alert-events-delete-tamper-rule.json')!.event;
    const disable = { ...base, detail: { ...base.detail, eventName: 'DisableRule', requestParameters: { name: scheduleName } } };
    const change = {
      ...base,
      source: 'aws.lambda',
      detail: { ...base.detail, eventSource: 'lambda.amazonaws.com', eventName: 'UpdateFunctionConfiguration20150331v2', requestParameters: { functionName: fnName, timeout: 1 } },
    };
    // Once to the alert topic, once to the chat topic.
    expect(outcomes(rules, [disable, change]).map(o => o.alerts.filter(text => text.startsWith('Break-glass safeguard changed: ')).length)).toEqual([1, 1]);
  });

  test('readinessCheck: false makes none', () => {
    const off = scenarioApp({ readinessCheck: false });
    expect(off.breakGlass.readinessCheck).toBeUndefined();
    Template.fromStack(off.stack).resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('readiness') }, 0);
  });

  test('readinessInterval and drillInterval reach the schedule and the check', () => {
    const { stack: other } = scenarioApp({ readinessInterval: Duration.hours(6), drillInterval: Duration.days(30) });
    Template.fromStack(other).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
    expect(settingsOf(other).drillDays).toBe(30);
  });
});

describe('on its own', () => {
  test('without a watch, an alarm on the function\'s errors notifies the alert topic', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Alerts');
    const check = new BreakGlassReadinessCheck(stack, 'Readiness', {
      role: iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'),
      usernames: [Username.federated('carol@example.com', 'saml/SamlEngineers')],
      alertTopic: topic,
    });
    expect(check.alarm).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors', Threshold: 1, AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alerts') }],
    });
    expect(settingsOf(stack).federated).toEqual([{ sessionName: 'carol@example.com', role: 'saml/SamlEngineers' }]);
  });

  test('with alertEmails, it makes a TLS-only topic of its own, subscribed by them', () => {
    const stack = testStack();
    const check = new BreakGlassReadinessCheck(stack, 'Readiness', {
      role: iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'),
      usernames: [Username.iamUser('alice')],
      alertEmails: ['security@example.com'],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com', TopicArn: stack.resolve(check.alertTopic.topicArn) });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a role of another account is checked against the trust policy given', () => {
    const stack = testStack();
    const trustPolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.AccountPrincipal('111122223333')] })],
    });
    new BreakGlassReadinessCheck(stack, 'Readiness', {
      role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::444455556666:role/BreakGlass'),
      usernames: [Username.iamUser('alice')],
      alertTopic: new sns.Topic(stack, 'Alerts'),
      trustPolicy,
    });
    const settings = settingsOf(stack);
    expect(JSON.parse(settings.trustPolicy).Statement[0].Action).toBe('sts:AssumeRole');
    // It does not read the other account's role.
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((s: any) => [s.Action].flat().includes('iam:GetRole'))).toEqual([]);
  });

  test.each([
    ['readinessInterval', { readinessInterval: Duration.minutes(5) }, /readinessInterval is 5 minutes: give a duration from 1 hour to 7 days/],
    ['drillInterval', { drillInterval: Duration.hours(1) }, /drillInterval is 1 hour: give a duration from 1 day to 3650 days/],
    ['allowAccessKeys', { allowAccessKeys: 'yes' as unknown as boolean }, /allowAccessKeys/],
    ['usernames', { usernames: [] }, /usernames must name at least one identity/],
    ['alertEmails beside alertTopic', { alertEmails: ['security@example.com'] }, /alertEmails is \["security@example.com"\], but alertTopic is given/],
    ['alertTopic, left out with no alertEmails', { alertTopic: undefined }, /give alertTopic \(the role's alert topic\), or alertEmails/],
    ['alertEmails', { alertTopic: undefined, alertEmails: ['security'] }, /alertEmails has 'security', which is not an email address/],
  ])('refuses a bad %s', (_prop, props, error) => {
    const stack = testStack();
    expect(() => new BreakGlassReadinessCheck(stack, 'Readiness', {
      role: iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'),
      usernames: [Username.iamUser('alice')],
      alertTopic: new sns.Topic(stack, 'Alerts'),
      ...props,
    })).toThrow(error);
  });
});
