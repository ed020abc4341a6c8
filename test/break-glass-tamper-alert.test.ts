import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BreakGlassRole, BreakGlassRoleProps, BreakGlassTamperAlert, BreakGlassWatch, LogActions, RegionalDeployment, TrailSetup, Username } from '../src';
import { SCENARIO, scenarioApp } from './support/apps';
import { cfnLint, formatFindings } from './support/cfn-lint';
import { CfnTemplate, resolveCfn } from './support/cfn-resolve';
import { matchAll } from './support/event-ruler';
import { ALL_MANAGEMENT_EVENTS, DeployedRule, EventBridgeModel } from './support/eventbridge-model';
import { branchesOf, expectForwardingCovers, forwardedTogether, IDENTITY_FORWARDING, unnarrowed } from './support/forwarding-assertions';
import { deployedRules, loadEvents, outcomes } from './support/scenario';
import { fillPlaceholders, tamperPlaceholders } from './support/tamper-placeholders';
import { awsSolutionsFindings } from './support/validation-plugins';
import { ROLE_TAMPER_EVENTS } from '../src/private/detection/tamper-kinds';
import { FORWARD_RULE_ID, GUARD_RULE_ID } from '../src/private/regions/forwarding-template';

const ORG_TRAIL_ARN = `arn:aws:cloudtrail:${SCENARIO.home}:${SCENARIO.account}:trail/org-trail`;
const TAMPER_EVENTS = loadEvents('tamper');

/**
 * Turns off the tamper alert the BreakGlassRole makes itself, so that the
 * tests add their own, with a key and a trail, at the same path.
 */
const OWN_TAMPER_ALERT: Partial<BreakGlassRoleProps> = { tamperAlerts: false };

/** The corpus scenario with the tamper alert added inside the BreakGlassRole, as BreakGlassRole wires it. */
function tamperScenario(overrides: Partial<BreakGlassRoleProps> = {}) {
  const { app, stack, breakGlass } = scenarioApp({ ...OWN_TAMPER_ALERT, ...overrides });
  const key = new kms.Key(stack, 'Key');
  const tamper = new BreakGlassTamperAlert(breakGlass, 'TamperAlert', {
    role: breakGlass.role,
    watch: breakGlass.watch,
    alertTopic: breakGlass.alertTopic,
    rules: breakGlass.rules,
    logGroups: [breakGlass.actionLogGroup!],
    queryDefinitions: breakGlass.actionQueries,
    keys: [key],
    trailArns: [ORG_TRAIL_ARN],
  });
  return { app, stack, breakGlass, key, tamper };
}

type Scenario = ReturnType<typeof tamperScenario>;

/** `tamperScenario()` and `tamperScenario({ regions: ['*'] })`, each made once for the tests that only read them. */
const shared: { home?: Scenario; everyRegion?: Scenario } = {};
const homeScenario = () => (shared.home ??= tamperScenario());
const everyRegionScenario = () => (shared.everyRegion ??= tamperScenario({ regions: ['*'] }));

/** The tamper event deleting the rules rule, changed to `eventName` on the rule `name`, as EventBridge records it. */
function ruleChange(eventName: string, name: string): any {
  const template = TAMPER_EVENTS.find(e => e.file === 'tamper/alert-events-delete-tamper-rule.json')!.event;
  const key = ['RemoveTargets', 'PutTargets'].includes(eventName) ? 'rule' : 'name';
  return { ...template, detail: { ...template.detail, eventName, requestParameters: { [key]: name } } };
}

/** Every call that changes a rule by name. */
const RULE_CHANGES = ['DeleteRule', 'DisableRule', 'PutRule', 'RemoveTargets', 'PutTargets'];

/** The prefix the tamper alert's own rule names share (its base name and a hyphen), and what follows it in each. */
function ownPrefixOf(names: string[]): { prefix: string; kinds: string[] } {
  const prefix = names[0].slice(0, names[0].lastIndexOf('-') + 1);
  expect(prefix).toMatch(/^.+-$/);
  expect(names.filter(name => !name.startsWith(prefix))).toEqual([]);
  return { prefix, kinds: names.map(name => name.slice(prefix.length)).sort() };
}

/**
 * Runs, with Event Ruler, every rule change on each own rule through the rules
 * rule's pattern, and expects the same changes on look-alike names that lack
 * the own prefix to stay quiet. Returns, per own name, whether each change matched.
 */
function ownProtection(pattern: object, names: string[]): Array<[string, boolean[]]> {
  const { prefix } = ownPrefixOf(names);
  const lookAlikes = names.flatMap(name => [`Copy-${name}`, `${prefix.slice(0, -1)}${name.slice(prefix.length)}`, name.slice(prefix.length)]);
  const all = [...names, ...lookAlikes];
  const matched = matchAll(all.flatMap(name => RULE_CHANGES.map(eventName => ({ pattern, event: ruleChange(eventName, name) }))));
  const byName = all.map((name, n) => [name, matched.slice(n * RULE_CHANGES.length, (n + 1) * RULE_CHANGES.length)] as [string, boolean[]]);
  expect(byName.slice(names.length)).toEqual(lookAlikes.map(name => [name, RULE_CHANGES.map(() => false)]));
  return byName.slice(0, names.length);
}

/** Whether a tamper event alerts in a deployment with or without the canary: what it names may exist only in one. */
const alertsWith = (e: { expect: { alert: boolean; canary?: boolean } }, canary: boolean) => e.expect.alert && (e.expect.canary ?? canary) === canary;

/** The canary's names, for the role events that name its role. */
const canaryNames = (watch: BreakGlassWatch) => ({
  CanaryRoleName: watch._canary!.settings.name,
  AlertPathFunctionName: watch._alertPathFunctionName!,
  // Without other regions, no forwarder role: its events name nothing protected.
  ForwarderRoleName: watch._forwardedNames?.forwarderRolePrefix ?? 'no-forwarder',
});

const tamperRules = (rules: DeployedRule[]) => rules.filter(r => r.id.includes('Tamper'));

/** How many times each event reaches the action log group. */
function actionLogDeliveries(rules: DeployedRule[], sent: any[]): number[] {
  return new EventBridgeModel(rules).deliver(sent)
    .map(outcome => outcome.deliveries.filter(d => d.arn.includes(':logs:') && d.arn.includes('LogActions')).length);
}

describe.each([
  ['home and us-east-1 only (regions: [])', [] as string[], true],
  ['every region', ['*'], true],
  ['every region and canary: false', ['*'], false],
])('tamper events with %s', (_name, regions, canary) => {
  const scenario = tamperScenario({ regions, canary });
  const values = tamperPlaceholders(scenario);
  const eventsToSend = TAMPER_EVENTS.map(e => fillPlaceholders(e.event, values));
  const rules = deployedRules(scenario.app);
  const results = outcomes(rules, eventsToSend);
  const logged = actionLogDeliveries(rules, eventsToSend);

  test.each(TAMPER_EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, tamperEvent, i) => {
    const result = results[i];
    expect({ alert: result.alerts.length > 0, actionLogged: result.actionLogged })
      .toEqual({ alert: alertsWith(tamperEvent, canary), actionLogged: tamperEvent.expect.actions !== null });
    // One alert and one log record per event, even when it passes through the central bus.
    expect(logged[i]).toBe(tamperEvent.expect.actions !== null ? 1 : 0);
    if (alertsWith(tamperEvent, canary)) {
      expect(result.alerts).toHaveLength(1);
      expect(result.alerts[0]).toMatch(new RegExp(`^Break-glass safeguard changed: ${tamperEvent.event.detail.eventName} on `));
    }
  });

  test('the forwarding and guard rules of each region together forward every tamper event a central-bus rule matches, and no other (Event Ruler)', () => {
    const central = rules.filter(r => r.region === SCENARIO.home && r.bus !== 'default').map(r => unnarrowed(r.pattern));
    const forwardedRegions = [...new Set(rules.filter(r => r.region !== SCENARIO.home).map(r => r.region))];
    expect(forwardedRegions.length).toBeGreaterThan(0);
    const filled = TAMPER_EVENTS.map((e, i) => ({ file: e.file, event: eventsToSend[i] }));
    for (const region of forwardedRegions) {
      const regionRules = rules.filter(r => r.region === region);
      expect(regionRules.map(r => r.id)).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
      const canaryEvents = loadEvents('canary').map(e => ({ file: e.file, event: fillPlaceholders(e.event, values) }));
      expectForwardingCovers(forwardedTogether(regionRules), central, [...loadEvents('corpus', 'extra'), ...canaryEvents, ...filled]);
    }
  });

  test('a role change made with the break-glass role, in us-east-1, alerts once and is logged once (one forwarding rule per region)', () => {
    const file = 'tamper/alert-iam-attach-by-break-glass-session.json';
    const i = TAMPER_EVENTS.findIndex(e => e.file === file);
    expect(TAMPER_EVENTS[i].event.region).toBe('us-east-1');
    // The action pattern, the role-change pattern and every IAM change match it: forwarded by one rule per pattern, it came thrice.
    const [forwarding] = rules.filter(r => r.region === 'us-east-1');
    expect(forwarding.id).toBe(FORWARD_RULE_ID);
    const branches: object[] = (forwarding.pattern as any).$or;
    expect(matchAll(branches.map(pattern => ({ pattern, event: eventsToSend[i] }))).filter(Boolean)).toHaveLength(3);
    expect({ alerts: results[i].alerts.length, logged: logged[i] }).toEqual({ alerts: 1, logged: 1 });
  });
});

describe('as BreakGlassRole wires it by default', () => {
  const { app, stack, breakGlass } = scenarioApp();
  // Given to nothing, so changes to it are not watched: it only fills the events' key placeholders.
  const key = new kms.Key(stack, 'Key');
  const tamper = breakGlass.tamperAlert!;
  const scenario: Scenario = { app, stack, breakGlass, key, tamper };
  const rules = deployedRules(app);
  const eventsToSend = TAMPER_EVENTS.map(e => fillPlaceholders(e.event, tamperPlaceholders(scenario)));
  const results = outcomes(rules, eventsToSend);
  const logged = actionLogDeliveries(rules, eventsToSend);
  // Without encryptionKey or a trail made here, no key or trail is protected.
  const unwatched = (e: typeof TAMPER_EVENTS[number]) => ['kms.amazonaws.com', 'cloudtrail.amazonaws.com'].includes(e.event.detail.eventSource);

  test('the tamper alert is there, its rules among the role\'s rules', () => {
    expect(tamper).toBeInstanceOf(BreakGlassTamperAlert);
    expect(breakGlass.rules).toEqual(expect.arrayContaining(tamper.rules));
    expect(tamper.rules.map(r => r.node.id).sort()).toEqual([
      // The listed IAM users' changes, forwarded from us-east-1 and, were home us-east-1, on the default bus.
      'CentralIdentityMfaRule', 'CentralIdentitySelfRule', 'CentralIdentityUserRule',
      'CentralTamperCanaryRule', 'CentralTamperDeadLettersRule', 'CentralTamperForwardingRuleRule', 'CentralTamperGuardRuleRule',
      'CentralTamperRoleRule', 'CentralTamperStacksRule', 'IdentityMfaRule', 'IdentitySelfRule', 'IdentityUserRule', 'TamperAlarmsRule',
      'TamperCanaryRule', 'TamperDeadLettersRule',
      // The readiness check's function.
      'TamperFunctionRule', 'TamperLogsRule', 'TamperRoleRule', 'TamperRulesGuardRule', 'TamperRulesRule',
      'TamperStackSetRule', 'TamperTopicRule',
    ]);
  });

  test.each(TAMPER_EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, tamperEvent, i) => {
    const alert = alertsWith(tamperEvent, true) && !unwatched(tamperEvent);
    expect({ alerts: results[i].alerts.length, logged: logged[i] })
      .toEqual({ alerts: alert ? 1 : 0, logged: tamperEvent.expect.actions !== null ? 1 : 0 });
  });

  test('the home region has one delivery-health alarm, on the dead-letter queue every home rule keeps its failures in, and the heartbeat alarms', () => {
    const template = Template.fromStack(stack);
    expect(tamper.deliveryHealth!.deadLetterQueue).toBe(breakGlass.watch.deadLetterQueue);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1 + breakGlass.watch.watchedRegions.length);
  });

  test('every rule of the home region is protected: by name, by the tamper alert\'s prefix, as the canary\'s heartbeat rule, or on the central bus', () => {
    const homeRules = rules.filter(r => r.region === SCENARIO.home);
    const protectedBy = (rule: DeployedRule) => {
      const disable = {
        ...eventsToSend[0],
        'source': 'aws.events',
        'detail-type': 'AWS API Call via CloudTrail',
        'region': SCENARIO.home,
        'detail': {
          ...eventsToSend[0].detail,
          eventSource: 'events.amazonaws.com',
          eventName: 'DisableRule',
          awsRegion: SCENARIO.home,
          readOnly: false,
          requestParameters: { name: rule.name, ...(rule.bus === 'default' ? {} : { eventBusName: rule.bus }) },
        },
      };
      return outcomes(rules, [disable])[0].alerts.length;
    };
    expect(homeRules.length).toBeGreaterThan(20);
    expect(homeRules.filter(rule => protectedBy(rule) !== 1).map(rule => rule.id)).toEqual([]);
  });

  test('encryptionKey and a trail made here are protected', () => {
    const homeStack = new Stack(new App(), 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
    const withBoth = new BreakGlassRole(homeStack, 'BreakGlass', {
      roleName: SCENARIO.roleName,
      usernames: [Username.iamUser('alice')],
      logActions: LogActions.ALL,
      encryptionKey: new kms.Key(homeStack, 'LogKey'),
      trail: TrailSetup.createTrail(),
    });
    expect(withBoth.tamperAlert!.rules.map(r => r.node.id)).toEqual(expect.arrayContaining(['TamperKeyRule', 'TamperTrailRule']));
  });

  test('tamperAlerts: false makes no tamper rule and no alarm; the forwarded role changes reach no rule', () => {
    const off = scenarioApp({ tamperAlerts: false });
    expect(off.breakGlass.tamperAlert).toBeUndefined();
    const template = Template.fromStack(off.stack);
    // The heartbeat alarms, one per watched region, and the login alert's alarm on the dead-letter queue.
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties.Namespace).sort())
      .toEqual([...off.breakGlass.watch.watchedRegions.map(() => 'AWS/Events'), 'AWS/SQS']);
    const offRules = deployedRules(off.app);
    expect(offRules.filter(r => r.id.includes('Tamper'))).toEqual([]);
    const [forwarding] = offRules.filter(r => r.region === 'us-east-1');
    // The watch's fixed set: two compact login patterns, every action, the role's changes, the guard rule's changes.
    expect((forwarding.pattern as any).$or).toHaveLength(6);
    // No rule of the central bus looks at IAM's events.
    expect(offRules.filter(r => r.region === SCENARIO.home && r.bus !== 'default' && JSON.stringify(r.pattern).includes('iam.amazonaws.com'))).toEqual([]);
  });
});

describe('tamper alert text', () => {
  const scenario = homeScenario();
  const values = tamperPlaceholders(scenario);
  const rules = deployedRules(scenario.app);
  const alertFor = (file: string) => {
    const tamperEvent = TAMPER_EVENTS.find(e => e.file === `tamper/${file}`)!;
    const [result] = outcomes(rules, [fillPlaceholders(tamperEvent.event, values)]);
    expect(result.alerts).toHaveLength(1);
    return result.alerts[0];
  };

  test('a trust policy change, forwarded from us-east-1, names the call, the parameters, who, when and where from', () => {
    expect(alertFor('alert-iam-update-assume-role-policy.json')).toEqual([
      'Break-glass safeguard changed: UpdateAssumeRolePolicy on the break-glass role BreakGlass or its canary role or its alert path check\'s role or its forwarder roles.',
      'Who: arn:aws:iam::111122223333:user/mallory',
      'When: 2026-11-12T10:01:07Z',
      'Where from: 203.0.113.66 using aws-cli/2.17.0 Python/3.11.8 Linux/6.1 exe/x86_64',
      'Request: {"roleName":"BreakGlass","policyDocument":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A444455556666%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"}',
      'Error code:  (none: the call succeeded)',
      'Recorded: iam.amazonaws.com in us-east-1 of account 111122223333, event cbb9e564-4f83-5c61-8ab2-807f35c8cca2',
      'Unless this is a planned change (a deploy of the break-glass stack), treat it as an attack on the alerting.',
    ].join('\n'));
  });

  test('a removed subscription names the subscription and the topic', () => {
    expect(alertFor('alert-sns-unsubscribe.json')).toEqual([
      'Break-glass safeguard changed: Unsubscribe on its alert topic or a subscription.',
      'Who: arn:aws:iam::111122223333:user/mallory',
      'When: 2026-11-12T10:20:07Z',
      'Where from: 203.0.113.66 using aws-cli/2.17.0 Python/3.11.8 Linux/6.1 exe/x86_64',
      `Request: {"subscriptionArn":"${values.TopicArn}:3f1c5b2e-8d4a-4e6f-9a7b-2c1d0e9f8a7b"}`,
      'Error code:  (none: the call succeeded)',
      'Recorded: sns.amazonaws.com in us-east-2 of account 111122223333, event c7b7e9b7-c2fa-5343-8971-e3fdfed624e0',
      'Unless this is a planned change (a deploy of the break-glass stack), treat it as an attack on the alerting.',
    ].join('\n'));
  });

  test('a failed attempt shows its error code', () => {
    expect(alertFor('alert-iam-delete-role-denied.json')).toContain('Error code: AccessDenied (none: the call succeeded)');
  });
});

describe('forwarding of role changes', () => {
  const roleEvents = TAMPER_EVENTS.filter(e => e.event.source === 'aws.iam');

  test('with one stack per region, role changes recorded in us-east-1 alert from the home region', () => {
    const scenario = tamperScenario({ regionalDeployment: RegionalDeployment.regionalStacks() });
    const results = outcomes(deployedRules(scenario.app), roleEvents.map(e => fillPlaceholders(e.event, canaryNames(scenario.breakGlass.watch))));
    expect(results.map(r => r.alerts.length)).toEqual(roleEvents.map(e => (alertsWith(e, true) ? 1 : 0)));
  });

  test('with us-east-1 as the home region, role changes alert without forwarding', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: 'us-east-1' } });
    const role = new iam.Role(stack, 'Role', { roleName: SCENARIO.roleName, assumedBy: new iam.AccountRootPrincipal() });
    const topic = new sns.Topic(stack, 'Topic');
    const tamper = new BreakGlassTamperAlert(stack, 'Tamper', { role, alertTopic: topic, regions: ['us-east-1'] });
    const rules = deployedRules(app);
    expect(new Set(rules.map(r => r.region))).toEqual(new Set(['us-east-1']));
    // With no other rules and no central bus, the rules rule still protects the tamper rules by their common prefix (its own
    // disabling, which it cannot see, is its guard's to see).
    const ownNames = tamper.rules.map(r => (r.node.defaultChild as events.CfnRule).name as string);
    const rulesRule = rules.find(r => r.id.startsWith('TamperTamperRulesRule'))!;
    const { prefix, kinds } = ownPrefixOf(ownNames);
    // No StackSet: nothing is forwarded. The watch's log policy is protected by its name, though no part here made a log group;
    // the alert path check's function, which the watch made when the tamper alert told it of its rules, by its name.
    expect(kinds).toEqual(['Alarms', 'Canary', 'DeadLetters', 'Function', 'Logs', 'Role', 'Rules', 'RulesGuard', 'Topic']);
    expect(rulesRule.pattern).toEqual({
      'detail-type': ['AWS API Call via CloudTrail'],
      'detail': {
        eventSource: ['events.amazonaws.com'],
        $or: [
          { eventName: ['DeleteRule', 'DisableRule', 'PutRule'], requestParameters: { name: [{ prefix }] } },
          { eventName: ['RemoveTargets', 'PutTargets'], requestParameters: { rule: [{ prefix }] } },
        ],
      },
    });
    expect(ownProtection(rulesRule.pattern, ownNames)).toEqual(ownNames.map(name => [name, RULE_CHANGES.map(() => true)]));
    const results = outcomes(rules, roleEvents.map(e => fillPlaceholders(e.event, canaryNames(tamper.watch))));
    // No other region, no forwarder role.
    expect(results.map(r => r.alerts.length)).toEqual(roleEvents.map(e => (alertsWith(e, true) && !e.file.includes('forwarder-role') ? 1 : 0)));
  });

  test('the StackSet forwards the role pattern from every other watched region, by the role name parameter, as a branch of its forwarding rule', () => {
    const scenario = homeScenario();
    const template = Template.fromStack(scenario.stack).toJSON();
    const stackSet = Object.values(template.Resources as { [id: string]: any })
      .find(r => r.Type === 'AWS::CloudFormation::StackSet')!;
    const body = JSON.parse(resolveCfn(stackSet.Properties.TemplateBody,
      { account: SCENARIO.account, region: SCENARIO.home, partition: SCENARIO.partition, template: template as CfnTemplate }));
    const rules = Object.entries(body.Resources as { [id: string]: any }).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    expect(rules.map(([id]) => id)).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
    const rule = body.Resources[FORWARD_RULE_ID].Properties;
    // The login patterns need read-only events; the role's write events pass that state too.
    expect(rule.State).toBe(ALL_MANAGEMENT_EVENTS);
    expect(rule.Targets).toEqual([{
      Id: 'CentralBus',
      Arn: { Ref: 'CentralBusArn' },
      RoleArn: { Ref: 'ForwarderRoleArn' },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 8 },
    }]);
    // Every tamper pattern names the service it watches; of the home region's resources, only the role's
    // changes are recorded outside it. The other branch watches the region's guard rule.
    // Every IAM change is forwarded too, for the identity alerts.
    const tamperBranches = rule.EventPattern.$or
      .filter((branch: any) => branch.detail?.eventSource !== undefined && branch.detail.readOnly === undefined);
    expect(rule.EventPattern.$or.filter((branch: any) => branch.detail?.readOnly !== undefined)).toEqual([IDENTITY_FORWARDING]);
    expect(tamperBranches.filter((branch: any) => branch.detail.eventSource[0] !== 'events.amazonaws.com')).toEqual([{
      'detail-type': ['AWS API Call via CloudTrail'],
      'detail': {
        eventSource: ['iam.amazonaws.com'],
        eventName: ROLE_TAMPER_EVENTS,
        requestParameters: {
          roleName: [
            { 'equals-ignore-case': { 'Fn::Sub': '${BreakGlassRoleName}' } }, { 'equals-ignore-case': scenario.breakGlass.watch._canary!.settings.name },
            { 'equals-ignore-case': scenario.breakGlass.watch._alertPathFunctionName },
            { prefix: { 'equals-ignore-case': scenario.breakGlass.watch._forwardedNames!.forwarderRolePrefix } },
          ],
        },
      },
    }]);
  });
});

describe('tamper rules', () => {
  const scenario = everyRegionScenario();
  const rules = deployedRules(scenario.app);
  const home = tamperRules(rules).filter(r => r.region === SCENARIO.home && r.bus === 'default');

  test('one rule per kind of protected resource on the home default bus, in plain ENABLED state (write events)', () => {
    expect(home.map(r => r.id).sort()).toEqual([
      'BreakGlassTamperAlertTamperAlarmsRule', 'BreakGlassTamperAlertTamperKeyRule', 'BreakGlassTamperAlertTamperLogsRule',
      'BreakGlassTamperAlertTamperRoleRule', 'BreakGlassTamperAlertTamperRulesRule', 'BreakGlassTamperAlertTamperStackSetRule',
      'BreakGlassTamperAlertTamperTopicRule', 'BreakGlassTamperAlertTamperTrailRule', 'BreakGlassTamperAlertTamperCanaryRule',
      'BreakGlassTamperAlertTamperDeadLettersRule', 'BreakGlassTamperAlertTamperRulesGuardRule', 'BreakGlassTamperAlertTamperFunctionRule',
    ].sort().map(id => expect.stringMatching(new RegExp(`^${id}[0-9A-F]{8}$`))));
    expect(new Set(home.map(r => r.state))).toEqual(new Set(['ENABLED']));
  });

  test('the role rule runs on the central bus too, and each other region forwards its pattern, and no other home tamper pattern, in its forwarding rule', () => {
    const central = tamperRules(rules).filter(r => r.bus !== 'default');
    expect(central.map(r => `${r.region}/${r.id}`)).toEqual([
      'CentralTamperRoleRule', 'CentralTamperGuardRuleRule', 'CentralTamperStacksRule', 'CentralTamperForwardingRuleRule', 'CentralTamperDeadLettersRule',
      'CentralTamperCanaryRule',
    ].map(id => expect.stringMatching(new RegExp(`^us-east-2/BreakGlassTamperAlert${id}[0-9A-F]{8}$`))));
    const outside = rules.filter(r => r.region !== SCENARIO.home && r.id === FORWARD_RULE_ID);
    expect(new Set(outside.map(r => r.region)).size).toBe(16);
    const homeTamperPatterns = home.map(r => JSON.stringify(r.pattern));
    const rolePattern = JSON.stringify(central[0].pattern);
    expect(homeTamperPatterns).toContain(rolePattern);
    for (const rule of outside) {
      const branches: object[] = (rule.pattern as any).$or;
      expect(branches.map(branch => JSON.stringify(branch)).filter(branch => homeTamperPatterns.includes(branch))).toEqual([rolePattern]);
    }
  });

  test('the forwarding rule and the guard rule of each region watch each other: disabling or deleting either alerts once', () => {
    const watch = scenario.breakGlass.watch;
    const sent = [watch.forwardRuleName!, watch.guardRuleName!].flatMap(name => ['DisableRule', 'DeleteRule'].map(eventName => {
      const event = ruleChange(eventName, name);
      return { ...event, region: 'eu-west-1', detail: { ...event.detail, awsRegion: 'eu-west-1' } };
    }));
    const results = outcomes(rules, sent);
    expect(results.map(r => r.alerts.length)).toEqual([1, 1, 1, 1]);
    expect(results.map(r => r.alerts[0].split('\n')[0])).toEqual([
      'Break-glass safeguard changed: DisableRule on the forwarding rule of another region.',
      'Break-glass safeguard changed: DeleteRule on the forwarding rule of another region.',
      'Break-glass safeguard changed: DisableRule on the guard rule of another region.',
      'Break-glass safeguard changed: DeleteRule on the guard rule of another region.',
    ]);
  });

  test('its own rules have fixed names that EventBridge accepts, sharing one prefix, by which the rules rule protects them all', () => {
    const template = Template.fromStack(scenario.stack);
    const names = scenario.tamper.rules
      .filter(r => !r.node.id.startsWith('Central'))
      .map(r => (r.node.defaultChild as events.CfnRule).name as string);
    expect(names).toHaveLength(12);
    for (const name of names) {
      expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
    }
    const { prefix, kinds } = ownPrefixOf(names);
    expect(kinds).toEqual(['Alarms', 'Canary', 'DeadLetters', 'Function', 'Key', 'Logs', 'Role', 'Rules', 'RulesGuard', 'StackSet', 'Topic', 'Trail']);
    // A name a person reads: the role's name and the home region.
    expect(prefix).toBe(`${SCENARIO.roleName}-${SCENARIO.home}-Tamper-`);
    // One prefix entry instead of each own name, beside the other rules' names (which keeps the pattern within the 2,048-character default quota).
    const [rulesRule] = home.filter(r => r.id.startsWith('BreakGlassTamperAlertTamperRulesRule'));
    const byName = (rulesRule.pattern as any).detail.$or
      .filter((branch: any) => RULE_CHANGES.includes(branch.eventName[0]) && (branch.requestParameters.name ?? branch.requestParameters.rule));
    expect(byName).toHaveLength(2);
    for (const branch of byName) {
      const listed: unknown[] = branch.requestParameters.name ?? branch.requestParameters.rule;
      expect(listed.filter(entry => typeof entry !== 'string')).toEqual([{ prefix }]);
      expect(listed.filter(entry => typeof entry === 'string' && entry.startsWith(prefix))).toEqual([]);
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({ $or: Match.arrayWith([Match.objectLike({ requestParameters: { name: Match.arrayWith([{ prefix }]) } })]) }),
      }),
    });
    // Every change to every own rule matches; names that only look like them do not.
    expect(ownProtection(rulesRule.pattern, names)).toEqual(names.map(name => [name, RULE_CHANGES.map(() => true)]));
  });

  test('every pattern stays within EventBridge\'s 4,096 characters, with every generated rule name at its 64-character maximum', () => {
    const padded = (value: unknown, key?: string): unknown => {
      if (Array.isArray(value)) {
        return value.map(item => (typeof item === 'string' && (key === 'name' || key === 'rule') ? item.padEnd(64, 'x') : padded(item)));
      }
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, padded(v, k)]));
      }
      return value;
    };
    for (const rule of home) {
      expect(JSON.stringify(padded(rule.pattern)).length).toBeLessThanOrEqual(4096);
    }
  });

  test('each rule alerts the topic with a plain-text message', () => {
    for (const rule of tamperRules(rules).filter(r => r.region === SCENARIO.home)) {
      expect(rule.targets).toHaveLength(1);
      expect(rule.targets[0].arn).toMatch(/^arn:aws:sns:us-east-2:111122223333:/);
      expect(rule.targets[0].inputTemplate).toMatch(/^Break-glass safeguard changed: <eventName> on /);
    }
  });

  test('the topic policy keeps one EventBridge statement, and admits CloudWatch alarms', () => {
    const template = Template.fromStack(scenario.stack).toJSON();
    const [policy] = Object.values(template.Resources as { [id: string]: any }).filter(r => r.Type === 'AWS::SNS::TopicPolicy');
    const sids = policy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid);
    expect(sids.filter((sid: string) => sid === 'BreakGlassRulesPublish')).toHaveLength(1);
    expect(sids).toContain('BreakGlassAlarmsPublish');
  });
});

describe('props', () => {
  test('deliveryHealth: false names no alarm; the alarms rule still protects the watch\'s queue alarm, which the watch makes', () => {
    const { stack, breakGlass } = scenarioApp({ ...OWN_TAMPER_ALERT, canary: false });
    const tamper = new BreakGlassTamperAlert(breakGlass, 'TamperAlert', {
      role: breakGlass.role,
      watch: breakGlass.watch,
      alertTopic: breakGlass.alertTopic,
      deliveryHealth: false,
    });
    expect(tamper.deliveryHealth).toBeUndefined();
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map(alarm => alarm.Properties.AlarmName)).toEqual([breakGlass.watch._deliveryHealthAlarmName]);
    const alarmsRule = tamper.rules.find(r => r.node.id === 'TamperAlarmsRule')!;
    const pattern = JSON.stringify(stack.resolve((alarmsRule.node.defaultChild as events.CfnRule).eventPattern));
    expect(pattern).toContain(breakGlass.watch._deliveryHealthAlarmName);
  });

  test('a second tamper alert of one watch is refused: its rules would be named as the first one\'s', () => {
    const { breakGlass } = scenarioApp();
    expect(() => new BreakGlassTamperAlert(breakGlass, 'Again', { role: breakGlass.role, watch: breakGlass.watch, alertTopic: breakGlass.alertTopic }))
      .toThrow(/both tamper alerts of the watch .*one tamper alert per watch/);
  });

  test('deliveryHealth that is not a boolean is refused, naming the prop', () => {
    const { breakGlass } = scenarioApp(OWN_TAMPER_ALERT);
    expect(() => new BreakGlassTamperAlert(breakGlass, 'TamperAlert', { role: breakGlass.role, watch: breakGlass.watch, alertTopic: breakGlass.alertTopic, deliveryHealth: 'no' as any }))
      .toThrow(/deliveryHealth is 'no', not a boolean/);
  });

  test('a rule on a custom bus of the user is named by the name in its ARN, not by its Ref (BUS|NAME)', () => {
    const { stack, breakGlass } = scenarioApp(OWN_TAMPER_ALERT);
    const bus = new events.EventBus(stack, 'Bus');
    const rule = new events.Rule(stack, 'Custom', { eventBus: bus, eventPattern: { source: ['x'] } });
    new BreakGlassTamperAlert(breakGlass, 'TamperAlert', { role: breakGlass.role, watch: breakGlass.watch, alertTopic: breakGlass.alertTopic, rules: [rule] });
    const ruleLogicalId = stack.getLogicalId(rule.node.defaultChild as events.CfnRule);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({
          $or: Match.arrayWith([{
            eventName: ['DeleteRule', 'DisableRule', 'PutRule'],
            requestParameters: {
              name: Match.arrayWith([{ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [ruleLogicalId, 'Arn'] }] }] }]),
            },
          }]),
        }),
      }),
    });
  });

  test('the watch\'s trail made in the app is protected by its name and ARN, once though named again', () => {
    const { stack, breakGlass } = scenarioApp({ ...OWN_TAMPER_ALERT, trail: TrailSetup.createTrail() });
    new BreakGlassTamperAlert(breakGlass, 'TamperAlert', {
      role: breakGlass.role, watch: breakGlass.watch, alertTopic: breakGlass.alertTopic, trailArns: [breakGlass.watch.trail!.trailArn],
    });
    const trailId = stack.getLogicalId(breakGlass.watch.trail!.node.defaultChild as any);
    const arn = { 'Fn::GetAtt': [trailId, 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({
          $or: Match.arrayWith([{
            eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'],
            requestParameters: { name: [{ 'Fn::Select': [1, { 'Fn::Split': ['/', arn] }] }, arn] },
          }]),
        }),
      }),
    });
  });

  test('a malformed trail ARN is an error naming the prop', () => {
    const { breakGlass } = scenarioApp(OWN_TAMPER_ALERT);
    expect(() => new BreakGlassTamperAlert(breakGlass, 'TamperAlert', {
      role: breakGlass.role, watch: breakGlass.watch, alertTopic: breakGlass.alertTopic, trailArns: ['org-trail'],
    })).toThrow(/trailArns has 'org-trail', which is not a trail ARN/);
  });

  test('used on its own, it watches the regions itself and alerts on role changes from us-east-1', () => {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
    const role = new iam.Role(stack, 'Role', { roleName: SCENARIO.roleName, assumedBy: new iam.AccountRootPrincipal() });
    const topic = new sns.Topic(stack, 'Topic');
    const tamper = new BreakGlassTamperAlert(stack, 'Tamper', { role, alertTopic: topic, regions: ['us-east-1'] });
    expect(tamper.watch.forwardedRegions).toEqual(['us-east-1']);
    const roleEvents = TAMPER_EVENTS.filter(e => e.event.source === 'aws.iam');
    const rules = deployedRules(app);
    const results = outcomes(rules, roleEvents.map(e => fillPlaceholders(e.event, canaryNames(tamper.watch))));
    expect(results.map(r => r.alerts.length)).toEqual(roleEvents.map(e => (alertsWith(e, true) ? 1 : 0)));
    // The watch's fixed set is forwarded, the role's pattern among it as it is.
    const homeRole = rules.find(r => r.region === SCENARIO.home && r.bus === 'default' && r.id.startsWith('TamperTamperRoleRule'))!;
    const forwarding = rules.filter(r => r.region !== SCENARIO.home);
    expect(forwarding.map(r => `${r.region}/${r.id}/${r.state}`))
      .toEqual([`us-east-1/${FORWARD_RULE_ID}/ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`, `us-east-1/${GUARD_RULE_ID}/ENABLED`]);
    expect(branchesOf(forwarding[0].pattern)).toContainEqual(homeRole.pattern);
    // Its own StackSet is protected too.
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: Match.objectLike({ eventSource: ['cloudformation.amazonaws.com'] }) }),
    });
  });
});

describe('templates', () => {
  test('the tamper alert\'s resources pass cfn-lint, in the home template and the StackSet body', () => {
    const scenario = everyRegionScenario();
    const template = Template.fromStack(scenario.stack).toJSON();
    // Findings on resources of other parts are theirs to judge.
    const homeFindings = cfnLint(template, [SCENARIO.home]).filter(f => f.path.includes('TamperAlert'));
    expect(formatFindings(homeFindings)).toEqual('');
    const stackSet = Object.values(template.Resources as { [id: string]: any }).find(r => r.Type === 'AWS::CloudFormation::StackSet')!;
    const body = JSON.parse(resolveCfn(stackSet.Properties.TemplateBody,
      { account: SCENARIO.account, region: SCENARIO.home, partition: SCENARIO.partition, template: template as CfnTemplate }));
    // The body's one rule forwards the role pattern among the others.
    expect(formatFindings(cfnLint(body, ['us-east-1', 'eu-west-1']).filter(f => f.path.includes(FORWARD_RULE_ID)))).toEqual('');
  });

  test('cdk-nag AwsSolutions finds nothing in the tamper alert and its alarms', () => {
    const scenario = tamperScenario();
    const findings = awsSolutionsFindings(scenario.app).filter(f => f.path.includes('/TamperAlert/'));
    expect(findings).toEqual([]);
  });

  test('synthesis is deterministic', () => {
    const first = Template.fromStack(tamperScenario().stack).toJSON();
    const second = Template.fromStack(tamperScenario().stack).toJSON();
    expect(JSON.stringify(first)).toEqual(JSON.stringify(second));
  });
});
