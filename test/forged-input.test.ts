import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassRole, Deployer, RegionalDeployment, TrailSetup, Username } from '../src';
import { testStack } from './support/apps';

/**
 * Values a JavaScript caller, or a caller in another language, can hand in
 * where TypeScript's types would refuse them. Each is refused at synth with an
 * error naming the prop, the value and the fix, never turned into a policy.
 */

function stack(): Stack {
  return testStack('Stack');
}

/** A BreakGlassRole built from untyped props, as JavaScript would pass them. */
function role(props: { [prop: string]: any }): () => BreakGlassRole {
  return () => new BreakGlassRole(stack(), 'BreakGlass', { usernames: [Username.iamUser('alice')], trail: TrailSetup.existingTrail(), ...props } as any);
}

function part(make: (scope: Stack, imported: iam.IRole) => unknown): () => unknown {
  return () => {
    const scope = stack();
    return make(scope, iam.Role.fromRoleName(scope, 'Imported', 'Imported'));
  };
}

const F = Username as any;
const FIX = /make each identity with Username.iamUser\('alice'\), Username.identityCenter\('carol@example.com', 'Admin'\) or Username.federated\('dave@example.com', 'SamlRole'\)/;

const CASES: Array<[string, () => unknown, RegExp[]]> = [
  // usernames: only identities made by the factories
  ['usernames of plain strings', role({ usernames: ['alice', 'bob'] }), [/usernames\[0\] is 'alice', which is not made by a Username factory/, FIX]],
  ['usernames of a look-alike object', role({ usernames: [{ kind: 'FEDERATED', name: '*' }] }),
    [/usernames\[0\] is an object \{"kind":"FEDERATED","name":"\*"\}, which is not made by a Username factory/, FIX]],
  ['usernames of Object.create(Username.prototype)', role({ usernames: [Object.create(Username.prototype)] }),
    [/usernames\[0\] is an object \{\}, which is not made by a Username factory/, FIX]],
  ['usernames of a copy of a Username', role({ usernames: [Username.iamUser('alice'), { ...Username.iamUser('bob') }] }),
    [/usernames\[1\] is an object .*, which is not made by a Username factory/, FIX]],
  ['usernames of null', role({ usernames: [null] }), [/usernames\[0\] is null, which is not made by a Username factory/, FIX]],
  ['usernames as one string', role({ usernames: 'alice' }), [/usernames is 'alice', not a list of Username: give a list such as \[Username.iamUser\('alice'\)/]],
  ['usernames missing', role({ usernames: undefined }), [/usernames is undefined, not a list of Username/]],
  ['Username constructed directly', () => new F('FEDERATED', '*'), [/Username has no public constructor: make it with Username.iamUser\(name\), Username.fromUser\(user\)/]],
  ['Username constructed directly with a stolen-looking key', () => new F(Symbol('Username factory'), 'x', { sessionName: '*' }), [/Username has no public constructor/]],
  // names: no wildcard reaches the trust policy
  ['iamUser *', () => Username.iamUser('*'), [/Username.iamUser\(name\) got '\*', which is not valid: an IAM user name is 1 to 64 letters, digits or any of \+=,.@_-/]],
  ['iamUser a?', () => Username.iamUser('a?'), [/Username.iamUser\(name\) got 'a\?', which is not valid/]],
  ['iamUser 42', () => F.iamUser(42), [/Username.iamUser\(name\) got a number 42, which is not a string: give the name as a string/]],
  ['fromUser of a look-alike user named *', () => F.fromUser({ userName: '*' }), [/Username.fromUser\(user\) got '\*', which is not valid/]],
  ['federated by session name alone', () => F.federated('carol@example.com'),
    [/Username.federated\(sessionName, roleName\): roleName got undefined, which is not a string: give the name as a string/]],
  ['federated session *', () => Username.federated('*', 'SamlRole'), [/Username.federated\(sessionName, roleName\): sessionName got '\*', which is not valid/]],
  ['federated role *', () => Username.federated('carol@example.com', '*'), [/Username.federated\(sessionName, roleName\): roleName got '\*', which is not valid: give the role's name/]],
  ['federated role path with *', () => Username.federated('carol@example.com', 'saml/*'), [/roleName got 'saml\/\*', which is not valid/]],
  ['federated role Saml?', () => Username.federated('carol@example.com', 'Saml?'), [/roleName got 'Saml\?', which is not valid/]],
  ['identityCenter user *', () => Username.identityCenter('*', 'Admin'), [/Username.identityCenter\(userName, permissionSetName\): userName got '\*', which is not valid/]],
  ['identityCenter permission set *', () => Username.identityCenter('carol@example.com', '*'),
    [/permissionSetName got '\*', which is not valid: a permission set name is 1 to 32 letters, digits or any of \+=,.@_-/]],
  ['identityCenter permission set Admin*', () => Username.identityCenter('carol@example.com', 'Admin*'), [/permissionSetName got 'Admin\*', which is not valid/]],
  ['identityCenter permission set Admi?', () => Username.identityCenter('carol@example.com', 'Admi?'), [/permissionSetName got 'Admi\?', which is not valid/]],
  // enums: members only
  ['logActions read', role({ logActions: 'read' }), [/logActions is 'read', which is not a member of LogActions: give one of LogActions.ALL, LogActions.READ or LogActions.WRITE/]],
  ['logActions READ with a space', role({ logActions: 'READ ' }), [/logActions is 'READ ', which is not a member of LogActions/]],
  ['logActions 1', role({ logActions: 1 }), [/logActions is a number 1, which is not a member of LogActions/]],
  ['logActions read on BreakGlassLogActions', part((scope, imported) => new BreakGlassLogActions(scope, 'Actions', { role: imported, logActions: 'read' as any })),
    [/logActions is 'read', which is not a member of LogActions: give one of LogActions.ALL/]],
  // string lists: strings only
  ['regions [42]', role({ regions: [42] }), [/regions\[0\] is a number 42, not a string: give strings only, such as \['eu-west-1'\]/]],
  ['regions as one string', role({ regions: 'eu-west-1' }), [/regions is 'eu-west-1', not a list of strings: give a list such as \['eu-west-1'\]/]],
  ['loginAlertEmails [null]', role({ loginAlertEmails: [null] }), [/loginAlertEmails\[0\] is null, not a string: give strings only, such as \['security@example.com'\]/]],
  ['loginAlertEmails as one string', role({ loginAlertEmails: 'security@example.com' }), [/loginAlertEmails is 'security@example.com', not a list of strings/]],
  ['forwardingAlarmEmails [{}]', role({ forwardingAlarmEmails: [{}] }), [/forwardingAlarmEmails\[0\] is an object \{\}, not a string/]],
  ['logServices [undefined]', role({ logServices: [undefined] }), [/logServices\[0\] is undefined, not a string: give strings only, such as \['s3'\]/]],
  ['loginAlertEmails [null] on BreakGlassLoginAlert', part((scope, imported) => new BreakGlassLoginAlert(scope, 'Alert', { role: imported, loginAlertEmails: [null as any] })),
    [/loginAlertEmails\[0\] is null, not a string/]],
  ['logServices [7] on BreakGlassLogActions', part((scope, imported) => new BreakGlassLogActions(scope, 'Actions', { role: imported, logServices: [7 as any] })),
    [/logServices\[0\] is a number 7, not a string/]],
  // booleans: a string is not false
  ['requireMfa as the string false', role({ requireMfa: 'false' }), [/requireMfa is 'false', not a boolean: give true or false/]],
  ['requireMfa 0', role({ requireMfa: 0 }), [/requireMfa is a number 0, not a boolean/]],
  // the other factory-made classes: an instance no factory made is refused, at the constructor (JavaScript, or a
  // subclass in C#, Java or Python, whose jsii object the constructor makes) or where it is used (Object.create)
  ['TrailSetup constructed directly', () => new (TrailSetup as any)('existingTrail(null)', () => ({})),
    [/TrailSetup has no public constructor: make it with TrailSetup.existingTrail\(\) or TrailSetup.createTrail\(\)\./]],
  ['RegionalDeployment constructed directly', () => new (RegionalDeployment as any)(() => ({}), 'stackSet', []),
    [/RegionalDeployment has no public constructor: make it with RegionalDeployment.stackSet\(\) or RegionalDeployment.regionalStacks\(\)\./]],
  ['Deployer constructed directly', () => new (Deployer as any)('Deployer.newRole()', () => ({})),
    [/Deployer has no public constructor: make it with Deployer.newRole\(\), Deployer.newUser\(userName\), Deployer.existingRole\(roleName\), Deployer.existingUser\(userName\), Deployer.fromRole\(role\) or Deployer.fromUser\(user\)\./]],
  ['trail of Object.create(TrailSetup.prototype)', role({ trail: Object.create(TrailSetup.prototype) }),
    [/trail is an object \{\}, not a TrailSetup made by its factories: give TrailSetup.existingTrail\(\) or TrailSetup.createTrail\(\)/]],
  ['regionalDeployment of Object.create(RegionalDeployment.prototype)', role({ regionalDeployment: Object.create(RegionalDeployment.prototype) }),
    [/regionalDeployment is an object \{\}, not a RegionalDeployment made by its factories: give RegionalDeployment.stackSet\(\) or RegionalDeployment.regionalStacks\(\)/]],
  ['deployer of Object.create(Deployer.prototype)', role({ deployer: Object.create(Deployer.prototype) }),
    [/deployer is an object \{\}, not a Deployer made by its factories: give Deployer.newRole\(\), Deployer.newUser\(userName\), Deployer.existingRole\(roleName\)/]],
];

describe('forged input', () => {
  test.each(CASES)('%s is refused', (_name, make, messages) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    for (const message of messages) {
      expect((error as Error).message).toMatch(message);
    }
  });
});
