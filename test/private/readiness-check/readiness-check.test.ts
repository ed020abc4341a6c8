import { runReadiness } from '../../../src/private/readiness-check/readiness-check.lambda';
import { ReadinessSettings } from '../../../src/private/readiness-check/readiness-settings';
import { ALLOWED, FakeReadinessAws, FakeReadinessState, FakeUser, simulation } from '../../support/fake-readiness-aws';

const ACCOUNT = '111122223333';
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-07T06:00:00Z');
const days = (n: number) => new Date(NOW + n * DAY).toISOString();
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
const ALERT = `arn:aws:sns:us-east-2:${ACCOUNT}:break-glass-alerts`;
const CHAT = `arn:aws:sns:us-east-2:${ACCOUNT}:break-glass-chat`;
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
const CONFIRMED = `${ALERT}:0b1f7c2e-5d3a-4c8b-9e61-2f4a8d7c9b10`;
const noWait = async () => {};

const TRUST = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'sts:AssumeRole',
    Condition: { StringEqualsIgnoreCase: { 'aws:username': ['alice'] }, StringEquals: { 'sts:RoleSessionName': '${aws:username}' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  }],
};

const ready = (overrides: Partial<FakeUser> = {}): FakeUser => ({
  mfaDevices: [`arn:aws:iam::${ACCOUNT}:mfa/alice`],
  loginProfile: { passwordResetRequired: false },
  accessKeys: [],
  passwordNextRotation: days(60),
  simulation: ALLOWED,
  ...overrides,
});

function wholeState(): FakeReadinessState {
  return {
    account: ACCOUNT,
    users: { alice: ready() },
    roles: {
      BreakGlass: { trust: TRUST, lastUsed: days(-10) },
      SamlEngineers: { trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithSAML' }] } },
    },
    samlProviders: { [PROVIDER]: { validUntil: days(365) } },
    passwordPolicy: { expirePasswords: true, maxPasswordAge: 90 },
    topics: { [ALERT]: [CONFIRMED, 'PendingConfirmation'], [CHAT]: [`${CHAT}:7d2e9a41-1c5b-4f0e-8a36-b9d4e2c17f58`] },
    identityCenter: {
      instanceArn: 'arn:aws:sso:::instance/ssoins-7223a0e2b9f8c1d4',
      identityStoreId: 'd-9067e1a2b3',
      permissionSets: [{ arn: 'arn:aws:sso:::permissionSet/ssoins-7223a0e2b9f8c1d4/ps-1a2b3c4d5e6f7a8b', name: 'Admin' }],
      users: [{ userName: 'carol@example.com', userId: '906744e2-3081-70c1-2d0e-cb4f1b7a9d21' }],
      groups: { 'a1b2c3d4-e5f6-7081-92a3-b4c5d6e7f809': ['906744e2-3081-70c1-2d0e-cb4f1b7a9d21'] },
      assignments: [{
        accountId: ACCOUNT,
        permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-7223a0e2b9f8c1d4/ps-1a2b3c4d5e6f7a8b',
        principalType: 'GROUP',
        principalId: 'a1b2c3d4-e5f6-7081-92a3-b4c5d6e7f809',
      }],
    },
  };
}

const SETTINGS: ReadinessSettings = {
  roleArn: ROLE_ARN,
  region: 'us-east-2',
  users: ['alice'],
  federated: [{ sessionName: 'dave@example.com', role: 'SamlEngineers' }],
  identityCenter: [{ userName: 'carol@example.com', permissionSetName: 'Admin' }],
  identityCenterRegion: 'us-east-1',
  allowAccessKeys: false,
  drillDays: 90,
  alertTopicArn: ALERT,
  chatTopicArn: CHAT,
  logGroup: '/aws/lambda/Home-BreakGlass-Readiness',
  verdictStream: 'readiness-verdicts',
};

describe('a whole setup', () => {
  const aws = new FakeReadinessAws(wholeState());

  test('the first run reports every identity ready, once, to the alert topic and as a chat notification', async () => {
    const run = await runReadiness(SETTINGS, aws.clients(), NOW, noWait);
    expect(run.findings).toEqual([]);
    expect(aws.published.map(p => p.topicArn)).toEqual([ALERT, CHAT]);
    expect(aws.published[0].message).toMatch(/^Every listed identity can assume the break-glass role arn:aws:iam::111122223333:role\/BreakGlass/);
    const chat = JSON.parse(aws.published[1].message);
    expect(chat).toMatchObject({ version: '1.0', source: 'custom', content: { title: 'Break-glass readiness: every identity can get in to BreakGlass' } });
  });

  test('the next run says nothing: the kept verdict is the same', async () => {
    await runReadiness(SETTINGS, aws.clients(), NOW + DAY, noWait);
    expect(aws.published).toHaveLength(2);
    expect(aws.logEvents.map(e => JSON.parse(e.message).problems)).toEqual([[]]);
  });

  test('IAM Identity Center is read in its own region; every call is a read but Publish and the kept verdict', () => {
    expect(aws.calls.filter(c => c.startsWith('sso:') || c.startsWith('identitystore:')).every(c => c.endsWith('@us-east-1'))).toBe(true);
    expect(aws.calls.map(c => c.split('@')[0].split(':')[1]).filter(op => !/^(Get|List|Describe|Is|Simulate|GenerateCredentialReport)/.test(op)))
      .toEqual(['Publish', 'Publish', 'PutLogEvents']);
  });
});

/** Every problem, each in an identity or resource of its own, with the words its message and fix must have. */
const PROBLEMS: Array<[string, string, (state: FakeReadinessState, settings: { users: string[] }) => void, RegExp]> = [
  ['user-missing', 'Username.iamUser(\'ghost\')', (_s, set) => set.users.push('ghost'), /Create the IAM user ghost/],
  ['mfa-missing', 'Username.iamUser(\'nomfa\')', (s, set) => add(s, set, 'nomfa', { mfaDevices: [] }), /Assign an MFA device to nomfa/],
  ['password-missing', 'Username.iamUser(\'nopass\')', (s, set) => add(s, set, 'nopass', { loginProfile: undefined }), /Give nopass a console password/],
  ['password-reset-required', 'Username.iamUser(\'reset\')', (s, set) => add(s, set, 'reset', { loginProfile: { passwordResetRequired: true } }),
    /--no-password-reset-required/],
  ['password-expiring', 'Username.iamUser(\'expiring\')', (s, set) => add(s, set, 'expiring', { passwordNextRotation: days(5) }), /change the password before it expires/],
  ['access-key', 'Username.iamUser(\'keyed\')', (s, set) => add(s, set, 'keyed', { accessKeys: [{ id: 'AKIAEXAMPLEKEYED001', status: 'Active' }, { id: 'AKIAEXAMPLEKEYED002', status: 'Inactive' }] }),
    /delete-access-key --user-name keyed --access-key-id AKIAEXAMPLEKEYED001/],
  ['assume-denied', 'Username.iamUser(\'bounded\')', (s, set) => add(s, set, 'bounded', {
    simulation: simulation('implicitDeny', '<MatchedStatements/><PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>false</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>'),
  }), /permissions boundary of bounded/],
  ['assume-denied', 'Username.iamUser(\'fenced\')', (s, set) => add(s, set, 'fenced', {
    simulation: simulation('explicitDeny', '<MatchedStatements/><OrganizationsDecisionDetail><AllowedByOrganizations>false</AllowedByOrganizations></OrganizationsDecisionDetail>'),
  }), /Exempt the break-glass role's users from the SCP/],
  ['assume-denied', 'Username.iamUser(\'denied\')', (s, set) => add(s, set, 'denied', {
    simulation: simulation('explicitDeny', '<MatchedStatements><member><SourcePolicyId>arn:aws:iam::111122223333:policy/DenySts</SourcePolicyId>' +
      '<SourcePolicyType>user-managed</SourcePolicyType><StartPosition><Line>1</Line><Column>38</Column></StartPosition><EndPosition><Line>1</Line><Column>120</Column></EndPosition></member></MatchedStatements>'),
  }), /Remove the Deny of sts:AssumeRole for denied in the user-managed policy arn:aws:iam::111122223333:policy\/DenySts/],
  ['assume-denied', 'Username.iamUser(\'ungranted\')', (s, set) => add(s, set, 'ungranted', { simulation: simulation('implicitDeny', '<MatchedStatements/>') }),
    /Grant ungranted sts:AssumeRole on the role/],
];

function add(state: FakeReadinessState, settings: { users: string[] }, name: string, user: Partial<FakeUser>): void {
  state.users[name] = ready(user);
  settings.users.push(name);
}

describe('every problem found, and its fix named', () => {
  const state = wholeState();
  const settings = { ...SETTINGS, users: [...SETTINGS.users] };
  PROBLEMS.forEach(([, , make]) => make(state, settings));
  // The federated user's provider expires in 10 days; a second federated user arrives through a role that is gone.
  state.samlProviders[PROVIDER] = { validUntil: days(10) };
  const federated = [...settings.federated, { sessionName: 'erin@example.com', role: 'saml/SamlGone' }];
  // carol is assigned nothing; frank is not in the identity store; a permission set that does not exist.
  state.identityCenter!.assignments.splice(0);
  const identityCenter = [...settings.identityCenter, { userName: 'frank@example.com', permissionSetName: 'Admin' }, { userName: 'carol@example.com', permissionSetName: 'Gone' }];
  // The alert topic's only subscription waits for confirmation; the chat topic has none; the role was last used 200 days ago.
  state.topics[ALERT] = ['PendingConfirmation'];
  state.topics[CHAT] = [];
  state.roles.BreakGlass = { trust: TRUST, lastUsed: days(-200) };
  const aws = new FakeReadinessAws(state);
  const run = runReadiness({ ...settings, federated, identityCenter }, aws.clients(), NOW, noWait);

  test.each(PROBLEMS.map(([problem, subject, , fix]) => [`${problem} of ${subject}`, problem, subject, fix] as const))('%s', async (_name, problem, subject, fix) => {
    const { findings } = await run;
    const found = findings.filter(f => f.problem === problem && f.subject === subject);
    expect(found).toHaveLength(1);
    expect(found[0].fix).toMatch(fix);
    expect(aws.published[0].message).toContain(`- ${subject}: ${found[0].message}\n  Fix: ${found[0].fix}`);
  });

  test.each([
    ['saml-provider-expiring', /expires on 2026-12-17/, /update-saml-provider --saml-provider-arn arn:aws:iam::111122223333:saml-provider\/Okta/],
    ['federated-role-missing', /The role saml\/SamlGone that erin@example.com arrives through does not exist/, /Create the role saml\/SamlGone/],
    ['assignment-missing', /carol@example.com is not assigned the permission set Admin/, /Assign Admin to carol@example.com/],
    ['identity-center-user-missing', /IAM Identity Center has no user frank@example.com/, /Create the user frank@example.com/],
    ['permission-set-missing', /The permission set Gone does not exist/, /Create the permission set Gone/],
    ['no-subscriber', /alert topic .* has no confirmed subscription \(1 waiting for confirmation\)/, /Confirm the subscription/],
    ['no-subscriber', /chat topic .* has no confirmed subscription: /, /Map the chat topic to a channel/],
    ['drill-due', /was last used on 2026-05-21, more than 90 days ago/, /Run the README's drill/],
  ])('%s: %s', async (problem, message, fix) => {
    const { findings } = await run;
    expect(findings.filter(f => f.problem === problem && message.test(f.message) && fix.test(f.fix))).toHaveLength(1);
  });

  test('the users with no problem are not named; the message is sent once, to both topics', async () => {
    const { findings } = await run;
    expect(findings.some(f => f.subject.includes('\'alice\''))).toBe(false);
    expect(aws.published.map(p => p.topicArn)).toEqual([ALERT, CHAT]);
    expect(aws.published[0].subject).toBe(`Break-glass readiness: ${findings.length} problems with BreakGlass`);
  });

  test('fixed problems are reported once, the rest stay open, and the whole setup is reported whole again', async () => {
    await run;
    state.users.nomfa = ready();
    await runReadiness({ ...settings, federated, identityCenter }, aws.clients(), NOW + DAY, noWait);
    expect(aws.published).toHaveLength(4);
    expect(aws.published[2].message).toContain('Fixed since the last check:\n- Username.iamUser(\'nomfa\'): mfa-missing');
    expect(aws.published[2].message).toContain('Still open:');
    await runReadiness({ ...settings, federated, identityCenter }, aws.clients(), NOW + 2 * DAY, noWait);
    expect(aws.published).toHaveLength(4);
    aws.state = wholeState();
    await runReadiness(SETTINGS, aws.clients(), NOW + 3 * DAY, noWait);
    expect(aws.published[4].message).toMatch(/^Whole again: every listed identity can assume/);
  });
});

test('a role of another account (an organization) is simulated with its rendered trust, and neither read nor drilled', async () => {
  const state = wholeState();
  delete (state.roles as any).BreakGlass;
  const aws = new FakeReadinessAws(state);
  const member = '444455556666';
  // The Identity Center user is assigned in the member account.
  state.identityCenter!.assignments.push({ ...state.identityCenter!.assignments[0], accountId: member });
  const run = await runReadiness({ ...SETTINGS, roleArn: `arn:aws:iam::${member}:role/BreakGlass`, trustPolicy: JSON.stringify(TRUST) }, aws.clients(), NOW, noWait);
  expect(run.findings).toEqual([]);
  expect(aws.calls.filter(c => c === 'iam:GetRole')).toHaveLength(1);
  expect(aws.calls).toContain('iam:SimulatePrincipalPolicy');
});

test('a missing role is one finding, not one per user: with no trust to simulate, the users are not simulated', async () => {
  const state = wholeState();
  delete (state.roles as any).BreakGlass;
  const aws = new FakeReadinessAws(state);
  const run = await runReadiness(SETTINGS, aws.clients(), NOW, noWait);
  expect(run.findings.map(f => f.problem)).toEqual(['role-missing']);
});
