import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BreakGlassDeployer, BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassRole, BreakGlassRoleProps,
  Deployer, RegionalDeployment, TrailSetup, Username,
} from '../src';
import { ENV } from './support/apps';

/**
 * Every bad input gets an error at synth naming the prop, the bad value and
 * the fix. Each case runs under a timeout, so an input that hangs fails.
 */
const TIMEOUT_MS = 10_000;
const alice = () => [Username.iamUser('alice')];

function stack(env: { account?: string; region?: string } = ENV): Stack {
  return new Stack(new App(), 'Stack', { env });
}

function role(props: Partial<BreakGlassRoleProps>, scope: Stack = stack()): () => BreakGlassRole {
  return () => new BreakGlassRole(scope, 'BreakGlass', { usernames: alice(), trail: TrailSetup.existingTrail(), ...props });
}

function withImported(props: Partial<BreakGlassRoleProps>): () => BreakGlassRole {
  const scope = stack();
  return role({ role: iam.Role.fromRoleName(scope, 'Existing', 'Existing'), ...props }, scope);
}

const CASES: Array<[string, () => unknown, RegExp]> = [
  // Username
  ['Username.iamUser blank', () => Username.iamUser(' '), /Username.iamUser\(name\) must not be blank: got ' '/],
  ['Username.iamUser with a space', () => Username.iamUser('alice smith'), /Username.iamUser\(name\) got 'alice smith', which is not valid: an IAM user name is 1 to 64/],
  ['Username.iamUser over 64 characters', () => Username.iamUser('a'.repeat(65)), /Username.iamUser\(name\) got 'a{65}'/],
  ['Username.federated too short', () => Username.federated('c', 'SamlRole'), /Username.federated\(sessionName, roleName\): sessionName got 'c', which is not valid: a role session name is 2 to 64/],
  ['Username.federated with a slash', () => Username.federated('carol/admin', 'SamlRole'), /Username.federated\(sessionName, roleName\): sessionName got 'carol\/admin'/],
  ['Username.federated with a blank role', () => Username.federated('carol@example.com', ''), /Username.federated\(sessionName, roleName\): roleName must not be blank/],
  ['Username.federated with a leading slash', () => Username.federated('carol@example.com', '/saml/Engineers'),
    /roleName got '\/saml\/Engineers', which is not valid: give the role's name, preceded by its path without the leading \//],
  ['Username.federated with an Identity Center role', () => Username.federated('carol@example.com', 'aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1234567890abcdef'),
    /is an IAM Identity Center role, whose name changes when its permission set is reassigned: use Username.identityCenter/],
  ['Username.identityCenter too short', () => Username.identityCenter('c', 'Admin'), /Username.identityCenter\(userName, permissionSetName\): userName got 'c'/],
  ['Username.identityCenter permission set over 32 characters', () => Username.identityCenter('carol@example.com', 'p'.repeat(33)),
    /permissionSetName got 'p{33}', which is not valid: a permission set name is 1 to 32/],
  // BreakGlassRole: identities and trust
  ['usernames empty', role({ usernames: [] }), /usernames must name at least one identity: give Username.iamUser\('alice'\)/],
  ['usernames with one IAM user twice', role({ usernames: [Username.iamUser('alice'), Username.iamUser('ALICE')] }), /usernames names Username.iamUser\('ALICE'\) twice: list each identity once/],
  ['usernames with one federated user twice', role({ usernames: [Username.identityCenter('c@example.com', 'Admin'), Username.identityCenter('c@example.com', 'Admin')] }),
    /usernames names Username.identityCenter\('c@example.com', 'Admin'\) twice/],
  ['usernames over the trust policy limit', role({ usernames: Array.from({ length: 120 }, (_, i) => Username.iamUser(`engineer-number-${i}`)) }),
    /usernames: the role's trust policy for these 120 identities is \d+ characters, over IAM's default limit of 2048\. The first \d+ of them fit/],
  // BreakGlassRole: the role
  ['maxSessionDuration under an hour', role({ maxSessionDuration: Duration.minutes(30) }), /maxSessionDuration is 30 minutes, outside IAM's range: give between Duration.hours\(1\) and Duration.hours\(12\)/],
  ['maxSessionDuration over 12 hours', role({ maxSessionDuration: Duration.hours(13) }), /maxSessionDuration is 13 hours, outside IAM's range/],
  ['role with managedPolicies', withImported({ managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] }),
    /role is an existing role, so managedPolicies cannot apply: set it on that role where it is defined, or drop role to create one/],
  ['role with policyStatements', withImported({ policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] }), /so policyStatements cannot apply/],
  ['role with roleName', withImported({ roleName: 'BreakGlass' }), /so roleName cannot apply/],
  ['role with maxSessionDuration', withImported({ maxSessionDuration: Duration.hours(2) }), /so maxSessionDuration cannot apply/],
  // Alerts
  ['loginAlertEmails malformed', role({ loginAlertEmails: ['security.example.com'] }), /loginAlertEmails has 'security.example.com', which is not an email address: give addresses like security@example.com/],
  ['loginAlertEmails with one address twice', role({ loginAlertEmails: ['a@example.com', 'A@EXAMPLE.COM'] }), /loginAlertEmails names 'A@EXAMPLE.COM' twice/],
  ['forwardingAlarmEmails malformed', role({ regions: ['eu-west-1'], forwardingAlarmEmails: ['oncall'] }), /forwardingAlarmEmails has 'oncall', which is not an email address: give addresses like security@example.com/],
  ['forwardingAlarmEmails with one address twice', role({ forwardingAlarmEmails: ['a@example.com', 'a@example.com'] }), /forwardingAlarmEmails names 'a@example.com' twice/],
  ['forwardingAlarmEmails with the canary on', role({ regions: ['eu-west-1'], forwardingAlarmEmails: ['oncall@example.com'] }),
    /forwardingAlarmEmails is \["oncall@example.com"\], but with the canary on the forwarded regions have no forwarding alarm to email.*set canary: false/],
  ['message with an unknown field', role({ message: 'Hi <user>' }), /message uses unknown field <user>: valid fields are <username>, <principal>, .* Remove it/],
  ['message with two unknown fields', role({ message: '<who> did <what>' }), /message uses unknown fields <who>, <what>/],
  // Action logging
  ['logServices in upper case', role({ logServices: ['S3'] }), /logServices has 'S3', which is not a service prefix: write 's3'/],
  ['logServices as an endpoint', role({ logServices: ['s3.amazonaws.com'] }), /logServices has 's3.amazonaws.com', which is not a service prefix: write 's3'/],
  ['logServices blank', role({ logServices: [''] }), /logServices has '', which is not a service prefix/],
  ['logServices twice', role({ logServices: ['s3', 's3'] }), /logServices names 's3' twice/],
  // Regions
  ['regions unknown', role({ regions: ['eu-westeros-1'] }), /regions has 'eu-westeros-1', which is not a known AWS region: use a region code such as 'eu-west-1'/],
  ['regions naming a default region beside *', role({ regions: ['*', 'eu-west-1'] }), /regions names eu-west-1 beside '\*', which already watches every region enabled by default: beside '\*', name only opt-in regions/],
  ['regions twice', role({ regions: ['eu-west-1', 'eu-west-1'] }), /regions names 'eu-west-1' twice/],
  ['regions outside the partition', role({ regions: ['cn-north-1'] }), /regions has 'cn-north-1', which is outside the stack's partition 'aws'/],
  ['an env-agnostic stack', role({}, stack({})), /has no region \(env-agnostic\).*Give the stack env/],
  ['regionalStacks without a role name', role({ regions: ['eu-west-1'], regionalDeployment: RegionalDeployment.regionalStacks() }),
    /RegionalDeployment.regionalStacks\(\) needs the break-glass role's name at synth.*set roleName/],
  ['stackSet with only an administration role', () => RegionalDeployment.stackSet({ administrationRole: iam.Role.fromRoleName(stack(), 'Admin', 'Admin') }),
    /give administrationRole and executionRoleName together/],
  // Parts used alone
  ['BreakGlassLoginAlert with a malformed email', () => {
    const scope = stack();
    return new BreakGlassLoginAlert(scope, 'Alert', { role: iam.Role.fromRoleName(scope, 'R', 'R'), loginAlertEmails: ['alice@'] });
  }, /loginAlertEmails has 'alice@'/],
  ['BreakGlassLogActions with a malformed forwardingAlarmEmails address', () => {
    const scope = stack();
    return new BreakGlassLogActions(scope, 'Actions', { role: iam.Role.fromRoleName(scope, 'R', 'R'), forwardingAlarmEmails: ['ops@'] });
  }, /forwardingAlarmEmails has 'ops@'/],
  ['BreakGlassLogActions with a bad service', () => {
    const scope = stack();
    return new BreakGlassLogActions(scope, 'Actions', { role: iam.Role.fromRoleName(scope, 'R', 'R'), logServices: ['Amazon S3'] });
  }, /logServices has 'Amazon S3', which is not a service prefix/],
  // Deployer
  ['Deployer.existingRole blank', () => Deployer.existingRole(''), /Deployer.existingRole\(roleName\): roleName is blank/],
  ['Deployer.newUser over 64 characters', () => Deployer.newUser('d'.repeat(65)), /Deployer.newUser\(userName\): userName 'd{65}' is 65 characters long/],
  ['Deployer.existingUser with a path', () => Deployer.existingUser('ops/deployer'), /has characters IAM does not allow.*import it yourself and use Deployer.fromUser/],
  ['BreakGlassDeployer canManage without a role', () => new BreakGlassDeployer(stack(), 'Deployer', { deployer: Deployer.newRole(), canManageBreakGlassRole: true }),
    /canManageBreakGlassRole is true but breakGlassRole is not given/],
  ['BreakGlassDeployer with a bad qualifier', () => new BreakGlassDeployer(stack(), 'Deployer', { deployer: Deployer.newRole(), bootstrapQualifier: 'far-too-long-qualifier' }),
    /bootstrapQualifier 'far-too-long-qualifier' is not a CDK bootstrap qualifier/],
];

describe('bad input', () => {
  test('covers at least 25 distinct inputs', () => {
    expect(new Set(CASES.map(([name]) => name)).size).toBeGreaterThanOrEqual(25);
  });

  test.each(CASES)('%s', (_name, make, message) => {
    expect(make).toThrow(message);
  }, TIMEOUT_MS);
});
