import { Template } from 'aws-cdk-lib/assertions';
import { homeStack } from './support/apps';

/** The properties that hold a name the construct chooses. */
const NAME = /^(RoleName|Name|ScheduleName|StackSetName|QueueName|AlarmName|TopicName|LogGroupName|FunctionName|PolicyName|EventBusName|TrailName)$/;

/** Each name the construct chooses in `resources`, as `<type> <property> = <name>`: plain text, or the text of a `Fn::Sub`. */
function chosenNames(resources: { [id: string]: any }): string[] {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value
    : typeof (value as any)?.['Fn::Sub'] === 'string' ? (value as any)['Fn::Sub'] : undefined);
  return Object.values(resources).flatMap(resource => Object.entries<unknown>(resource.Properties ?? {})
    .filter(([property]) => NAME.test(property))
    .flatMap(([property, value]) => {
      const name = text(value);
      return name === undefined ? [] : [`${resource.Type} ${property} = ${name}`];
    }));
}

/**
 * The names that keep what they were deployed with, as the README's upgrade section says: the central bus and the
 * log groups hold data (a log group's name ends with its path's hash); an IAM policy of a role is the role's own
 * (aws-cdk-lib names it). The tamper alert's own rules are named by the tamper alert.
 */
const KEPT = [
  /^AWS::Events::EventBus Name = Home-BreakGlass-Regions-[0-9A-F]{8}$/,
  /^AWS::Logs::LogGroup LogGroupName = \/aws\/events\/break-glass\//,
  /^AWS::IAM::Policy PolicyName = /,
  /^AWS::Events::Rule Name = Home-BreakGlass-TamperAlert-[0-9A-F]{8}-/,
];

test('every name the \'*\' example chooses starts with the role\'s name and home region, and holds no hash, but those kept', () => {
  const { stack } = homeStack('us-east-2', { regions: ['*'] });
  const template = Template.fromStack(stack).toJSON();
  const stackSet = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::CloudFormation::StackSet');
  const names = [...chosenNames(template.Resources), ...chosenNames(JSON.parse(stackSet.Properties.TemplateBody).Resources)];
  // Every kind is there: the control that the names were read.
  expect([...new Set(names.map(name => name.split(' = ')[0]))]).toEqual(expect.arrayContaining([
    'AWS::CloudFormation::StackSet StackSetName', 'AWS::CloudWatch::Alarm AlarmName', 'AWS::Events::EventBus Name', 'AWS::Events::Rule Name',
    'AWS::IAM::Policy PolicyName', 'AWS::IAM::Role RoleName', 'AWS::Logs::LogGroup LogGroupName', 'AWS::Logs::ResourcePolicy PolicyName',
    'AWS::SQS::Queue QueueName', 'AWS::Scheduler::Schedule Name',
  ]));
  // A function's log group is Lambda's, `/aws/lambda/<function name>`.
  const chosen = names.filter(name => !KEPT.some(kept => kept.test(name)) && !name.endsWith('RoleName = BreakGlass'))
    .map(name => name.replace(' = /aws/lambda/', ' = '));
  expect(chosen.filter(name => !/ = BreakGlass-us-east-2(-|$)/.test(name) || /[0-9A-F]{8}/.test(name)))
    .toEqual([]);
  expect(chosen.length).toBeGreaterThan(25);
});
