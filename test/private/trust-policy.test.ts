import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BreakGlassRole, BreakGlassRoleProps, TrailSetup, Username } from '../../src';
import { organizationApp } from '../support/apps';
import { CfnTemplate, resolveCfn } from '../support/cfn-resolve';
import { IamContext, trustPolicyAllows } from '../support/iam-policy';

/**
 * The role's trust policy, resolved as CloudFormation would in account
 * 111122223333, run on the request contexts IAM builds for each caller.
 *
 * For a role session, `aws:PrincipalArn` is the ARN of the role (with its
 * path) and `aws:userid` is `ROLEID:SESSIONNAME`; for an IAM user,
 * `aws:username` is the user's name. IAM Identity Center roles are
 * `role/aws-reserved/sso.amazonaws.com/[REGION/]AWSReservedSSO_<permission set>_<16 hex>`.
 */
const ACCOUNT = '111122223333';
const ENV = { account: ACCOUNT, region: 'us-east-2' };

function trustPolicy(props: Partial<BreakGlassRoleProps> = {}): any[] {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  new BreakGlassRole(stack, 'BreakGlass', {
    usernames: [
      Username.iamUser('alice'),
      Username.identityCenter('carol@example.com', 'Admin'),
      Username.federated('dave@example.com', 'SamlEngineers'),
      Username.federated('erin@example.com', 'saml/Ops'),
    ],
    trail: TrailSetup.existingTrail(),
    tamperAlerts: false,
    ...props,
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const [role] = Object.values(template.Resources as { [id: string]: any })
    .filter(resource => resource.Type === 'AWS::IAM::Role' && /^Break-glass role/.test(resource.Properties.Description));
  return resolveCfn(role.Properties.AssumeRolePolicyDocument, { account: ACCOUNT, region: 'us-east-2', partition: 'aws', template }).Statement;
}

/**
 * Where and how a caller asks: the region of the STS endpoint it calls (`aws:RequestedRegion`: the home region's by
 * default; the global endpoint's is us-east-1), and the source identity it sets or its session carries (none by default).
 */
interface Asking {
  readonly region?: string;
  readonly sourceIdentity?: string;
}

/** A role session `session` arriving through the role at `rolePath` (path and name after `role/`), naming the new session as itself. */
function session(rolePath: string, sessionName: string, account = ACCOUNT, asking: Asking = {}) {
  const roleName = rolePath.split('/').pop();
  const context: IamContext = {
    'aws:PrincipalArn': `arn:aws:iam::${account}:role/${rolePath}`,
    'aws:userid': `AROAEXAMPLEROLEID1234:${sessionName}`,
    'aws:username': null,
    'aws:MultiFactorAuthPresent': null,
    'aws:RequestedRegion': asking.region ?? 'us-east-2',
    'sts:RoleSessionName': sessionName,
    'sts:SourceIdentity': asking.sourceIdentity ?? null,
  };
  return { principal: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`, action: 'sts:AssumeRole', context };
}

/**
 * An IAM user `name`, signed in with MFA or not (`null`: with long-term keys, the key is absent), asking for a
 * session named `sessionName`: by default the user's name, as the console's switch role names it.
 */
function iamUser(name: string, mfa: 'true' | 'false' | null, sessionName = name, asking: Asking = {}) {
  const context: IamContext = {
    'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/${name}`,
    'aws:userid': 'AIDAEXAMPLEUSERID1234',
    'aws:username': name,
    'aws:MultiFactorAuthPresent': mfa,
    'aws:RequestedRegion': asking.region ?? 'us-east-2',
    'sts:RoleSessionName': sessionName,
    'sts:SourceIdentity': asking.sourceIdentity ?? null,
  };
  return { principal: `arn:aws:iam::${ACCOUNT}:user/${name}`, action: 'sts:AssumeRole', context };
}

const IC = 'aws-reserved/sso.amazonaws.com';

const MATRIX: Array<[string, ReturnType<typeof session>, boolean]> = [
  // IAM Identity Center: carol through permission set Admin
  ['carol through Admin, Identity Center in eu-west-2 (region in the path)', session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'carol@example.com'), true],
  ['carol through Admin, Identity Center in us-east-1 (no region in the path)', session(`${IC}/AWSReservedSSO_Admin_abcdef0123456789`, 'carol@example.com'), true],
  ['carol\'s session name from a CI role', session('CiDeploy', 'carol@example.com'), false],
  ['carol\'s session name from another permission set', session(`${IC}/eu-west-2/AWSReservedSSO_ReadOnly_1234567890abcdef`, 'carol@example.com'), false],
  ['carol\'s session name from a permission set whose name extends Admin', session(`${IC}/eu-west-2/AWSReservedSSO_Admin_Evil_1234567890abcdef`, 'carol@example.com'), false],
  ['carol\'s session name from Admin_Evil, no region in the path', session(`${IC}/AWSReservedSSO_Admin_Evil_1234567890abcdef`, 'carol@example.com'), false],
  ['carol\'s session name from a role named like Admin\'s, outside the reserved path', session('AWSReservedSSO_Admin_1234567890abcdef', 'carol@example.com'), false],
  ['carol\'s session name from a role named like Admin\'s, under a look-alike path', session('sso.amazonaws.com/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef', 'carol@example.com'), false],
  ['carol\'s session name from a look-alike path ending in the reserved one', session(`ci/${IC}/AWSReservedSSO_Admin_1234567890abcdef`, 'carol@example.com'), false],
  ['carol through Admin in another account', session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'carol@example.com', '444455556666'), false],
  ['mallory through Admin', session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'mallory@example.com'), false],
  ['a session whose name ends in carol\'s, through Admin', session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'xcarol@example.com'), false],
  // The new session's name is not bound for a federated caller (no variable holds the caller's session name alone, and
  // the console's name for a federated switch is not documented): carol may name it otherwise, and her actions are
  // attributed to her through the assumption record.
  ['carol through Admin, naming the new session bob', {
    ...session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'carol@example.com'),
    context: { ...session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'carol@example.com').context, 'sts:RoleSessionName': 'bob' },
  }, true],
  // SAML: dave through SamlEngineers, erin through saml/Ops
  ['dave through SamlEngineers', session('SamlEngineers', 'dave@example.com'), true],
  ['erin through saml/Ops', session('saml/Ops', 'erin@example.com'), true],
  ['dave through erin\'s role', session('saml/Ops', 'dave@example.com'), false],
  ['erin through dave\'s role', session('SamlEngineers', 'erin@example.com'), false],
  ['carol through dave\'s role', session('SamlEngineers', 'carol@example.com'), false],
  ['dave through carol\'s permission set', session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'dave@example.com'), false],
  ['dave through a role of the same name under another path', session('ci/SamlEngineers', 'dave@example.com'), false],
  ['dave through a role whose name extends SamlEngineers', session('SamlEngineers2', 'dave@example.com'), false],
  ['erin through a role named Ops without the path', session('Ops', 'erin@example.com'), false],
  // IAM users
  ['alice with MFA, session alice', iamUser('alice', 'true'), true],
  ['ALICE with MFA (IAM user names ignore case), session ALICE', iamUser('ALICE', 'true'), true],
  ['alice with MFA, session bob (another person\'s name)', iamUser('alice', 'true', 'bob'), false],
  ['alice with MFA, session drill', iamUser('alice', 'true', 'drill'), false],
  ['alice with MFA, session Alice (the name in another case)', iamUser('alice', 'true', 'Alice'), false],
  ['alice without MFA', iamUser('alice', 'false'), false],
  ['alice with long-term keys (no MFA key)', iamUser('alice', null), false],
  ['mallory with MFA', iamUser('mallory', 'true'), false],
  ['an IAM user named like carol\'s session', iamUser('carol@example.com', 'true'), false],
];

describe('trust policy on request contexts', () => {
  const statements = trustPolicy();

  test.each(MATRIX.map(([name, request, admitted]) => [`${name}: ${admitted ? 'admitted' : 'denied'}`, request, admitted] as const))('%s', (_name, request, admitted) => {
    expect(trustPolicyAllows(statements, request)).toBe(admitted);
  });

  test('with requireMfa: false, alice is admitted without MFA and mallory still is not', () => {
    const relaxed = trustPolicy({ requireMfa: false });
    expect(trustPolicyAllows(relaxed, iamUser('alice', 'false'))).toBe(true);
    expect(trustPolicyAllows(relaxed, iamUser('mallory', 'false'))).toBe(false);
  });

  test('two sessions through one role share a statement, and neither admits the other role\'s session', () => {
    const shared = trustPolicy({
      usernames: [
        Username.federated('carol@example.com', 'RoleA'),
        Username.federated('frank@example.com', 'RoleA'),
        Username.federated('dave@example.com', 'RoleB'),
      ],
    });
    expect(shared.filter(s => s.Effect === 'Allow')).toHaveLength(2);
    expect(trustPolicyAllows(shared, session('RoleA', 'carol@example.com'))).toBe(true);
    expect(trustPolicyAllows(shared, session('RoleA', 'frank@example.com'))).toBe(true);
    expect(trustPolicyAllows(shared, session('RoleB', 'dave@example.com'))).toBe(true);
    expect(trustPolicyAllows(shared, session('RoleB', 'carol@example.com'))).toBe(false);
    expect(trustPolicyAllows(shared, session('RoleA', 'dave@example.com'))).toBe(false);
  });

  test('every Allow has a condition, and no statement admits a session by its name alone', () => {
    for (const statement of statements.filter(s => s.Effect === 'Allow')) {
      expect(statement.Condition).toBeDefined();
      if (statement.Condition.StringLike?.['aws:userid']) {
        expect(statement.Condition.ArnLike ?? statement.Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': expect.anything() });
      }
    }
  });
});

describe('trust policy size', () => {
  test('counts the role checks of federated identities', () => {
    // 20 Identity Center users fit as users of one permission set, not each through a permission set of their own.
    const users = Array.from({ length: 20 }, (_, i) => `user-${i}@example.com`);
    expect(() => trustPolicy({ usernames: users.map(u => Username.identityCenter(u, 'Admin')) })).not.toThrow();
    expect(() => trustPolicy({ usernames: users.map((u, i) => Username.identityCenter(u, `PermissionSet${i}`)) }))
      .toThrow(/usernames: the role's trust policy for these 20 identities is \d+ characters, over IAM's default limit of 2048/);
  });
});

describe('trust policy by region: a session only through the STS endpoint of a watched region', () => {
  // Home us-east-2, regions ['eu-west-1']: us-east-2, us-east-1 (always: the global endpoint asks for it) and eu-west-1.
  const narrow = trustPolicy({ regions: ['eu-west-1'] });
  const byDefault = trustPolicy();
  const dave = (region: string) => session('SamlEngineers', 'dave@example.com', ACCOUNT, { region });
  const carol = (region: string) => session(`${IC}/eu-west-2/AWSReservedSSO_Admin_1234567890abcdef`, 'carol@example.com', ACCOUNT, { region });
  const alice = (region: string) => iamUser('alice', 'true', 'alice', { region });

  const REGION_MATRIX: Array<[string, string, boolean, boolean]> = [
    // [STS endpoint's region, why, admitted under ['eu-west-1'], admitted by default]
    ['us-east-2', 'the home region', true, true],
    ['us-east-1', 'the global endpoint\'s region, always watched', true, true],
    ['eu-west-1', 'named in regions', true, true],
    ['ap-southeast-2', 'enabled by default, not named', false, true],
    ['af-south-1', 'an opt-in region', false, false],
    ['me-central-1', 'an opt-in region', false, false],
  ];

  test.each(REGION_MATRIX)('through %s (%s): under [\'eu-west-1\'] admitted %s, by default admitted %s', (region, _why, underNarrow, underDefault) => {
    for (const person of [alice, dave, carol]) {
      expect(trustPolicyAllows(narrow, person(region))).toBe(underNarrow);
      expect(trustPolicyAllows(byDefault, person(region))).toBe(underDefault);
    }
  });

  test('a region the trust admits admits no one else: mallory, and alice without MFA, stay refused through eu-west-1', () => {
    expect(trustPolicyAllows(narrow, iamUser('mallory', 'true', 'mallory', { region: 'eu-west-1' }))).toBe(false);
    expect(trustPolicyAllows(narrow, iamUser('alice', 'false', 'alice', { region: 'eu-west-1' }))).toBe(false);
  });

  test('with regions naming an opt-in region, it is admitted', () => {
    expect(trustPolicyAllows(trustPolicy({ regions: ['*', 'af-south-1'] }), alice('af-south-1'))).toBe(true);
  });

  test('one deny lists the regions once, whatever the number of identities', () => {
    const denies = byDefault.filter(s => s.Effect === 'Deny');
    expect(denies).toHaveLength(1);
    expect(denies[0].Condition.StringNotEquals['aws:RequestedRegion']).toHaveLength(17);
  });
});

describe('trust policy and source identity', () => {
  const statements = trustPolicy();

  test('an IAM user may set a source identity: their own name only', () => {
    expect(trustPolicyAllows(statements, iamUser('alice', 'true', 'alice', { sourceIdentity: 'alice' }))).toBe(true);
    expect(trustPolicyAllows(statements, iamUser('alice', 'true', 'alice', { sourceIdentity: 'bob' }))).toBe(false);
  });

  test('a federated session that carries a source identity its identity provider set is not locked out', () => {
    const dave = session('SamlEngineers', 'dave@example.com', ACCOUNT, { sourceIdentity: 'dave.smith' });
    expect(trustPolicyAllows(statements, dave)).toBe(true);
    expect(trustPolicyAllows(statements, { ...dave, action: 'sts:SetSourceIdentity' })).toBe(true);
  });

  test('no one is admitted by setting a source identity alone', () => {
    expect(trustPolicyAllows(statements, session('CiDeploy', 'carol@example.com', ACCOUNT, { sourceIdentity: 'carol@example.com' }))).toBe(false);
  });
});

describe('trust policy of the organization\'s member accounts, by region', () => {
  function memberTrust(regions?: string[]): any[] {
    const { organization } = organizationApp(regions ? { regions } : {});
    const body = JSON.parse(organization.templateBody) as CfnTemplate;
    const role = body.Resources.BreakGlassRole;
    return resolveCfn(role.Properties.AssumeRolePolicyDocument, { account: '444455556666', region: 'us-east-2', partition: 'aws', template: body }).Statement;
  }

  test.each([
    ['us-east-2', true, true], ['us-east-1', true, true], ['eu-west-1', true, true], ['ap-southeast-2', false, true], ['af-south-1', false, false],
  ] as Array<[string, boolean, boolean]>)('alice of the identity account through %s: under [\'eu-west-1\'] %s, by default %s', (region, underNarrow, underDefault) => {
    const alice = iamUser('alice', 'true', 'alice', { region });
    expect(trustPolicyAllows(memberTrust(['eu-west-1']), alice)).toBe(underNarrow);
    expect(trustPolicyAllows(memberTrust(), alice)).toBe(underDefault);
  });
});
