import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { ACCOUNT } from './regions-app';
import { BreakGlassRole, LogActions, RegionalDeployment, TrailSetup, Username } from '../../src';
import { cfnLint, formatFindings } from '../support/cfn-lint';
import { CfnTemplate, resolveCfn } from '../support/cfn-resolve';
import { ALL_MANAGEMENT_EVENTS } from '../support/eventbridge-model';
import { deployedRules, scenarioApp, SCENARIO } from '../support/scenario';

const HOME = SCENARIO.home;

function synth(regions: string[] = ['eu-west-1']) {
  const { app, stack } = scenarioApp({ regions, regionalDeployment: RegionalDeployment.regionalStacks() });
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
    expect(resourcesOf(home, 'AWS::IAM::Role').map(([id]) => id)).toEqual([expect.stringMatching(/^BreakGlass[0-9A-F]{8}$/)]);
  });

  test('every regional stack holds one forwarding rule per pattern, with the all-management-events state', () => {
    for (const stack of synth().regional) {
      const rules = Object.fromEntries(resourcesOf(stack, 'AWS::Events::Rule').map(([id, r]) => [id, r.Properties.State]));
      expect(rules).toEqual({
        ForwardAssumeRoleRule: ALL_MANAGEMENT_EVENTS,
        ForwardAssumeRoleFailedRule: ALL_MANAGEMENT_EVENTS,
        ForwardSwitchRoleRule: ALL_MANAGEMENT_EVENTS,
        ForwardConsoleLoginRule: ALL_MANAGEMENT_EVENTS,
        ForwardRule: ALL_MANAGEMENT_EVENTS,
      });
    }
  });

  test('every forwarding rule targets the central bus of the home region through its stack forwarder role', () => {
    const { home, regional } = synth();
    const bus = `arn:aws:events:${HOME}:${ACCOUNT}:event-bus/${homeBusName(home)}`;
    for (const stack of regional) {
      const [[forwarder]] = resourcesOf(stack, 'AWS::IAM::Role');
      for (const [, rule] of resourcesOf(stack, 'AWS::Events::Rule')) {
        expect(rule.Properties.EventBusName).toBeUndefined();
        const target = { Id: 'CentralBus', Arn: bus, RoleArn: `arn:aws:iam::${ACCOUNT}:role/${forwarder}` };
        expect(resolveIn(stack, rule.Properties.Targets)).toEqual([target]);
      }
    }
  });

  test('in every regional stack, the forwarding rules run the patterns of the home rules', () => {
    const { app } = synth();
    const rules = deployedRules(app);
    const patterns = (region: string) => rules.filter(r => r.region === region && r.bus === 'default').map(r => JSON.stringify(r.pattern)).sort();
    expect(patterns(HOME)).toHaveLength(5);
    expect(patterns('eu-west-1')).toEqual(patterns(HOME));
    expect(patterns('us-east-1')).toEqual(patterns(HOME));
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
    const types = stacks.flatMap(s => Object.values(s.template.Resources as { [id: string]: any }).map(r => r.Type));
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
        const fresh = jest.requireActual<typeof import('../support/scenario')>('../support/scenario');
        const src = jest.requireActual<typeof import('../../src')>('../../src');
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
      trail: TrailSetup.existingTrail(),
      regionalDeployment: RegionalDeployment.regionalStacks(),
    });
    const regional = app.synth().stacks.filter(s => s.stackName !== 'Home');
    expect(regional).toHaveLength(1);
    expect(JSON.stringify(regional[0].template)).toContain(`arn:aws:iam::${ACCOUNT}:role/Emergency`);
  });

  test('a created role without roleName is an error naming the fix', () => {
    expect(() => scenarioApp({ roleName: undefined, logActions: LogActions.ALL, regionalDeployment: RegionalDeployment.regionalStacks() }))
      .toThrow(/RegionalDeployment.regionalStacks\(\) needs the break-glass role's name at synth.*set roleName, or use RegionalDeployment.stackSet\(\)/);
  });
});
