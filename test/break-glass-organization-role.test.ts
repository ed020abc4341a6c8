import { App, CfnStackSet, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassOrganizationHub, BreakGlassOrganizationRole, StackSetCallAs, Username } from '../src';
import { ORGANIZATION, organizationApp, SCENARIO } from './support/apps';
import { AWS_DEFAULT_REGIONS } from './support/forwarding-assertions';

/** CreateStackSet's limit on an inline template body. */
const BODY_LIMIT = 51_200;

describe('BreakGlassOrganizationRole', () => {
  const { organization, managementStack, hub } = organizationApp({ regions: ['*'] });
  const template = Template.fromStack(managementStack);

  test('a service-managed StackSet with automatic deployment to the organizational units, in every watched region', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{
        DeploymentTargets: { OrganizationalUnitIds: ORGANIZATION.organizationalUnits },
        Regions: organization.watchedRegions,
      }],
    });
    expect(organization.watchedRegions[0]).toBe(hub.region);
    expect([...organization.watchedRegions].sort()).toEqual([...AWS_DEFAULT_REGIONS].sort());
  });

  test('the body is inline, within CreateStackSet\'s limit, and names no member account', () => {
    const stackSet = Object.values(template.findResources('AWS::CloudFormation::StackSet'))[0];
    expect(typeof stackSet.Properties.TemplateBody).toBe('string');
    expect(stackSet.Properties.TemplateBody).toBe(organization.templateBody);
    expect(Buffer.byteLength(organization.templateBody)).toBeLessThan(BODY_LIMIT);
    expect(organization.templateBody).not.toMatch(/\b(?!222233334444|111122223333)\d{12}\b/);
    // Only the hub (its bus) and the trusted account are named: the same body for any number of accounts.
    const everyAccount = organizationApp({ regions: ['*'], organizationalUnits: ['r-ab12'] }).organization.templateBody;
    expect(everyAccount).toEqual(organization.templateBody);
  });

  test('a hub of the same app is named, not referenced: no export, no dependency between the stacks', () => {
    const { app, managementStack: stack } = organizationApp();
    const assembly = app.synth();
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('Fn::ImportValue');
    expect(assembly.getStackByName('Management').dependencies.map(d => d.id)).not.toContain('Hub');
  });

  test('the role options of BreakGlassRole reach the member role', () => {
    const { organization: withOptions } = organizationApp({
      maxSessionDuration: Duration.hours(2),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::evidence/*'] })],
    });
    const role = JSON.parse(withOptions.templateBody).Resources.BreakGlassRole.Properties;
    expect(role.MaxSessionDuration).toBe(7200);
    expect(JSON.stringify(role.ManagedPolicyArns)).toContain(':iam::aws:policy/ReadOnlyAccess');
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::evidence/*' }]);
  });

  test('without policies, AdministratorAccess and the acknowledgeable warning', () => {
    const { organization: admin, managementStack: stack } = organizationApp({ managedPolicies: undefined });
    expect(JSON.stringify(JSON.parse(admin.templateBody).Resources.BreakGlassRole.Properties.ManagedPolicyArns)).toContain('policy/AdministratorAccess');
    Annotations.fromStack(stack).hasWarning('/Management/Organization', Match.stringLikeRegexp('aws-break-glass-role:adminAccess'));
  });

  test('warns that the management account gets no role', () => {
    Annotations.fromStack(managementStack).hasWarning('/Management/Organization',
      Match.stringLikeRegexp('never deploys to the organization\'s management account.*\\[ack: aws-break-glass-role:managementAccountNotCovered\\]'));
  });

  test('a delegated administrator creates it with callAs', () => {
    const { managementStack: stack } = organizationApp({ callAs: StackSetCallAs.DELEGATED_ADMIN });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'DELEGATED_ADMIN' });
  });

  test('a hub of another app, by its attributes, gives the same body', () => {
    const stack = new Stack(new App(), 'Management', { env: { account: ORGANIZATION.management, region: 'us-east-1' } });
    const imported = new BreakGlassOrganizationRole(stack, 'Organization', {
      hub: BreakGlassOrganizationHub.fromAttributes(stack, 'Hub', { account: ORGANIZATION.security, region: SCENARIO.home, roleName: SCENARIO.roleName }),
      organizationalUnits: ORGANIZATION.organizationalUnits,
      trustedAccount: ORGANIZATION.identity,
      usernames: [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')],
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      regions: ['*'],
    });
    expect(imported.templateBody).toEqual(organization.templateBody);
  });

  describe('bad input', () => {
    const build = (props: object) => () => organizationApp(props as any);
    test.each([
      ['a malformed organizational unit id', { organizationalUnits: ['ou-12'] }, /organizationalUnits has 'ou-12', not an organizational unit id/],
      ['an empty organizational unit list', { organizationalUnits: [] }, /organizationalUnits is an array \[\]: name at least one organizational unit/],
      ['an organizational unit twice', { organizationalUnits: ['ou-ab12-workload1', 'ou-ab12-workload1'] }, /organizationalUnits names 'ou-ab12-workload1' twice/],
      ['trustedAccount missing (JavaScript)', { trustedAccount: undefined }, /trustedAccount is undefined, not an AWS account id: give the account's 12 digits/],
      ['a malformed trustedAccount', { trustedAccount: '1111-2222-3333' }, /trustedAccount is '1111-2222-3333', not an AWS account id/],
      ['a roleName other than the hub\'s', { roleName: 'Emergency' }, /roleName is 'Emergency', but the hub Hub\/Hub watches the role 'BreakGlass'/],
      ['a region outside the partition', { regions: ['cn-north-1'] }, /regions has 'cn-north-1', which is outside the stack's partition 'aws' \(home region us-east-2\)/],
      ['an unknown region', { regions: ['moon-1'] }, /regions has 'moon-1', which is not a known AWS region/],
      ['a forged callAs', { callAs: 'self' }, /callAs is 'self', which is not a member of StackSetCallAs/],
      ['no usernames', { usernames: [] }, /usernames/],
      ['a session over 12 hours', { maxSessionDuration: Duration.hours(13) }, /maxSessionDuration is 13 hours, outside IAM's range/],
      ['a hub that is not one', { hub: { roleName: 'BreakGlass' } }, /hub is an object \{"roleName":"BreakGlass"\}, not an organization hub/],
      ['a canary interval of seconds', { canaryInterval: Duration.seconds(90) }, /canaryInterval is 1 minute 30 seconds: the heartbeat alarm needs whole minutes from 5 minutes to 8 hours/],
      ['a canary interval that is no Duration (JavaScript)', { canaryInterval: 3600 }, /canaryInterval is a number 3600, not a Duration: give Duration.hours\(1\)/],
      ['a canary that is no boolean (JavaScript)', { canary: 'yes' }, /canary is 'yes', not a boolean/],
    ])('%s', (_name, props, error) => {
      expect(build(props)).toThrow(error);
    });

    const mismatched = (roleProps: object, hubProps: object) => () => organizationApp(roleProps as any, hubProps as any);
    test.each([
      ['a hub without the canary', mismatched({ canary: true }, { canary: false }), /The hub expects no canary, but the StackSet would run a canary every 60 minutes\. Leave canary, canaryInterval, regions and organizationalUnits out of the BreakGlassOrganizationRole \(it takes the hub's\), or give the hub Hub\/Hub the same/],
      ['a StackSet without the canary', mismatched({ canary: false }, { canary: true }), /The hub expects a canary every 60 minutes, but the StackSet would run no canary/],
      ['another interval', mismatched({ canaryInterval: Duration.minutes(30) }, { canaryInterval: Duration.hours(1) }), /a canary every 60 minutes, but the StackSet would run a canary every 30 minutes/],
      ['other regions', mismatched({ regions: ['eu-west-1'] }, { regions: [] }), /The hub expects heartbeats from us-east-2, us-east-1, but the StackSet deploys to us-east-2, eu-west-1, us-east-1/],
      ['other units', mismatched({}, { organizationalUnits: ['ou-ab12-sandbox01'] }), /The hub expects the accounts of ou-ab12-sandbox01, but the StackSet deploys to ou-ab12-workload1/],
      ['a hub of the whole organization and a StackSet of one unit', mismatched({}, { organizationalUnits: undefined }), /The hub expects the accounts of the whole organization, but the StackSet deploys to ou-ab12-workload1/],
    ])('the hub of the same app expecting other than the StackSet deploys: %s', (_name, deploy, error) => {
      expect(deploy).toThrow(error);
    });

    test('a hub of the whole organization and a StackSet of the root agree; so do both without the canary, whatever the regions', () => {
      expect(() => organizationApp({ organizationalUnits: ['r-ab12'] }, { organizationalUnits: undefined })).not.toThrow();
      expect(() => organizationApp({ canary: false, regions: ['eu-west-1'] }, { canary: false, regions: [] })).not.toThrow();
    });

    test('organizational units given neither to the role nor to its hub', () => {
      expect(() => organizationApp({ organizationalUnits: undefined }, { organizationalUnits: undefined }))
        .toThrow(/organizationalUnits is not given, and the hub Hub\/Hub names none \(it expects every account of the organization\): give the role the organizational units/);
    });

    test('given to an imported hub that says what it expects, and other than it: refused as for a hub of the same app', () => {
      const stack = new Stack(new App(), 'Management', { env: { account: ORGANIZATION.management, region: 'us-east-1' } });
      const imported = BreakGlassOrganizationHub.fromAttributes(stack, 'Hub', {
        account: ORGANIZATION.security, region: SCENARIO.home, roleName: SCENARIO.roleName, organizationalUnits: ['ou-ab12-sandbox01'],
      });
      expect(() => new BreakGlassOrganizationRole(stack, 'Organization', {
        hub: imported, organizationalUnits: ['ou-ab12-workload1'], trustedAccount: ORGANIZATION.identity, usernames: [Username.iamUser('alice')],
      })).toThrow(/The hub expects the accounts of ou-ab12-sandbox01, but the StackSet deploys to ou-ab12-workload1/);
    });

    test('a managed policy of the management stack, which member accounts cannot see', () => {
      expect(() => {
        const app = new App();
        const importedHub = BreakGlassOrganizationHub.fromAttributes(new Stack(app, 'H'), 'Hub', {
          account: ORGANIZATION.security, region: SCENARIO.home, roleName: SCENARIO.roleName,
        });
        const stack = new Stack(app, 'Management', { env: { account: ORGANIZATION.management, region: 'us-east-1' } });
        new BreakGlassOrganizationRole(stack, 'Organization', {
          hub: importedHub,
          organizationalUnits: ORGANIZATION.organizationalUnits,
          trustedAccount: ORGANIZATION.identity,
          usernames: [Username.iamUser('alice')],
          managedPolicies: [new iam.ManagedPolicy(stack, 'Local', { statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] })] })],
        });
      }).toThrow(/managedPolicies\[0\] refers to \{"Ref":"Local[0-9A-F]+"\}, a value of the stack Management: every member account deploys the same template/);
    });
  });
});

describe('inputs given once, at the hub', () => {
  const UNITS = ['ou-ab12-workload1', 'ou-ab12-sandbox01'];
  const HUB_SAYS = { regions: ['*'], organizationalUnits: UNITS, canaryInterval: Duration.hours(2) };
  /** What the StackSet deploys: its regions, its units, and the canary's schedule in the member template. */
  function deployed(organization: BreakGlassOrganizationRole) {
    const stackSet = organization.stackSet;
    const [group] = stackSet.stackInstancesGroup as CfnStackSet.StackInstancesProperty[];
    const schedules = Object.values<any>(JSON.parse(organization.templateBody).Resources)
      .filter(resource => resource.Type === 'AWS::Scheduler::Schedule').map(resource => resource.Properties.ScheduleExpression);
    return { regions: group.regions, units: (group.deploymentTargets as CfnStackSet.DeploymentTargetsProperty).organizationalUnitIds, schedules };
  }

  test('a role given no regions, units or canary deploys to the hub\'s 17 regions and 2 units, with its 2-hour canary', () => {
    const { hub, organization } = organizationApp({ organizationalUnits: undefined }, HUB_SAYS);
    expect(hub.watchedRegions).toHaveLength(17);
    const { regions, units, schedules } = deployed(organization);
    expect([...regions].sort()).toEqual([...hub.watchedRegions].sort());
    expect(units).toEqual(UNITS);
    expect(schedules).toEqual(['rate(120 minutes)']);
  });

  test('a hub imported with what it expects gives the same', () => {
    const fromHub = organizationApp({ organizationalUnits: undefined }, HUB_SAYS).organization;
    const stack = new Stack(new App(), 'Management', { env: { account: ORGANIZATION.management, region: 'us-east-1' } });
    const imported = new BreakGlassOrganizationRole(stack, 'Organization', {
      hub: BreakGlassOrganizationHub.fromAttributes(stack, 'Hub', {
        account: ORGANIZATION.security, region: SCENARIO.home, roleName: SCENARIO.roleName, ...HUB_SAYS,
      }),
      trustedAccount: ORGANIZATION.identity,
      usernames: [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')],
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    expect(deployed(imported)).toEqual(deployed(fromHub));
    expect(imported.templateBody).toEqual(fromHub.templateBody);
  });

  test('a hub without the canary: the role runs none, unless it asks for one (refused)', () => {
    const { organization } = organizationApp({ organizationalUnits: undefined }, { ...HUB_SAYS, canary: false });
    expect(deployed(organization).schedules).toEqual([]);
    expect(() => organizationApp({ canaryInterval: Duration.hours(2) }, { ...HUB_SAYS, canary: false })).toThrow(/The hub expects no canary/);
  });
});

describe('names of the organization', () => {
  /** Every name the hub and the member template give their resources, with the rule of the service that takes it. */
  function names(roleName: string) {
    const { hubStack, organization } = organizationApp({}, { roleName });
    const hubResources = Object.values(Template.fromStack(hubStack).toJSON().Resources as { [id: string]: any });
    const body = JSON.parse(organization.templateBody);
    const resources = [...hubResources, ...Object.values(body.Resources as { [id: string]: any })];
    // A per-region name (`Fn::Sub` of the region) in the longest-named region.
    const text = (value: unknown) => (typeof value === 'string' ? value
      : (value as any)?.['Fn::Sub'] !== undefined ? String((value as any)['Fn::Sub']).replace('${AWS::Region}', 'ap-southeast-5') : undefined);
    const named = (type: string, property: string) => resources
      .filter(r => r.Type === type && text(r.Properties?.[property]) !== undefined).map(r => text(r.Properties[property]) as string);
    return [
      ...named('AWS::IAM::Role', 'RoleName').map(name => ['IAM role', name, /^[\w+=,.@-]{1,64}$/] as const),
      ...named('AWS::Scheduler::Schedule', 'Name').map(name => ['schedule', name, /^[0-9a-zA-Z-_.]{1,64}$/] as const),
      ...named('AWS::Lambda::Function', 'FunctionName').map(name => ['Lambda function', name, /^[a-zA-Z0-9-_]{1,64}$/] as const),
      ...named('AWS::CloudWatch::Alarm', 'AlarmName').map(name => ['alarm', name, /^.{1,255}$/] as const),
      ...named('AWS::Events::Rule', 'Name').map(name => ['EventBridge rule', name, /^[.\-_A-Za-z0-9]{1,64}$/] as const),
      ...named('AWS::Events::EventBus', 'Name').map(name => ['event bus', name, /^[/.\-_A-Za-z0-9]{1,256}$/] as const),
      ...named('AWS::SQS::Queue', 'QueueName').map(name => ['SQS queue', name, /^[A-Za-z0-9_-]{1,80}$/] as const),
      [['StackSet', organization.stackSetName, /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/] as const][0],
    ];
  }

  test.each(['BreakGlass', 'Break.Glass+Ops@team', `a+=,.@_-${'x'.repeat(37)}`])('for the role %s, every name keeps within its service\'s limits and characters', roleName => {
    const found = names(roleName);
    expect(found.length).toBeGreaterThanOrEqual(12);
    expect(found.map(([kind]) => kind)).toEqual(expect.arrayContaining(['IAM role', 'schedule', 'Lambda function', 'alarm']));
    expect(found.filter(([, name, rule]) => !rule.test(name)).map(([kind, name]) => `${kind} ${name}`)).toEqual([]);
  });

  test('a plain role name is used as it is, and names differing only in other characters stay apart', () => {
    expect(organizationApp().organization.stackSetName).toBe('BreakGlass-BreakGlass-Organization');
    const stackSet = (roleName: string) => organizationApp({}, { roleName }).organization.stackSetName;
    expect(stackSet('Break.Glass')).not.toEqual(stackSet('Break_Glass'));
  });
});
