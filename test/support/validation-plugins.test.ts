import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { Topic, TopicProps } from 'aws-cdk-lib/aws-sns';
import { awsSolutionsFindings, cloudFormationValidateFindings } from './validation-plugins';

function topicApp(props?: TopicProps) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const topic = new Topic(stack, 'Topic', props);
  return { app, stack, topic };
}

function ruleIds(app: App) {
  return awsSolutionsFindings(app).map((f) => f.ruleId);
}

test('a topic without enforceSSL yields AwsSolutions-SNS3', () => {
  const { app } = topicApp();

  expect(awsSolutionsFindings(app)).toContainEqual({
    ruleId: 'AwsSolutions-SNS3',
    path: 'Stack/Topic/Resource',
    message: 'The SNS Topic does not require publishers to use SSL.',
  });
});

test('a topic with enforceSSL yields no AwsSolutions-SNS3', () => {
  const { app } = topicApp({ enforceSSL: true });

  expect(ruleIds(app)).not.toContain('AwsSolutions-SNS3');
});

test.each(['AwsSolutions-SNS3', 'AwsSolutions::AwsSolutions-SNS3'])('acknowledging %s with a reason removes it', (id) => {
  const { app, topic } = topicApp();
  Validations.of(topic).acknowledge({ id, reason: 'Publishers are all in-account and use HTTPS endpoints.' });

  expect(ruleIds(app)).not.toContain('AwsSolutions-SNS3');
});

test('findings come from every stack, even when the app was synthesized before', () => {
  const app = new App();
  new Topic(new Stack(app, 'One'), 'Topic');
  const two = new Stack(app, 'Two');
  new Topic(two, 'Topic');
  Template.fromStack(two);

  const paths = awsSolutionsFindings(app).filter((f) => f.ruleId === 'AwsSolutions-SNS3').map((f) => f.path);

  expect(paths).toEqual(['One/Topic/Resource', 'Two/Topic/Resource']);
});

test('warnings are findings too', () => {
  const app = new App();
  new CfnTable(new Stack(app, 'Stack'), 'Table', {
    keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });

  expect(ruleIds(app)).toContain('AwsSolutions-DDB3');
});

test('a synthesis failure that is not a nag finding is rethrown', () => {
  const { app, stack } = topicApp({ enforceSSL: true });
  stack.node.addValidation({ validate: () => ['broken on purpose'] });

  expect(() => awsSolutionsFindings(app)).toThrow(/broken on purpose/);
});

describe('aws-cdk-lib\'s CloudFormation validation', () => {
  test('finds a property the resource type does not have, though the tests turn the default validation off', () => {
    expect(process.env.CDK_VALIDATION).toBe('false');
    const app = new App();
    new CfnResource(new Stack(app, 'Stack'), 'Topic', { type: 'AWS::SNS::Topic', properties: { Bogus: 1 } });

    expect(cloudFormationValidateFindings(app)).toEqual([
      { ruleId: 'F3002', path: 'Stack/Topic', message: "Bogus: Additional properties are not allowed ('Bogus' was unexpected)" },
    ]);
  });

  test('finds nothing in a valid template, and reports only its own findings', () => {
    const { app } = topicApp();

    expect(cloudFormationValidateFindings(app)).toEqual([]);
  });
});
