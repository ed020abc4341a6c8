import { Template } from 'aws-cdk-lib/assertions';
import { Username } from '../../../src';
import { identityForwardingPattern } from '../../../src/private/detection/identity-patterns';
import { homeStack, SCENARIO, scenarioApp } from '../../support/apps';
import { matchAll } from '../../support/event-ruler';
import { EventBridgeModel } from '../../support/eventbridge-model';
import { branchesOf } from '../../support/forwarding-assertions';
import { deployedRules, loadEvents, outcomes } from '../../support/scenario';

const IDENTITY_EVENTS = loadEvents('identity');
const USER_EVENTS = IDENTITY_EVENTS.filter(e => !e.file.startsWith('identity/federated-'));
const FEDERATED_EVENTS = IDENTITY_EVENTS.filter(e => e.file.startsWith('identity/federated-'));

/** The kinds of change (IAM calls) among `events` that alert, or that stay quiet. */
function kinds(events: typeof IDENTITY_EVENTS, alert: boolean): string[] {
  return [...new Set(events.filter(e => e.expect.alert === alert).map(e => e.event.detail.eventName))];
}

/** The identity an event changes, as the alert must name it: the request's user, the caller's own, or the device. */
function changedIdentity(event: any): string {
  const params = event.detail.requestParameters;
  return params?.userName ?? params?.serialNumber ?? event.detail.userIdentity.userName;
}

describe('changes to the listed IAM users (alice and bob), recorded in us-east-1 and forwarded to the home region us-east-2', () => {
  const { app } = scenarioApp();
  const rules = deployedRules(app);
  const results = outcomes(rules, USER_EVENTS.map(e => e.event));

  test('the events cover at least 14 kinds of change to a listed user, and the same 14 to an unlisted one', () => {
    expect(kinds(USER_EVENTS, true).length).toBeGreaterThanOrEqual(14);
    expect(kinds(USER_EVENTS, false)).toEqual(expect.arrayContaining(kinds(USER_EVENTS, true).slice(0, 14)));
  });

  test.each(USER_EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, identityEvent, i) => {
    expect(identityEvent.event.region).toBe('us-east-1');
    const alerts = results[i].alerts.filter(text => text.startsWith('Break-glass identity changed'));
    expect(alerts.length).toBe(identityEvent.expect.alert ? 1 : 0);
    // Nothing else alerts either: no tamper, no login alert.
    expect(results[i].alerts).toHaveLength(alerts.length);
    if (identityEvent.expect.alert) {
      const { eventName } = identityEvent.event.detail;
      expect(alerts[0]).toContain(`Break-glass identity changed: ${eventName} on `);
      expect(alerts[0]).toContain(` ${changedIdentity(identityEvent.event)}.\n`);
      expect(alerts[0]).toContain(`Who made it: ${identityEvent.event.detail.userIdentity.arn}\n`);
    }
  });

  test('each alert is delivered at home by a rule of the central bus: the us-east-1 forwarding brought it', () => {
    const alerted = USER_EVENTS.filter(e => e.expect.alert).map(e => e.event);
    const deliveries = new EventBridgeModel(rules).deliver(alerted)
      .map(outcome => outcome.deliveries.filter(d => d.arn.includes(':sns:')).map(d => `${d.region}/${d.bus === 'default' ? 'default' : 'central'}`));
    expect(deliveries).toEqual(alerted.map(() => [`${SCENARIO.home}/central`]));
  });

  test('the forwarding branch is the fixed identity pattern, and forwards every identity event, listed or not (Event Ruler)', () => {
    const [forward] = rules.filter(r => r.region === 'us-east-1');
    const branch = branchesOf(forward.pattern).find(b => JSON.stringify(b) === JSON.stringify(identityForwardingPattern().pattern));
    expect(branch).toBeDefined();
    expect(matchAll(IDENTITY_EVENTS.map(e => ({ pattern: branch!, event: e.event })))).toEqual(IDENTITY_EVENTS.map(() => true));
  });
});

test('with home in us-east-1, the changes alert from the default bus, with no forwarding', () => {
  const { app } = homeStack('us-east-1', { usernames: [Username.iamUser('alice'), Username.iamUser('bob')], regions: [] });
  const rules = deployedRules(app);
  expect(rules.every(r => r.region === 'us-east-1' && r.bus === 'default')).toBe(true);
  const results = outcomes(rules, USER_EVENTS.map(e => e.event));
  expect(results.map(r => r.alerts.filter(text => text.startsWith('Break-glass identity changed')).length))
    .toEqual(USER_EVENTS.map(e => (e.expect.alert ? 1 : 0)));
});

describe('federated identities', () => {
  test('changes to the role a SAML user arrives through, and to SAML providers, alert; other roles stay quiet', () => {
    const { app } = scenarioApp({ usernames: [Username.federated('carol@example.com', 'saml/SamlEngineers')] });
    const results = outcomes(deployedRules(app), FEDERATED_EVENTS.map(e => e.event));
    expect(results.map(r => r.alerts.filter(text => text.startsWith('Break-glass identity changed')).length))
      .toEqual(FEDERATED_EVENTS.map(e => (e.expect.alert ? 1 : 0)));
  });

  test('IAM Identity Center identities alone make no identity rule: their roles change whenever Identity Center provisions', () => {
    const { stack } = scenarioApp({ usernames: [Username.identityCenter('carol@example.com', 'Admin')] });
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    expect(Object.keys(rules).filter(id => id.includes('Identity'))).toEqual([]);
  });

  test('with only IAM Identity Center identities, the IAM user changes stay quiet', () => {
    const { app } = scenarioApp({ usernames: [Username.identityCenter('carol@example.com', 'Admin')] });
    const results = outcomes(deployedRules(app), USER_EVENTS.map(e => e.event));
    expect(results.filter(r => r.alerts.length > 0)).toEqual([]);
  });
});

test('a tamper alert given no usernames watches no identity', () => {
  const { stack } = scenarioApp({ tamperAlerts: false });
  expect(Object.keys(Template.fromStack(stack).findResources('AWS::Events::Rule')).filter(id => id.includes('Identity'))).toEqual([]);
});
