import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BreakGlassRoleProps, RegionalDeployment } from '../../../src';
import { SCENARIO, scenarioApp } from '../../support/apps';
import { DeployedRule } from '../../support/eventbridge-model';
import { deploy, loadEvents, outcomes as runOutcomes } from '../../support/scenario';

/** The canary's events, with the names the scenario's app gives the canary filled in, recorded in `region`. */
function canaryEvents(canaryRoleName: string, region: string) {
  return loadEvents('canary').map(e => {
    const filled = JSON.parse(JSON.stringify(e).replace(/\$\{CanaryRoleName\}/g, canaryRoleName));
    return { ...filled, event: { ...filled.event, region, detail: { ...filled.event.detail, awsRegion: region } } };
  });
}

function deployment(overrides: Partial<BreakGlassRoleProps> = {}) {
  const { app, breakGlass } = scenarioApp({ regions: ['*'], ...overrides });
  const canary = breakGlass.watch._canary!;
  const deployed = deploy(app);
  return { rules: deployed.rules, deployed, watch: breakGlass.watch, canaryRoleName: canary.settings.name };
}

/** The heartbeat alarm of `region`, by the name the canary gives it. */
const alarmOf = (canaryRoleName: string, region: string) => `${canaryRoleName}-${region}`;

/** `deployment()`, made once: the tests only read it. */
let defaults: ReturnType<typeof deployment> | undefined;
const defaultDeployment = () => (defaults ??= deployment());
/** Outcomes of events on `rules`, read against the default deployment's queues and alarms. */
const outcomes = (rules: DeployedRule[], events: any[], breakage = {}) => runOutcomes(rules, events, breakage, defaultDeployment().deployed);

const HEARTBEAT_ONLY = { alerts: [] as string[], actionLogged: false, assumptionRecorded: false, loginLogged: false };

describe('with regions: [\'*\'], in every watched region', () => {
  const { rules, watch, canaryRoleName } = defaultDeployment();
  const byRegion = watch.watchedRegions.map(region => ({ region, events: canaryEvents(canaryRoleName, region) }));

  test('watches the home region, us-east-1 and 15 more', () => {
    expect(watch.watchedRegions).toHaveLength(17);
    expect(watch.watchedRegions).toEqual(expect.arrayContaining([SCENARIO.home, 'us-east-1']));
  });

  test.each(watch.watchedRegions)('%s: each event has the outcome its file states', region => {
    const events = byRegion.find(r => r.region === region)!.events;
    const results = outcomes(rules, events.map(e => e.event));
    events.forEach((e, i) => {
      expect({ file: e.file, alerted: results[i].alerts.length > 0 }).toEqual({ file: e.file, alerted: e.expect.alert });
      expect({ file: e.file, heartbeats: results[i].heartbeats })
        .toEqual({ file: e.file, heartbeats: e.expect.heartbeat ? [alarmOf(canaryRoleName, region)] : [] });
    });
  });

  test('the canary\'s denied attempt reaches its region\'s heartbeat once and nothing else', () => {
    for (const { region, events } of byRegion) {
      const denied = events.find(e => e.file === 'canary/canary-denied.json')!;
      expect(outcomes(rules, [denied.event])[0]).toEqual({ ...HEARTBEAT_ONLY, heartbeats: [alarmOf(canaryRoleName, region)] });
    }
  });

  test('an impostor\'s alert names the impostor, and a succeeding canary\'s alert says Success', () => {
    const events = byRegion[0].events;
    const [impostor, succeeded] = ['impostor-canary-session-denied', 'canary-succeeded']
      .map(name => outcomes(rules, [events.find(e => e.file === `canary/${name}.json`)!.event])[0]);
    expect(impostor.alerts.join('\n')).toContain('CI-Deploy');
    expect(impostor.alerts.join('\n')).toContain('AccessDenied');
    expect(succeeded.alerts.join('\n')).toContain('Success');
  });

  test('any other failed attempt still alerts, also one without userIdentity.arn or sessionContext', () => {
    const denied = canaryEvents(canaryRoleName, 'eu-west-1').find(e => e.file === 'canary/canary-denied.json')!.event;
    const { userIdentity: _identity, ...detail } = denied.detail;
    const samlLike = { ...denied, detail: { ...detail, eventName: 'AssumeRoleWithSAML', userIdentity: { type: 'SAMLUser', principalId: 'x' } } };
    const iamUser = { ...denied, detail: { ...detail, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/mallory' } } };
    for (const result of outcomes(rules, [samlLike, iamUser])) {
      expect(result.alerts.length).toBeGreaterThan(0);
      expect(result.heartbeats).toEqual([]);
    }
  });
});

describe('breaking the path silences that region\'s heartbeat only', () => {
  const { rules, watch, canaryRoleName } = defaultDeployment();
  const broken = 'eu-west-1';
  const heartbeats = (deployed: DeployedRule[], breakage = {}) => watch.watchedRegions.flatMap(region =>
    outcomes(deployed, [canaryEvents(canaryRoleName, region).find(e => e.file === 'canary/canary-denied.json')!.event], breakage)[0].heartbeats);
  const everyRegion = watch.watchedRegions.map(region => alarmOf(canaryRoleName, region));
  const home = alarmOf(canaryRoleName, SCENARIO.home);
  const withForwardRule = (change: (rule: DeployedRule) => DeployedRule) =>
    rules.map(rule => (rule.region === broken && rule.id === 'ForwardRule' ? change(rule) : rule));

  test('intact, every region has its heartbeat', () => {
    expect(heartbeats(rules)).toEqual(everyRegion);
  });

  test.each([
    ['the forwarding rule disabled', (rule: DeployedRule) => ({ ...rule, state: 'DISABLED' })],
    ['the forwarding rule in plain ENABLED state', (rule: DeployedRule) => ({ ...rule, state: 'ENABLED' })],
  ])('%s', (_name, change) => {
    expect(heartbeats(withForwardRule(change))).toEqual(everyRegion.filter(r => r !== alarmOf(canaryRoleName, broken)));
  });

  test('the forwarding rule deleted', () => {
    expect(heartbeats(rules.filter(rule => !(rule.region === broken && rule.id === 'ForwardRule'))))
      .toEqual(everyRegion.filter(r => r !== alarmOf(canaryRoleName, broken)));
  });

  test('the forwarder role gone', () => {
    const forwarder = rules.find(rule => rule.region === broken && rule.id === 'ForwardRule')!.targets[0].roleArn!;
    expect(forwarder).toMatch(/^arn:aws:iam::111122223333:role\//);
    expect(heartbeats(rules, { missingRoles: [forwarder] })).toEqual([home]);
  });

  test('the central bus\'s policy refusing other regions', () => {
    const central = rules.find(rule => rule.bus !== 'default' && rule.region === SCENARIO.home)!;
    expect(heartbeats(rules, { refusingBuses: [`${SCENARIO.home}/${central.bus}`] })).toEqual([home]);
  });

  test('the home region\'s heartbeat rule in plain ENABLED state', () => {
    const changed = rules.map(rule => (rule.region === SCENARIO.home && rule.bus === 'default' && rule.id.includes('Heartbeat')
      ? { ...rule, state: 'ENABLED' } : rule));
    expect(heartbeats(changed)).toEqual(everyRegion.filter(r => r !== home));
  });

  test('the heartbeat log group refusing EventBridge: every forwarded region\'s heartbeat is missing; the home one still reaches the alert path check; each refused one is kept in the home queue', () => {
    const logGroup = rules.find(rule => rule.region === SCENARIO.home && rule.bus === 'default' && rule.id.includes('Heartbeat'))!.targets[0].arn;
    expect(heartbeats(rules, { refusingTargets: [logGroup] })).toEqual([home]);
    const kept = runOutcomes(rules, [canaryEvents(canaryRoleName, broken).find(e => e.file === 'canary/canary-denied.json')!.event],
      { refusingTargets: [logGroup] }, defaultDeployment().deployed);
    expect(kept[0].heartbeats).toEqual([]);
  });

  test('a heartbeat alarm reading the wrong dimensions would never be fed: each reads its own rule, the home one by RuleName alone', () => {
    const alarms = defaultDeployment().deployed.alarms.filter(alarm => alarm.metricName === 'SuccessfulInvocationAttempts');
    expect(alarms).toHaveLength(everyRegion.length);
    expect(alarms.find(alarm => alarm.name === home)!.dimensions).toEqual({ RuleName: canaryRoleName });
    for (const alarm of alarms.filter(a => a.name !== home)) {
      expect(Object.keys(alarm.dimensions)).toEqual(['EventBusName', 'RuleName']);
    }
  });
});

describe('regional stacks', () => {
  test('run the canary in every forwarded region, and each heartbeat arrives', () => {
    const { rules, deployed, watch, canaryRoleName } = deployment({ regions: ['eu-west-1', 'ap-northeast-1'], regionalDeployment: RegionalDeployment.regionalStacks() });
    const results = watch.watchedRegions.flatMap(region =>
      runOutcomes(rules, [canaryEvents(canaryRoleName, region).find(e => e.file === 'canary/canary-denied.json')!.event], {}, deployed)[0].heartbeats);
    expect(results).toEqual(watch.watchedRegions.map(region => alarmOf(canaryRoleName, region)));
  });
});

describe('the schedules', () => {
  const { app, breakGlass, stack } = scenarioApp({ regions: ['eu-west-1'] });
  const template = Template.fromStack(stack);
  const canary = breakGlass.watch._canary!;
  const stackSet = Object.values(template.toJSON().Resources as { [id: string]: any }).find(r => r.Type === 'AWS::CloudFormation::StackSet');
  const body = JSON.parse(stackSet.Properties.TemplateBody);

  test('call STS AssumeRole on the break-glass role as the canary role, hourly, never retried: at home and in the StackSet body', () => {
    const home = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(home).toHaveLength(1);
    const resolved = stack.resolve(home[0].Properties);
    expect(resolved).toMatchObject({ Name: canary.settings.name, ScheduleExpression: 'rate(60 minutes)', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(resolved.Target.Arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:sts:assumeRole']] });
    expect(resolved.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    expect(body.Resources.CanarySchedule.Properties).toMatchObject({
      Name: canary.settings.name,
      ScheduleExpression: 'rate(60 minutes)',
      Target: {
        RoleArn: { Ref: 'CanaryRoleArn' },
        Input: { 'Fn::Sub': '{"RoleArn":"${BreakGlassRoleArn}","RoleSessionName":"break-glass-canary"}' },
      },
    });
    expect(app).toBeDefined();
  });

  test('the canary role is trusted by the Scheduler of this account only, and may only try to assume the break-glass role', () => {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: canary.settings.name } });
    const role = Object.values(roles)[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    })]);
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Object.keys(roles)[0] }] } }));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({ Action: 'sts:AssumeRole', Effect: 'Allow' })]);
  });

  test('with the canary, no forwarded region has an alarm, a topic or a subscription', () => {
    expect(Object.values(body.Resources).map((r: any) => r.Type).sort())
      .toEqual(['AWS::Events::Rule', 'AWS::Events::Rule', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::Scheduler::Schedule']);
    expect(breakGlass.watch.forwardingAlarmName).toBeUndefined();
  });
});

describe('canary options', () => {
  test('canary: false makes no schedule, no canary role and no heartbeat, and keeps the forwarding alarm', () => {
    const { stack, breakGlass } = scenarioApp({ regions: ['eu-west-1'], canary: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    expect(breakGlass.watch._canary).toBeUndefined();
    expect(breakGlass.watch.forwardingAlarmName).toBeDefined();
    const stackSet = Object.values(template.findResources('AWS::CloudFormation::StackSet'))[0];
    expect(stackSet.Properties.TemplateBody).not.toContain('Scheduler');
  });

  test('canaryInterval sets the rate and the alarm period', () => {
    const { stack } = scenarioApp({ canaryInterval: Duration.minutes(15) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SuccessfulInvocationAttempts', Period: 900 });
  });

  test.each([
    [Duration.minutes(4), /canaryInterval is 4 minutes: .*whole minutes from 5 minutes to 8 hours/],
    [Duration.seconds(330), /canaryInterval is 5 minutes 30 seconds: /],
    [Duration.hours(9), /canaryInterval is 9 hours: .*Duration.hours\(1\)/],
    ['1 hour', /canaryInterval is '1 hour', not a Duration/],
  ])('refuses canaryInterval %s, naming the prop, the value and the fix', (value, message) => {
    expect(() => scenarioApp({ canaryInterval: value as Duration })).toThrow(message);
  });

  test('refuses a canary that is not a boolean', () => {
    expect(() => scenarioApp({ canary: 'false' as unknown as boolean })).toThrow(/canary is 'false', not a boolean/);
  });
});
