import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassDeployer } from '../src/break-glass-deployer';
import { Deployer } from '../src/deployer';

const ACCOUNT = '111111111111';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
}

function synth(deployer: Deployer, stack: Stack = newStack()): Template {
  new BreakGlassDeployer(stack, 'Deployer', { deployer });
  return Template.fromStack(stack);
}

/** The logical id of the only resource of `type`. */
function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('Deployer.newRole()', () => {
  test('creates one role trusted by this account only, with a generated name', () => {
    const template = synth(Deployer.newRole());

    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::User', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]] } },
        }],
      },
      RoleName: Match.absent(),
    });
  });

  test('attaches the deploy policy to the created role', () => {
    const template = synth(Deployer.newRole());

    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'DeployerRole36024D4B' }],
      Users: Match.absent(),
    });
  });

  test('pins the logical id of the created role', () => {
    expect(onlyLogicalId(synth(Deployer.newRole()), 'AWS::IAM::Role')).toBe('DeployerRole36024D4B');
  });
});

describe('Deployer.newUser()', () => {
  test('creates one user with the given name', () => {
    const template = synth(Deployer.newUser('cdk-deployer'));

    template.resourceCountIs('AWS::IAM::User', 1);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::IAM::User', { UserName: 'cdk-deployer' });
  });

  test('gives the user no console password and no access keys', () => {
    const template = synth(Deployer.newUser('cdk-deployer'));

    template.hasResourceProperties('AWS::IAM::User', { LoginProfile: Match.absent() });
    template.resourceCountIs('AWS::IAM::AccessKey', 0);
  });

  test('attaches the deploy policy to the created user', () => {
    const template = synth(Deployer.newUser('cdk-deployer'));

    template.hasResourceProperties('AWS::IAM::Policy', {
      Users: [{ Ref: 'DeployerUserF05F005C' }],
      Roles: Match.absent(),
    });
  });

  test('pins the logical id of the created user', () => {
    expect(onlyLogicalId(synth(Deployer.newUser('cdk-deployer')), 'AWS::IAM::User')).toBe('DeployerUserF05F005C');
  });
});

describe('Deployer.existingUser()', () => {
  test('imports the user: no IAM user or role is created', () => {
    const template = synth(Deployer.existingUser('alice'));

    template.resourceCountIs('AWS::IAM::User', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('attaches the deploy policy to the user by name', () => {
    synth(Deployer.existingUser('alice')).hasResourceProperties('AWS::IAM::Policy', {
      Users: ['alice'],
      Roles: Match.absent(),
    });
  });
});

describe('Deployer.existingRole()', () => {
  test('imports the role: no IAM role or user is created', () => {
    const template = synth(Deployer.existingRole('github-deployer'));

    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::User', 0);
  });

  test('attaches the deploy policy to the role by name', () => {
    synth(Deployer.existingRole('github-deployer')).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['github-deployer'],
      Users: Match.absent(),
    });
  });
});

describe('Deployer.fromUser()', () => {
  test('uses the given user without creating another', () => {
    const stack = newStack();
    const user = new iam.User(stack, 'Ci');
    const template = synth(Deployer.fromUser(user), stack);

    template.resourceCountIs('AWS::IAM::User', 1);
    template.hasResourceProperties('AWS::IAM::Policy', { Users: [{ Ref: stack.getLogicalId(user.node.defaultChild as iam.CfnUser) }] });
  });

  test('attaches the deploy policy to an imported user by name', () => {
    const stack = newStack();
    const user = iam.User.fromUserArn(stack, 'Ci', `arn:aws:iam::${ACCOUNT}:user/ci/bob`);
    const template = synth(Deployer.fromUser(user), stack);

    template.resourceCountIs('AWS::IAM::User', 0);
    template.hasResourceProperties('AWS::IAM::Policy', { Users: ['bob'] });
  });
});

describe('Deployer.fromRole()', () => {
  test('uses the given role without creating another', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    const template = synth(Deployer.fromRole(role), stack);

    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }] });
  });

  test('attaches the deploy policy to an imported role by name', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Ci', `arn:aws:iam::${ACCOUNT}:role/github-deployer`);
    const template = synth(Deployer.fromRole(role), stack);

    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: ['github-deployer'] });
  });

  test('fails at synth when the role cannot take the policy', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Ci', `arn:aws:iam::${ACCOUNT}:role/github-deployer`, { mutable: false });
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.fromRole(role) });

    expect(() => Template.fromStack(stack)).toThrow(/must be attached/);
  });
});

describe('name validation', () => {
  const tooLong = 'a'.repeat(65);

  test('accepts a name of exactly 64 characters', () => {
    expect(() => Deployer.newUser('a'.repeat(64))).not.toThrow();
  });

  test('accepts every character IAM allows', () => {
    expect(() => Deployer.existingRole('Deploy_er+=,.@-1')).not.toThrow();
  });

  test('newUser rejects a blank name', () => {
    expect(() => Deployer.newUser('')).toThrow(/Deployer\.newUser\(userName\): userName is blank \(''\).*give the name of an IAM user/);
  });

  test('newUser rejects a whitespace name', () => {
    expect(() => Deployer.newUser('   ')).toThrow(/userName is blank/);
  });

  test('newUser rejects illegal characters', () => {
    expect(() => Deployer.newUser('bob smith')).toThrow(/userName 'bob smith' has characters IAM does not allow.*use only letters, digits/);
  });

  test('newUser rejects a name over 64 characters', () => {
    expect(() => Deployer.newUser(tooLong)).toThrow(/userName 'a+' is 65 characters long; an IAM user name has at most 64/);
  });

  test('existingUser rejects a blank name', () => {
    expect(() => Deployer.existingUser('')).toThrow(/Deployer\.existingUser\(userName\): userName is blank/);
  });

  test('existingUser rejects a path and points to fromUser', () => {
    expect(() => Deployer.existingUser('ci/bob')).toThrow(/userName 'ci\/bob'.*Deployer\.fromUser\(iam\.User\.fromUserArn/);
  });

  test('existingUser rejects a name over 64 characters', () => {
    expect(() => Deployer.existingUser(tooLong)).toThrow(/Deployer\.existingUser\(userName\): userName 'a+' is 65 characters long/);
  });

  test('existingRole rejects a blank name', () => {
    expect(() => Deployer.existingRole('')).toThrow(/Deployer\.existingRole\(roleName\): roleName is blank.*IAM role/);
  });

  test('existingRole rejects illegal characters', () => {
    expect(() => Deployer.existingRole('deploy*')).toThrow(/roleName 'deploy\*' has characters IAM does not allow in a role name/);
  });

  test('existingRole rejects a path and points to fromRole', () => {
    expect(() => Deployer.existingRole('ci/deployer')).toThrow(/roleName 'ci\/deployer'.*Deployer\.fromRole\(iam\.Role\.fromRoleArn/);
  });

  test('existingRole rejects a name over 64 characters', () => {
    expect(() => Deployer.existingRole(tooLong)).toThrow(/roleName 'a+' is 65 characters long; an IAM role name has at most 64/);
  });

  test('skips checks on unresolved tokens', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'DeployerName').valueAsString;

    const template = synth(Deployer.existingRole(name), stack);

    template.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: 'DeployerName' }] });
  });
});

test('a Deployer not made by a factory fails with a clear error', () => {
  // JavaScript, or a caller of another language, can hand in any object.
  const forged = Object.create(Deployer.prototype) as Deployer;
  expect(() => synth(forged)).toThrow(/deployer is an object \{\}, not a Deployer made by its factories: give Deployer.newRole\(\)/);
});

test('a Deployer names the factory call that made it', () => {
  const stack = new Stack(new App(), 'Names');
  expect([
    Deployer.newRole(), Deployer.newUser('deployer'), Deployer.existingRole('github-actions-deployer'), Deployer.existingUser('ci'),
    Deployer.fromRole(iam.Role.fromRoleName(stack, 'Imported', 'Imported')),
  ].map(String)).toEqual([
    'Deployer.newRole()', "Deployer.newUser('deployer')", "Deployer.existingRole('github-actions-deployer')", "Deployer.existingUser('ci')",
    'Deployer.fromRole(Names/Imported)',
  ]);
});
