import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BreakGlassLogActions, LogActions, RegionalDeployment, TrailSetup } from '../src';
import { SCENARIO, scenarioApp, stackWithRole } from './support/apps';
import { CfnTemplate, resolveCfn } from './support/cfn-resolve';
import { expectForwardingIncludes } from './support/forwarding-assertions';
import { CorpusEvent, deployedRules, loadEvents, outcomes } from './support/scenario';
import { FORWARD_RULE_ID } from '../src/private/regions/forwarding-template';

const EVENTS = loadEvents('corpus', 'extra', 'chain');
const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
const ROLE_ARN = `arn:aws:iam::${SCENARIO.account}:role/${SCENARIO.roleName}`;

/** The CloudTrail `eventSource` of each service named in `logServices` (AWS's service endpoints). */
const EVENT_SOURCE: { [service: string]: string } = {
  s3: 's3.amazonaws.com',
  cloudformation: 'cloudformation.amazonaws.com',
};

/**
 * What the corpus README and DESIGN say a mode records: a chaining call, and a write that passes a role, at every
 * mode whatever the services; a chained session's action only where the log knows its person's source identity.
 */
function shouldRecord(e: CorpusEvent, mode: LogActions, services?: string[], knowsSourceIdentities = true): boolean {
  const kind = e.expect.actions;
  if (kind === null || (e.expect.chainedFrom !== undefined && !knowsSourceIdentities)) {
    return false;
  }
  if (e.expect.chain || e.expect.passesRole) {
    return true;
  }
  const modeKeeps = mode === LogActions.ALL || (mode === LogActions.READ && kind === 'read') || (mode === LogActions.WRITE && kind === 'write');
  const serviceKept = !services || services.some(service => EVENT_SOURCE[service] === e.event.detail.eventSource);
  return modeKeeps && serviceKept;
}

describe.each([
  ['ALL', LogActions.ALL, undefined, LogActions.ALL],
  ['READ', LogActions.READ, undefined, LogActions.READ],
  ['WRITE', LogActions.WRITE, undefined, LogActions.WRITE],
  ['WRITE + logServices s3', LogActions.WRITE, ['s3'], LogActions.WRITE],
  ['WRITE + logServices cloudformation', LogActions.WRITE, ['cloudformation'], LogActions.WRITE],
  // logServices without logActions means ALL for those services.
  ['logServices s3, logActions absent', undefined, ['s3'], LogActions.ALL],
] as Array<[string, LogActions | undefined, string[] | undefined, LogActions]>)('%s, every region watched', (_name, logActions, logServices, effective) => {
  const { app } = scenarioApp({ regions: ['*'], logActions, logServices });
  const results = outcomes(deployedRules(app), EVENTS.map(e => e.event));

  test.each(EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, corpusEvent, i) => {
    expect(results[i].actionLogged).toBe(shouldRecord(corpusEvent, effective, logServices));
  });

  test('records some events and leaves others', () => {
    const recorded = results.filter(r => r.actionLogged).length;
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(EVENTS.length);
  });
});

test('the part on its own records write actions of an imported role in the default regions, every region enabled by default', () => {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
  new BreakGlassLogActions(stack, 'LogActions', {
    role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN),
    logActions: LogActions.WRITE,
    trail: TrailSetup.existingTrail(),
  });

  const results = outcomes(deployedRules(app), EVENTS.map(e => e.event));

  // Without sourceIdentities, it knows no one's: a chained session's actions are not its role's.
  expect(results.map(r => r.actionLogged)).toEqual(EVENTS.map(e => shouldRecord(e, LogActions.WRITE, undefined, false)));
});

test('the part on its own, given the people\'s source identities, records what the sessions chained from the role\'s do', () => {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
  new BreakGlassLogActions(stack, 'LogActions', {
    role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN),
    logActions: LogActions.WRITE,
    sourceIdentities: ['alice', 'bob'],
    trail: TrailSetup.existingTrail(),
  });
  const results = outcomes(deployedRules(app), EVENTS.map(e => e.event));
  expect(results.map(r => r.actionLogged)).toEqual(EVENTS.map(e => shouldRecord(e, LogActions.WRITE)));
  expect(EVENTS.filter((e, i) => e.expect.chainedFrom && results[i].actionLogged)).not.toEqual([]);
});

test('sourceIdentities that STS would refuse are an error naming the prop, the value and the fix', () => {
  const { stack, role } = stackWithRole();
  expect(() => new BreakGlassLogActions(stack, 'LogActions', { role, sourceIdentities: ['alice smith'], trail: TrailSetup.existingTrail() }))
    .toThrow(/sourceIdentities has 'alice smith', which is not a source identity STS accepts: give 2 to 64 letters, digits or _\+=,\.@- such as 'alice'/);
});

describe('logServices input', () => {
  test('an upper-case prefix is an error naming prop, value and fix', () => {
    expect(() => scenarioApp({ logServices: ['S3'] })).toThrow(/logServices has 'S3'.*'s3'/);
  });

  test('an event source is an error suggesting the prefix', () => {
    expect(() => scenarioApp({ logServices: ['s3.amazonaws.com'] })).toThrow(/logServices has 's3\.amazonaws\.com'.*write 's3'/);
  });

  test('an empty name is an error', () => {
    expect(() => scenarioApp({ logServices: [''] })).toThrow(/logServices has ''/);
  });

  test('a name listed twice is an error', () => {
    expect(() => scenarioApp({ logServices: ['s3', 'cloudformation', 's3'] })).toThrow(/logServices names 's3' twice/);
  });

  test('an empty list is an error rather than every service', () => {
    expect(() => scenarioApp({ logServices: [] })).toThrow(/logServices is empty.*leave logServices out/);
  });

  test('the part on its own checks logServices too', () => {
    const stack = new Stack(new App(), 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
    expect(() => new BreakGlassLogActions(stack, 'LogActions', {
      role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN),
      logServices: ['S3'],
      trail: TrailSetup.existingTrail(),
    })).toThrow(/logServices has 'S3'/);
  });
});

describe('which actions are recorded', () => {
  test('logServices without logActions records ALL actions of those services', () => {
    const { breakGlass } = scenarioApp({ logActions: undefined, logServices: ['s3'] });
    expect(breakGlass.actionLogging?.logActions).toBe(LogActions.ALL);
  });

  test('neither logActions nor logServices records nothing', () => {
    const { stack, breakGlass } = scenarioApp({ logActions: undefined });
    expect(breakGlass.actionLogging).toBeUndefined();
    expect(breakGlass.actionLogGroup).toBeUndefined();
    // The canary's heartbeat log group, the alert path check's and the readiness check's only.
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup')).sort()).toEqual([
      expect.stringMatching(/^BreakGlassCanaryAlertPathLogGroup[0-9A-F]{8}$/),
      expect.stringMatching(/^BreakGlassCanaryHeartbeatLogGroup[0-9A-F]{8}$/), expect.stringMatching(/^BreakGlassReadinessCheckLogGroup[0-9A-F]{8}$/),
    ]);
  });
});

describe('rule state', () => {
  /** The rules that deliver actions to the action log group, wherever they run. */
  function actionRules(logActions: LogActions) {
    const { app } = scenarioApp({ regions: ['*'], logActions });
    const rules = deployedRules(app).filter(rule => rule.targets.some(t => t.arn.includes(':logs:') && t.arn.includes('LogActions')));
    expect(rules.length).toBeGreaterThanOrEqual(2); // the home default bus and the central bus
    return rules;
  }

  test.each([LogActions.ALL, LogActions.READ])('%s rules receive read-only events (all-management-events state)', (logActions) => {
    expect(new Set(actionRules(logActions).map(rule => rule.state))).toEqual(new Set([ALL_MANAGEMENT_EVENTS]));
  });

  test.each([LogActions.ALL, LogActions.READ, LogActions.WRITE])(
    'the part on its own, %s: each other region forwards the watch\'s fixed set, which holds everything its rule records', (logActions) => {
      const app = new App();
      const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
      new BreakGlassLogActions(stack, 'LogActions', {
        role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN), logActions, regions: ['eu-west-1'], trail: TrailSetup.existingTrail(),
      });
      const rules = deployedRules(app);
      const [home] = rules.filter(rule => rule.region === SCENARIO.home && rule.bus === 'default');
      const forwarding = rules.filter(rule => rule.region !== SCENARIO.home && rule.id === FORWARD_RULE_ID);
      expect(forwarding.map(rule => `${rule.region}/${rule.state}`)).toEqual([`eu-west-1/${ALL_MANAGEMENT_EVENTS}`, `us-east-1/${ALL_MANAGEMENT_EVENTS}`]);
      for (const rule of forwarding) {
        expectForwardingIncludes(rule.pattern, [home.pattern], EVENTS);
      }
    });

  test('beside the login alert, WRITE actions are forwarded by a rule that admits read-only events, yet no read action is recorded but chaining calls', () => {
    const { app } = scenarioApp({ regions: ['*'], logActions: LogActions.WRITE });
    const rules = deployedRules(app);
    const forwarding = rules.filter(rule => rule.region !== SCENARIO.home && rule.id === FORWARD_RULE_ID);
    expect(forwarding).toHaveLength(16);
    expect(new Set(forwarding.map(rule => rule.state))).toEqual(new Set([ALL_MANAGEMENT_EVENTS]));
    const reads = EVENTS.filter(e => e.expect.actions === 'read' && !e.expect.chain && e.event.region !== SCENARIO.home);
    expect(reads.length).toBeGreaterThan(0);
    expect(outcomes(rules, reads.map(e => e.event)).map(o => o.actionLogged)).toEqual(reads.map(() => false));
  });

  test('WRITE action rules, like the assumption records, need the all-management-events state: a chaining AssumeRole is read-only', () => {
    const { stack } = scenarioApp({ logActions: LogActions.WRITE });
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule', {
      Properties: { Targets: [{ Arn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: Match.stringLikeRegexp('LogActionsLogGroup') }])]) }) }] },
    });
    const [actions, assumptions] = [false, true].map(assumption => Object.entries(rules).filter(([id]) => id.includes('AssumptionsRule') === assumption));
    expect(actions.length).toBeGreaterThanOrEqual(1);
    for (const [, rule] of actions) {
      expect(rule.Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
    }
    expect(assumptions.map(([, rule]) => rule.Properties.State)).toEqual(assumptions.map(() => ALL_MANAGEMENT_EVENTS));
    expect(assumptions.length).toBe(actions.length);
  });
});

describe('action log group', () => {
  function logGroups(stack: Stack) {
    return Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
  }

  test('one log group for every watched region, in the home stack only', () => {
    const { app, stack } = scenarioApp({ regions: ['*'], roleName: SCENARIO.roleName, regionalDeployment: RegionalDeployment.regionalStacks() });
    const stacks = app.synth().stacks;
    expect(stacks.length).toBeGreaterThan(2);
    const perStack = stacks.map(s => Object.values((s.template as any).Resources).filter((r: any) => r.Type === 'AWS::Logs::LogGroup').length);
    // The action log group, the canary's heartbeat log group, the alert path check's and the readiness check's, all in the home stack.
    expect(perStack.reduce((a, b) => a + b, 0)).toBe(4);
    expect(Object.keys(logGroups(stack)).sort()).toEqual([
      expect.stringMatching(/^BreakGlassCanaryAlertPathLogGroup[0-9A-F]{8}$/),
      expect.stringMatching(/^BreakGlassCanaryHeartbeatLogGroup[0-9A-F]{8}$/), expect.stringMatching(/^BreakGlassLogActionsLogGroup[0-9A-F]{8}$/),
      expect.stringMatching(/^BreakGlassReadinessCheckLogGroup[0-9A-F]{8}$/),
    ]);
  });

  test('the StackSet deploys no log group', () => {
    const { stack } = scenarioApp({ regions: ['*'] });
    const stackSets = Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet');
    for (const stackSet of Object.values(stackSets)) {
      expect(JSON.stringify(stackSet.Properties.TemplateBody)).not.toContain('AWS::Logs::LogGroup');
    }
  });

  test('its logical id and name do not change with the mode, services or regions', () => {
    const configurations = [
      { logActions: LogActions.ALL },
      { logActions: LogActions.WRITE, logServices: ['s3'] },
      { logActions: LogActions.READ, regions: ['*'] },
    ];
    const ids = configurations.map(overrides => {
      const groups = logGroups(scenarioApp(overrides).stack);
      // Beside the canary's heartbeat log group and the readiness check's.
      return Object.entries(groups).filter(([id]) => !/^BreakGlass(CanaryHeartbeat|CanaryAlertPath|ReadinessCheck)/.test(id)).map(([id, group]) => `${id} ${JSON.stringify(group.Properties.LogGroupName)}`);
    });
    expect(ids[0]).toHaveLength(1);
    expect(ids[0][0]).toMatch(/^BreakGlassLogActionsLogGroup[0-9A-F]{8} /);
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
  });

  test('is the log group the rules write to, and is exposed', () => {
    const { stack, breakGlass } = scenarioApp();
    const logicalId = stack.getLogicalId(breakGlass.actionLogGroup!.node.defaultChild as logs.CfnLogGroup);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        detail: {
          userIdentity: {
            $or: Match.arrayWith([{ sessionContext: { sessionIssuer: { arn: [{ 'equals-ignore-case': { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } }] } } }]),
          },
        },
      },
      Targets: [{ Arn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId }])] } }],
    });
  });

  test('keeps events one year by default', () => {
    const { stack } = scenarioApp();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('retention sets how long events are kept', () => {
    const { stack } = scenarioApp({ retention: logs.RetentionDays.THREE_MONTHS });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('is kept when the stack is deleted or the group replaced, by default', () => {
    const { stack } = scenarioApp();
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('logGroupRemovalPolicy overrides the default', () => {
    const { stack } = scenarioApp({ logGroupRemovalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('without a key, it uses the AWS-managed encryption of CloudWatch Logs', () => {
    const { stack } = scenarioApp();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.absent() });
  });

  describe('with a KMS key', () => {
    test('encrypts the log group with it and lets CloudWatch Logs of the region use it for this account\'s log groups', () => {
      const app = new App();
      const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
      const key = new kms.Key(stack, 'Key');
      const role = iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN);
      const part = new BreakGlassLogActions(stack, 'LogActions', { role, encryptionKey: key, trail: TrailSetup.existingTrail() });
      const template = Template.fromStack(stack).toJSON() as CfnTemplate;
      const ctx = { account: SCENARIO.account, region: SCENARIO.home, partition: 'aws', template };

      const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
      const groupId = stack.getLogicalId(part.actionLogGroup.node.defaultChild as logs.CfnLogGroup);
      expect(template.Resources[groupId].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });

      const statements: any[] = resolveCfn(template.Resources[keyId].Properties.KeyPolicy, ctx).Statement;
      const forLogs = statements.filter(s => s.Principal?.Service === `logs.${SCENARIO.home}.amazonaws.com`);
      expect(forLogs).toHaveLength(1);
      expect(forLogs[0].Effect).toBe('Allow');
      expect(forLogs[0].Action).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*']));
      // The condition CloudWatch Logs documents: the encryption context names the log group.
      const [operator, conditions] = Object.entries<any>(forLogs[0].Condition)[0];
      expect(operator).toMatch(/^Arn(Like|Equals)$/);
      const allowed: string = conditions['kms:EncryptionContext:aws:logs:arn'];
      const logGroupArn = `arn:aws:logs:${SCENARIO.home}:${SCENARIO.account}:log-group:${resolveCfn(template.Resources[groupId].Properties.LogGroupName, ctx)}`;
      expect(logGroupArn).toMatch(new RegExp(`^${allowed.split('*').map(escapeRegExp).join('.*')}$`));
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('saved queries', () => {
  function partAlone(logActions?: LogActions) {
    const stack = new Stack(new App(), 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
    const part = new BreakGlassLogActions(stack, 'LogActions', {
      role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN),
      logActions,
      trail: TrailSetup.existingTrail(),
    });
    return { part, template: Template.fromStack(stack) };
  }

  test('the part alone saves three queries of its action log group', () => {
    const { part, template } = partAlone();
    expect(part.actionQueries).toHaveLength(3);
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter(id => id.startsWith('LogActionsLogGroup'));
    const definitions = Object.values<any>(template.findResources('AWS::Logs::QueryDefinition')).map(r => r.Properties);
    expect(definitions.map(d => d.Name)).toEqual([
      'break-glass/Home-LogActions-9029D59D/What each session did',
      'break-glass/Home-LogActions-9029D59D/Writes by session',
      'break-glass/Home-LogActions-9029D59D/Failed calls',
    ]);
    for (const definition of definitions) {
      expect(definition.LogGroupNames).toEqual([{ Ref: logGroupId }]);
    }
  });

  test('recording only read-only calls, there is no writes query', () => {
    const { part, template } = partAlone(LogActions.READ);
    expect(part.actionQueries).toHaveLength(2);
    template.resourcePropertiesCountIs('AWS::Logs::QueryDefinition', { Name: Match.stringLikeRegexp('Writes') }, 0);
  });
});
