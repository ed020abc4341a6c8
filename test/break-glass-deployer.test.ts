import { App, CfnParameter, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassDeployer, BreakGlassDeployerProps } from '../src/break-glass-deployer';
import { Deployer } from '../src/deployer';

const ACCOUNT = '111111111111';
const PARTITION = { Ref: 'AWS::Partition' };

function newStack(props: { env?: boolean; synthesizer?: DefaultStackSynthesizer; context?: Record<string, string> } = {}): Stack {
  const app = new App({ context: props.context });
  return new Stack(app, 'Stack', {
    env: props.env === false ? undefined : { account: ACCOUNT, region: 'eu-west-1' },
    synthesizer: props.synthesizer,
  });
}

/** A break-glass role as the BreakGlassRole construct would make it. */
function breakGlassRole(stack: Stack): iam.Role {
  return new iam.Role(stack, 'BreakGlass', { assumedBy: new iam.AccountRootPrincipal() });
}

/**
 * The ARN of bootstrap role `kind` in a region, written from the CDK bootstrap naming rule
 * `cdk-${Qualifier}-${kind}-${AWS::AccountId}-${AWS::Region}`.
 */
function bootstrapRoleArn(kind: string, qualifier = 'hnb659fds', region = 'eu-west-1'): unknown {
  return { 'Fn::Join': ['', ['arn:', PARTITION, `:iam::${ACCOUNT}:role/cdk-${qualifier}-${kind}-${ACCOUNT}-${region}`]] };
}

const ASSUME_BOOTSTRAP_ROLES = {
  Sid: 'AssumeCdkBootstrapRoles',
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Resource: [
    bootstrapRoleArn('deploy-role'),
    bootstrapRoleArn('file-publishing-role'),
    bootstrapRoleArn('lookup-role'),
  ],
};

const MANAGE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListRoleTags',
];

function policyStatements(template: Template): unknown[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

describe('deploy permissions', () => {
  test('are exactly sts:AssumeRole on the deploy, file-publishing and lookup bootstrap roles', () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.exact({ Version: '2012-10-17', Statement: [ASSUME_BOOTSTRAP_ROLES] }),
    });
  });

  test('take account and partition from an environment-agnostic stack', () => {
    const stack = newStack({ env: false });
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    const account = { Ref: 'AWS::AccountId' };
    const arn = (kind: string) => ({
      'Fn::Join': ['', ['arn:', PARTITION, ':iam::', account, `:role/cdk-hnb659fds-${kind}-`, account, '-', { Ref: 'AWS::Region' }]],
    });
    expect(policyStatements(Template.fromStack(stack))).toEqual([{
      ...ASSUME_BOOTSTRAP_ROLES,
      Resource: [arn('deploy-role'), arn('file-publishing-role'), arn('lookup-role')],
    }]);
  });

  test('cover each region the app deploys to, and no other', () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), bootstrapRegions: ['eu-west-1', 'us-east-1'] });

    expect(policyStatements(Template.fromStack(stack))).toEqual([{
      ...ASSUME_BOOTSTRAP_ROLES,
      Resource: ['deploy-role', 'file-publishing-role', 'lookup-role'].flatMap(kind =>
        ['eu-west-1', 'us-east-1'].map(region => bootstrapRoleArn(kind, 'hnb659fds', region))),
    }]);
  });

  test.each(['*', 'eu-*', 'EU-WEST-1'])('refuse %p, which names no region', region => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', { deployer: Deployer.newRole(), bootstrapRegions: ['eu-west-1', region] }))
      .toThrow(`bootstrapRegions has '${region}', which is not a region code`);
  });

  test('never cover the CloudFormation execution role or every cdk- role', () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).not.toMatch(/cfn-exec-role/);
    expect(json).not.toMatch(/role\/cdk-\*/);
    expect(json).not.toMatch(/image-publishing-role/);
  });

  test('leave out sts:TagSession by default', () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toMatch(/sts:TagSession/);
  });

  test('add sts:TagSession on the same roles with allowSessionTags', () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), allowSessionTags: true });

    expect(policyStatements(Template.fromStack(stack))).toEqual([{
      ...ASSUME_BOOTSTRAP_ROLES,
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    }]);
  });
});

describe('bootstrapQualifier', () => {
  test('names the bootstrap roles', () => {
    const stack = newStack();
    const deployer = new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), bootstrapQualifier: 'team-a_1' });

    expect(deployer.bootstrapQualifier).toBe('team-a_1');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Resource: [
            bootstrapRoleArn('deploy-role', 'team-a_1'),
            bootstrapRoleArn('file-publishing-role', 'team-a_1'),
            bootstrapRoleArn('lookup-role', 'team-a_1'),
          ],
        })],
      },
    });
  });

  test('defaults to the qualifier of the stack synthesizer', () => {
    const stack = newStack({ synthesizer: new DefaultStackSynthesizer({ qualifier: 'synthq' }) });
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.arrayWith([bootstrapRoleArn('deploy-role', 'synthq')]) })] },
    });
  });

  test('defaults to the @aws-cdk/core:bootstrapQualifier context value', () => {
    const stack = newStack({ context: { '@aws-cdk/core:bootstrapQualifier': 'ctxq' } });
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.arrayWith([bootstrapRoleArn('lookup-role', 'ctxq')]) })] },
    });
  });

  test('accepts exactly 10 characters', () => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', {
      deployer: Deployer.newRole(),
      bootstrapQualifier: 'abcde12345',
    })).not.toThrow();
  });

  test('rejects an empty qualifier', () => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', {
      deployer: Deployer.newRole(),
      bootstrapQualifier: '',
    })).toThrow(/bootstrapQualifier '' is not a CDK bootstrap qualifier.*cdk bootstrap --qualifier.*1-10 letters/);
  });

  test('rejects a qualifier over 10 characters', () => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', {
      deployer: Deployer.newRole(),
      bootstrapQualifier: 'abcde123456',
    })).toThrow(/bootstrapQualifier 'abcde123456'/);
  });

  test('rejects a qualifier with a character the bootstrap template refuses', () => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', {
      deployer: Deployer.newRole(),
      bootstrapQualifier: 'my.qual',
    })).toThrow(/bootstrapQualifier 'my\.qual'/);
  });

  test('rejects a wildcard qualifier', () => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', {
      deployer: Deployer.newRole(),
      bootstrapQualifier: '*',
    })).toThrow(/bootstrapQualifier '\*'/);
  });

  test('skips the check on an unresolved token', () => {
    const stack = newStack();
    const qualifier = new CfnParameter(stack, 'Qualifier').valueAsString;

    expect(() => new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), bootstrapQualifier: qualifier })).not.toThrow();
  });
});

describe('canManageBreakGlassRole', () => {
  test('lets the deployer manage the policies and tags of the break-glass role, on its ARN only', () => {
    const stack = newStack();
    const role = breakGlassRole(stack);
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), breakGlassRole: role, canManageBreakGlassRole: true });

    expect(policyStatements(Template.fromStack(stack))).toEqual([
      ASSUME_BOOTSTRAP_ROLES,
      {
        Sid: 'ManageBreakGlassRolePolicies',
        Effect: 'Allow',
        Action: MANAGE_ACTIONS,
        Resource: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] },
      },
    ]);
  });

  test('scopes the statement to an imported break-glass role ARN', () => {
    const stack = newStack();
    const arn = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
    const role = iam.Role.fromRoleArn(stack, 'BreakGlass', arn);
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), breakGlassRole: role, canManageBreakGlassRole: true });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ManageBreakGlassRolePolicies', Resource: arn })]) },
    });
  });

  test('grants nothing on the break-glass role when false', () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole(), breakGlassRole: breakGlassRole(stack) });

    expect(policyStatements(Template.fromStack(stack))).toEqual([ASSUME_BOOTSTRAP_ROLES]);
  });

  test('fails without a breakGlassRole', () => {
    expect(() => new BreakGlassDeployer(newStack(), 'Deployer', {
      deployer: Deployer.newRole(),
      canManageBreakGlassRole: true,
    })).toThrow(/canManageBreakGlassRole is true but breakGlassRole is not given/);
  });
});

describe('deployer identity', () => {
  test('must not be the break-glass role itself', () => {
    const stack = newStack();
    const role = breakGlassRole(stack);

    expect(() => new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.fromRole(role), breakGlassRole: role }))
      .toThrow(/deployer is the break-glass role/);
  });

  test('must not be the break-glass role imported by name', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleName(stack, 'BreakGlass', 'BreakGlass');

    expect(() => new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.existingRole('BreakGlass'), breakGlassRole: role }))
      .toThrow(/deployer is the break-glass role/);
  });

  test('exposes the created role, its grant principal and the policy', () => {
    const stack = newStack();
    const deployer = new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newRole() });

    expect(deployer.role).toBeInstanceOf(iam.Role);
    expect(deployer.user).toBeUndefined();
    expect(deployer.identity).toBe(deployer.role);
    expect(deployer.grantPrincipal).toBe(deployer.role!.grantPrincipal);
    expect(deployer.policy.node.path).toBe('Stack/Deployer/Policy');
    expect(deployer.bootstrapQualifier).toBe('hnb659fds');
  });

  test('exposes the created user', () => {
    const stack = newStack();
    const deployer = new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.newUser('ci') });

    expect(deployer.user).toBeInstanceOf(iam.User);
    expect(deployer.role).toBeUndefined();
    expect(deployer.identity).toBe(deployer.user);
  });

  test('exposes an imported role', () => {
    const stack = newStack();
    const deployer = new BreakGlassDeployer(stack, 'Deployer', { deployer: Deployer.existingRole('ci') });

    expect(deployer.role?.roleName).toBe('ci');
  });
});

test('pins the logical ids of the created identities and the policy', () => {
  const ids = (deployer: Deployer) => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', { deployer });
    return Object.keys(Template.fromStack(stack).toJSON().Resources).sort();
  };

  expect(ids(Deployer.newRole())).toEqual(['DeployerPolicy7CBD75B8', 'DeployerRole36024D4B']);
  expect(ids(Deployer.newUser('ci'))).toEqual(['DeployerPolicy7CBD75B8', 'DeployerUserF05F005C']);
  expect(ids(Deployer.existingRole('ci'))).toEqual(['DeployerPolicy7CBD75B8']);
});

test('synthesizes byte-identical templates', () => {
  const synth = () => {
    const stack = newStack();
    new BreakGlassDeployer(stack, 'Deployer', {
      deployer: Deployer.newRole(),
      breakGlassRole: breakGlassRole(stack),
      canManageBreakGlassRole: true,
    });
    return JSON.stringify(Template.fromStack(stack).toJSON());
  };

  expect(synth()).toEqual(synth());
});

/*
 * No way into the break-glass role. Every permission of the synthesized template is walked
 * (AWS::IAM::Policy, AWS::IAM::ManagedPolicy, inline policies of roles, users and groups) and fails on:
 * - an action with `*`: a wildcard silently grows to whatever IAM adds (`iam:*`, `iam:Update*`);
 * - iam:UpdateAssumeRolePolicy: rewrites the trust policy, so the deployer could trust itself;
 * - iam:DeleteRole, iam:CreateRole: delete the role and re-create it under the same name (and ARN)
 *   with a trust of the deployer's choosing;
 * - iam:PassRole, iam:AddRoleToInstanceProfile: hand the role to a service (Lambda, EC2,
 *   CloudFormation) that then acts as it;
 * - iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile: take over a user who may
 *   assume the break-glass role;
 * - iam:PutUserPolicy, iam:AttachUserPolicy, iam:PutGroupPolicy, iam:AttachGroupPolicy,
 *   iam:AddUserToGroup, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion: grant itself
 *   sts:AssumeRole on the break-glass role where its trust names the account;
 * - an sts: action on anything but the CDK deploy, file-publishing and lookup roles (so never
 *   sts:AssumeRole on the break-glass role, nor on the CloudFormation execution role);
 * - any other iam: action on anything but the break-glass role (e.g. iam:PutRolePolicy on the
 *   deployer's own role would let it grant itself anything).
 */
describe('no way into the break-glass role', () => {
  const FORBIDDEN_ACTIONS = [
    'iam:UpdateAssumeRolePolicy',
    'iam:DeleteRole',
    'iam:CreateRole',
    'iam:PassRole',
    'iam:AddRoleToInstanceProfile',
    'iam:CreateAccessKey',
    'iam:CreateLoginProfile',
    'iam:UpdateLoginProfile',
    'iam:PutUserPolicy',
    'iam:AttachUserPolicy',
    'iam:PutGroupPolicy',
    'iam:AttachGroupPolicy',
    'iam:AddUserToGroup',
    'iam:CreatePolicyVersion',
    'iam:SetDefaultPolicyVersion',
  ].map((action) => action.toLowerCase());

  const BOOTSTRAP_ROLE = /^arn:\$\{AWS::Partition\}:iam::(\d{12}|\$\{AWS::AccountId\}):role\/cdk-[A-Za-z0-9_-]{1,10}-(deploy|file-publishing|lookup)-role-(\d{12}|\$\{AWS::AccountId\})-([a-z0-9-]+|\$\{AWS::Region\})$/;

  /** A CloudFormation value as one string: `{ Ref: X }` becomes `${X}`, `Fn::GetAtt` becomes `${X.Attr}`. */
  function flatten(value: any): string {
    if (typeof value === 'string') return value;
    if (value.Ref) return `\${${value.Ref}}`;
    if (value['Fn::GetAtt']) return `\${${value['Fn::GetAtt'].join('.')}}`;
    if (value['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
    throw new Error(`cannot flatten ${JSON.stringify(value)}`);
  }

  function asList<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }

  /** Every permission statement of the template, with where it was found. */
  function allStatements(template: any): Array<{ where: string; statement: any }> {
    const found: Array<{ where: string; statement: any }> = [];
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      const documents: any[] = [];
      if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
        documents.push(resource.Properties.PolicyDocument);
      }
      if (['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(resource.Type)) {
        documents.push(...asList(resource.Properties?.Policies).map((p: any) => p.PolicyDocument));
      }
      for (const document of documents) {
        for (const statement of asList(document.Statement)) {
          found.push({ where: id, statement });
        }
      }
    }
    return found;
  }

  /** Why each statement could open the break-glass role; empty when none can. */
  function violations(template: any, breakGlassRoleArn: string): string[] {
    const problems: string[] = [];
    for (const { where, statement } of allStatements(template)) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction || statement.NotResource) {
        problems.push(`${where}: NotAction/NotResource`);
      }
      const resources = asList(statement.Resource).map(flatten);
      for (const action of asList<string>(statement.Action)) {
        const lower = action.toLowerCase();
        if (action.includes('*')) problems.push(`${where}: wildcard action ${action}`);
        if (FORBIDDEN_ACTIONS.includes(lower)) problems.push(`${where}: forbidden action ${action}`);
        if (lower.startsWith('sts:') && !resources.every((r) => BOOTSTRAP_ROLE.test(r))) {
          problems.push(`${where}: ${action} on ${resources.join(', ')}`);
        }
        if (lower.startsWith('iam:') && !resources.every((r) => r === breakGlassRoleArn)) {
          problems.push(`${where}: ${action} on ${resources.join(', ')}`);
        }
      }
    }
    return problems;
  }

  const FACTORIES: Array<[string, (stack: Stack) => Deployer]> = [
    ['newRole()', () => Deployer.newRole()],
    ['newUser()', () => Deployer.newUser('cdk-deployer')],
    ['existingUser()', () => Deployer.existingUser('alice')],
    ['existingRole()', () => Deployer.existingRole('github-deployer')],
    ['fromUser()', (stack) => Deployer.fromUser(new iam.User(stack, 'Ci'))],
    ['fromRole()', (stack) => Deployer.fromRole(new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() }))],
  ];

  const OPTIONS: Array<[string, Partial<BreakGlassDeployerProps>]> = [
    ['default', {}],
    ['canManageBreakGlassRole', { canManageBreakGlassRole: true }],
    ['canManageBreakGlassRole + allowSessionTags', { canManageBreakGlassRole: true, allowSessionTags: true }],
  ];

  describe.each(OPTIONS)('%s', (_name, options) => {
    test.each(FACTORIES)('Deployer.%s', (_factory, deployer) => {
      const stack = newStack({ env: false });
      const role = breakGlassRole(stack);
      new BreakGlassDeployer(stack, 'Deployer', { deployer: deployer(stack), breakGlassRole: role, ...options });
      const template = Template.fromStack(stack).toJSON();

      expect(allStatements(template).length).toBeGreaterThan(0);
      expect(violations(template, flatten(stack.resolve(role.roleArn)))).toEqual([]);
    });
  });

  test('the walk catches planted escapes', () => {
    const stack = newStack();
    const role = breakGlassRole(stack);
    new iam.Policy(stack, 'Planted', {
      force: true,
      users: [new iam.User(stack, 'Other')],
      statements: [
        new iam.PolicyStatement({ actions: ['iam:*'], resources: [role.roleArn] }),
        new iam.PolicyStatement({ actions: ['iam:UpdateAssumeRolePolicy'], resources: [role.roleArn] }),
        new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [role.roleArn] }),
        new iam.PolicyStatement({ actions: ['iam:PutRolePolicy'], resources: [`arn:aws:iam::${ACCOUNT}:role/other`] }),
      ],
    });
    new iam.Role(stack, 'Inline', {
      assumedBy: new iam.AccountRootPrincipal(),
      inlinePolicies: { p: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] })] }) },
    });

    const problems = violations(Template.fromStack(stack).toJSON(), flatten(stack.resolve(role.roleArn)));

    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/wildcard action iam:\*/),
      expect.stringMatching(/forbidden action iam:UpdateAssumeRolePolicy/),
      expect.stringMatching(/sts:AssumeRole on \$\{BreakGlass/),
      expect.stringMatching(/iam:PutRolePolicy on arn:aws:iam::111111111111:role\/other/),
      expect.stringMatching(/^Inline.*forbidden action iam:PassRole/),
    ]));
  });
});
