import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BreakGlassLogActions, BreakGlassRole, BreakGlassWatch, LogActions, TrailSetup, Username } from '../../../src';
import { ALERT_PATH_SETTINGS_VARIABLE } from '../../../src/private/alert-path/alert-path-settings';
import { ENV, stackWithRole } from '../../support/apps';
import { fullFeaturedApp } from '../../support/gate-apps';

/** The alert path check as `BreakGlassRole` and the parts make it on their watch. */
function roleStack(props: { canary?: boolean; regions?: string[] } = {}): { stack: Stack; breakGlass: BreakGlassRole; template: Template } {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: ENV });
  const breakGlass = new BreakGlassRole(stack, 'BreakGlass', {
    usernames: [Username.iamUser('alice')],
    roleName: 'BreakGlass',
    regions: props.regions ?? ['eu-west-1'],
    canary: props.canary,
    chatTopic: new sns.Topic(stack, 'Chat'),
  });
  return { stack, breakGlass, template: Template.fromStack(stack) };
}

const policyOf = (template: Template) => Object.values(template.findResources('AWS::IAM::Policy'))
  .find(p => JSON.stringify(p).includes('events:TestEventPattern'))!.Properties.PolicyDocument.Statement;

const settingsOf = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function', {
  Properties: { Environment: { Variables: { [ALERT_PATH_SETTINGS_VARIABLE]: Match.anyValue() } } },
}));

test('one function, named after the role, run by the home heartbeat rule beside its log, failing into the home queue without retry', () => {
  const { breakGlass, template } = roleStack();
  const watch = breakGlass.watch;
  expect(settingsOf(template)).toHaveLength(1);
  template.hasResourceProperties('AWS::Lambda::Function', {
    FunctionName: 'BreakGlass-us-east-2-AlertPath', Runtime: 'nodejs24.x', Architectures: ['arm64'],
  });
  const queueArn = Stack.of(watch).resolve(watch.deadLetterQueue.queueArn);
  template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: queueArn } },
  });
  // The heartbeat rule of the home region, named as the canary: its log group and the check, each keeping what fails in the home queue.
  template.hasResourceProperties('AWS::Events::Rule', {
    Name: watch._canary!.settings.name,
    Targets: [
      Match.objectLike({ DeadLetterConfig: { Arn: queueArn } }),
      Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertPathFunction'), 'Arn'] }, DeadLetterConfig: { Arn: queueArn } }),
    ],
  });
  expect(watch._alertPathFunctionName).toBe('BreakGlass-us-east-2-AlertPath');
});

test('its role reads, and may only read, the rules and topics it proves, and send its failed runs to the home queue', () => {
  const { breakGlass, template } = roleStack();
  const statements = policyOf(template);
  const actions = statements.flatMap((s: any) => [s.Action].flat()).sort();
  expect(actions).toEqual(['events:DescribeRule', 'events:ListTargetsByRule', 'events:TestEventPattern',
    'logs:CreateLogStream', 'logs:PutLogEvents', 'sns:GetTopicAttributes', 'sqs:SendMessage']);
  // Each rule by its ARN: the login rules of both buses and the tamper rules.
  const rules = statements.find((s: any) => s.Sid === 'ReadRules').Resource;
  expect(rules).toHaveLength(breakGlass.loginAlert.rules.length + breakGlass.tamperAlert!.rules.length);
  expect(statements.find((s: any) => s.Sid === 'ReadTopics').Resource).toHaveLength(2);
});

test('with topics encrypted by the stack\'s key, it reads that key, and no other', () => {
  const statements = policyOf(Template.fromJSON(fullFeaturedApp().synth().stacks[0].template));
  expect(statements.find((s: any) => s.Sid === 'ReadKeys')).toEqual(expect.objectContaining({
    Action: ['kms:DescribeKey', 'kms:GetKeyPolicy'], Resource: [{ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] }],
  }));
});

test('without the canary there is no heartbeat to prove the path with, and no check', () => {
  const { breakGlass, template } = roleStack({ canary: false });
  expect(settingsOf(template)).toHaveLength(0);
  expect(breakGlass.watch._alertPathFunctionName).toBeUndefined();
});

test('a watch with no part that alerts people makes no check; an action log alone tells it nothing to prove', () => {
  const { stack, role } = stackWithRole();
  const watch = new BreakGlassWatch(stack, 'Watch', { role, trail: TrailSetup.existingTrail() });
  new BreakGlassLogActions(stack, 'Actions', { role, watch, logActions: LogActions.WRITE });
  expect(settingsOf(Template.fromStack(stack))).toHaveLength(0);
});

test('the tamper alert protects the function: its name is in the function rule', () => {
  const { template } = roleStack();
  const functionRule = Object.values(template.findResources('AWS::Events::Rule', { Properties: { Name: 'BreakGlass-us-east-2-Tamper-Function' } }));
  expect(JSON.stringify(functionRule)).toContain('"BreakGlass-us-east-2-AlertPath"');
});

test('the settings fit Lambda\'s 4 KB of environment with every name at its longest, for the full-featured app', () => {
  const template = fullFeaturedApp().synth().stacks[0].template;
  const [fn] = Object.values<any>(template.Resources).filter(r => r.Properties?.Environment?.Variables?.[ALERT_PATH_SETTINGS_VARIABLE]);
  // Each reference at its longest deployed value: a rule or bus name 64 characters, an ARN 128.
  const longest = (value: any): string => {
    if (typeof value === 'string') {
      return value;
    }
    if (value['Fn::Join']) {
      return value['Fn::Join'][1].map(longest).join(value['Fn::Join'][0]);
    }
    return (value['Fn::GetAtt'] || value.Ref?.includes?.('Topic')) ? 'a'.repeat(128) : 'n'.repeat(64);
  };
  const variables = fn.Properties.Environment.Variables;
  const bytes = Object.entries(variables).reduce((n, [key, value]) => n + key.length + longest(value).length, 0);
  const settings = JSON.parse(longest(variables[ALERT_PATH_SETTINGS_VARIABLE]));
  expect(settings.groups.flatMap((group: any) => group.rules).length).toBeGreaterThanOrEqual(30);
  expect(bytes).toBeLessThan(4096);
});
