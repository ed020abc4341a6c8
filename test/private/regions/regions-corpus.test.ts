import { LogActions, RegionalDeployment } from '../../../src';
import { FORWARD_RULE_ID, GUARD_RULE_ID } from '../../../src/private/regions/forwarding-template';
import { SCENARIO, scenarioApp } from '../../support/apps';
import { DeployedRule, EventBridgeModel } from '../../support/eventbridge-model';
import { AWS_DEFAULT_REGIONS } from '../../support/forwarding-assertions';
import { CorpusEvent, deployedRules, loadEvents, outcomes } from '../../support/scenario';

const EVENTS = loadEvents('corpus', 'extra');

const DEPLOYMENTS: Array<[string, () => RegionalDeployment | undefined]> = [
  ['a StackSet (default)', () => undefined],
  ['RegionalDeployment.regionalStacks()', () => RegionalDeployment.regionalStacks()],
];

function rulesFor(deployment: RegionalDeployment | undefined): DeployedRule[] {
  const { app } = scenarioApp({ regions: ['*'], logActions: LogActions.ALL, regionalDeployment: deployment });
  return deployedRules(app);
}

describe.each(DEPLOYMENTS)("every corpus event with regions ['*'] through %s", (_name, deployment) => {
  const results = outcomes(rulesFor(deployment()), EVENTS.map(e => e.event));

  test.each(EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, corpusEvent, i) => {
    const result = results[i];
    // ['*'] watches every default-enabled region; an opt-in region must be named.
    const seen = !corpusEvent.expect.needsRegion || AWS_DEFAULT_REGIONS.includes(corpusEvent.expect.needsRegion);
    const shouldAlert = corpusEvent.expect.alert && seen;
    expect({ alert: result.alerts.length > 0, actionLogged: result.actionLogged })
      .toEqual({ alert: shouldAlert, actionLogged: corpusEvent.expect.actions !== null && seen });
    if (shouldAlert) {
      // One alert per event, even when it passes through the central bus.
      expect(result.alerts).toHaveLength(1);
      expect(result.alerts[0]).toContain(`${corpusEvent.event.detail.eventName} ${corpusEvent.expect.result ?? 'Success'}.`);
    }
  });
});

describe.each(DEPLOYMENTS)("forwarding rules with regions ['*'] through %s", (_name, deployment) => {
  const rules = rulesFor(deployment());
  const forwarded = AWS_DEFAULT_REGIONS.filter(region => region !== SCENARIO.home);
  const hits = new EventBridgeModel(rules).deliver(EVENTS.map(e => e.event)).map(outcome => outcome.rulesHit);
  const forwardingHits = (ruleHits: string[]) => ruleHits.filter(hit => !hit.startsWith(`${SCENARIO.home}/`));

  test('every forwarded region has two rules, the forwarding rule and the guard rule that watches it', () => {
    const outside = rules.filter(rule => rule.region !== SCENARIO.home);
    expect(outside.map(rule => `${rule.region}/${rule.bus}/${rule.id}`).sort())
      .toEqual(forwarded.flatMap(region => [FORWARD_RULE_ID, GUARD_RULE_ID].map(id => `${region}/default/${id}`)).sort());
  });

  test('every corpus event recorded in another watched region that alerts or is logged, or is an IAM change, is forwarded exactly once', () => {
    const expected = EVENTS.map(e => {
      const recordedAway = e.event.region !== SCENARIO.home && AWS_DEFAULT_REGIONS.includes(e.event.region);
      // Every IAM change is forwarded, for the identity alerts: the central bus's rules select the listed identities'.
      const iamChange = e.event.detail?.eventSource === 'iam.amazonaws.com' && e.event.detail?.readOnly === false;
      const wanted = e.expect.alert || e.expect.actions !== null || iamChange;
      return [e.file, recordedAway && wanted ? [`${e.event.region}/default/${FORWARD_RULE_ID}`] : []];
    });
    expect(EVENTS.map((e, i) => [e.file, forwardingHits(hits[i])])).toEqual(expected);
  });
});

describe('the read-only gate at every hop', () => {
  const isCentralBus = (rule: DeployedRule) => rule.region === SCENARIO.home && rule.bus !== 'default';
  const isForwarding = (rule: DeployedRule) => rule.region !== SCENARIO.home;
  const plainEnabled = (rules: DeployedRule[], which: (rule: DeployedRule) => boolean) =>
    rules.map(rule => (which(rule) ? { ...rule, state: 'ENABLED' } : rule));

  const rules = rulesFor(undefined);
  const alerting = (events: CorpusEvent[], deployed: DeployedRule[]) =>
    outcomes(deployed, events.map(e => e.event)).map((o, i) => [events[i].file, o.alerts.length > 0]);

  // AssumeRole* alerts recorded in us-east-1, the global STS endpoint's region: read-only management events.
  const usEast1AssumeRole = EVENTS.filter(e => e.expect.alert && e.event.region === 'us-east-1' && e.event.source === 'aws.sts');
  // Console sign-ins in us-east-1 are not API calls, so the gate does not apply to them.
  const usEast1SignIn = EVENTS.filter(e => e.expect.alert && e.event.region === 'us-east-1' && e.event.source === 'aws.signin');

  test('the corpus has us-east-1 AssumeRole and sign-in alerts to prove it with', () => {
    expect(usEast1AssumeRole.length).toBeGreaterThanOrEqual(4);
    expect(usEast1SignIn.length).toBeGreaterThanOrEqual(1);
  });

  test('as deployed, the us-east-1 AssumeRole events alert', () => {
    expect(alerting(usEast1AssumeRole, rules)).toEqual(usEast1AssumeRole.map(e => [e.file, true]));
  });

  test.each([
    ['forwarding rules', isForwarding],
    ['central-bus rules', isCentralBus],
  ])('with %s in plain ENABLED state, the us-east-1 AssumeRole events would not alert', (_name, which) => {
    const mutated = plainEnabled(rules, which);
    expect(mutated.filter(which).length).toBeGreaterThan(0);
    expect(alerting(usEast1AssumeRole, mutated)).toEqual(usEast1AssumeRole.map(e => [e.file, false]));
  });

  test.each([
    ['forwarding rules', isForwarding],
    ['central-bus rules', isCentralBus],
  ])('with %s in plain ENABLED state, us-east-1 console sign-ins still alert (only the gate changed)', (_name, which) => {
    expect(alerting(usEast1SignIn, plainEnabled(rules, which))).toEqual(usEast1SignIn.map(e => [e.file, true]));
  });
});
