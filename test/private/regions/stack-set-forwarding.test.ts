import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import {
  BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassRole, BreakGlassTamperAlert, LogActions, RegionalDeployment, TrailSetup, Username,
} from '../../../src';
import { FORWARD_RULE_ID, GUARD_RULE_ID } from '../../../src/private/regions/forwarding-template';
import { ACCOUNT, homeStack, scenarioApp } from '../../support/apps';
import { cfnLint, formatFindings } from '../../support/cfn-lint';
import { CfnTemplate, resolveCfn } from '../../support/cfn-resolve';
import { ALL_MANAGEMENT_EVENTS, DeployedRule } from '../../support/eventbridge-model';
import { branchesOf, distinctPatternTexts, expectForwardingIncludes, expectForwardingRuleMatchesHome, forwardedFormOf, forwardedTogether, homeForwardingExpectations, logicalIdOf, stackSetOf, statementsOf, unnarrowed } from '../../support/forwarding-assertions';
import { deployedRules, loadEvents, withForwardingNames } from '../../support/scenario';

const HOME = 'us-east-2';
/** Login, action and tamper events; the tamper events' `${Placeholder}` names stay unfilled but those of the forwarded regions' own resources. */
const EVENTS = withForwardingNames(loadEvents('corpus', 'extra', 'tamper', 'canary', 'identity'));

/** `synth()` without props, made once: the tests only read it. */
let defaults: ReturnType<typeof synthesize> | undefined;

/** The home stack with every watched pattern (login and all actions), watching eu-west-1 as well. */
function synth(props: Parameters<typeof homeStack>[1] = {}) {
  return Object.keys(props).length === 0 ? (defaults ??= synthesize({})) : synthesize(props);
}

function synthesize(props: Parameters<typeof homeStack>[1]) {
  const { stack, breakGlass } = homeStack(HOME, { regions: ['eu-west-1'], logActions: LogActions.ALL, ...props });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as CfnTemplate;
  /** Renders a value as CloudFormation would in the home region. */
  const resolve = (value: unknown) => resolveCfn(value, { account: ACCOUNT, region: HOME, partition: 'aws', template: json });
  return { stack, template, resolve, canaryName: breakGlass.watch._canary?.settings.name };
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

/** The fixed description of every region's forwarding rule. */
const FORWARD_DESCRIPTION = 'Break-glass: forwards this region\'s break-glass events to the home region';

/** The one forwarding rule of a StackSet TemplateBody. */
function forwardRule(template: Template): any {
  return templateBody(template).Resources[FORWARD_RULE_ID];
}

/** The StackSet TemplateBody of a home stack holding the parts `build` makes around an imported role. */
function bodyOfParts(build: (stack: Stack, role: iam.IRole) => void): any {
  const stack = new Stack(new App(), 'Home', { env: { account: ACCOUNT, region: HOME } });
  build(stack, iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${ACCOUNT}:role/BreakGlass`));
  return forwardRule(Template.fromStack(stack));
}

/** Each forwarded region's rules on its default bus, by region. */
function forwardingByRegion(rules: DeployedRule[]): { [region: string]: DeployedRule[] } {
  const byRegion: { [region: string]: DeployedRule[] } = {};
  for (const rule of rules.filter(r => r.region !== HOME && r.bus === 'default')) {
    (byRegion[rule.region] ??= []).push(rule);
  }
  return byRegion;
}

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

  test('passes the central bus, forwarder role, break-glass role and canary role as parameters', () => {
    const { template, resolve, canaryName } = synth();
    const id = ids(template);
    const busName = template.toJSON().Resources[id.bus].Properties.Name;
    const parameters = [
      { ParameterKey: 'CentralBusArn', ParameterValue: `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${busName}` },
      { ParameterKey: 'ForwarderRoleArn', ParameterValue: `arn:aws:iam::${ACCOUNT}:role/BreakGlass-us-east-2-Forwarder` },
      { ParameterKey: 'BreakGlassRoleArn', ParameterValue: `arn:aws:iam::${ACCOUNT}:role/BreakGlass` },
      { ParameterKey: 'BreakGlassRoleName', ParameterValue: 'BreakGlass' },
    ];
    expect(resolve(stackSetOf(template).properties.Parameters)).toEqual([
      ...parameters,
      { ParameterKey: 'CanaryRoleArn', ParameterValue: `arn:aws:iam::${ACCOUNT}:role/${canaryName}` },
    ]);
    const withoutCanary = synth({ canary: false });
    expect(withoutCanary.resolve(stackSetOf(withoutCanary.template).properties.Parameters)).toEqual(parameters);
  });

  test('is created after the roles and policies it uses, and deleted before them', () => {
    const { template } = synth();
    const id = ids(template);
    const stackSet = stackSetOf(template);
    const policyOf = (role: string) => logicalIdOf(template, 'AWS::IAM::Policy', role.replace(/[0-9A-F]{8}$/, 'DefaultPolicy'));
    // The forwarder and administration roles through their ARNs in its properties, the rest explicitly.
    const referenced = [...JSON.stringify(stackSet.properties).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"([^"]+)"/g)].map(m => m[1]);
    expect(referenced).toEqual(expect.arrayContaining([id.forwarder, id.administration]));
    // The execution role is named, not referenced.
    expect(referenced).not.toContain(id.execution);
    expect(stackSet.dependsOn).toEqual(expect.arrayContaining([
      policyOf(id.forwarder), policyOf(id.administration), id.execution, policyOf(id.execution),
    ]));
  });

  test('the central bus is in the home stack, with a name fixed at synth', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Events::EventBus', 1);
    expect(template.toJSON().Resources[ids(template).bus].Properties.Name).toMatch(/^[A-Za-z0-9._-]{1,256}$/);
  });

  /** Each central-bus rule, by logical id without its hash, as `state -> target`. */
  function centralSummary(template: Template) {
    const central = Object.entries(template.findResources('AWS::Events::Rule', {
      Properties: { EventBusName: { Ref: ids(template).bus } },
    })) as Array<[string, any]>;
    const topic = { Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'BreakGlassLoginAlertTopic') };
    const logGroup = logicalIdOf(template, 'AWS::Logs::LogGroup', 'BreakGlassLogActionsLogGroup');
    const heartbeats = Object.keys(template.findResources('AWS::Logs::LogGroup')).find(id => id.startsWith('BreakGlassCanaryHeartbeat'));
    return Object.fromEntries(central.map(([id, rule]) => {
      expect(rule.Properties.Targets).toHaveLength(1);
      const arn = JSON.stringify(rule.Properties.Targets[0].Arn);
      const target = arn === JSON.stringify(topic) ? 'topic'
        : arn.includes(logGroup) ? 'log group'
          : heartbeats && arn.includes(heartbeats) ? 'heartbeat log group' : 'other';
      return [id.replace(/[0-9A-F]{8}$/, ''), `${rule.Properties.State} -> ${target}`];
    }));
  }

  // The login and action patterns need read-only events; the role's changes are write events.
  const LOGIN_AND_ACTIONS = {
    BreakGlassLoginAlertCentralAssumeRoleRule: `${ALL_MANAGEMENT_EVENTS} -> topic`,
    BreakGlassLoginAlertCentralAssumeRoleFailedRule: `${ALL_MANAGEMENT_EVENTS} -> topic`,
    BreakGlassLoginAlertCentralSwitchRoleRule: `${ALL_MANAGEMENT_EVENTS} -> topic`,
    BreakGlassLoginAlertCentralConsoleLoginRule: `${ALL_MANAGEMENT_EVENTS} -> topic`,
    BreakGlassLogActionsCentralRule: `${ALL_MANAGEMENT_EVENTS} -> log group`,
    BreakGlassLogActionsCentralAssumptionsRule: `${ALL_MANAGEMENT_EVENTS} -> log group`,
    BreakGlassTamperAlertCentralTamperRoleRule: 'ENABLED -> topic',
    BreakGlassTamperAlertCentralTamperStacksRule: 'ENABLED -> topic',
    // Changes to the forwarded regions' own resources, recorded there.
    BreakGlassTamperAlertCentralTamperGuardRuleRule: 'ENABLED -> topic',
    BreakGlassTamperAlertCentralTamperForwardingRuleRule: 'ENABLED -> topic',
    BreakGlassTamperAlertCentralTamperDeadLettersRule: 'ENABLED -> topic',
    // Changes to the listed IAM users, recorded in us-east-1.
    BreakGlassTamperAlertCentralIdentityUserRule: 'ENABLED -> topic',
    BreakGlassTamperAlertCentralIdentitySelfRule: 'ENABLED -> topic',
    BreakGlassTamperAlertCentralIdentityMfaRule: 'ENABLED -> topic',
  };

  test('rules on the central bus run every forwarded pattern, delivering to the alert topic, the action log group or the heartbeat log group', () => {
    expect(centralSummary(synth().template)).toEqual({
      ...LOGIN_AND_ACTIONS,
      // The canary's denied attempts, read-only events, end as heartbeats; changes to its schedules alert.
      // One heartbeat rule per forwarded region.
      BreakGlassCanaryHeartbeatCentralRuleeuwest1: `${ALL_MANAGEMENT_EVENTS} -> heartbeat log group`,
      BreakGlassCanaryHeartbeatCentralRuleuseast1: `${ALL_MANAGEMENT_EVENTS} -> heartbeat log group`,
      BreakGlassTamperAlertCentralTamperCanaryRule: 'ENABLED -> topic',
    });
  });

  test('with canary: false, rules on the central bus watch the forwarding alarm and its topic instead', () => {
    expect(centralSummary(synth({ canary: false }).template)).toEqual({
      ...LOGIN_AND_ACTIONS,
      BreakGlassTamperAlertCentralTamperForwardingAlarmRule: 'ENABLED -> topic',
      BreakGlassTamperAlertCentralTamperForwardingTopicRule: 'ENABLED -> topic',
    });
  });
});

describe('StackSet TemplateBody', () => {
  test('is a JSON string', () => {
    const body = stackSetOf(synth().template).properties.TemplateBody;
    expect(typeof body).toBe('string');
    expect(() => JSON.parse(body)).not.toThrow();
  });

  test('holds the forwarding rules, their dead-letter queue and the canary\'s schedule only: no alarm, no topic, no Lambda, no custom resource, no asset, no transform', () => {
    const body = templateBody(synth({ loginAlertEmails: ['security@example.com'] }).template);
    expect(new Set(Object.values(body.Resources).map((r: any) => r.Type)))
      .toEqual(new Set(['AWS::Events::Rule', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::Scheduler::Schedule']));
    expect(body.Transform).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/Lambda|Custom::|AssetParameters|cdk-hnb659fds|BootstrapVersion|S3Bucket/);
  });

  test('with canary: false, holds the forwarding rules, their dead-letter queue and its alarm only: no Lambda, no custom resource, no asset, no transform', () => {
    const body = templateBody(synth({ loginAlertEmails: ['security@example.com'], canary: false }).template);
    expect(new Set(Object.values(body.Resources).map((r: any) => r.Type))).toEqual(new Set([
      'AWS::Events::Rule', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::CloudWatch::Alarm', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription',
    ]));
    expect(body.Transform).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/Lambda|Custom::|AssetParameters|cdk-hnb659fds|BootstrapVersion|S3Bucket/);
  });

  test('refers to nothing but its own parameters, resources and pseudo parameters', () => {
    const body = templateBody(synth().template);
    const refs = [...JSON.stringify(body).matchAll(/"Ref":"([^"]+)"|\$\{([^}]+)\}/g)].map(m => m[1] ?? m[2]);
    const allowed = new Set([...Object.keys(body.Parameters), ...Object.keys(body.Resources), 'AWS::Partition', 'AWS::AccountId', 'AWS::Region']);
    expect(refs.filter(ref => !allowed.has(ref))).toEqual([]);
    const getAtts = [...JSON.stringify(body).matchAll(/"Fn::GetAtt":\["([^"]+)"/g)].map(m => m[1]);
    expect(getAtts.length).toBeGreaterThan(0);
    expect(getAtts.filter(id => !(id in body.Resources))).toEqual([]);
  });

  test(`has one forwarding rule, ${FORWARD_RULE_ID}, with the fixed description, and a guard rule, whichever parts there are`, () => {
    for (const props of [{}, { logActions: LogActions.WRITE }, { tamperAlerts: false }, { logActions: undefined, tamperAlerts: false }]) {
      const body = templateBody(synth(props).template);
      expect(Object.keys(body.Resources).filter(id => body.Resources[id].Type === 'AWS::Events::Rule')).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
      expect(body.Resources[FORWARD_RULE_ID].Properties.Description).toBe(FORWARD_DESCRIPTION);
    }
  });

  test('the forwarding rule joins the login, action, role-change and guard-rule patterns under one top-level $or', () => {
    const pattern = forwardRule(synth().template).Properties.EventPattern;
    expect(Object.keys(pattern)).toEqual(['$or']);
    // Two compact login patterns (AssumeRole*, console sign-in), the action pattern, the role-change pattern,
    // changes to the guard rule, and every IAM change (for the identity alerts).
    expect(pattern.$or).toHaveLength(6);
    expect(pattern.$or.filter((branch: any) => '$or' in branch)).toEqual([]);
  });

  test('the forwarding rule is in the all-management-events state when any pattern needs read-only events', () => {
    // The login patterns need read-only events (AssumeRole*), even beside write-only action logging.
    for (const props of [{}, { logActions: LogActions.WRITE }, { logActions: undefined, tamperAlerts: false }]) {
      expect(forwardRule(synth(props).template).Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
    }
    // One read-only pattern among write-only ones is enough.
    expect(bodyOfParts((stack, role) => {
      // The tamper alert first: the default watch it makes notifies its topic, which the action logs then share.
      new BreakGlassTamperAlert(stack, 'Tamper', { role, alertTopic: new sns.Topic(stack, 'Topic'), trail: TrailSetup.existingTrail() });
      const writes = new BreakGlassLogActions(stack, 'Writes', { role, logActions: LogActions.WRITE });
      new BreakGlassLogActions(writes, 'Reads', { role, logActions: LogActions.READ });
    }).Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
  });

  test('the watch forwards one fixed set whichever parts watch the role, so no part adds to it', () => {
    const fixed = bodyOfParts((stack, role) => {
      const alert = new BreakGlassLoginAlert(stack, 'Alert', { role, trail: TrailSetup.existingTrail() });
      new BreakGlassLogActions(alert, 'Actions', { role, logActions: LogActions.ALL, trail: TrailSetup.existingTrail() });
      new BreakGlassTamperAlert(alert, 'Tamper', { role, alertTopic: alert.alertTopic });
    });
    // Each part alone, with the id the first part above has: the default watch, and so the canary's name, is under it.
    const parts: Array<(stack: Stack, role: iam.IRole) => void> = [
      (stack, role) => new BreakGlassLogActions(stack, 'Alert', { role, logActions: LogActions.WRITE, trail: TrailSetup.existingTrail() }),
      (stack, role) => new BreakGlassLoginAlert(stack, 'Alert', { role, trail: TrailSetup.existingTrail() }),
      (stack, role) => new BreakGlassTamperAlert(stack, 'Alert', { role, alertTopic: new sns.Topic(stack, 'Topic'), trail: TrailSetup.existingTrail() }),
    ];
    for (const build of parts) {
      const rule = bodyOfParts(build);
      expect(rule.Properties.EventPattern).toEqual(fixed.Properties.EventPattern);
      // The login patterns need read-only events (AssumeRole*), whichever part is there.
      expect(rule.Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
    }
    // Two compact login patterns, every action of the role, the role-change pattern, changes to the guard rule, IAM changes.
    expect(fixed.Properties.EventPattern.$or).toHaveLength(6);
    expect(fixed.Properties.EventPattern.$or.slice(0, 3).map((branch: any) => branch.detail.eventName ?? null)).toEqual([
      ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'], ['SwitchRole', 'ConsoleLogin'], null,
    ]);
    expect(fixed.Properties.EventPattern.$or[2].detail.readOnly).toBeUndefined();
  });

  test('a part on its own still has every pattern of its central-bus rules forwarded', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region: HOME } });
    const role = iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${ACCOUNT}:role/BreakGlass`);
    new BreakGlassLogActions(stack, 'Actions', { role, logActions: LogActions.WRITE, trail: TrailSetup.existingTrail() });
    const rules = deployedRules(app);
    // The part's own: the watch's heartbeat rules are the watch's.
    const central = rules.filter(r => r.region === HOME && r.bus !== 'default' && !r.id.includes('Heartbeat')).map(r => r.pattern);
    // The actions, and the assumption records beside them.
    expect(central).toHaveLength(2);
    for (const [, forwarding] of Object.entries(forwardingByRegion(rules))) {
      expect(forwarding.map(r => r.id)).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
      expectForwardingIncludes(forwarding[0].pattern, central, EVENTS);
    }
  });

  test('the forwarding rule is on the default bus and targets the central bus through the forwarder role, keeping failures in its region\'s queue', () => {
    const rule = forwardRule(synth().template);
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.Targets).toEqual([{
      Id: 'CentralBus',
      Arn: { Ref: 'CentralBusArn' },
      RoleArn: { Ref: 'ForwarderRoleArn' },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 8 },
    }]);
  });

  test('in every instance region, the forwarding and guard rules\' $or branches together are the central-bus rules\' patterns, the login ones in compact form', () => {
    const { app } = scenarioApp({ regions: ['eu-west-1'] });
    const rules = deployedRules(app);
    const home = homeForwardingExpectations(rules, HOME);
    const byRegion = forwardingByRegion(rules);
    expect(Object.keys(byRegion).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const forwarding of Object.values(byRegion)) {
      expect(forwarding.map(r => [r.id, r.state])).toEqual([[FORWARD_RULE_ID, ALL_MANAGEMENT_EVENTS], [GUARD_RULE_ID, 'ENABLED']]);
      expectForwardingRuleMatchesHome(forwardedTogether(forwarding), home, EVENTS);
    }
  });

  test('without the tamper alert, the forwarding rule still forwards the fixed set, and covers every central-bus pattern', () => {
    const { app } = scenarioApp({ regions: ['eu-west-1'], tamperAlerts: false });
    const rules = deployedRules(app);
    const home = rules.filter(r => r.region === HOME && r.bus === 'default').map(r => r.pattern);
    // Four login detectors, the canary's heartbeat, the actions and the assumption records (the same pattern as the first detector).
    expect(home).toHaveLength(7);
    const central = rules.filter(r => r.region === HOME && r.bus !== 'default').map(r => unnarrowed(r.pattern));
    expect(distinctPatternTexts(central)).toEqual(distinctPatternTexts(home));
    for (const [region, forwarding] of Object.entries(forwardingByRegion(rules))) {
      expect([region, forwarding.map(r => r.id)]).toEqual([region, [FORWARD_RULE_ID, GUARD_RULE_ID]]);
      const branches = distinctPatternTexts(branchesOf(forwarding[0].pattern));
      expect(branches).toHaveLength(6);
      expect(branches).toEqual(expect.arrayContaining(distinctPatternTexts(home.map(forwardedFormOf))));
      expectForwardingIncludes(forwarding[0].pattern, central, EVENTS);
    }
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

  test('the execution role is the StackSet execution role, named at synth from the role\'s name and the home region', () => {
    const { template } = synth();
    const name = template.toJSON().Resources[ids(template).execution].Properties.RoleName;
    expect(name).toBe('BreakGlass-us-east-2-StackSetExecution');
    expect(stackSetOf(template).properties.ExecutionRoleName).toBe(name);
  });

  test('the same app deployed to two home regions of one account names two execution roles (IAM names are account-wide)', () => {
    const executionName = (region: string) => {
      const template = Template.fromStack(homeStack(region, { regions: ['eu-west-1'] }).stack);
      return template.toJSON().Resources[ids(template).execution].Properties.RoleName;
    };
    const [east, west] = [executionName('us-east-2'), executionName('us-west-2')];
    expect([east, west]).toEqual(['BreakGlass-us-east-2-StackSetExecution', 'BreakGlass-us-west-2-StackSetExecution']);
  });

  test.each([
    ['rules and canary schedules', {}],
    ['rules, alarms and topics', { canary: false }],
  ])('the same app deployed to two home regions of one account names its StackSets, %s apart', (_what, props) => {
    const names = (region: string) => {
      const { breakGlass } = homeStack(region, { regions: ['eu-west-1'], ...props });
      const watch = breakGlass.watch;
      return [watch.forwardRuleName, watch.guardRuleName, watch._canary ? watch._canary.settings.name : watch.forwardingAlarmName];
    };
    const [east, west] = [names('us-east-2'), names('us-west-2')];
    expect(east.filter(name => name === undefined)).toEqual([]);
    expect(east.filter(name => west.includes(name))).toEqual([]);
    expect(east.every(name => name!.includes('-us-east-2-'))).toBe(true);
  });

  test('the execution role and rule names are valid names of at most 64 characters, for a long path in the longest-named region', () => {
    const region = RegionInfo.regions.filter(r => r.partition === 'aws').map(r => r.name)
      .reduce((longest, name) => (name.length > longest.length ? name : longest));
    const stack = new Stack(new App(), 'OrganizationSecurityBaselineHomeStack', { env: { account: ACCOUNT, region } });
    new BreakGlassRole(new Construct(stack, 'OrganizationSecurityBaselineEmergencyAccessConstructs'), 'BreakGlass', {
      usernames: [Username.iamUser('alice')],
      trail: TrailSetup.existingTrail(),
      regions: ['eu-west-1'],
    });
    const template = Template.fromStack(stack);
    const [execution] = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.includes('StackSetExecutionRole'));
    const name: string = execution[1].Properties.RoleName;
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[\w+=,.@-]+$/);
    // The role's name is CloudFormation's: the names start from the construct path and the home region, cut to fit.
    expect(name).toMatch(/^BreakGlass-.*-[0-9A-F]{8}$/);
    expect(stackSetOf(template).properties.ExecutionRoleName).toBe(name);
    // And the forwarded regions' rules keep within EventBridge's 64-character names.
    const body = JSON.parse(stackSetOf(template).properties.TemplateBody);
    const ruleNames = Object.values(body.Resources as { [id: string]: any }).filter(r => r.Type === 'AWS::Events::Rule').map(r => r.Properties.Name);
    expect(ruleNames).toHaveLength(2);
    expect(ruleNames.filter(ruleName => !/^[\w.-]{1,64}$/.test(ruleName))).toEqual([]);
    // And the canary's role and schedules keep within IAM's and EventBridge Scheduler's 64-character names.
    const canaryNames = [body.Resources.CanarySchedule.Properties.Name,
      ...Object.values(template.findResources('AWS::Scheduler::Schedule')).map(s => s.Properties.Name),
      ...Object.values(template.findResources('AWS::IAM::Role')).map(r => r.Properties.RoleName).filter(n => typeof n === 'string' && n.includes('Canary'))];
    expect(canaryNames).toHaveLength(3);
    expect(canaryNames.filter(canaryName => !/^[\w.-]{1,64}$/.test(canaryName))).toEqual([]);
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

  test('with canary: false, the execution role may manage only StackSet instance stacks, their rules and dead-letter queue, the forwarding alarm and its topic, and pass only the forwarder role to EventBridge', () => {
    const { template, resolve } = synth({ canary: false });
    const id = ids(template);
    const statements = resolve(statementsOf(template, id.execution));
    // The forwarding alarm and its topic are named after the StackSet in every region.
    const alarmName = `${stackSetOf(template).properties.StackSetName}-ForwardFailed`;
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
        // The forwarding and guard rules, by their fixed names.
        Resource: [`arn:aws:events:*:${ACCOUNT}:rule/${alarmName.replace(/ForwardFailed$/, 'Forward')}`,
          `arn:aws:events:*:${ACCOUNT}:rule/${alarmName.replace(/ForwardFailed$/, 'Guard')}`],
      },
      {
        Sid: 'ManageDeadLetterQueue',
        Effect: 'Allow',
        // The AWS::SQS::Queue and AWS::SQS::QueuePolicy handler permissions of the registry schemas.
        Action: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags',
          'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
        // The queue, by its fixed name.
        Resource: `arn:aws:sqs:*:${ACCOUNT}:${alarmName.replace(/ForwardFailed$/, 'DeadLetters')}`,
      },
      {
        Sid: 'PassForwarderRole',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: `arn:aws:iam::${ACCOUNT}:role/BreakGlass-us-east-2-Forwarder`,
        Condition: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
      },
      {
        Sid: 'ManageForwardingAlarm',
        Effect: 'Allow',
        Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:PutMetricAlarm',
          'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
        Resource: `arn:aws:cloudwatch:*:${ACCOUNT}:alarm:${alarmName}`,
      },
      {
        Sid: 'ManageForwardingAlarmTopic',
        Effect: 'Allow',
        Action: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetDataProtectionPolicy', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic',
          'sns:ListTagsForResource', 'sns:PutDataProtectionPolicy', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:TagResource', 'sns:UntagResource'],
        Resource: `arn:aws:sns:*:${ACCOUNT}:${alarmName}`,
      },
      {
        Sid: 'RemoveForwardingAlarmSubscriptions',
        Effect: 'Allow',
        // SNS authorizes these on no resource type: kept out of the home region, where the alert topic is.
        Action: ['sns:GetSubscriptionAttributes', 'sns:Unsubscribe'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': HOME } },
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
    // The break-glass role, the forwarder role, the canary's role, the alert path check's and the readiness check's.
    template.resourceCountIs('AWS::IAM::Role', 5);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('BreakGlassCanaryRole'))).toHaveLength(1);
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
  test('a home stack in us-east-1 watching us-east-1 alone has no central bus, StackSet or StackSet roles', () => {
    const template = Template.fromStack(homeStack('us-east-1', { regions: ['us-east-1'] }).stack);
    template.resourceCountIs('AWS::Events::EventBus', 0);
    template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    // The break-glass role, the canary's role, the alert path check's and the readiness check's.
    template.resourceCountIs('AWS::IAM::Role', 4);
    expect(Object.keys(template.findResources('AWS::IAM::Role'))
      .filter(id => !/^BreakGlass(Canary|CanaryAlertPath|ReadinessCheck)?(Role)?[0-9A-F]{8}$/.test(id))).toEqual([]);
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
