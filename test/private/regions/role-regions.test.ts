import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassRole, BreakGlassRoleProps, TrailSetup, Username } from '../../../src';
import { ENV, organizationApp, SCENARIO } from '../../support/apps';
import { CfnTemplate, resolveCfn } from '../../support/cfn-resolve';
import { policyAllows } from '../../support/iam-policy';

/**
 * The break-glass role's own policies, resolved as CloudFormation would, run
 * on requests as IAM sees them (`aws:RequestedRegion`: the region of the
 * endpoint called; IAM's is always us-east-1, but the model is asked for the
 * other regions too). AdministratorAccess is modelled as what it is, Allow *.
 */
const ADMINISTRATOR_ACCESS = { Effect: 'Allow', Action: '*', Resource: '*' };

function build(props: Partial<BreakGlassRoleProps> = {}): { stack: Stack; template: CfnTemplate } {
  const stack = new Stack(new App(), 'Home', { env: ENV });
  new BreakGlassRole(stack, 'BreakGlass', {
    roleName: SCENARIO.roleName,
    usernames: [Username.iamUser('alice')],
    trail: TrailSetup.existingTrail(),
    tamperAlerts: false,
    ...props,
  });
  return { stack, template: Template.fromStack(stack).toJSON() as CfnTemplate };
}

/** Every statement of the break-glass role's inline policies and of the policies attached to it. */
function roleStatements(template: CfnTemplate, roleName = SCENARIO.roleName): any[] {
  const ctx = { account: SCENARIO.account, region: SCENARIO.home, partition: 'aws', template };
  const resources = Object.values(template.Resources) as any[];
  const role = resources.find(r => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === roleName);
  const inline = (role?.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = resources.filter(r => r.Type === 'AWS::IAM::Policy'
    && JSON.stringify(resolveCfn(r.Properties.Roles, ctx)).includes(`"${roleName}"`)).flatMap(r => r.Properties.PolicyDocument.Statement);
  return [ADMINISTRATOR_ACCESS, ...resolveCfn([...inline, ...attached], ctx)];
}

const allows = (statements: any[], action: string, region: string) =>
  policyAllows(statements, { action, resource: '*', context: { 'aws:RequestedRegion': region } });

describe('the role acts only where it is watched', () => {
  // Home us-east-2, regions ['eu-west-1']: watched us-east-2, us-east-1, eu-west-1.
  const narrow = roleStatements(build({ regions: ['eu-west-1'] }).template);

  test.each([
    ['ec2:RunInstances', 'ap-southeast-2', false],
    ['s3:DeleteBucket', 'ap-southeast-2', false],
    ['sts:AssumeRole', 'ap-southeast-2', false],
    ['ec2:RunInstances', 'af-south-1', false],
    ['ec2:RunInstances', 'eu-west-1', true],
    ['s3:DeleteBucket', 'eu-west-1', true],
    ['ec2:RunInstances', 'us-east-2', true],
    ['s3:DeleteBucket', 'us-east-1', true],
    ['iam:CreateUser', 'us-east-1', true],
    ['iam:CreateUser', 'ap-southeast-2', true],
    ['sts:GetCallerIdentity', 'ap-southeast-2', true],
    ['organizations:ListAccounts', 'ap-southeast-2', true],
    ['cloudfront:CreateInvalidation', 'ap-southeast-2', true],
  ] as Array<[string, string, boolean]>)('under [\'eu-west-1\'], %s requested of %s: allowed %s', (action, region, allowed) => {
    expect(allows(narrow, action, region)).toBe(allowed);
  });

  test('by default, every region enabled by default is allowed, an opt-in region is not', () => {
    const byDefault = roleStatements(build().template);
    expect(allows(byDefault, 'ec2:RunInstances', 'ap-southeast-2')).toBe(true);
    expect(allows(byDefault, 'ec2:RunInstances', 'af-south-1')).toBe(false);
    expect(allows(byDefault, 'iam:CreateUser', 'af-south-1')).toBe(true);
  });

  test('a warning names the regions left out, and how to add one', () => {
    const { stack } = build({ regions: ['eu-west-1'] });
    const warning = Annotations.fromStack(stack).findWarning('/Home/BreakGlass', Match.stringLikeRegexp('aws-break-glass-role:unwatchedRegionsDenied'));
    expect(warning).toHaveLength(1);
    const text = JSON.stringify(warning[0].entry.data);
    expect(text).toMatch(/refused in .*ap-southeast-2.*af-south-1|refused in .*af-south-1.*ap-southeast-2/);
    expect(text).toMatch(/add that region to regions/);
    expect(text).not.toMatch(/refused in [^.]*eu-west-1/);
  });

  test('by default the warning names only opt-in regions', () => {
    const { stack } = build();
    const [warning] = Annotations.fromStack(stack).findWarning('/Home/BreakGlass', Match.stringLikeRegexp('aws-break-glass-role:unwatchedRegionsDenied'));
    expect(JSON.stringify(warning.entry.data)).toMatch(/af-south-1/);
    expect(JSON.stringify(warning.entry.data)).not.toMatch(/refused in [^.]*ap-southeast-2/);
  });

  test('denyUnwatchedRegions: false leaves other regions allowed, with a warning that they are not recorded', () => {
    const { stack, template } = build({ regions: ['eu-west-1'], denyUnwatchedRegions: false });
    expect(allows(roleStatements(template), 'ec2:RunInstances', 'ap-southeast-2')).toBe(true);
    Annotations.fromStack(stack).hasWarning('/Home/BreakGlass', Match.stringLikeRegexp('can act in .*ap-southeast-2.*nothing it does there is recorded.*aws-break-glass-role:unwatchedRegionsAllowed'));
    Annotations.fromStack(stack).hasNoWarning('/Home/BreakGlass', Match.stringLikeRegexp('unwatchedRegionsDenied'));
  });

  test('denyUnwatchedRegions must be a boolean', () => {
    expect(() => build({ denyUnwatchedRegions: 'no' as unknown as boolean })).toThrow(/denyUnwatchedRegions/);
  });
});

describe('an imported role', () => {
  function imported(canManageBreakGlassRole: boolean) {
    const stack = new Stack(new App(), 'Home', { env: ENV });
    new BreakGlassRole(stack, 'BreakGlass', {
      role: iam.Role.fromRoleName(stack, 'Existing', 'BreakGlassOps'),
      canManageBreakGlassRole,
      usernames: [Username.iamUser('alice')],
      regions: ['eu-west-1'],
      trail: TrailSetup.existingTrail(),
      tamperAlerts: false,
    });
    return { stack, template: Template.fromStack(stack).toJSON() as CfnTemplate };
  }

  test('with canManageBreakGlassRole, gets the deny as a policy attached to it', () => {
    const { stack, template } = imported(true);
    const statements = roleStatements(template, 'BreakGlassOps');
    expect(allows(statements, 'ec2:RunInstances', 'ap-southeast-2')).toBe(false);
    expect(allows(statements, 'ec2:RunInstances', 'eu-west-1')).toBe(true);
    expect(allows(statements, 'iam:CreateUser', 'ap-southeast-2')).toBe(true);
    // Its trust is not the construct's to change: the warning says what to add.
    Annotations.fromStack(stack).hasWarning('/Home/BreakGlass', Match.stringLikeRegexp('trust is not changed.*aws-break-glass-role:unwatchedRegionsDenied'));
  });

  test('without it, nothing is attached, and a warning says the role can act unrecorded where it is not watched', () => {
    const { stack, template } = imported(false);
    expect(allows(roleStatements(template, 'BreakGlassOps'), 'ec2:RunInstances', 'ap-southeast-2')).toBe(true);
    Annotations.fromStack(stack).hasWarning('/Home/BreakGlass', Match.stringLikeRegexp('ap-southeast-2.*aws-break-glass-role:unwatchedRegionsNotDenied'));
  });
});

describe('the organization\'s member role', () => {
  function memberStatements(overrides = {}): any[] {
    const { organization } = organizationApp({ regions: ['eu-west-1'], ...overrides });
    const body = JSON.parse(organization.templateBody) as CfnTemplate;
    const ctx = { account: '444455556666', region: SCENARIO.home, partition: 'aws', template: body };
    const role = resolveCfn(body.Resources.BreakGlassRole.Properties, ctx);
    return [ADMINISTRATOR_ACCESS, ...(role.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement)];
  }

  test('acts only where it is watched, global services excepted', () => {
    const statements = memberStatements();
    expect(allows(statements, 'ec2:RunInstances', 'ap-southeast-2')).toBe(false);
    expect(allows(statements, 's3:DeleteBucket', 'ap-southeast-2')).toBe(false);
    expect(allows(statements, 'ec2:RunInstances', 'eu-west-1')).toBe(true);
    expect(allows(statements, 'ec2:RunInstances', SCENARIO.home)).toBe(true);
    expect(allows(statements, 'iam:CreateUser', 'ap-southeast-2')).toBe(true);
    expect(allows(statements, 'sts:GetCallerIdentity', 'ap-southeast-2')).toBe(true);
  });

  test('with denyUnwatchedRegions: false, acts anywhere', () => {
    expect(allows(memberStatements({ denyUnwatchedRegions: false }), 'ec2:RunInstances', 'ap-southeast-2')).toBe(true);
  });
});
