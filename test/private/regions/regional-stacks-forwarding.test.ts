import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassRole, LogActions, RegionalDeployment, TrailSetup, Username } from '../../../src';
import { FORWARD_RULE_ID, GUARD_RULE_ID } from '../../../src/private/regions/forwarding-template';
import { ACCOUNT, SCENARIO, scenarioApp } from '../../support/apps';
import { cfnLint, formatFindings } from '../../support/cfn-lint';
import { CfnTemplate, resolveCfn } from '../../support/cfn-resolve';
import { ALL_MANAGEMENT_EVENTS } from '../../support/eventbridge-model';
import { branchesOf, distinctPatternTexts, expectForwardingIncludes, expectForwardingRuleMatchesHome, forwardedFormOf, forwardedTogether, homeForwardingExpectations, stackSetOf, unnarrowed } from '../../support/forwarding-assertions';
import { deployedRules, loadEvents, withForwardingNames } from '../../support/scenario';

const HOME = SCENARIO.home;
/** Login, action and tamper events; the tamper events' `${Placeholder}` names stay unfilled but those of the forwarded regions' own resources. */
const EVENTS = withForwardingNames(loadEvents('corpus', 'extra', 'tamper', 'canary', 'identity'));

function synth(regions: string[] = ['eu-west-1'], overrides: Parameters<typeof scenarioApp>[0] = {}) {
  const { app, stack } = scenarioApp({ regions, regionalDeployment: RegionalDeployment.regionalStacks(), ...overrides });
  const assembly = app.synth();
  const home = assembly.getStackByName(stack.stackName);
  const regional = assembly.stacks.filter(s => s !== home);
  return { app, assembly, home, regional };
}

function homeBusName(home: cxapi.CloudFormationStackArtifact): string {
  const buses = Object.values(home.template.Resources as { [id: string]: any }).filter(r => r.Type === 'AWS::Events::EventBus');
  expect(buses).toHaveLength(1);
  return buses[0].Properties.Name;
}

function resourcesOf(artifact: cxapi.CloudFormationStackArtifact, type: string): Array<[string, any]> {
  return Object.entries(artifact.template.Resources as { [id: string]: any }).filter(([, r]) => r.Type === type);
}

function resolveIn(artifact: cxapi.CloudFormationStackArtifact, value: unknown): any {
  return resolveCfn(value, {
    account: artifact.environment.account,
    region: artifact.environment.region,
    partition: 'aws',
    template: artifact.template as CfnTemplate,
  });
}

describe('RegionalDeployment.regionalStacks()', () => {
  test('makes one stack per forwarded region, in the home account', () => {
    const { regional } = synth();
    expect(regional.map(s => s.environment).sort((a, b) => a.region.localeCompare(b.region))).toEqual([
      { account: ACCOUNT, region: 'eu-west-1', name: `aws://${ACCOUNT}/eu-west-1` },
      { account: ACCOUNT, region: 'us-east-1', name: `aws://${ACCOUNT}/us-east-1` },
    ]);
  });

  test("with ['*'], one stack per default-enabled region but the home region", () => {
    expect(synth(['*']).regional).toHaveLength(16);
  });

  test('every regional stack depends on the home stack', () => {
    const { home, regional } = synth();
    for (const stack of regional) {
      expect(stack.dependencies.map(d => d.id)).toContain(home.id);
    }
  });

  test('the home stack has no StackSet and no StackSet roles', () => {
    const { home } = synth();
    expect(resourcesOf(home, 'AWS::CloudFormation::StackSet')).toEqual([]);
    // The break-glass role, the canary's role, the alert path check's and the readiness check's.
    expect(resourcesOf(home, 'AWS::IAM::Role').map(([id]) => id)).toEqual([
      expect.stringMatching(/^BreakGlass[0-9A-F]{8}$/), expect.stringMatching(/^BreakGlassCanaryRole[0-9A-F]{8}$/),
      expect.stringMatching(/^BreakGlassCanaryAlertPathRole[0-9A-F]{8}$/), expect.stringMatching(/^BreakGlassReadinessCheckRole[0-9A-F]{8}$/),
    ]);
  });

  test(`every regional stack holds one forwarding rule, ${FORWARD_RULE_ID}, in the all-management-events state, with the fixed description, and its guard rule`, () => {
    for (const stack of synth().regional) {
      const rules = resourcesOf(stack, 'AWS::Events::Rule');
      expect(rules.map(([id]) => id)).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
      const [[, rule], [, guard]] = rules;
      expect(rule.Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
      expect(rule.Properties.Description).toBe('Break-glass: forwards this region\'s break-glass events to the home region');
      // Two compact login patterns (AssumeRole*, console sign-in), the action pattern, the role-change pattern,
      // and changes to the guard rule.
      expect(Object.keys(rule.Properties.EventPattern)).toEqual(['$or']);
      expect(rule.Properties.EventPattern.$or).toHaveLength(6);
      // Changes to the forwarding rule, the dead-letter queue and the canary's schedule (with canary: false, the alarm
      // and its topic instead).
      expect(guard.Properties.State).toBe('ENABLED');
      expect(guard.Properties.EventPattern.$or).toHaveLength(3);
    }
  });

  test('the regional stacks\' rules have the StackSet body\'s names and patterns', () => {
    const { regional } = synth();
    const body = JSON.parse(stackSetOf(Template.fromStack(scenarioApp({ regions: ['eu-west-1'] }).stack)).properties.TemplateBody);
    const named = (rules: Array<[string, any]>) => rules.map(([id, rule]) => [id, rule.Properties.Name]);
    for (const stack of regional) {
      expect(named(resourcesOf(stack, 'AWS::Events::Rule'))).toEqual(named(Object.entries(body.Resources as object)
        .filter(([, r]) => r.Type === 'AWS::Events::Rule')));
    }
  });

  test('a part on its own forwards the fixed set in the all-management-events state, covering its central-bus rule', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region: HOME } });
    const role = iam.Role.fromRoleArn(stack, 'Existing', `arn:aws:iam::${ACCOUNT}:role/BreakGlass`);
    new BreakGlassLogActions(stack, 'Actions', {
      role, logActions: LogActions.WRITE, trail: TrailSetup.existingTrail(), regionalDeployment: RegionalDeployment.regionalStacks(), regions: ['us-east-1'],
    });
    const rules = deployedRules(app);
    // The part's own: the watch's heartbeat rules are the watch's.
    const central = rules.filter(r => r.region === HOME && r.bus !== 'default' && !r.id.includes('Heartbeat')).map(r => r.pattern);
    const forwarding = rules.filter(r => r.region !== HOME);
    expect(forwarding.map(r => `${r.region}/${r.id}/${r.state}`)).toEqual([
      `us-east-1/${FORWARD_RULE_ID}/ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`, `us-east-1/${GUARD_RULE_ID}/ENABLED`,
    ]);
    // Two compact login patterns, every action of the role, the role-change pattern, changes to the guard rule, IAM changes.
    expect(branchesOf(forwarding[0].pattern)).toHaveLength(6);
    expectForwardingIncludes(forwarding[0].pattern, central, EVENTS);
  });

  test('every forwarding rule targets the central bus of the home region through its stack forwarder role', () => {
    const { home, regional } = synth();
    const bus = `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${homeBusName(home)}`;
    for (const stack of regional) {
      for (const [, rule] of resourcesOf(stack, 'AWS::Events::Rule')) {
        expect(rule.Properties.EventBusName).toBeUndefined();
        const target = {
          Id: 'CentralBus',
          Arn: bus,
          // Named from the role's name, the home region and its own region: IAM names are account-wide.
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/BreakGlass-us-east-2-Forwarder-${stack.environment.region}`,
          // Its own region's queue.
          DeadLetterConfig: { Arn: `arn:aws:sqs:${stack.environment.region}:${ACCOUNT}:${resourcesOf(stack, 'AWS::SQS::Queue')[0][1].Properties.QueueName}` },
          RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 8 },
        };
        expect(resolveIn(stack, rule.Properties.Targets)).toEqual([target]);
      }
    }
  });

  test('in every regional stack, the forwarding and guard rules\' $or branches together are the central-bus rules\' patterns, the login ones in compact form', () => {
    const { app } = synth();
    const rules = deployedRules(app);
    const home = homeForwardingExpectations(rules, HOME);
    for (const region of ['eu-west-1', 'us-east-1']) {
      const forwarding = rules.filter(r => r.region === region);
      expect(forwarding.map(r => `${r.bus}/${r.id}`)).toEqual([`default/${FORWARD_RULE_ID}`, `default/${GUARD_RULE_ID}`]);
      expectForwardingRuleMatchesHome(forwardedTogether(forwarding), home, EVENTS);
    }
  });

  test('without the tamper alert, the forwarding rule still forwards the fixed set, and covers every central-bus pattern', () => {
    const { app } = synth(['eu-west-1'], { tamperAlerts: false });
    const rules = deployedRules(app);
    const home = rules.filter(r => r.region === HOME && r.bus === 'default').map(r => r.pattern);
    // Four login detectors, the canary's heartbeat, the actions and the assumption records (the same pattern as the first detector).
    expect(home).toHaveLength(7);
    const central = rules.filter(r => r.region === HOME && r.bus !== 'default').map(r => unnarrowed(r.pattern));
    expect(distinctPatternTexts(central)).toEqual(distinctPatternTexts(home));
    for (const region of ['eu-west-1', 'us-east-1']) {
      const forwarding = rules.filter(r => r.region === region);
      expect(forwarding.map(r => r.id)).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
      const branches = distinctPatternTexts(branchesOf(forwarding[0].pattern));
      expect(branches).toHaveLength(6);
      expect(branches).toEqual(expect.arrayContaining(distinctPatternTexts(home.map(forwardedFormOf))));
      expectForwardingIncludes(forwarding[0].pattern, central, EVENTS);
    }
  });

  test('a part made after the regional stacks makes no stack and changes no forwarding rule', () => {
    const forwardingOf = (withActions: boolean) => {
      const app = new App();
      const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region: HOME } });
      const role = iam.Role.fromRoleArn(stack, 'Existing', `arn:aws:iam::${ACCOUNT}:role/Emergency`);
      const common = { role, trail: TrailSetup.existingTrail(), regionalDeployment: RegionalDeployment.regionalStacks() };
      const alert = new BreakGlassLoginAlert(stack, 'Alert', common);
      const before = app.node.findAll().filter(c => Stack.isStack(c)).length;
      if (withActions) {
        // Inside the login alert, so it shares its watch (and its regional stacks).
        new BreakGlassLogActions(alert, 'Actions', { ...common, logActions: LogActions.ALL });
      }
      expect(app.node.findAll().filter(c => Stack.isStack(c))).toHaveLength(before);
      return deployedRules(app).filter(r => r.region === 'us-east-1');
    };
    const [alone, withActions] = [forwardingOf(false), forwardingOf(true)];
    expect(withActions.map(r => [r.id, r.pattern])).toEqual(alone.map(r => [r.id, r.pattern]));
  });

  test('the forwarder role of each regional stack is trusted by EventBridge of this account and may only put events on the central bus', () => {
    const { home, regional } = synth();
    for (const stack of regional) {
      const roles = resourcesOf(stack, 'AWS::IAM::Role');
      expect(roles).toHaveLength(1);
      const [[roleId, role]] = roles;
      expect(resolveIn(stack, role.Properties.AssumeRolePolicyDocument.Statement)).toEqual([{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }]);
      const policies = resourcesOf(stack, 'AWS::IAM::Policy');
      expect(policies.map(([, p]) => p.Properties.Roles)).toEqual([[{ Ref: roleId }]]);
      expect(resolveIn(stack, policies[0][1].Properties.PolicyDocument.Statement)).toEqual([{
        Action: 'events:PutEvents',
        Effect: 'Allow',
        Resource: `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${homeBusName(home)}`,
      }]);
    }
  });

  test('no stack refers to another: no exports, no imports, no cross-region reference resources', () => {
    const { home, regional } = synth();
    const stacks = [home, ...regional];
    expect(stacks.filter(s => JSON.stringify(s.template).includes('Fn::ImportValue')).map(s => s.id)).toEqual([]);
    expect(stacks.flatMap(s => Object.values(s.template.Outputs ?? {}) as any[]).filter(o => o.Export)).toEqual([]);
    // What aws-cdk-lib's crossRegionReferences would add.
    // The readiness check's function is the library's own, not a reference's.
    const types = stacks.flatMap(s => Object.entries(s.template.Resources as { [id: string]: any })
      // The functions of the home stack: the readiness check's and the alert path check's, which refer to no other stack.
      // (and the permissions to invoke them, named after both the rule and the function).
      .filter(([id]) => !/ReadinessCheck|AlertPath/.test(id)).map(([, r]) => r.Type));
    expect(types.filter(t => /^Custom::|^AWS::SSM::Parameter$|^AWS::Lambda::/.test(t))).toEqual([]);
  });

  test('the regional stacks have no Lambda function and no asset but their own template', () => {
    const { assembly, regional } = synth();
    for (const stack of regional) {
      expect(JSON.stringify(stack.template)).not.toMatch(/AWS::Lambda::|AssetParameters|Custom::/);
      const manifest = assembly.artifacts.find(a => a.id === `${stack.id}.assets`) as cxapi.AssetManifestArtifact;
      const assets = JSON.parse(fs.readFileSync(manifest.file, 'utf-8'));
      const files = Object.values(assets.files ?? {}).map((f: any) => f.source.path);
      const dockerImages = Object.keys(assets.dockerImages ?? {});
      expect({ files, dockerImages }).toEqual({ files: [path.basename(stack.templateFile)], dockerImages: [] });
    }
  });

  test('every regional template has no cfn-lint errors in its region', () => {
    for (const stack of synth(['eu-west-1', 'ap-northeast-1']).regional) {
      const findings = cfnLint(stack.template, [stack.environment.region]).filter(f => f.level === 'Error');
      expect(formatFindings(findings)).toBe('');
    }
  });

  test('uses no deprecated aws-cdk-lib API', () => {
    const mode = process.env.JSII_DEPRECATED;
    process.env.JSII_DEPRECATED = 'fail';
    try {
      // Fresh modules: aws-cdk-lib reports each deprecated API once per module registry.
      jest.isolateModules(() => {
        const fresh = jest.requireActual<typeof import('../../support/apps')>('../../support/apps');
        const src = jest.requireActual<typeof import('../../../src')>('../../../src');
        const deployment = src.RegionalDeployment.regionalStacks();
        expect(() => fresh.scenarioApp({ regions: ['eu-west-1'], regionalDeployment: deployment }).app.synth()).not.toThrow();
      });
    } finally {
      process.env.JSII_DEPRECATED = mode;
      if (mode === undefined) {
        delete process.env.JSII_DEPRECATED;
      }
    }
  });

  test('an imported role, known by ARN, needs no roleName', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region: HOME } });
    new BreakGlassRole(stack, 'BreakGlass', {
      usernames: [Username.iamUser('alice')],
      role: iam.Role.fromRoleArn(stack, 'Existing', `arn:aws:iam::${ACCOUNT}:role/Emergency`),
      regions: ['us-east-1'],
      trail: TrailSetup.existingTrail(),
      regionalDeployment: RegionalDeployment.regionalStacks(),
    });
    const regional = app.synth().stacks.filter(s => s.stackName !== 'Home');
    expect(regional).toHaveLength(1);
    expect(JSON.stringify(regional[0].template)).toContain(`arn:aws:iam::${ACCOUNT}:role/Emergency`);
  });

  test('parts of two roles under one long path get regional stacks of their own; two parts of one role share theirs', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region: HOME } });
    // Past 40 characters the two paths differ only in their hash.
    const scope = new Construct(stack, 'OrganizationSecurityBaselineEmergencyAccess');
    const common = { trail: TrailSetup.existingTrail(), regionalDeployment: RegionalDeployment.regionalStacks(), regions: ['us-east-1'] };
    const emergency = iam.Role.fromRoleArn(stack, 'Existing', `arn:aws:iam::${ACCOUNT}:role/Emergency`);
    new BreakGlassLoginAlert(scope, 'Alert', { role: emergency, ...common });
    new BreakGlassLogActions(scope, 'Actions', { role: emergency, ...common });
    const other = iam.Role.fromRoleArn(stack, 'Other', `arn:aws:iam::${ACCOUNT}:role/OtherEmergency`);
    new BreakGlassLoginAlert(scope, 'OtherAlert', { role: other, ...common });
    const regional = app.synth().stacks.filter(s => s.stackName !== 'Home');
    expect(regional).toHaveLength(2);
    expect(new Set(regional.map(s => s.stackName)).size).toBe(2);
  });

  test('a created role without roleName is an error naming the fix', () => {
    expect(() => scenarioApp({ roleName: undefined, logActions: LogActions.ALL, regionalDeployment: RegionalDeployment.regionalStacks() }))
      .toThrow(/RegionalDeployment.regionalStacks\(\) needs the break-glass role's name at synth.*set roleName, or use RegionalDeployment.stackSet\(\)/);
  });
});
