import { Annotations, App, CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations as FoundAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import {
  BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassTamperAlert, BreakGlassWatch, Deployer, LogActions, RegionalDeployment, TrailSetup,
} from '../src';
import { ENV, homeStack, stackWithRole } from './support/apps';


/** What the parts of one role share, counted in a template: each must be there once. */
function sharedCounts(stack: Stack): { [type: string]: number } {
  const template = Template.fromStack(stack);
  const count = (type: string) => Object.keys(template.findResources(type)).length;
  return {
    centralBuses: count('AWS::Events::EventBus'),
    stackSets: count('AWS::CloudFormation::StackSet'),
    logPolicies: count('AWS::Logs::ResourcePolicy'),
  };
}

describe('parts on their own', () => {
  test('a login alert and an action log of one role share one central bus, one StackSet and one log policy', () => {
    const { stack, role } = stackWithRole();
    const alert = new BreakGlassLoginAlert(stack, 'Alert', { role, createLoginLogGroup: true, trail: TrailSetup.existingTrail() });
    const actions = new BreakGlassLogActions(stack, 'Actions', { role, logActions: LogActions.WRITE, trail: TrailSetup.existingTrail() });
    expect(actions.watch).toBe(alert.watch);
    expect(sharedCounts(stack)).toEqual({ centralBuses: 1, stackSets: 1, logPolicies: 1 });
  });

  test('the StackSet forwards the watch\'s fixed set: logins, actions, changes to the role, the guard rule, and every IAM change', () => {
    const { stack, role } = stackWithRole();
    new BreakGlassLoginAlert(stack, 'Alert', { role, trail: TrailSetup.existingTrail() });
    new BreakGlassLogActions(stack, 'Actions', { role, trail: TrailSetup.existingTrail() });
    const [stackSet] = Object.values(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet'));
    const body = JSON.parse(stackSet.Properties.TemplateBody);
    const sources = body.Resources.ForwardRule.Properties.EventPattern.$or.map((p: any) => p.source?.[0] ?? p['detail-type'][0]);
    expect(sources).toEqual(['aws.sts', 'aws.signin', ...Array(4).fill('AWS API Call via CloudTrail')]);
  });

  test('parts of two roles in one stack get a watch each', () => {
    const { stack, role } = stackWithRole();
    const other = iam.Role.fromRoleName(stack, 'Other', 'OtherBreakGlass');
    const one = new BreakGlassLoginAlert(stack, 'Alert', { role, trail: TrailSetup.existingTrail() });
    const two = new BreakGlassLoginAlert(stack, 'OtherAlert', { role: other, trail: TrailSetup.existingTrail() });
    expect(two.watch).not.toBe(one.watch);
    expect(sharedCounts(stack).centralBuses).toBe(2);
  });

  test('a part given a watch uses it, and makes none', () => {
    const { stack, role } = stackWithRole();
    const watch = new BreakGlassWatch(stack, 'Watch', { role, regions: ['eu-west-1'], trail: TrailSetup.existingTrail() });
    const alert = new BreakGlassLoginAlert(stack, 'Alert', { role, watch });
    const tamper = new BreakGlassTamperAlert(stack, 'Tamper', { role, watch, alertTopic: alert.alertTopic });
    expect([alert.watch, tamper.watch]).toEqual([watch, watch]);
    // The log policy lets EventBridge write the canary's heartbeats to their log group.
    expect(sharedCounts(stack)).toEqual({ centralBuses: 1, stackSets: 1, logPolicies: 1 });
    expect(alert.node.tryFindChild('Default')).toBeUndefined();
  });
});

describe('the watch owns its alarms: each watched region\'s heartbeat and the dead-letter queue, into its alarmTopic', () => {
  /** Every alarm of the stack, by what it watches: a heartbeat's region, or `queue`; each with the topics it notifies. */
  function alarmsOf(stack: Stack): { [alarm: string]: string[] } {
    const template = Template.fromStack(stack);
    const topicIds = Object.keys(template.findResources('AWS::SNS::Topic'));
    return Object.fromEntries(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(alarm => [
      alarm.Properties.AlarmName.replace(/^BreakGlass-us-east-2-Canary-/, '').replace(/^.*-DeadLetters$/, 'queue'),
      (alarm.Properties.AlarmActions ?? []).map((action: any) => topicIds.find(id => action.Ref === id) ?? JSON.stringify(action)).sort(),
    ]));
  }
  const topicId = (stack: Stack, topic: sns.ITopic) => stack.getLogicalId(topic.node.defaultChild as CfnElement);

  test('a watch with alarmTopic and only an action log and a tamper alert: a heartbeat alarm per watched region and the queue alarm, into alarmTopic', () => {
    const { stack, role } = stackWithRole();
    const [alarmTopic, tamperTopic] = [new sns.Topic(stack, 'Alarms'), new sns.Topic(stack, 'Tamper')];
    const watch = new BreakGlassWatch(stack, 'Watch', { role, regions: ['eu-west-1'], trail: TrailSetup.existingTrail(), alarmTopic });
    new BreakGlassLogActions(stack, 'Actions', { role, watch });
    new BreakGlassTamperAlert(stack, 'TamperAlert', { role, watch, alertTopic: tamperTopic });
    const alarms = [topicId(stack, alarmTopic)];
    expect(alarmsOf(stack)).toEqual({ 'us-east-2': alarms, 'us-east-1': alarms, 'eu-west-1': alarms, 'queue': alarms });
    expect(watch.heartbeatAlarms).toHaveLength(3);
    expect(watch.deliveryHealth.deadLetterQueue).toBe(watch.deadLetterQueue);
  });

  test('the watch makes its alarms in its constructor, with no part', () => {
    const { stack, role } = stackWithRole();
    const alarmTopic = new sns.Topic(stack, 'Alarms');
    const chatTopic = new sns.Topic(stack, 'Chat');
    new BreakGlassWatch(stack, 'Watch', { role, regions: ['us-east-1'], trail: TrailSetup.existingTrail(), alarmTopic, chatTopic });
    const both = [topicId(stack, alarmTopic), topicId(stack, chatTopic)].sort();
    expect(alarmsOf(stack)).toEqual({ 'us-east-2': both, 'us-east-1': both, 'queue': both });
  });

  test('two login alerts with their own topics on one watch each alert their own topic; the watch\'s alarms go to its alarmTopic', () => {
    const { stack, role } = stackWithRole();
    const alarmTopic = new sns.Topic(stack, 'Alarms');
    const watch = new BreakGlassWatch(stack, 'Watch', { role, regions: ['us-east-1'], trail: TrailSetup.existingTrail(), alarmTopic });
    const first = new BreakGlassLoginAlert(stack, 'First', { role, watch, alertTopic: new sns.Topic(stack, 'TopicA'), retention: logs.RetentionDays.ONE_YEAR });
    const second = new BreakGlassLoginAlert(stack, 'Second', { role, watch, loginAlertEmails: ['b@example.com'], retention: logs.RetentionDays.TWO_YEARS });
    const template = Template.fromStack(stack);
    const targetsOf = (alert: BreakGlassLoginAlert) => alert.rules.map(rule =>
      template.toJSON().Resources[stack.getLogicalId(rule.node.defaultChild as CfnElement)].Properties.Targets.map((t: any) => t.Arn.Ref));
    expect(new Set(targetsOf(first).flat())).toEqual(new Set([topicId(stack, first.alertTopic)]));
    expect(new Set(targetsOf(second).flat())).toEqual(new Set([topicId(stack, second.alertTopic)]));
    const alarms = [topicId(stack, alarmTopic)];
    expect(alarmsOf(stack)).toEqual({ 'us-east-2': alarms, 'us-east-1': alarms, 'queue': alarms });
    expect([first.deliveryHealth, second.deliveryHealth]).toEqual([watch.deliveryHealth, watch.deliveryHealth]);
  });

  test('without alarmTopic, the alarms are made, notify nobody, and an acknowledgeable warning says so', () => {
    const { stack, role } = stackWithRole();
    const watch = new BreakGlassWatch(stack, 'Watch', { role, regions: ['us-east-1'], trail: TrailSetup.existingTrail() });
    expect(alarmsOf(stack)).toEqual({ 'us-east-2': [], 'us-east-1': [], 'queue': [] });
    expect(FoundAnnotations.fromStack(stack).findWarning('/Home/Watch', Match.stringLikeRegexp('watchAlarmsNotifyNobody'))).toHaveLength(1);
    Annotations.of(watch).acknowledgeWarning('aws-break-glass-role:watchAlarmsNotifyNobody');
    expect(FoundAnnotations.fromStack(stack).findWarning('/Home/Watch', Match.stringLikeRegexp('watchAlarmsNotifyNobody'))).toHaveLength(0);
  });

  test('BreakGlassRole gives its watch its alert topic and chat topic', () => {
    const { stack, breakGlass } = homeStack('us-east-2', { regions: [], trail: TrailSetup.existingTrail(), chatTopic: undefined });
    expect(breakGlass.watch.alarmTopic).toBe(breakGlass.alertTopic);
    const alarms = [topicId(stack, breakGlass.alertTopic)];
    expect(alarmsOf(stack)).toEqual({ 'us-east-2': alarms, 'us-east-1': alarms, 'queue': alarms });
  });
});

describe('BreakGlassWatch attributes', () => {
  test('name the home region, the forwarded regions and where stacks are deployed', () => {
    const { stack, role } = stackWithRole();
    const watch = new BreakGlassWatch(stack, 'Watch', { role, regions: ['eu-west-1', 'ap-south-1'] });
    expect([watch.homeRegion, watch.forwardedRegions, watch.watchedRegions, watch.stackRegions]).toEqual([
      'us-east-2', ['ap-south-1', 'eu-west-1', 'us-east-1'], ['us-east-2', 'ap-south-1', 'eu-west-1', 'us-east-1'], ['us-east-2'],
    ]);
    expect(watch.centralBus).toBeDefined();
    // Names a person reads: the role's name and the home region.
    expect(watch.stackSetName).toBe('BreakGlass-us-east-2');
    // The canary's heartbeats replace the forwarding alarm.
    expect([watch.forwardRuleName, watch.guardRuleName, watch.forwardedDeadLetterQueueName, watch.forwardingAlarmName, watch._canary?.settings.name])
      .toEqual(['BreakGlass-us-east-2-Forward', 'BreakGlass-us-east-2-Guard', 'BreakGlass-us-east-2-DeadLetters', undefined, 'BreakGlass-us-east-2-Canary']);
    const other = stackWithRole();
    const withoutCanary = new BreakGlassWatch(other.stack, 'WatchWithoutCanary', { role: other.role, regions: ['eu-west-1'], canary: false });
    expect(withoutCanary.forwardingAlarmName).toBe('BreakGlass-us-east-2-ForwardFailed');
  });

  test('a second watch of the same role in the same stack is refused: its resources would have the same names', () => {
    const { stack, role } = stackWithRole();
    new BreakGlassWatch(stack, 'Watch', { role, regions: ['eu-west-1'] });
    expect(() => new BreakGlassWatch(stack, 'Again', { role, regions: ['eu-west-1'] }))
      .toThrow(/^Home\/Again and Home\/Watch both watch the role 'BreakGlass' from us-east-2 in one stack: .*\(BreakGlass-us-east-2-…\)\. Make one BreakGlassWatch/);
    // A role whose name is known only at deploy names each watch by its path.
    const roleOfToken = new iam.Role(stack, 'Unnamed', { assumedBy: new iam.AccountRootPrincipal() });
    const [a, b] = ['A', 'B'].map(id => new BreakGlassWatch(stack, id, { role: roleOfToken, regions: ['eu-west-1'] }));
    expect(a.stackSetName).not.toEqual(b.stackSetName);
    expect(a.stackSetName).toMatch(/^BreakGlass-Home-A-[0-9A-F]{8}-us-east-2$/);
  });

  test('with regional stacks, stacks are deployed to every watched region and no StackSet is named', () => {
    const { breakGlass } = homeStack('us-east-2', { regions: ['eu-west-1'], regionalDeployment: RegionalDeployment.regionalStacks() });
    expect(breakGlass.watch.stackRegions).toEqual(['us-east-2', 'eu-west-1', 'us-east-1']);
    expect(breakGlass.watch.stackSetName).toBeUndefined();
  });

  test('watching the home region alone makes no central bus and names nothing in other regions', () => {
    const stack = new Stack(new App(), 'Home', { env: { ...ENV, region: 'us-east-1' } });
    const watch = new BreakGlassWatch(stack, 'Watch', { role: iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'), regions: ['us-east-1'], trail: TrailSetup.createTrail() });
    expect([watch.forwardedRegions, watch.centralBus, watch.forwardRuleName, watch.stackSetName]).toEqual([[], undefined, undefined, undefined]);
    // The one log policy lets EventBridge write the canary's heartbeats to their log group.
    expect(sharedCounts(stack)).toEqual({ centralBuses: 0, stackSets: 0, logPolicies: 1 });
  });

  test('BreakGlassRole lets its deployer assume the bootstrap roles of its watch\'s stack regions, and no others', () => {
    const { stack, breakGlass } = homeStack('us-east-2', {
      regions: ['eu-west-1'], regionalDeployment: RegionalDeployment.regionalStacks(), deployer: Deployer.newRole(),
    });
    const policy = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(breakGlass.deployer!.policy.node.defaultChild as CfnElement)];
    const deployRoles = JSON.stringify(policy.Properties.PolicyDocument.Statement).match(/deploy-role-[^"]*-[a-z]+-[a-z]+-\d/g);
    expect([...new Set(deployRoles)].sort()).toEqual(breakGlass.watch.stackRegions.map(r => `deploy-role-111122223333-${r}`).sort());
  });
});

describe('bad input', () => {
  test('a part given both watch and watch options', () => {
    const { stack, role } = stackWithRole();
    const watch = new BreakGlassWatch(stack, 'Watch', { role });
    expect(() => new BreakGlassLoginAlert(stack, 'Alert', { role, watch, regions: ['eu-west-1'], trail: TrailSetup.existingTrail() }))
      .toThrow(/Home\/Alert is given watch and regions, trail: a watch decides regions, trail for every part that shares it\. Set them on the BreakGlassWatch, or leave watch out/);
  });

  test('parts sharing a watch with conflicting region options', () => {
    const { stack, role } = stackWithRole();
    new BreakGlassLoginAlert(stack, 'Alert', { role, regions: ['eu-west-1'] });
    expect(() => new BreakGlassLogActions(stack, 'Actions', { role, regions: ['eu-west-2'] }))
      .toThrow(/Home\/Actions shares the default watch Home\/BreakGlassWatch-BreakGlass of its role, which has regions \["eu-west-1"\]: Home\/Actions gives regions \["eu-west-2"\]\. Give the same values, or make one BreakGlassWatch \(with alarmTopic for its alarms\)/);
  });

  test('parts sharing a default watch with other topics: the one that makes it decides where its alarms go, so the other is refused', () => {
    const { stack, role } = stackWithRole();
    const alert = new BreakGlassLoginAlert(stack, 'Alert', { role, trail: TrailSetup.existingTrail() });
    expect(alert.watch.alarmTopic).toBe(alert.alertTopic);
    expect(() => new BreakGlassTamperAlert(stack, 'Tamper', { role, alertTopic: new sns.Topic(stack, 'Other') }))
      .toThrow(/Home\/Tamper shares the default watch Home\/BreakGlassWatch-BreakGlass of its role, which has alarmTopic Home\/Alert\/Topic: Home\/Tamper gives alarmTopic Home\/Other\./);
  });

  test('parts sharing a watch with conflicting deployments', () => {
    const { stack, role } = stackWithRole();
    new BreakGlassLoginAlert(stack, 'Alert', { role, regionalDeployment: RegionalDeployment.stackSet() });
    expect(() => new BreakGlassLogActions(stack, 'Actions', { role, regionalDeployment: RegionalDeployment.regionalStacks() }))
      .toThrow(/which has regionalDeployment RegionalDeployment\.stackSet\(\): Home\/Actions gives regionalDeployment RegionalDeployment\.regionalStacks\(\)/);
  });

  test('a part adding a trail to a watch made without one', () => {
    const { stack, role } = stackWithRole();
    new BreakGlassLoginAlert(stack, 'Alert', { role });
    expect(() => new BreakGlassLogActions(stack, 'Actions', { role, trail: TrailSetup.createTrail() }))
      .toThrow(/which has no trail: Home\/Actions gives trail TrailSetup\.createTrail\(null\)/);
  });

  test('a watch from another stack', () => {
    const app = new App();
    const one = new Stack(app, 'One', { env: ENV });
    const two = new Stack(app, 'Two', { env: ENV });
    const watch = new BreakGlassWatch(one, 'Watch', { role: iam.Role.fromRoleName(one, 'Role', 'BreakGlass') });
    expect(() => new BreakGlassLoginAlert(two, 'Alert', { role: iam.Role.fromRoleName(two, 'Role', 'BreakGlass'), watch }))
      .toThrow(/watch One\/Watch is in stack One, but Two\/Alert is in Two: a part needs the watch of its own stack/);
  });

  test('a watch of another role', () => {
    const { stack, role } = stackWithRole();
    const watch = new BreakGlassWatch(stack, 'Watch', { role });
    expect(() => new BreakGlassLoginAlert(stack, 'Alert', { role: iam.Role.fromRoleName(stack, 'Other', 'Other'), watch }))
      .toThrow(/watch Home\/Watch watches the role 'BreakGlass', but Home\/Alert is given role 'Other': give the part the watch's role/);
  });

  test.each([
    ['a plain object as watch', { watch: { centralBus: undefined } }, /watch is an object \{\}, not a BreakGlassWatch/],
    ['a plain object as regionalDeployment', { regionalDeployment: { kind: 'STACK_SET' } }, /regionalDeployment is an object \{"kind":"STACK_SET"\}, not a RegionalDeployment made by its factories: give RegionalDeployment.stackSet\(\) or RegionalDeployment.regionalStacks\(\)/],
    ['a string as trail', { trail: 'existing' }, /trail is 'existing', not a TrailSetup made by its factories: give TrailSetup.existingTrail\(\) or TrailSetup.createTrail\(\)/],
    ['a string as regions', { regions: 'eu-west-1' }, /regions is 'eu-west-1', not a list of strings/],
    ['a number in regions', { regions: [42] }, /regions\[0\] is a number 42, not a string/],
  ])('%s, as JavaScript can pass it', (_name, props, error) => {
    const { stack, role } = stackWithRole();
    expect(() => new BreakGlassLoginAlert(stack, 'Alert', { role, ...(props as any) })).toThrow(error);
  });
});

describe('the order parts are made in changes nothing', () => {
  type Part = 'LoginAlert' | 'LogActions' | 'TamperAlert';
  const PARTS: Part[] = ['LoginAlert', 'LogActions', 'TamperAlert'];
  const permutations = (items: Part[]): Part[][] => (items.length <= 1 ? [items]
    : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [item, ...rest])));

  /** A value with every object's keys sorted: the resources' order in a template follows the order constructs are made in. */
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(canonical);
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.keys(value).sort().map(key => [key, canonical((value as { [key: string]: unknown })[key])]));
    }
    return value;
  };

  /** The home template of the three parts, made in `order` on one watch, each alerting a topic of its own. */
  function templateOf(order: Part[]): unknown {
    const { stack, role } = stackWithRole();
    const watch = new BreakGlassWatch(stack, 'Watch', {
      role, regions: ['eu-west-1'], trail: TrailSetup.existingTrail(), alarmTopic: new sns.Topic(stack, 'Alarms'),
    });
    const make: { [part in Part]: () => void } = {
      LoginAlert: () => new BreakGlassLoginAlert(stack, 'LoginAlert', { role, watch, alertTopic: new sns.Topic(stack, 'Security'), createLoginLogGroup: true }),
      LogActions: () => new BreakGlassLogActions(stack, 'LogActions', { role, watch, logActions: LogActions.WRITE }),
      TamperAlert: () => new BreakGlassTamperAlert(stack, 'TamperAlert', { role, watch, alertTopic: new sns.Topic(stack, 'Platform') }),
    };
    order.forEach(part => make[part]());
    return canonical(Template.fromStack(stack).toJSON());
  }

  test('the three parts on one watch, with different topics, synthesize the same template in each of the six orders', () => {
    const orders = permutations(PARTS);
    expect(orders).toHaveLength(6);
    const [first, ...others] = orders.map(templateOf);
    for (const [i, template] of others.entries()) {
      expect([orders[i + 1].join(', '), template]).toEqual([orders[i + 1].join(', '), first]);
    }
    // The login alert points to the action log, made before or after it.
    expect(JSON.stringify(first)).toContain('What each session did');
  });
});

describe('what a part needs of another travels through the watch it is given', () => {
  test('an action log tells its watch; of two, the watch names the one whose path sorts first, in either order', () => {
    for (const order of [['B', 'A'], ['A', 'B']]) {
      const { stack, role } = stackWithRole();
      const watch = new BreakGlassWatch(stack, 'Watch', { role, trail: TrailSetup.existingTrail() });
      expect(watch.actionLogGroup).toBeUndefined();
      const parts = Object.fromEntries(order.map(id => [id, new BreakGlassLogActions(stack, `Actions${id}`, { role, watch })]));
      expect(watch.actionLogGroup).toBe(parts.A.actionLogGroup);
    }
  });
});

describe('names a person reads', () => {
  const LONGEST_REGION = RegionInfo.regions.filter(r => r.partition === 'aws').map(r => r.name)
    .reduce((longest, name) => (name.length > longest.length ? name : longest));

  /** Every name the watch gives its resources, at home and in the StackSet body, with the rule of the service that takes it. */
  function names(roleName: string, home: string, canary: boolean) {
    const stack = new Stack(new App(), 'Home', { env: { account: ENV.account, region: home } });
    const role = iam.Role.fromRoleName(stack, 'Role', roleName);
    const watch = new BreakGlassWatch(stack, 'Watch', { role, regions: ['eu-west-1'], canary });
    new BreakGlassLoginAlert(stack, 'Alert', { role, watch, loginAlertEmails: ['security@example.com'] });
    const template = Template.fromStack(stack).toJSON();
    const resources = Object.values(template.Resources as { [id: string]: any });
    const body = JSON.parse(resources.find(r => r.Type === 'AWS::CloudFormation::StackSet').Properties.TemplateBody);
    const bodyResources = Object.values(body.Resources as { [id: string]: any });
    const named = (type: string, property: string) => [...resources, ...bodyResources]
      .filter(r => r.Type === type && typeof r.Properties?.[property] === 'string').map(r => r.Properties[property] as string);
    return [
      ...named('AWS::IAM::Role', 'RoleName').map(name => ['IAM role', name, /^[\w+=,.@-]{1,64}$/] as const),
      ...named('AWS::Events::Rule', 'Name').map(name => ['EventBridge rule', name, /^[.\-_A-Za-z0-9]{1,64}$/] as const),
      ...named('AWS::Scheduler::Schedule', 'Name').map(name => ['schedule', name, /^[0-9a-zA-Z\-_.]{1,64}$/] as const),
      ...named('AWS::CloudFormation::StackSet', 'StackSetName').map(name => ['StackSet', name, /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/] as const),
      ...named('AWS::SQS::Queue', 'QueueName').map(name => ['SQS queue', name, /^[A-Za-z0-9_-]{1,80}$/] as const),
      ...named('AWS::SNS::Topic', 'TopicName').map(name => ['SNS topic', name, /^[A-Za-z0-9_-]{1,256}$/] as const),
      ...named('AWS::CloudWatch::Alarm', 'AlarmName').map(name => ['alarm', name, /^.{1,255}$/] as const),
    ];
  }

  test.each([
    ['BreakGlass', 'us-east-2'],
    // The longest role name IAM allows, of every character it allows, in the longest-named region.
    [`B+=,.@_-${'x'.repeat(56)}`, LONGEST_REGION],
    ['1-starts-with-a-digit', 'eu-west-1'],
  ])('for the role %s in %s, every name keeps within its service\'s limits and characters', (roleName, home) => {
    for (const canary of [true, false]) {
      const found = names(roleName, home, canary);
      expect(found.length).toBeGreaterThanOrEqual(canary ? 8 : 7);
      expect(found.filter(([, name, rule]) => !rule.test(name)).map(([kind, name]) => `${kind} ${name}`)).toEqual([]);
    }
  });

  test('roles whose names differ only in characters a StackSet name cannot hold are named apart', () => {
    const stackSetName = (roleName: string) => names(roleName, 'us-east-2', true).find(([kind]) => kind === 'StackSet')![1];
    expect(stackSetName('Break.Glass')).not.toEqual(stackSetName('Break_Glass'));
    expect(stackSetName('BreakGlass')).toBe('BreakGlass-us-east-2');
  });
});
