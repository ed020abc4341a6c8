import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { cfnLint, formatFindings } from './cfn-lint';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1'];

function lint(template: object) {
  return cfnLint(template, REGIONS);
}

test('a synthesized stack with one SNS topic has no findings', () => {
  const stack = new Stack(new App(), 'Stack');
  new Topic(stack, 'Topic');

  expect(lint(Template.fromStack(stack).toJSON())).toEqual([]);
});

test('an unknown resource property is reported as E3002', () => {
  const template = { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { Foo: 1 } } } };

  expect(lint(template)).toEqual([{
    rule: 'E3002',
    level: 'Error',
    message: "Additional properties are not allowed ('Foo' was unexpected)",
    path: 'Resources/Topic/Properties/Foo',
  }]);
});

test('an EventBridge rule may be ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (no findings)', () => {
  const stack = new Stack(new App(), 'Stack');
  new CfnRule(stack, 'Rule', {
    state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    eventPattern: {
      'source': ['aws.sts'],
      'detail-type': ['AWS API Call via CloudTrail'],
      'detail': { eventName: ['AssumeRole'] },
    },
  });

  expect(lint(Template.fromStack(stack).toJSON())).toEqual([]);
});

test('an unknown EventBridge rule state is reported as E3030', () => {
  const template = {
    Resources: {
      Rule: { Type: 'AWS::Events::Rule', Properties: { State: 'ENABLED_SOMETIMES', EventPattern: { source: ['aws.sts'] } } },
    },
  };

  expect(lint(template).map((f) => [f.rule, f.path])).toEqual([['E3030', 'Resources/Rule/Properties/State']]);
});

test('a cfn-lint failure other than findings throws', () => {
  expect(() => cfnLint({ Resources: {} }, ['xx-nowhere-1'])).toThrow(/cfn-lint failed \(exit 32\).*unsupported/s);
});

test('formatFindings renders one finding per line', () => {
  expect(formatFindings([
    { rule: 'E3002', level: 'Error', message: 'bad', path: 'Resources/A' },
    { rule: 'W2001', level: 'Warning', message: 'unused', path: 'Parameters/P' },
  ])).toBe('Error E3002 at Resources/A: bad\nWarning W2001 at Parameters/P: unused');
});
