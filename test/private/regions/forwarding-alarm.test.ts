import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassLogActions, BreakGlassRole, BreakGlassRoleProps, LogActions, RegionalDeployment, TrailSetup, Username } from '../../../src';
import { FORWARD_RULE_ID, GUARD_RULE_ID } from '../../../src/private/regions/forwarding-template';
import { ACCOUNT, homeStack } from '../../support/apps';
import { handlerPermissions, StackHandler } from '../../support/cfn-registry';
import { CfnTemplate, resolveCfn } from '../../support/cfn-resolve';
import { logicalIdOf, stackSetOf, statementsOf } from '../../support/forwarding-assertions';
import { policyAllows } from '../../support/iam-policy';

const HOME = 'us-east-2';
const ALARM = 'AWS::CloudWatch::Alarm';
const TOPIC = 'AWS::SNS::Topic';
const TOPIC_POLICY = 'AWS::SNS::TopicPolicy';
const SUBSCRIPTION = 'AWS::SNS::Subscription';
const QUEUE = 'AWS::SQS::Queue';
const QUEUE_POLICY = 'AWS::SQS::QueuePolicy';
const UNSUBSCRIBED = 'aws-break-glass-role:forwardingAlarmsUnsubscribed';

/** The home stack watching every default region without the canary (whose heartbeats replace the forwarding alarms), its StackSet body, and the body's instance regions. */
function synth(props: Partial<BreakGlassRoleProps> = {}) {
  const { stack, breakGlass } = homeStack(HOME, { regions: ['*'], canary: false, ...props });
  const template = Template.fromStack(stack);
  const stackSet = stackSetOf(template).properties;
  const body = JSON.parse(stackSet.TemplateBody) as CfnTemplate;
  const regions: string[] = stackSet.StackInstancesGroup[0].Regions;
  /** Renders a value of the body as CloudFormation would in `region`. */
  const resolveIn = (region: string, value: unknown) => resolveCfn(value, { account: ACCOUNT, region, partition: 'aws', template: body });
  return { stack, breakGlass, template, stackSet, body, regions, resolveIn };
}

/** The resources of `type` in a template, by logical id. */
function resourcesOf(template: CfnTemplate, type: string): { [logicalId: string]: any } {
  return Object.fromEntries(Object.entries(template.Resources).filter(([, resource]) => resource.Type === type));
}

/** The one resource of `type` in a template. */
function only(template: CfnTemplate, type: string): any {
  const found = Object.values(resourcesOf(template, type));
  expect(found).toHaveLength(1);
  return found[0];
}

function subscribedEmails(template: CfnTemplate): string[] {
  return Object.values(resourcesOf(template, SUBSCRIPTION)).map(s => s.Properties.Endpoint).sort();
}

describe('the alarm of each forwarded region', () => {
  const { body, regions, resolveIn, stackSet } = synth({ loginAlertEmails: ['security@example.com'] });
  const alarm = only(body, ALARM).Properties;

  test('is in the StackSet body, so every instance region has one', () => {
    expect(regions).toHaveLength(16);
    expect(Object.keys(resourcesOf(body, ALARM))).toEqual(['ForwardFailedAlarm']);
  });

  test('watches the messages of its region\'s dead-letter queue, where the forwarding and guard rules keep what they could not forward', () => {
    for (const rule of [FORWARD_RULE_ID, GUARD_RULE_ID]) {
      expect(body.Resources[rule].Properties.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    }
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] } }],
    });
    expect(resolveIn('eu-west-1', alarm.Dimensions[0].Value)).toBe(`${stackSet.StackSetName}-DeadLetters`);
  });

  test('goes off on one kept event in a minute, and treats no data (an idle empty queue) as fine', () => {
    expect(alarm).toMatchObject({
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('notifies the topic of its own region, in every instance region', () => {
    for (const region of regions) {
      expect(resolveIn(region, alarm.AlarmActions)).toEqual([`arn:aws:sns:${region}:${ACCOUNT}:${only(body, TOPIC).Properties.TopicName}`]);
    }
  });

  test('says in which region alerts are lost, where they are kept, and where they should go', () => {
    const description = resolveIn('eu-west-1', alarm.AlarmDescription);
    expect(description).toContain('Break-glass alerts from eu-west-1 are being lost');
    expect(description).toContain(`kept 14 days in the SQS queue ${stackSet.StackSetName}-DeadLetters of eu-west-1`);
    expect(description).toContain('ERROR_CODE and ERROR_MESSAGE');
    expect(description).toContain(`central event bus in ${HOME}`);
  });

  test('and its topic are named after the StackSet, the same in every region, within CloudWatch\'s and SNS\'s name rules', () => {
    const name = `${stackSet.StackSetName}-ForwardFailed`;
    expect(alarm.AlarmName).toBe(name);
    expect(only(body, TOPIC).Properties.TopicName).toBe(name);
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
  });
});

describe('the topic of each forwarded region', () => {
  const { body, regions, resolveIn } = synth();
  const topic = { Ref: 'ForwardFailedTopic' };
  const statements = only(body, TOPIC_POLICY).Properties.PolicyDocument.Statement;

  test('has one policy, on itself', () => {
    expect(only(body, TOPIC).Type).toBe(TOPIC);
    expect(only(body, TOPIC_POLICY).Properties.Topics).toEqual([topic]);
  });

  test('lets only CloudWatch publish, for the forwarding alarm of its own region and account', () => {
    const alarmName = only(body, ALARM).Properties.AlarmName;
    for (const region of regions) {
      const allows = resolveIn(region, statements.filter((s: any) => s.Effect === 'Allow'));
      expect(allows).toEqual([{
        Sid: 'BreakGlassAlarmPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: `arn:aws:sns:${region}:${ACCOUNT}:${alarmName}`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          // The ARN CloudWatch gives the alarm in that region.
          ArnEquals: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${alarmName}` },
        },
      }]);
    }
  });

  test('refuses publishing without TLS', () => {
    expect(statements.filter((s: any) => s.Effect === 'Deny')).toEqual([{
      Sid: 'AllowPublishThroughSSLOnly',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'sns:Publish',
      Resource: topic,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }]);
  });
});

describe('forwardingAlarmEmails', () => {
  test('defaults to loginAlertEmails: each is subscribed by email to the topic', () => {
    const { body } = synth({ loginAlertEmails: ['security@example.com', 'oncall@example.com'] });
    expect(subscribedEmails(body)).toEqual(['oncall@example.com', 'security@example.com']);
    for (const subscription of Object.values(resourcesOf(body, SUBSCRIPTION))) {
      expect(subscription.Properties).toMatchObject({ TopicArn: { Ref: 'ForwardFailedTopic' }, Protocol: 'email' });
    }
  });

  test('replaces loginAlertEmails for the forwarding alarms when given', () => {
    const { body } = synth({ loginAlertEmails: ['security@example.com'], forwardingAlarmEmails: ['platform@example.com'] });
    expect(subscribedEmails(body)).toEqual(['platform@example.com']);
  });

  test('given to a part used alone, subscribes those addresses', () => {
    const stack = new Stack(new App(), 'Home', { env: { account: ACCOUNT, region: HOME } });
    new BreakGlassLogActions(stack, 'Actions', {
      role: iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${ACCOUNT}:role/BreakGlass`),
      logActions: LogActions.WRITE,
      trail: TrailSetup.existingTrail(),
      forwardingAlarmEmails: ['platform@example.com'],
      canary: false,
    });
    const body = JSON.parse(stackSetOf(Template.fromStack(stack)).properties.TemplateBody);
    expect(subscribedEmails(body)).toEqual(['platform@example.com']);
  });

  test('a subscription keeps its logical id when another address is removed, so it is not replaced and confirmed again', () => {
    const ids = (emails: string[]) => Object.keys(resourcesOf(synth({ loginAlertEmails: emails }).body, SUBSCRIPTION));
    const [first, second] = ids(['first@example.com', 'second@example.com']);
    expect(ids(['second@example.com'])).toEqual([second]);
    expect(first).not.toBe(second);
  });

  test('two addresses differing only in characters a logical id drops get distinct logical ids', () => {
    const ids = Object.keys(resourcesOf(synth({ loginAlertEmails: ['a.b@example.com', 'ab@example.com'] }).body, SUBSCRIPTION));
    expect(new Set(ids).size).toBe(2);
  });

  test('without any address, a warning says the alarms notify nobody, naming the regions and the fix', () => {
    const { stack } = synth();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(UNSUBSCRIBED));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/eu-west-1.*has no subscriber.*Set forwardingAlarmEmails \(or loginAlertEmails\)/s);
  });

  test('with an address, there is no such warning', () => {
    const { stack } = synth({ loginAlertEmails: ['security@example.com'] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(UNSUBSCRIBED))).toEqual([]);
  });

  test('without forwarded regions, there is no alarm, no topic and no warning', () => {
    const { stack, breakGlass } = homeStack('us-east-1', { regions: ['us-east-1'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(UNSUBSCRIBED))).toEqual([]);
    expect(breakGlass.watch.forwardingAlarmName).toBeUndefined();
  });
});

describe('BreakGlassWatch.forwardingAlarmName', () => {
  test('is the name of the topic of every forwarded region', () => {
    const { breakGlass, body } = synth();
    expect(breakGlass.watch.forwardingAlarmName).toBe(only(body, TOPIC).Properties.TopicName);
  });

  test('differs between two break-glass roles of one stack, as do their alarms', () => {
    const { stack, breakGlass } = homeStack(HOME, { regions: ['eu-west-1'], canary: false });
    const second = new BreakGlassRole(stack, 'Second', {
      roleName: 'BreakGlassSecond',
      usernames: [Username.iamUser('alice')],
      trail: TrailSetup.existingTrail(),
      regions: ['eu-west-1'],
      canary: false,
    });
    const alarmNames = Object.values(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet'))
      .map(stackSet => only(JSON.parse(stackSet.Properties.TemplateBody), ALARM).Properties.AlarmName);
    expect(new Set(alarmNames).size).toBe(2);
    expect(second.watch.forwardingAlarmName).not.toBe(breakGlass.watch.forwardingAlarmName);
  });
});

describe('regional stacks', () => {
  test('each holds the same alarm, topic, policy and subscriptions as the StackSet body', () => {
    const props = { loginAlertEmails: ['security@example.com'], regions: ['eu-west-1'], canary: false };
    const body = synth(props).body;
    const { app, stack } = homeStack(HOME, { ...props, regionalDeployment: RegionalDeployment.regionalStacks() });
    const regional = app.synth().stacks.filter(s => s.stackName !== stack.stackName);
    expect(regional).toHaveLength(2);
    const alarmResources = (template: CfnTemplate) => Object.fromEntries(
      Object.entries(template.Resources).filter(([, r]) => [ALARM, TOPIC, TOPIC_POLICY, SUBSCRIPTION].includes(r.Type)));
    for (const artifact of regional) {
      expect(alarmResources(artifact.template)).toEqual(alarmResources(body));
    }
  });
});

/** The ARN of a body's dead-letter queue in `region`: a queue policy's handlers are authorized on its queue. */
function queueArn(body: CfnTemplate, region: string): string {
  return `arn:aws:sqs:${region}:${ACCOUNT}:${only(body, QUEUE).Properties.QueueName}`;
}

/** What a handler needs that the forwarding template's resources never call for, and why. */
const NOT_NEEDED: { [resourceType: string]: { [permission: string]: string } } = {
  [TOPIC]: {
    'iam:GetRole': 'for delivery-status logging roles, which the topic does not set',
    'iam:PassRole': 'for delivery-status logging roles, which the topic does not set',
  },
  [SUBSCRIPTION]: {
    'iam:GetRole': 'for a Firehose subscription role; the subscriptions are email',
    'iam:PassRole': 'for a Firehose subscription role; the subscriptions are email',
    'sns:SetSubscriptionAttributes': 'update only: every property the template sets is create-only, so a change replaces the subscription',
  },
};

describe('the StackSet execution role', () => {
  const { template, body, regions } = synth({ loginAlertEmails: ['security@example.com'] });
  const resolveHome = (value: unknown) => resolveCfn(value, { account: ACCOUNT, region: HOME, partition: 'aws', template: template.toJSON() as CfnTemplate });
  const statements = resolveHome(statementsOf(template, logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsStackSetExecutionRole')));
  const forwarderRoleArn = resolveHome({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsForwarderRole'), 'Arn'] });
  const topicName = only(body, TOPIC).Properties.TopicName;

  /** The ARN a permission of a handler of `resource` is authorized on in `region`. */
  function resourceArn(resource: { Type: string; Properties?: any }, permission: string, region: string): string {
    const topicArn = `arn:aws:sns:${region}:${ACCOUNT}:${topicName}`;
    if (permission === 'iam:PassRole') {
      return forwarderRoleArn;
    }
    switch (resource.Type) {
      case 'AWS::Events::Rule': return `arn:aws:events:${region}:${ACCOUNT}:rule/${resource.Properties.Name}`;
      case ALARM: return `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${only(body, ALARM).Properties.AlarmName}`;
      case TOPIC:
      case TOPIC_POLICY: return topicArn;
      // Subscribe is authorized on the topic; the other subscription actions on no resource type, which only `*` matches.
      case SUBSCRIPTION: return permission === 'sns:Subscribe' ? topicArn : `${topicArn}:0a1b2c3d-0000-4000-8000-000000000000`;
      case QUEUE:
      case QUEUE_POLICY: return queueArn(body, region);
      default: throw new Error(`no ARN modelled for ${resource.Type}`);
    }
  }

  test('may run every create, read, update and delete permission of every resource of the body, in every instance region', () => {
    const types = [...new Set(Object.values(body.Resources).map(r => r.Type))].sort();
    expect(types).toEqual([ALARM, 'AWS::Events::Rule', SUBSCRIPTION, TOPIC, TOPIC_POLICY, QUEUE, QUEUE_POLICY]);
    const handlersOf = Object.fromEntries(types.map(type => [type, handlerPermissions(type)]));
    // Every type is created by calling something: an empty list would make this test pass on nothing.
    expect(types.filter(type => handlersOf[type].create.length === 0)).toEqual([]);
    const refused: string[] = [];
    for (const [logicalId, resource] of Object.entries(body.Resources)) {
      const type = resource.Type;
      for (const handler of ['create', 'read', 'update', 'delete'] as StackHandler[]) {
        for (const permission of handlersOf[type][handler].filter(p => !(p in (NOT_NEEDED[type] ?? {})))) {
          for (const region of regions) {
            const allowed = policyAllows(statements, {
              action: permission,
              resource: resourceArn(resource, permission, region),
              context: { 'aws:RequestedRegion': region, 'iam:PassedToService': 'events.amazonaws.com' },
            });
            if (!allowed) {
              refused.push(`${logicalId} ${handler} ${permission} in ${region}`);
            }
          }
        }
      }
    }
    expect(refused).toEqual([]);
  });

  test('may not remove or read subscriptions in the home region, where the alert topic is', () => {
    for (const action of ['sns:Unsubscribe', 'sns:GetSubscriptionAttributes']) {
      expect(policyAllows(statements, {
        action,
        resource: `arn:aws:sns:${HOME}:${ACCOUNT}:AlertTopic:0a1b2c3d-0000-4000-8000-000000000000`,
        context: { 'aws:RequestedRegion': HOME },
      })).toBe(false);
    }
  });

  test('may not manage another topic or alarm in an instance region', () => {
    for (const region of regions) {
      const context = { 'aws:RequestedRegion': region };
      expect(policyAllows(statements, { action: 'sns:DeleteTopic', resource: `arn:aws:sns:${region}:${ACCOUNT}:Other`, context })).toBe(false);
      expect(policyAllows(statements, { action: 'cloudwatch:DeleteAlarms', resource: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:Other`, context })).toBe(false);
    }
  });
});

describe('the StackSet execution role, with the canary', () => {
  const { template, body, regions } = synth({ canary: true });
  const resolveHome = (value: unknown) => resolveCfn(value, { account: ACCOUNT, region: HOME, partition: 'aws', template: template.toJSON() as CfnTemplate });
  const statements = resolveHome(statementsOf(template, logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsStackSetExecutionRole')));
  const forwarderRoleArn = resolveHome({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsForwarderRole'), 'Arn'] });
  const canaryRoleArn = resolveHome(stackSetOf(template).properties.Parameters).find((p: any) => p.ParameterKey === 'CanaryRoleArn').ParameterValue;

  /** The ARN a permission of a handler of `resource` is authorized on in `region`, and the service a passed role is for. */
  function request(resource: { Type: string; Properties?: any }, permission: string, region: string) {
    switch (resource.Type) {
      case 'AWS::Events::Rule': return permission === 'iam:PassRole'
        ? { resource: forwarderRoleArn, service: 'events.amazonaws.com' }
        : { resource: `arn:aws:events:${region}:${ACCOUNT}:rule/${resource.Properties.Name}`, service: 'events.amazonaws.com' };
      case 'AWS::Scheduler::Schedule': return permission === 'iam:PassRole'
        ? { resource: canaryRoleArn, service: 'scheduler.amazonaws.com' }
        : { resource: `arn:aws:scheduler:${region}:${ACCOUNT}:schedule/default/${resource.Properties.Name}`, service: 'scheduler.amazonaws.com' };
      case QUEUE:
      case QUEUE_POLICY: return { resource: queueArn(body, region), service: 'sqs.amazonaws.com' };
      default: throw new Error(`no ARN modelled for ${resource.Type}`);
    }
  }

  test('may run every create, read, update and delete permission of the rules and the canary\'s schedule, in every instance region', () => {
    const types = [...new Set(Object.values(body.Resources).map(r => r.Type))].sort();
    expect(types).toEqual(['AWS::Events::Rule', QUEUE, QUEUE_POLICY, 'AWS::Scheduler::Schedule']);
    const handlersOf = Object.fromEntries(types.map(type => [type, handlerPermissions(type)]));
    expect(types.filter(type => handlersOf[type].create.length === 0)).toEqual([]);
    expect(handlersOf['AWS::Scheduler::Schedule'].create).toContain('iam:PassRole');
    const refused: string[] = [];
    for (const [logicalId, resource] of Object.entries(body.Resources)) {
      for (const handler of ['create', 'read', 'update', 'delete'] as StackHandler[]) {
        for (const permission of handlersOf[resource.Type][handler]) {
          for (const region of regions) {
            const { resource: arn, service } = request(resource, permission, region);
            if (!policyAllows(statements, { action: permission, resource: arn, context: { 'aws:RequestedRegion': region, 'iam:PassedToService': service } })) {
              refused.push(`${logicalId} ${handler} ${permission} in ${region}`);
            }
          }
        }
      }
    }
    expect(refused).toEqual([]);
  });

  test('may pass the canary role to the Scheduler only, and manage no other schedule', () => {
    const context = { 'aws:RequestedRegion': 'eu-west-1' };
    expect(policyAllows(statements, { action: 'iam:PassRole', resource: canaryRoleArn, context: { ...context, 'iam:PassedToService': 'lambda.amazonaws.com' } })).toBe(false);
    expect(policyAllows(statements, { action: 'scheduler:DeleteSchedule', resource: `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule/default/Other`, context })).toBe(false);
  });
});
