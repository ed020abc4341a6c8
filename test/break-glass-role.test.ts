import { Annotations as CoreAnnotations, App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { BreakGlassRole, BreakGlassRoleProps, Deployer, LogActions, RegionalDeployment, TrailSetup, Username } from '../src';
import { fullFeaturedApp } from './support/gate-apps';

const ENV = { account: '111122223333', region: 'us-east-1' };

function synth(props: Partial<BreakGlassRoleProps> = {}): { stack: Stack; template: Template; construct: BreakGlassRole } {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  const construct = new BreakGlassRole(stack, 'BreakGlass', {
    usernames: [Username.iamUser('alice')],
    trail: TrailSetup.existingTrail(),
    ...props,
  });
  return { stack, construct, get template() { return Template.fromStack(stack); } };
}

const ACCOUNT_ROOT = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] } };

describe('trust policy', () => {
  test('admits listed IAM users by aws:username, case-insensitively, with MFA, in a session named as themselves', () => {
    const { template } = synth({ usernames: [Username.iamUser('alice'), Username.iamUser('bob')] });
    const [role] = Object.values(template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('^Break-glass role') } }));
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Effect: 'Allow',
      Principal: ACCOUNT_ROOT,
      Condition: {
        StringEqualsIgnoreCase: { 'aws:username': ['alice', 'bob'] },
        StringEquals: { 'sts:RoleSessionName': '${aws:username}' },
        StringEqualsIfExists: { 'sts:SourceIdentity': '${aws:username}' },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      },
    }, expect.objectContaining({ Sid: 'OnlyInWatchedRegions', Effect: 'Deny', Principal: ACCOUNT_ROOT })]);
  });

  test('requireMfa: false drops the MFA condition', () => {
    const { template } = synth({ requireMfa: false });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Condition: Match.objectLike({ StringEqualsIgnoreCase: { 'aws:username': ['alice'] }, Bool: Match.absent() }) })]),
      },
    });
  });

  test('admits a federated user by the session part of aws:userid through the bound role, in a statement of their own', () => {
    const { template } = synth({ usernames: [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')] });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: Match.objectLike({ StringEqualsIgnoreCase: { 'aws:username': ['alice'] } }) }),
          {
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Effect: 'Allow',
            Principal: ACCOUNT_ROOT,
            Condition: {
              ArnLike: {
                'aws:PrincipalArn': [
                  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_????????????????']] },
                  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_????????????????']] },
                ],
              },
              StringLike: { 'aws:userid': ['*:carol@example.com'] },
            },
          },
        ]),
      },
    });
  });

  test('every Allow has a condition', () => {
    const { template } = synth({ usernames: [Username.identityCenter('carol@example.com', 'Admin'), Username.iamUser('alice')] });
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('^Break-glass role') } });
    const statements = Object.values(roles).flatMap((r: any) => r.Properties.AssumeRolePolicyDocument.Statement)
      .filter((statement: any) => statement.Effect === 'Allow');
    expect(statements.length).toBe(2);
    for (const statement of statements) {
      expect(statement.Condition).toBeDefined();
    }
  });

  test('an IAM user construct is admitted by its name', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const user = new iam.User(stack, 'Dave', { userName: 'dave' });
    new BreakGlassRole(stack, 'BreakGlass', { usernames: [Username.fromUser(user)], trail: TrailSetup.existingTrail() });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Condition: Match.objectLike({ StringEqualsIgnoreCase: { 'aws:username': [{ Ref: Match.stringLikeRegexp('^Dave') }] } }) })]),
      },
    });
  });
});

describe('role', () => {
  test('lasts one hour by default', () => {
    synth().template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3600, RoleName: Match.absent() });
  });

  test('takes roleName and maxSessionDuration', () => {
    synth({ roleName: 'BreakGlass', maxSessionDuration: Duration.hours(4) }).template
      .hasResourceProperties('AWS::IAM::Role', { RoleName: 'BreakGlass', MaxSessionDuration: 14400 });
  });

  test('gets AdministratorAccess and an acknowledgeable warning when no policy is given', () => {
    const { stack, template } = synth();
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AdministratorAccess']] }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/BreakGlass', Match.stringLikeRegexp('AdministratorAccess.*\\[ack: aws-break-glass-role:adminAccess\\]'));
  });

  test('with managedPolicies gets only those, and no warning', () => {
    const { stack, template } = synth({ managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }],
    });
    Annotations.fromStack(stack).hasNoWarning('/Stack/BreakGlass', Match.stringLikeRegexp('AdministratorAccess'));
  });

  test('with policyStatements gets them inline, and no AdministratorAccess', () => {
    const { template } = synth({ policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }] },
    });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('an imported role is used as it is, with a warning about its trust', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const role = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111122223333:role/Existing');
    const construct = new BreakGlassRole(stack, 'BreakGlass', { usernames: [Username.iamUser('alice')], role, trail: TrailSetup.existingTrail() });
    expect(construct.role).toBe(role);
    expect(construct.canManageBreakGlassRole).toBe(false);
    // No break-glass role is made: the only roles are the canary's, the alert path check's, the readiness check's and the forwarding StackSet's.
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Role')).filter(id => !id.startsWith('BreakGlassRegions'))).toEqual([
      expect.stringMatching(/^BreakGlassCanaryRole[0-9A-F]{8}$/), expect.stringMatching(/^BreakGlassCanaryAlertPathRole[0-9A-F]{8}$/),
      expect.stringMatching(/^BreakGlassReadinessCheckRole[0-9A-F]{8}$/),
    ]);
    Annotations.fromStack(stack).hasWarning('/Stack/BreakGlass', Match.stringLikeRegexp('aws-break-glass-role:importedRoleTrust'));
  });

  test('canManageBreakGlassRole defaults to true for a created role', () => {
    expect(synth().construct.canManageBreakGlassRole).toBe(true);
  });
});

describe('grantAssume', () => {
  test('lets the grantee call sts:AssumeRole on the role', () => {
    const { stack, construct } = synth();
    const user = new iam.User(stack, 'Alice', { userName: 'alice' });
    construct.grantAssume(user);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Users: [{ Ref: Match.stringLikeRegexp('^Alice') }],
      PolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BreakGlass'), 'Arn'] } }] },
    });
  });
});

describe('tree', () => {
  test('two instances in one stack synthesize side by side, and add no outputs', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const [one, two] = ['One', 'Two'].map(id =>
      new BreakGlassRole(stack, id, { usernames: [Username.iamUser('alice')], regions: ['eu-west-1'], trail: TrailSetup.existingTrail() }));
    const template = Template.fromStack(stack);
    // Each: the break-glass role, three StackSet roles, the canary's role, the alert path check's and the readiness check's.
    template.resourceCountIs('AWS::IAM::Role', 2 * (1 + 3 + 1 + 1 + 1));
    template.resourceCountIs('AWS::CloudFormation::StackSet', 2);
    expect(one.watch).not.toBe(two.watch);
    expect(one.watch.stackSetName).not.toEqual(two.watch.stackSetName);
    expect(template.findOutputs('*')).toEqual({});
  });

  test('every child lives under the construct', () => {
    const { stack } = synth({ logActions: LogActions.ALL, createLoginLogGroup: true, regions: ['eu-west-1'], deployer: Deployer.newRole() });
    const outside = stack.node.findAll()
      // Bootstrap checks belong to the stack's synthesizer.
      .filter(c => c !== stack && !/^Stack\/(BreakGlass|BootstrapVersion|CheckBootstrapVersion)/.test(c.node.path));
    expect(outside.map(c => c.node.path)).toEqual([]);
  });

  test('deployer creates a least-privilege deployer under the construct', () => {
    const { construct } = synth({ deployer: Deployer.newRole() });
    expect(construct.deployer?.node.path).toBe('Stack/BreakGlass/Deployer');
  });
});

describe('deployer regions', () => {
  const deployRoles = (props: Partial<BreakGlassRoleProps>) =>
    JSON.stringify(synth({ deployer: Deployer.newRole(), ...props }).template.toJSON()).match(/deploy-role-111122223333-[a-z0-9-]+/g);

  test('with the StackSet, only the home region is deployed to', () => {
    expect(deployRoles({ regions: ['eu-west-1'] })).toEqual(['deploy-role-111122223333-us-east-1']);
  });

  test('with regional stacks, every watched region is', () => {
    expect(deployRoles({ roleName: 'BreakGlass', regions: ['eu-west-1'], regionalDeployment: RegionalDeployment.regionalStacks() }))
      .toEqual(['deploy-role-111122223333-us-east-1', 'deploy-role-111122223333-eu-west-1']);
  });
});

describe('synthesis', () => {
  test('is deterministic: the same app gives byte-identical templates', () => {
    const render = () => JSON.stringify(fullFeaturedApp().synth().getStackByName('Full').template);
    expect(render()).toEqual(render());
  });
});

describe('limits', () => {
  test('the largest list of identities that fits is accepted', () => {
    // 24-character names cost 27 characters each ("name",) over a ~870-character frame, of which the 17 regions enabled by
    // default, admitted by default, take about 290: 43 fit, 44 do not.
    const usernames = Array.from({ length: 44 }, (_, i) => Username.iamUser(`engineer-number-${String(i).padStart(8, '0')}`));
    expect(() => synth({ usernames: usernames.slice(0, 43) })).not.toThrow();
    expect(() => synth({ usernames }))
      .toThrow(/trust policy for these 44 identities is \d+ characters, over IAM's default limit of 2048. The first 43 of them fit.*the 17 watched regions/);
  });

  test('fewer watched regions leave room for more identities', () => {
    const usernames = Array.from({ length: 44 }, (_, i) => Username.iamUser(`engineer-number-${String(i).padStart(8, '0')}`));
    expect(() => synth({ usernames, regions: ['eu-west-1'] })).not.toThrow();
  });
});

describe('alert subscribers', () => {
  const NO_SUBSCRIBER = 'aws-break-glass-role:noAlertSubscriber';
  const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(NO_SUBSCRIBER));

  test('without loginAlertEmails or chatTopic, the login alert warns that nobody will be told', () => {
    const found = warnings(synth().stack);
    expect(found.map(w => w.id)).toEqual(['/Stack/BreakGlass/LoginAlert']);
    expect(found[0].entry.data).toMatch(/^Nobody will be told .*acknowledgeWarning\('aws-break-glass-role:noAlertSubscriber'\)/);
  });

  test('no warning with loginAlertEmails', () => {
    expect(warnings(synth({ loginAlertEmails: ['security@example.com'] }).stack)).toEqual([]);
  });

  // A topic of the user's own: its subscribers are the user's to choose.
  test.each(['chatTopic', 'alertTopic'] as const)('no warning with the user\'s own %s', (prop) => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    new BreakGlassRole(stack, 'BreakGlass', {
      usernames: [Username.iamUser('alice')],
      trail: TrailSetup.existingTrail(),
      [prop]: new sns.Topic(stack, 'Topic'),
    });
    expect(warnings(stack)).toEqual([]);
  });

  test('acknowledged on the stack once the topic is subscribed another way, it is gone', () => {
    const { stack, construct } = synth();
    construct.alertTopic.addSubscription(new subscriptions.SmsSubscription('+15555550100'));
    CoreAnnotations.of(stack).acknowledgeWarning(NO_SUBSCRIBER, 'Paged by SMS.');
    expect(warnings(stack)).toEqual([]);
  });
});

describe('saved queries', () => {
  const titles = (queries: logs.QueryDefinition[]) => queries.map(q => (q.node.defaultChild as logs.CfnQueryDefinition).name.split('/').pop());

  test('with both logs: the action log\'s three and the login log\'s one', () => {
    const { construct } = synth({ logActions: LogActions.ALL, createLoginLogGroup: true, loginAlertEmails: ['security@example.com'] });
    expect(titles(construct.actionQueries)).toEqual(['What each session did', 'Writes by session', 'Failed calls']);
    expect(titles(construct.loginQueries)).toEqual(['Assumptions and sign-ins']);
  });

  test('recording only read-only calls, no writes query', () => {
    const { construct } = synth({ logActions: LogActions.READ, loginAlertEmails: ['security@example.com'] });
    expect(titles(construct.actionQueries)).toEqual(['What each session did', 'Failed calls']);
  });

  test('none without the log groups', () => {
    const { construct, template } = synth({ loginAlertEmails: ['security@example.com'] });
    expect([construct.actionQueries, construct.loginQueries]).toEqual([[], []]);
    template.resourceCountIs('AWS::Logs::QueryDefinition', 0);
  });
});
