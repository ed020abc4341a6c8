import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ACCOUNT, homeStack, logicalIdOf, stackSetOf, statementsOf } from './regions-app';
import { BreakGlassRole, LogActions, RegionalDeployment, TrailSetup, Username } from '../../src';
import { cfnLint, formatFindings } from '../support/cfn-lint';
import { CfnTemplate, resolveCfn } from '../support/cfn-resolve';
import { ALL_MANAGEMENT_EVENTS } from '../support/eventbridge-model';
import { deployedRules, scenarioApp } from '../support/scenario';

const HOME = 'us-east-2';

/** The home stack with every watched pattern (login and all actions), watching eu-west-1 as well. */
function synth(props: Parameters<typeof homeStack>[1] = {}) {
  const { stack } = homeStack(HOME, { regions: ['eu-west-1'], logActions: LogActions.ALL, ...props });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as CfnTemplate;
  /** Renders a value as CloudFormation would in the home region. */
  const resolve = (value: unknown) => resolveCfn(value, { account: ACCOUNT, region: HOME, partition: 'aws', template: json });
  return { stack, template, resolve };
}

function ids(template: Template) {
  return {
    bus: logicalIdOf(template, 'AWS::Events::EventBus', 'BreakGlassRegionsCentralBus'),
    forwarder: logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsForwarderRole'),
    administration: logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsStackSetAdministrationRole'),
    execution: logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlassRegionsStackSetExecutionRole'),
    breakGlass: logicalIdOf(template, 'AWS::IAM::Role', 'BreakGlass397E96D8'),
  };
}

function templateBody(template: Template): any {
  return JSON.parse(stackSetOf(template).properties.TemplateBody);
}

/** The rule ids of the login alert and action logging, whose forwarding rules are `Forward<id>`. */
const PATTERN_IDS = ['AssumeRoleRule', 'AssumeRoleFailedRule', 'SwitchRoleRule', 'ConsoleLoginRule', 'Rule'];

describe('StackSet', () => {
  test('is self-managed', () => {
    expect(stackSetOf(synth().template).properties.PermissionModel).toBe('SELF_MANAGED');
  });

  test('has one instance per forwarded region, in the stack account only', () => {
    expect(stackSetOf(synth().template).properties.StackInstancesGroup).toEqual([{
      DeploymentTargets: { Accounts: [ACCOUNT] },
      Regions: ['eu-west-1', 'us-east-1'],
    }]);
  });

  test('passes the central bus, forwarder role and break-glass role as parameters', () => {
    const { template, resolve } = synth();
    const id = ids(template);
    const busName = template.toJSON().Resources[id.bus].Properties.Name;
    expect(resolve(stackSetOf(template).properties.Parameters)).toEqual([
      { ParameterKey: 'CentralBusArn', ParameterValue: `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${busName}` },
      { ParameterKey: 'ForwarderRoleArn', ParameterValue: `arn:aws:iam::${ACCOUNT}:role/${id.forwarder}` },
      { ParameterKey: 'BreakGlassRoleArn', ParameterValue: `arn:aws:iam::${ACCOUNT}:role/BreakGlass` },
      { ParameterKey: 'BreakGlassRoleName', ParameterValue: 'BreakGlass' },
    ]);
  });

  test('is created after the roles and policies it uses, and deleted before them', () => {
    const { template } = synth();
    const id = ids(template);
    const policyOf = (role: string) => logicalIdOf(template, 'AWS::IAM::Policy', role.replace(/[0-9A-F]{8}$/, 'DefaultPolicy'));
    expect(stackSetOf(template).dependsOn).toEqual(expect.arrayContaining([
      id.forwarder, policyOf(id.forwarder), id.administration, policyOf(id.administration), id.execution, policyOf(id.execution),
    ]));
  });

  test('the central bus is in the home stack, with a name fixed at synth', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Events::EventBus', 1);
    expect(template.toJSON().Resources[ids(template).bus].Properties.Name).toMatch(/^[A-Za-z0-9._-]{1,256}$/);
  });

  test('rules on the central bus deliver to the alert topic and the action log group, seeing read-only events', () => {
    const { template } = synth();
    const central = Object.values(template.findResources('AWS::Events::Rule', {
      Properties: { EventBusName: { Ref: ids(template).bus } },
    })) as any[];
    expect(central).toHaveLength(PATTERN_IDS.length);
    for (const rule of central) {
      expect(rule.Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
      expect(rule.Properties.Targets).toHaveLength(1);
    }
    const targets = central.map(rule => JSON.stringify(rule.Properties.Targets[0].Arn));
    expect(targets.filter(arn => arn.includes('AlertTopic') || arn.includes('LoginAlertTopic'))).toHaveLength(4);
    expect(targets.filter(arn => arn.includes('log-group'))).toHaveLength(1);
  });
});

describe('StackSet TemplateBody', () => {
  test('is a JSON string', () => {
    const body = stackSetOf(synth().template).properties.TemplateBody;
    expect(typeof body).toBe('string');
    expect(() => JSON.parse(body)).not.toThrow();
  });

  test('holds only EventBridge rules: no Lambda, no custom resource, no asset, no transform', () => {
    const body = templateBody(synth().template);
    expect(new Set(Object.values(body.Resources).map((r: any) => r.Type))).toEqual(new Set(['AWS::Events::Rule']));
    expect(body.Transform).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/Lambda|Custom::|AssetParameters|cdk-hnb659fds|BootstrapVersion|S3Bucket/);
  });

  test('refers to nothing but its own parameters and pseudo parameters', () => {
    const body = templateBody(synth().template);
    const refs = [...JSON.stringify(body).matchAll(/"Ref":"([^"]+)"|\$\{([^}]+)\}/g)].map(m => m[1] ?? m[2]);
    const allowed = new Set([...Object.keys(body.Parameters), 'AWS::Partition', 'AWS::AccountId']);
    expect(refs.filter(ref => !allowed.has(ref))).toEqual([]);
    expect(JSON.stringify(body)).not.toContain('Fn::GetAtt');
  });

  test('has one forwarding rule per pattern', () => {
    expect(Object.keys(templateBody(synth().template).Resources).sort()).toEqual(PATTERN_IDS.map(id => `Forward${id}`).sort());
  });

  test('every forwarding rule needing read-only events has the all-management-events state', () => {
    const rules = templateBody(synth().template).Resources;
    expect(Object.fromEntries(Object.entries(rules).map(([id, r]: [string, any]) => [id, r.Properties.State]))).toEqual({
      ForwardAssumeRoleRule: ALL_MANAGEMENT_EVENTS,
      ForwardAssumeRoleFailedRule: ALL_MANAGEMENT_EVENTS,
      ForwardSwitchRoleRule: ALL_MANAGEMENT_EVENTS,
      ForwardConsoleLoginRule: ALL_MANAGEMENT_EVENTS,
      ForwardRule: ALL_MANAGEMENT_EVENTS,
    });
  });

  test('the WRITE actions rule forwards in plain ENABLED state (write events need no read-only gate)', () => {
    const rules = templateBody(synth({ logActions: LogActions.WRITE }).template).Resources;
    expect(rules.ForwardRule.Properties.State).toBe('ENABLED');
  });

  test('every forwarding rule is on the default bus and targets the central bus through the forwarder role', () => {
    for (const rule of Object.values(templateBody(synth().template).Resources) as any[]) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets).toEqual([{ Id: 'CentralBus', Arn: { Ref: 'CentralBusArn' }, RoleArn: { Ref: 'ForwarderRoleArn' } }]);
    }
  });

  test('in every instance region, the forwarding rules run the patterns of the home rules', () => {
    const { app } = scenarioApp({ regions: ['eu-west-1'] });
    const rules = deployedRules(app);
    const patterns = (region: string, bus: string) => rules.filter(r => r.region === region && r.bus === bus)
      .map(r => JSON.stringify(r.pattern)).sort();
    const home = patterns(HOME, 'default');
    expect(home).toHaveLength(PATTERN_IDS.length);
    expect(patterns('eu-west-1', 'default')).toEqual(home);
    expect(patterns('us-east-1', 'default')).toEqual(home);
  });
});

describe('StackSet roles', () => {
  test('the forwarder role is trusted by EventBridge of this account only', () => {
    const { template, resolve } = synth();
    expect(resolve(template.toJSON().Resources[ids(template).forwarder].Properties.AssumeRolePolicyDocument.Statement)).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    }]);
  });

  test('the forwarder role may only put events on the central bus', () => {
    const { template, resolve } = synth();
    const id = ids(template);
    const busName = template.toJSON().Resources[id.bus].Properties.Name;
    expect(template.toJSON().Resources[id.forwarder].Properties.ManagedPolicyArns).toBeUndefined();
    expect(resolve(statementsOf(template, id.forwarder))).toEqual([{
      Action: 'events:PutEvents',
      Effect: 'Allow',
      Resource: `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${busName}`,
    }]);
  });

  test('the administration role is trusted by CloudFormation for this account only', () => {
    const { template } = synth();
    expect(template.toJSON().Resources[ids(template).administration].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'cloudformation.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    }]);
  });

  test('the administration role also trusts the regional CloudFormation principal of each named opt-in region', () => {
    const { template } = synth({ regions: ['af-south-1', 'eu-west-1', 'me-south-1'] });
    const statements = template.toJSON().Resources[ids(template).administration].Properties.AssumeRolePolicyDocument.Statement;
    const condition = { StringEquals: { 'aws:SourceAccount': ACCOUNT } };
    expect(statements).toEqual([
      'cloudformation.amazonaws.com', 'cloudformation.af-south-1.amazonaws.com', 'cloudformation.me-south-1.amazonaws.com',
    ].map(service => ({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: service }, Condition: condition })));
  });

  test('the administration role may only assume the execution role', () => {
    const { template, resolve } = synth();
    const id = ids(template);
    const executionName = template.toJSON().Resources[id.execution].Properties.RoleName;
    expect(resolve(statementsOf(template, id.administration))).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Resource: `arn:aws:iam::${ACCOUNT}:role/${executionName}`,
    }]);
  });

  test('the execution role is the StackSet execution role, named at synth', () => {
    const { template } = synth();
    const name = template.toJSON().Resources[ids(template).execution].Properties.RoleName;
    expect(typeof name).toBe('string');
    expect(name.length).toBeLessThanOrEqual(64);
    expect(stackSetOf(template).properties.ExecutionRoleName).toBe(name);
  });

  test('the execution role trusts only the administration role', () => {
    const { template, resolve } = synth();
    const id = ids(template);
    expect(resolve(template.toJSON().Resources[id.execution].Properties.AssumeRolePolicyDocument.Statement)).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/${id.administration}` },
    }]);
  });

  test('the execution role may manage only StackSet instance stacks and their rules, and pass only the forwarder role to EventBridge', () => {
    const { template, resolve } = synth();
    const id = ids(template);
    const statements = resolve(statementsOf(template, id.execution));
    const sortActions = (s: any) => ({ ...s, Action: [s.Action].flat().sort() });
    expect(statements.map(sortActions)).toEqual([
      {
        Sid: 'ManageStackSetInstanceStacks',
        Effect: 'Allow',
        Action: ['cloudformation:*'],
        // StackSets names every instance stack StackSet-<stack set name>-<id>.
        Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/StackSet-*`,
      },
      {
        Sid: 'ManageForwardingRules',
        Effect: 'Allow',
        // The AWS::Events::Rule handler permissions (create, read, update, delete) of the CloudFormation registry schema.
        Action: ['events:DeleteRule', 'events:DescribeRule', 'events:ListTagsForResource', 'events:ListTargetsByRule',
          'events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:TagResource', 'events:UntagResource'],
        // CloudFormation names the rules of a stack after it: StackSet-...
        Resource: `arn:aws:events:*:${ACCOUNT}:rule/StackSet-*`,
      },
      {
        Sid: 'PassForwarderRole',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: `arn:aws:iam::${ACCOUNT}:role/${id.forwarder}`,
        Condition: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
      },
    ]);
  });
});

describe('RegionalDeployment.stackSet with existing roles', () => {
  test('uses the given administration role and execution role name, creating neither', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region: HOME } });
    new BreakGlassRole(stack, 'BreakGlass', {
      usernames: [Username.iamUser('alice')],
      trail: TrailSetup.existingTrail(),
      regions: ['eu-west-1'],
      regionalDeployment: RegionalDeployment.stackSet({
        administrationRole: iam.Role.fromRoleArn(stack, 'Admin', `arn:aws:iam::${ACCOUNT}:role/AWSCloudFormationStackSetAdministrationRole`),
        executionRoleName: 'AWSCloudFormationStackSetExecutionRole',
      }),
    });
    const template = Template.fromStack(stack);
    const props = stackSetOf(template).properties;
    expect(props.AdministrationRoleARN).toBe(`arn:aws:iam::${ACCOUNT}:role/AWSCloudFormationStackSetAdministrationRole`);
    expect(props.ExecutionRoleName).toBe('AWSCloudFormationStackSetExecutionRole');
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.includes('StackSet'))).toEqual([]);
    // The break-glass role and the forwarder role.
    template.resourceCountIs('AWS::IAM::Role', 2);
  });

  test('administrationRole without executionRoleName is an error', () => {
    const stack = new Stack(new App(), 'Home');
    expect(() => RegionalDeployment.stackSet({ administrationRole: iam.Role.fromRoleName(stack, 'Admin', 'Admin') }))
      .toThrow(/give administrationRole and executionRoleName together/);
  });

  test('executionRoleName without administrationRole is an error', () => {
    expect(() => RegionalDeployment.stackSet({ executionRoleName: 'Exec' })).toThrow(/give administrationRole and executionRoleName together/);
  });
});

describe('without forwarded regions', () => {
  test('a home stack in us-east-1 with no regions has no central bus, StackSet or StackSet roles', () => {
    const template = Template.fromStack(homeStack('us-east-1').stack);
    template.resourceCountIs('AWS::Events::EventBus', 0);
    template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    // The break-glass role only.
    template.resourceCountIs('AWS::IAM::Role', 1);
  });
});

describe('cfn-lint', () => {
  const { app, stack } = scenarioApp({ regions: ['*'] });
  const home = app.synth().getStackByName(stack.stackName).template;
  const errors = (findings: ReturnType<typeof cfnLint>) => findings.filter(f => f.level === 'Error');

  test('the home template has no errors', () => {
    const findings = errors(cfnLint(home, [HOME]));
    expect(formatFindings(findings)).toBe('');
  });

  test('the StackSet TemplateBody has no errors in any instance region', () => {
    const props = (Object.values(home.Resources) as any[]).find(r => r.Type === 'AWS::CloudFormation::StackSet').Properties;
    const regions: string[] = props.StackInstancesGroup[0].Regions;
    expect(regions).toHaveLength(16);
    const findings = errors(cfnLint(JSON.parse(props.TemplateBody), regions));
    expect(formatFindings(findings)).toBe('');
  });
});
