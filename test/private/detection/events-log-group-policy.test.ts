import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassRole, BreakGlassRoleProps, LogActions, TrailSetup, Username } from '../../../src';
import { ENV, testStack } from '../../support/apps';
import { CfnTemplate, resolveCfn } from '../../support/cfn-resolve';


function roleApp(props: Partial<BreakGlassRoleProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: ENV });
  const construct = new BreakGlassRole(stack, 'BreakGlass', {
    usernames: [Username.iamUser('alice')],
    trail: TrailSetup.createTrail(),
    ...props,
  });
  return { app, stack, construct };
}

/** The resource policies of a stack, their documents parsed as CloudWatch Logs reads them. */
function resourcePolicies(stack: Stack): Array<{ name: string; document: any }> {
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const ctx = { account: ENV.account, region: ENV.region, partition: 'aws', template };
  return Object.values<any>(template.Resources)
    .filter(r => r.Type === 'AWS::Logs::ResourcePolicy')
    .map(r => ({ name: resolveCfn(r.Properties.PolicyName, ctx), document: JSON.parse(resolveCfn(r.Properties.PolicyDocument, ctx)) }));
}

/** The ARN CloudFormation gives a log group (`Fn::GetAtt Arn`: with a trailing `:*`). */
function logGroupArn(stack: Stack, logGroup: logs.ILogGroup): string {
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const ctx = { account: ENV.account, region: ENV.region, partition: 'aws', template };
  const id = stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup);
  return `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:${resolveCfn(template.Resources[id].Properties.LogGroupName, ctx)}:*`;
}

function resourcesOf(document: any): string[] {
  return document.Statement.flatMap((s: any) => [s.Resource].flat());
}

describe('a BreakGlassRole with a login log group and action logging', () => {
  const { app, stack, construct } = roleApp({ createLoginLogGroup: true, logActions: LogActions.ALL, regions: ['*'] });

  test('has exactly one resource policy', () => {
    expect(resourcePolicies(stack)).toHaveLength(1);
  });

  test('the policy covers both log groups and the canary\'s heartbeat log group', () => {
    const [policy] = resourcePolicies(stack);
    expect(resourcesOf(policy.document).sort()).toEqual([
      logGroupArn(stack, construct.loginLogGroup!),
      logGroupArn(stack, construct.actionLogGroup!),
      logGroupArn(stack, construct.watch.heartbeatLogGroup!),
    ].sort());
  });

  test('the policy lets EventBridge create streams and put events, and nothing else', () => {
    const [policy] = resourcePolicies(stack);
    for (const statement of policy.document.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect([statement.Action].flat().sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect([statement.Principal.Service].flat()).toContain('events.amazonaws.com');
      expect(statement.Principal.AWS).toBeUndefined();
    }
  });

  test('is a plain AWS::Logs::ResourcePolicy: no Lambda function or custom resource in any stack', () => {
    const templates = app.synth().stacks.map(artifact => artifact.template as any);
    // The StackSet's own template, deployed in every other region, too.
    const stackSetBodies = templates.flatMap(t => Object.values<any>(t.Resources))
      .filter(r => r.Type === 'AWS::CloudFormation::StackSet')
      .map(r => JSON.parse(r.Properties.TemplateBody));
    expect(stackSetBodies.length).toBeGreaterThan(0);
    for (const template of [...templates, ...stackSetBodies]) {
      // The readiness check's function and the alert path check's are their own, not the log policy's.
      const types = Object.entries<any>(template.Resources).filter(([id]) => !/ReadinessCheck|AlertPath/.test(id))
        .map(([, r]) => r.Type as string);
      expect(types.filter(t => t.startsWith('AWS::Lambda::') || t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource')).toEqual([]);
    }
  });

  test('its name is the same at every synthesis', () => {
    const again = roleApp({ createLoginLogGroup: true, logActions: LogActions.ALL, regions: ['*'] });
    expect(resourcePolicies(again.stack)[0].name).toBe(resourcePolicies(stack)[0].name);
  });
});

test('only a login log group: one policy covering it', () => {
  const { stack, construct } = roleApp({ createLoginLogGroup: true, canary: false });
  const policies = resourcePolicies(stack);
  expect(policies).toHaveLength(1);
  expect(resourcesOf(policies[0].document)).toEqual([logGroupArn(stack, construct.loginLogGroup!)]);
});

test('only action logging: one policy covering the action log group', () => {
  const { stack, construct } = roleApp({ logActions: LogActions.WRITE, canary: false });
  const policies = resourcePolicies(stack);
  expect(policies).toHaveLength(1);
  expect(resourcesOf(policies[0].document)).toEqual([logGroupArn(stack, construct.actionLogGroup!)]);
});

test('only the canary\'s heartbeat log group: one policy covering it', () => {
  const { stack, construct } = roleApp();
  const policies = resourcePolicies(stack);
  expect(policies).toHaveLength(1);
  expect(resourcesOf(policies[0].document)).toEqual([logGroupArn(stack, construct.watch.heartbeatLogGroup!)]);
});

test('no log group: no resource policy', () => {
  const { stack } = roleApp({ canary: false });
  expect(resourcePolicies(stack)).toHaveLength(0);
});

test('two BreakGlassRoles in one stack each have their own policy, with distinct names', () => {
  const stack = testStack();
  for (const id of ['One', 'Two']) {
    new BreakGlassRole(stack, id, { usernames: [Username.iamUser('alice')], createLoginLogGroup: true, logActions: LogActions.ALL, trail: TrailSetup.existingTrail() });
  }
  const names = resourcePolicies(stack).map(p => p.name);
  expect(names).toHaveLength(2);
  expect(new Set(names).size).toBe(2);
});

test('parts used on their own for one role share one policy for both their log groups', () => {
  const stack = testStack();
  const role = iam.Role.fromRoleName(stack, 'Role', 'BreakGlass');
  const alert = new BreakGlassLoginAlert(stack, 'Alert', { role, createLoginLogGroup: true, trail: TrailSetup.existingTrail() });
  const actions = new BreakGlassLogActions(stack, 'Actions', { role, trail: TrailSetup.existingTrail() });
  const covered = resourcePolicies(stack).map(p => resourcesOf(p.document).sort());
  expect(covered).toEqual([[
    logGroupArn(stack, alert.loginLogGroup!), logGroupArn(stack, actions.actionLogGroup), logGroupArn(stack, alert.watch.heartbeatLogGroup!),
  ].sort()]);
  expect(resourcePolicies(stack).map(p => p.name)).toEqual([alert.watch.logGroupPolicyName]);
});

test('parts of two roles each have the policy of their own watch', () => {
  const stack = testStack();
  const one = new BreakGlassLogActions(stack, 'One', { role: iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'), trail: TrailSetup.existingTrail() });
  const two = new BreakGlassLogActions(stack, 'Two', { role: iam.Role.fromRoleName(stack, 'Other', 'Other'), trail: TrailSetup.existingTrail() });
  // Each watch's policy covers its canary's heartbeat log group too.
  expect(resourcePolicies(stack).map(p => resourcesOf(p.document).sort())).toEqual([
    [logGroupArn(stack, one.watch.heartbeatLogGroup!), logGroupArn(stack, one.actionLogGroup)].sort(),
    [logGroupArn(stack, two.watch.heartbeatLogGroup!), logGroupArn(stack, two.actionLogGroup)].sort(),
  ]);
});
