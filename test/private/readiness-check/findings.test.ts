import { changeOf, Finding, findingKey, findings, Observations, UserObservation } from '../../../src/private/readiness-check/findings';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-07T06:00:00Z');
const ROLE = 'arn:aws:iam::111122223333:role/BreakGlass';

const user = (overrides: Partial<UserObservation> = {}): UserObservation => ({
  userName: 'alice',
  exists: true,
  mfaDevices: 1,
  loginProfile: { passwordResetRequired: false },
  activeAccessKeys: [],
  simulation: { decision: 'allowed', matchedStatements: [{ type: 'user', id: 'assume' }] },
  ...overrides,
});

const observed = (users: UserObservation[], more: Partial<Observations> = {}): Observations => ({
  roleArn: ROLE,
  roleExists: true,
  roleLastUsed: NOW - 10 * DAY,
  roleLastUsedKnown: true,
  users,
  federated: [],
  identityCenter: [],
  topics: [{ topicArn: 'arn:aws:sns:us-east-2:111122223333:alerts', kind: 'alert', exists: true, confirmed: 1, pending: 0 }],
  ...more,
});

const judge = (o: Observations, allowAccessKeys = false) => findings(o, { now: NOW, drillDays: 90, allowAccessKeys });
const problems = (o: Observations, allowAccessKeys = false) => judge(o, allowAccessKeys).map(f => f.problem);

test('a whole identity has no finding', () => {
  expect(judge(observed([user()]))).toEqual([]);
});

test.each([
  [14 * DAY, ['password-expiring']],
  [14 * DAY + 1, []],
  [-DAY, ['password-expiring']],
])('a password expiring in %d ms: %j', (inMs, expected) => {
  expect(problems(observed([user({ passwordExpires: NOW + (inMs as number) })]))).toEqual(expected);
});

test('an expired password says so', () => {
  expect(judge(observed([user({ passwordExpires: NOW - 2 * DAY })]))[0].message).toMatch(/expired on 2026-12-05/);
});

test('a password that must be reset is that problem alone, whatever its expiry', () => {
  expect(problems(observed([user({ loginProfile: { passwordResetRequired: true }, passwordExpires: NOW + DAY })]))).toEqual(['password-reset-required']);
});

test('access keys are a finding unless allowed', () => {
  const o = observed([user({ activeAccessKeys: ['AKIAEXAMPLE000000001'] })]);
  expect(problems(o)).toEqual(['access-key']);
  expect(problems(o, true)).toEqual([]);
});

test('a missing user is that finding alone', () => {
  expect(problems(observed([user({ exists: false, mfaDevices: 0, loginProfile: undefined, simulation: undefined })]))).toEqual(['user-missing']);
});

test.each([
  ['an SCP, first', { decision: 'explicitDeny', allowedByOrganizations: false, allowedByPermissionsBoundary: false, matchedStatements: [] }, /service control policy/],
  ['the boundary, next', { decision: 'implicitDeny', allowedByOrganizations: true, allowedByPermissionsBoundary: false, matchedStatements: [] }, /permissions boundary/],
  ['a Deny in the trust policy', { decision: 'explicitDeny', matchedStatements: [{ type: 'resource', id: 'ResourcePolicy' }] }, /Deny statement in the role's trust policy/],
  ['no allowing policy', { decision: 'implicitDeny', matchedStatements: [] }, /no policy/],
])('a denied assumption names its cause: %s', (_name, simulation, cause) => {
  const [finding] = judge(observed([user({ simulation })]));
  expect(finding.problem).toBe('assume-denied');
  expect(finding.message).toMatch(cause);
});

test.each([
  [89 * DAY, []],
  [91 * DAY, ['drill-due']],
])('the role last used %d ms ago: %j', (ago, expected) => {
  expect(problems(observed([user()], { roleLastUsed: NOW - (ago as number) }))).toEqual(expected);
});

test('a role never used is due a drill; a role whose use cannot be read (another account\'s) is not judged', () => {
  expect(problems(observed([user()], { roleLastUsed: undefined }))).toEqual(['drill-due']);
  expect(problems(observed([user()], { roleLastUsed: undefined, roleLastUsedKnown: false, roleExists: undefined }))).toEqual([]);
});

describe('changeOf', () => {
  const a: Finding = { problem: 'mfa-missing', subject: 'Username.iamUser(\'alice\')', message: 'm', fix: 'f' };
  const b: Finding = { problem: 'drill-due', subject: ROLE, message: 'm', fix: 'f' };

  test('the first run is always a change, even when whole', () => {
    expect(changeOf(undefined, [])).toEqual({ current: [], added: [], resolved: [], firstRun: true });
  });

  test('the same problems, whatever their text says today, are no change', () => {
    expect(changeOf([findingKey(a)], [{ ...a, message: 'other words' }])).toBeUndefined();
  });

  test('a new problem and a fixed one are both named', () => {
    const change = changeOf([findingKey(a)], [b])!;
    expect(change.added).toEqual([b]);
    expect(change.resolved.map(findingKey)).toEqual([findingKey(a)]);
    expect(change.firstRun).toBe(false);
  });
});
