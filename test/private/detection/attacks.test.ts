import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { BreakGlassTamperAlert, TrailSetup } from '../../../src';
import { SCENARIO, scenarioApp, ORGANIZATION } from '../../support/apps';
import { DeployedRule, EventBridgeModel, Breakage } from '../../support/eventbridge-model';
import { organizationDeployment } from '../../support/organization-deployment';
import { deployedRules, loadEvents } from '../../support/scenario';
import { fillPlaceholders, tamperPlaceholders } from '../../support/tamper-placeholders';

/**
 * The attack table: every single call an administrator could make to blind
 * part of the alerting, run as CloudTrail records it through the deployed
 * rules (the EventBridge model, Event Ruler deciding each match). Each must be
 * seen by a rule other than the one it attacks, and reach a person through a
 * channel other than the one it attacks.
 *
 * The calls and their request parameters, as CloudTrail records them (camel
 * case), are the APIs' own (EventBridge API Reference: DeleteRule, DisableRule,
 * PutRule by `Name`; RemoveTargets, PutTargets by `Rule`; each with
 * `EventBusName`, a name or an ARN, the default bus when absent). The other
 * attacks are the tamper events of test/events/tamper, each citing its call.
 */

/** A rule change as CloudTrail records it, in the rule's account and region. */
function ruleAttack(eventName: string, rule: DeployedRule, account: string): any {
  const onBus = rule.bus === 'default' ? {} : { eventBusName: rule.bus };
  const requestParameters = {
    DeleteRule: { name: rule.name, ...onBus, force: false },
    DisableRule: { name: rule.name, ...onBus },
    PutRule: { name: rule.name, ...onBus, eventPattern: '{"source":["nothing"]}', state: 'ENABLED' },
    RemoveTargets: { rule: rule.name, ...onBus, ids: rule.targets.map(target => target.id), force: false },
    PutTargets: {
      rule: rule.name,
      ...onBus,
      targets: rule.targets.map(target => ({ id: target.id, arn: `arn:aws:sns:${rule.region}:${account}:elsewhere` })),
    },
  }[eventName];
  return {
    'version': '0',
    'id': `attack-${eventName}-${rule.region}-${rule.id}`,
    'detail-type': 'AWS API Call via CloudTrail',
    'source': 'aws.events',
    'account': account,
    'time': '2026-11-12T10:11:07Z',
    'region': rule.region,
    'resources': [],
    'detail': {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser', principalId: 'AIDAEXAMPLEMALLORY', arn: `arn:aws:iam::${account}:user/mallory`, accountId: account, userName: 'mallory',
      },
      eventTime: '2026-11-12T10:11:07Z',
      eventSource: 'events.amazonaws.com',
      eventName,
      awsRegion: rule.region,
      sourceIPAddress: '203.0.113.66',
      userAgent: 'aws-cli/2.17.0 Python/3.11.8 Linux/6.1 exe/x86_64',
      requestParameters,
      responseElements: null,
      requestID: '00000000-0000-4000-8000-000000000000',
      eventID: '00000000-0000-4000-8000-000000000001',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    },
  };
}

const RULE_CALLS = ['DisableRule', 'DeleteRule', 'RemoveTargets', 'PutRule', 'PutTargets'];

/** One attack: the call, what it would blind, and the channel it silences, if any. */
interface Attack {
  readonly name: string;
  readonly event: any;
  /** The rule the call changes, as `region/bus/id`. */
  readonly attackedRule?: string;
  /** The topic the call silences. */
  readonly attackedChannel?: string;
}

/** Who saw an attack and where it was said: each alert's rule and topic. */
function seen(model: EventBridgeModel, attack: Attack): Array<{ rule: string; channel: string }> {
  const [outcome] = model.deliver([attack.event]);
  return outcome.deliveries.filter(d => d.arn.includes(':sns:')).map(d => ({ rule: `${d.region}/${d.bus}/${d.rule}`, channel: d.arn }));
}

/** Whether some rule other than the attacked one told a person through a channel other than the attacked one. */
function toldElsewhere(model: (attack: Attack) => EventBridgeModel, attack: Attack, channels: string[]): Array<{ rule: string; channel: string }> {
  return seen(model(attack), attack)
    .filter(alert => alert.rule !== attack.attackedRule && alert.channel !== attack.attackedChannel && channels.includes(alert.channel));
}

describe('one account: a role with a chat topic, a named trail, eu-west-1 watched', () => {
  const trailArn = `arn:aws:cloudtrail:${SCENARIO.home}:${SCENARIO.account}:trail/org-trail`;
  const { app, stack, breakGlass } = scenarioApp({ regions: ['eu-west-1'], trail: TrailSetup.existingTrail(trailArn) }, true);
  const tamper = breakGlass.tamperAlert as BreakGlassTamperAlert;
  const rules = deployedRules(app);
  const values = tamperPlaceholders({ app, stack, breakGlass, tamper });
  const alertTopic = values.TopicArn;
  const chatTopic = `arn:aws:sns:${SCENARIO.home}:${SCENARIO.account}:break-glass-chat`;
  const channels = [alertTopic, chatTopic];
  // A call on a topic (or one of its subscriptions) silences it: its alerts must go through the other.
  const channelOf = (event: any) => {
    const named = JSON.stringify(event.detail.requestParameters ?? {});
    return event.detail.eventSource !== 'sns.amazonaws.com' ? undefined : channels.find(topic => named.includes(`"${topic}`));
  };
  const model = (attack: Attack) => new EventBridgeModel(rules,
    (attack.attackedChannel ? { refusingTargets: [attack.attackedChannel] } : {}) as Breakage);

  const ruleAttacks: Attack[] = rules.flatMap(rule => RULE_CALLS.map(call => ({
    name: `${call} ${rule.region}/${rule.bus}/${rule.name}`,
    event: ruleAttack(call, rule, SCENARIO.account),
    attackedRule: `${rule.region}/${rule.bus}/${rule.id}`,
  })));
  // The scenario has no customer-managed key: key events name nothing protected.
  const eventAttacks: Attack[] = loadEvents('tamper').filter(e => e.expect.alert && e.expect.canary !== false && e.event.source !== 'aws.kms').map(e => {
    const event = fillPlaceholders(e.event, values);
    return { name: `${e.event.detail.eventName} (${e.file}): ${e.description}`, event, attackedChannel: channelOf(event) };
  });

  test('every rule of every region is attacked, with each call', () => {
    expect(new Set(rules.map(rule => rule.region))).toEqual(new Set([SCENARIO.home, 'us-east-1', 'eu-west-1']));
    expect(rules.length).toBeGreaterThanOrEqual(35);
    expect(ruleAttacks).toHaveLength(rules.length * RULE_CALLS.length);
  });

  test.each([...ruleAttacks, ...eventAttacks].map(attack => [attack.name, attack] as const))('%s', (_name, attack) => {
    expect(toldElsewhere(model, attack, channels)).not.toEqual([]);
  });

  test('an attack on the alert topic reaches the chat topic, and one on the chat topic the alert topic', () => {
    const onTopics = eventAttacks.filter(attack => attack.attackedChannel !== undefined);
    expect(onTopics.length).toBeGreaterThan(0);
    for (const attack of onTopics) {
      expect(toldElsewhere(model, attack, channels).map(alert => alert.channel))
        .toContain(attack.attackedChannel === alertTopic ? chatTopic : alertTopic);
    }
  });
});

describe('an organization: the hub and the member body', () => {
  const deployment = organizationDeployment();
  const member = ORGANIZATION.members[1];
  const hubRules = deployment.rules.filter(rule => rule.account === ORGANIZATION.security);
  const memberRules = deployment.rules.filter(rule => rule.account === member);
  const chatTopic = `arn:aws:sns:${SCENARIO.home}:${ORGANIZATION.security}:break-glass-chat`;
  const channels = [deployment.topicArn, chatTopic];
  const model = () => new EventBridgeModel(deployment.rules, { busAdmits: deployment.busAdmits }, deployment.queues);
  const targets = [...hubRules.map(rule => ({ rule, account: ORGANIZATION.security })), ...memberRules.map(rule => ({ rule, account: member }))];
  const attacks: Attack[] = targets.flatMap(({ rule, account }) => RULE_CALLS.map(call => ({
    name: `${call} ${account} ${rule.region}/${rule.bus}/${rule.name}`,
    event: ruleAttack(call, rule, account),
    attackedRule: `${rule.region}/${rule.bus}/${rule.id}`,
  })));

  test('the hub\'s rules and the member body\'s rules in every region are attacked', () => {
    expect(new Set(memberRules.map(rule => rule.region))).toEqual(new Set(deployment.regions));
    expect(hubRules.length).toBeGreaterThan(10);
  });

  test.each(attacks.map(attack => [attack.name, attack] as const))('%s', (_name, attack) => {
    expect(toldElsewhere(model, attack, channels)).not.toEqual([]);
  });
});

describe('a second channel: a bus of another account', () => {
  const security = { account: ORGANIZATION.security, bus: 'security' };
  const busArn = `arn:aws:events:${SCENARIO.home}:${security.account}:event-bus/${security.bus}`;
  const securityTopic = `arn:aws:sns:${SCENARIO.home}:${security.account}:security`;
  const trail = TrailSetup.existingTrail(`arn:aws:cloudtrail:${SCENARIO.home}:${SCENARIO.account}:trail/org-trail`);
  const secondChannelBus = events.EventBus.fromEventBusArn(new Stack(), 'Security', busArn);
  const { app, stack, breakGlass } = scenarioApp({ regions: ['eu-west-1'], trail, secondChannelBus });
  const tamper = breakGlass.tamperAlert as BreakGlassTamperAlert;
  const values = tamperPlaceholders({ app, stack, breakGlass, tamper });
  // What the security account runs on its bus: a rule telling its people of everything this account sends.
  const securityRule: DeployedRule = {
    id: 'SecurityRule',
    arn: `arn:aws:events:${SCENARIO.home}:${security.account}:rule/${security.bus}/tell`,
    name: 'tell',
    account: security.account,
    region: SCENARIO.home,
    bus: security.bus,
    state: 'ENABLED',
    pattern: { account: [SCENARIO.account] },
    targets: [{ id: 'People', arn: securityTopic }],
  };
  const rules = [...deployedRules(app), securityRule];
  const toSecurity = (event: any, breakage: Breakage) => new EventBridgeModel(rules, breakage).deliver([event])[0].deliveries
    .filter(d => d.arn === securityTopic);

  test('without a chat topic or a second channel, a warning says what one call silences; with the bus, none', () => {
    const warnings = (s: Stack) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('aws-break-glass-role:oneChannel'));
    expect(warnings(scenarioApp().stack)).toHaveLength(1);
    expect(warnings(stack)).toEqual([]);
    expect(warnings(scenarioApp({}, true).stack)).toEqual([]);
  });

  test.each(['alert-sns-set-topic-policy.json', 'alert-sns-delete-topic.json', 'alert-sns-unsubscribe.json'])(
    'the alert topic attacked (%s) and refusing everything: the security account is told', file => {
      const event = fillPlaceholders(loadEvents('tamper').find(e => e.file === `tamper/${file}`)!.event, values);
      expect(toSecurity(event, { refusingTargets: [values.TopicArn] })).toHaveLength(1);
    });

  test('a heartbeat alarm going off (a region silent) reaches the security account, as CloudWatch sends its state change', () => {
    const alarmName = `${breakGlass.watch._canary!.settings.name}-eu-west-1`;
    // Amazon CloudWatch User Guide, "Alarm events and EventBridge": the state change event's shape.
    const stateChange = {
      'version': '0',
      'id': 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      'detail-type': 'CloudWatch Alarm State Change',
      'source': 'aws.cloudwatch',
      'account': SCENARIO.account,
      'time': '2026-11-12T10:11:07Z',
      'region': SCENARIO.home,
      'resources': [`arn:aws:cloudwatch:${SCENARIO.home}:${SCENARIO.account}:alarm:${alarmName}`],
      'detail': {
        alarmName,
        state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-11-12T10:11:07.000+0000' },
        previousState: { value: 'OK', reason: 'Threshold Crossed', timestamp: '2026-11-12T09:11:07.000+0000' },
        configuration: { description: 'heartbeat' },
      },
    };
    expect(toSecurity(stateChange, { refusingTargets: [values.TopicArn] })).toHaveLength(1);
    expect(toSecurity({ ...stateChange, detail: { ...stateChange.detail, alarmName: 'another-alarm' } }, {})).toEqual([]);
  });

  test('the second channel\'s rule is watched by the rules rule, by its name', () => {
    const health = rules.find(rule => rule.id.startsWith('BreakGlassTamperAlertSecondChannelHealthRule'))!;
    expect(health.name).toBe(`${SCENARIO.roleName}-${SCENARIO.home}-Tamper-Health`);
    const alerts = new EventBridgeModel(rules).deliver([ruleAttack('DisableRule', health, SCENARIO.account)])[0].deliveries
      .filter(d => d.arn === values.TopicArn);
    expect(alerts).toHaveLength(1);
  });
});

describe('the management account: service control policies and account moves', () => {
  const management = loadEvents('management');
  const alertsOf = (managementAccount?: boolean) => {
    const { app } = scenarioApp({ regions: ['eu-west-1'], managementAccount });
    return new EventBridgeModel(deployedRules(app)).deliver(management.map(e => e.event))
      .map(outcome => outcome.deliveries.filter(d => d.arn.includes(':sns:')).length);
  };

  test('with managementAccount, each alerts once, forwarded from us-east-1; without it, none', () => {
    expect(management.length).toBeGreaterThanOrEqual(4);
    expect(alertsOf(true)).toEqual(management.map(() => 1));
    expect(alertsOf()).toEqual(management.map(() => 0));
  });

  test('managementAccount that is not a boolean is refused, naming the prop', () => {
    expect(() => scenarioApp({ managementAccount: 'yes' as unknown as boolean })).toThrow(/managementAccount/);
  });
});
