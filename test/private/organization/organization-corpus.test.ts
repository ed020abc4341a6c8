import * as fs from 'fs';
import * as path from 'path';
import { parseHeartbeatRecord } from '../../../src/private/heartbeat-check/heartbeat-record';
import { judge } from '../../../src/private/heartbeat-check/verdict';
import { organizationNames } from '../../../src/private/organization/organization-names';
import { CHAT_TOPIC_NAME, ORGANIZATION, organizationApp, SCENARIO } from '../../support/apps';
import { CfnTemplate, createdResources, resolveCfn } from '../../support/cfn-resolve';
import { DeployedRule, EventBridgeModel, rulesOfTemplate } from '../../support/eventbridge-model';
import { deployedHub } from '../../support/heartbeat-records';
import { trustPolicyAllows } from '../../support/iam-policy';
import { organizationDeployment } from '../../support/organization-deployment';
import { CorpusEvent, isAssumptionRecord, loadEvents } from '../../support/scenario';
import { fillPlaceholders } from '../../support/tamper-placeholders';

/**
 * The organization as it would run: the StackSet's template instantiated in
 * every member account and every region (`regions: ['*']`, pseudo parameters
 * and conditions resolved), the hub in the security account, and the
 * corpus events recorded in member accounts (their account ids rewritten)
 * delivered through the member's default bus, its forwarding rule and the
 * hub's bus, whose policy is evaluated for every cross-account delivery, to
 * the topic and the logs, with Event Ruler and the read-only gate.
 */
const {
  hub, organization, hubTemplate, hubCtx, body, memberCtx, rules: RULES, queues, busAdmits,
} = organizationDeployment({ regions: ['*'] });

/** Where each event ends: alerts (their text) and action-log records. */
function run(events: any[], rules: DeployedRule[] = RULES) {
  const topicArn = String(resolveCfn({ Ref: logicalIdOf('AWS::SNS::Topic', 'HubTopic') }, hubCtx));
  const actionLog = String(resolveCfn({ Ref: logicalIdOf('AWS::Logs::LogGroup', 'ActionLogGroup') }, hubCtx));
  return new EventBridgeModel(rules, { busAdmits }).deliver(events).map(outcome => ({
    alerts: outcome.deliveries.filter(d => d.arn === topicArn).map(d => d.payload),
    chat: outcome.deliveries.filter(d => d.arn.endsWith(`:${CHAT_TOPIC_NAME}`)).map(d => d.payload),
    records: outcome.deliveries.filter(d => d.arn.includes(`:log-group:${actionLog}`) && !isAssumptionRecord(d.rule)).length,
    assumptions: outcome.deliveries.filter(d => d.arn.includes(`:log-group:${actionLog}`) && isAssumptionRecord(d.rule)).length,
  }));
}

function logicalIdOf(type: string, contains = ''): string {
  return Object.entries(hubTemplate.Resources).find(([id, r]) => r.Type === type && id.includes(contains))![0];
}

/** An event as recorded in `account`: the corpus account's id rewritten everywhere. */
function recordedIn(event: unknown, account: string): any {
  return JSON.parse(JSON.stringify(event).split(SCENARIO.account).join(account));
}

const CORPUS = loadEvents('corpus', 'extra');

describe.each(ORGANIZATION.members)('corpus events recorded in member account %s', member => {
  const results = run(CORPUS.map(e => recordedIn(e.event, member)));

  test.each(CORPUS.map((e, i) => [e.file, e, i] as [string, CorpusEvent, number]))('%s', (_file, corpusEvent, i) => {
    const { alerts, records } = results[i];
    expect({ alerts: alerts.length, records }).toEqual({
      alerts: corpusEvent.expect.alert ? 1 : 0,
      records: corpusEvent.expect.actions !== null ? 1 : 0,
    });
    for (const alert of alerts) {
      // The alert names the member account the event was recorded in.
      expect(alert).toContain(`of account ${member}`);
      expect(alert).toContain(`${corpusEvent.event.detail.eventName} ${corpusEvent.expect.result ?? 'Success'}.`);
    }
    // Chat gets each alert too, as valid JSON whose title names the account.
    expect(results[i].chat).toHaveLength(alerts.length);
    for (const payload of results[i].chat) {
      expect(JSON.parse(payload).content.title).toContain(`in account ${member}`);
    }
  });
});

describe('across accounts', () => {
  const [identity, workload] = ORGANIZATION.members;
  const assume = loadEvents('corpus').find(e => e.file.endsWith('alert-assumerole-home-region.json'))!.event;
  const denied = loadEvents('corpus').find(e => e.file.endsWith('alert-assumerole-denied.json'))!.event;
  const withRoleOf = (event: any, account: string, roleAccount: string) => {
    const copy = JSON.parse(JSON.stringify(event));
    copy.account = account;
    copy.detail.recipientAccountId = account;
    copy.detail.requestParameters.roleArn = `arn:aws:iam::${roleAccount}:role/${SCENARIO.roleName}`;
    return copy;
  };

  test('an assumption of a member\'s role from the identity account alerts once: from the role\'s account, not the caller\'s', () => {
    // CloudTrail records a cross-account AssumeRole in both accounts.
    const [callerRecord, roleRecord] = run([withRoleOf(assume, identity, workload), withRoleOf(assume, workload, workload)]);
    expect(callerRecord.alerts).toHaveLength(0);
    expect(roleRecord.alerts).toHaveLength(1);
    expect(roleRecord.alerts[0]).toContain(`arn:aws:iam::${workload}:role/${SCENARIO.roleName}`);
  });

  test('a denied attempt at a member\'s role, recorded only in the caller\'s account, alerts once', () => {
    const [callerRecord] = run([withRoleOf(denied, identity, workload)]);
    expect(callerRecord.alerts).toHaveLength(1);
    expect(callerRecord.alerts[0]).toContain(`arn:aws:iam::${workload}:role/${SCENARIO.roleName}`);
  });

  test('a member\'s assumption of a role of that name in an account outside the organization stays quiet', () => {
    expect(run([withRoleOf(assume, workload, ORGANIZATION.outsider)])[0].alerts).toHaveLength(0);
  });

  test('events recorded in an account outside the organization stay quiet, even forwarded straight to the hub\'s bus', () => {
    const outsiderEvents = CORPUS.filter(e => e.expect.alert).map(e => recordedIn(e.event, ORGANIZATION.outsider));
    expect(run(outsiderEvents).map(r => r.alerts.length + r.records)).toEqual(outsiderEvents.map(() => 0));
    // An outsider's own rule that forwards everything to the hub's bus: its policy refuses the delivery.
    const forwardEverything: DeployedRule = {
      id: 'Outsider',
      arn: `arn:aws:events:${SCENARIO.home}:${ORGANIZATION.outsider}:rule/Outsider`,
      name: 'Outsider',
      account: ORGANIZATION.outsider,
      region: SCENARIO.home,
      bus: 'default',
      state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      pattern: { 'detail-type': [{ exists: true }] },
      targets: [{ arn: hub.centralBusArn, roleArn: `arn:aws:iam::${ORGANIZATION.outsider}:role/Forwarder` }],
    };
    const forwarded = outsiderEvents.map(e => ({ ...e, region: SCENARIO.home, detail: { ...e.detail, awsRegion: SCENARIO.home } }));
    expect(run(forwarded, [...RULES, forwardEverything]).map(r => r.alerts.length)).toEqual(forwarded.map(() => 0));
    // The same rule in a member account is admitted: the refusal is the policy's, not the model's.
    const memberForward = { ...forwardEverything, account: workload, targets: [{ arn: hub.centralBusArn, roleArn: `arn:aws:iam::${workload}:role/Forwarder` }] };
    const memberEvent = recordedIn(CORPUS.find(e => e.file.endsWith('alert-assumerole-home-region.json'))!.event, workload);
    expect(run([memberEvent], [...RULES, memberForward])[0].alerts.length).toBeGreaterThan(1);
  });
});

describe('changes to a member\'s role and forwarding alert at the hub', () => {
  const names = {
    ForwardRuleName: hub.forwardRuleName,
    GuardRuleName: hub.guardRuleName,
    CanaryScheduleName: organizationNames(SCENARIO.roleName, SCENARIO.home).canarySchedule,
    CanaryRoleName: `${organizationNames(SCENARIO.roleName, SCENARIO.home).canaryRolePrefix}-eu-west-1`,
  };
  const tamper = (file: string) => fillPlaceholders(JSON.parse(fs.readFileSync(path.join(__dirname, '../../events/tamper', file), 'utf-8')).event, names);
  const inRegion = (event: any, region: string) => ({ ...event, region, detail: { ...event.detail, awsRegion: region } });
  const member = ORGANIZATION.members[1];

  test.each([
    ['alert-iam-update-assume-role-policy.json', 'us-east-1', 1],
    ['alert-iam-put-role-policy-other-case.json', 'us-east-1', 1],
    ['alert-iam-delete-permissions-boundary.json', 'us-east-1', 1],
    ['alert-events-disable-forwarding-rule.json', 'eu-west-1', 1],
    ['alert-events-remove-targets-forwarding-rule.json', 'ap-northeast-1', 1],
    ['alert-events-delete-guard-rule.json', 'sa-east-1', 1],
    ['alert-scheduler-delete-canary-schedule.json', 'ap-south-1', 1],
    ['alert-scheduler-update-canary-schedule.json', 'us-east-2', 1],
    ['alert-iam-put-role-policy-canary-role.json', 'us-east-1', 1],
    ['quiet-events-disable-similar-forwarding-rule.json', 'eu-west-1', 0],
  ])('%s in %s', (file, region, expected) => {
    const [result] = run([inRegion(recordedIn(tamper(file), member), region)]);
    expect(result.alerts).toHaveLength(expected);
    for (const alert of result.alerts) {
      expect(alert).toContain(`of account ${member}`);
    }
  });
});

describe('every member\'s canary, in every region, ends as a heartbeat of its account and region at the hub, never an alert', () => {
  const names = organizationNames(SCENARIO.roleName, SCENARIO.home);
  const heartbeatLog = String(resolveCfn({ Ref: logicalIdOf('AWS::Logs::LogGroup', 'CanaryHeartbeatLogGroup') }, hubCtx));
  const canaryFile = (file: string, account: string, region: string) => {
    const text = fs.readFileSync(path.join(__dirname, '../../events/canary', file), 'utf-8')
      .replace(/\$\{CanaryRoleName\}/g, `${names.canaryRolePrefix}-${region}`);
    const event = recordedIn(JSON.parse(text).event, account);
    return { ...event, region, detail: { ...event.detail, awsRegion: region } };
  };
  const pairs = ORGANIZATION.members.flatMap(account => organization.watchedRegions.map(region => ({ account, region })));
  const model = new EventBridgeModel(RULES, { busAdmits });
  const outcomes = model.deliver(pairs.map(({ account, region }) => canaryFile('canary-denied.json', account, region)));
  const topicArn = String(resolveCfn({ Ref: logicalIdOf('AWS::SNS::Topic', 'HubTopic') }, hubCtx));
  const records = outcomes.map(outcome => outcome.deliveries.filter(d => d.arn.includes(`:log-group:${heartbeatLog}`)));

  test(`${pairs.length} account-regions: each canary attempt is one heartbeat record, naming its account and region`, () => {
    expect(records.map(r => r.length)).toEqual(pairs.map(() => 1));
    const parsed = records.map(([delivery]) => {
      const written = JSON.parse(delivery.payload);
      return parseHeartbeatRecord(written.message, Date.parse(written.timestamp), Date.parse(written.timestamp));
    });
    expect(parsed.map(r => r && { account: r.account, region: r.region })).toEqual(pairs);
    // And the check counts each as its pair's heartbeat, no impostor.
    const { settings } = deployedHub({ regions: ['*'] });
    const now = Date.parse('2026-11-05T05:00:00Z');
    const verdict = judge(settings, {
      now,
      since: now - 5 * 60 * 60_000,
      heartbeats: parsed.map(r => r!),
      organization: { managementAccount: ORGANIZATION.management, accounts: ORGANIZATION.members.map(id => ({ id, state: 'ACTIVE', joined: 0 })) },
    });
    expect({ silent: verdict.silent, impostors: verdict.impostors, checked: verdict.checked })
      .toEqual({ silent: [], impostors: [], checked: pairs.length });
  });

  test('no canary attempt reaches the alert topic or chat, or any log but the heartbeat log', () => {
    for (const outcome of outcomes) {
      expect(outcome.deliveries.filter(d => d.arn === topicArn || d.arn.endsWith(`:${CHAT_TOPIC_NAME}`))).toEqual([]);
      expect(outcome.deliveries.filter(d => d.arn.includes(':log-group:') && !d.arn.includes(heartbeatLog))).toEqual([]);
      expect(outcome.lost).toEqual([]);
    }
  });

  test.each([
    ['canary-succeeded.json', 1, 0],
    ['impostor-canary-session-denied.json', 1, 0],
  ])('%s: alerts as a person\'s would, and is no heartbeat', (file, alerts, heartbeats) => {
    const [outcome] = model.deliver([canaryFile(file, ORGANIZATION.members[1], 'eu-west-1')]);
    expect(outcome.deliveries.filter(d => d.arn === topicArn)).toHaveLength(alerts);
    expect(outcome.deliveries.filter(d => d.arn.includes(`:log-group:${heartbeatLog}`))).toHaveLength(heartbeats);
  });
});

describe('the StackSet template in every member account and region', () => {
  test('runs a canary in every region, as a role of that region the break-glass role does not trust', () => {
    const names = organizationNames(SCENARIO.roleName, SCENARIO.home);
    for (const region of organization.watchedRegions) {
      const ctx = memberCtx(ORGANIZATION.members[1], region);
      expect(createdResources(body, ctx)).toEqual(expect.arrayContaining(['CanaryRole', 'CanarySchedule']));
      const canaryRole = resolveCfn(body.Resources.CanaryRole.Properties, ctx);
      expect(canaryRole.RoleName).toBe(`${names.canaryRolePrefix}-${region}`);
      const schedule = resolveCfn(body.Resources.CanarySchedule.Properties, ctx);
      expect(schedule.Target.RoleArn).toBe(`arn:aws:iam::${ORGANIZATION.members[1]}:role/${names.canaryRolePrefix}-${region}`);
      expect(JSON.parse(schedule.Target.Input).RoleArn).toBe(`arn:aws:iam::${ORGANIZATION.members[1]}:role/${SCENARIO.roleName}`);
      expect(schedule.ScheduleExpression).toBe('rate(60 minutes)');
    }
    const trustDocument = body.Resources.BreakGlassRole.Properties.AssumeRolePolicyDocument;
    const trust = resolveCfn(trustDocument, memberCtx(ORGANIZATION.members[1], hub.region)).Statement;
    const canarySession = `arn:aws:sts::${ORGANIZATION.members[1]}:assumed-role/${names.canaryRolePrefix}-eu-west-1/break-glass-canary`;
    expect(trustPolicyAllows(trust, {
      principal: canarySession,
      action: 'sts:AssumeRole',
      context: {
        'aws:username': null,
        'aws:MultiFactorAuthPresent': null,
        'aws:PrincipalArn': `arn:aws:iam::${ORGANIZATION.members[1]}:role/${names.canaryRolePrefix}-eu-west-1`,
        'aws:userid': 'AROACANARYEXAMPLE:break-glass-canary',
        'sts:RoleSessionName': 'break-glass-canary',
      },
    })).toBe(false);
  });

  test('creates the role once per account, in the hub\'s region, and a forwarder role and both rules in every region', () => {
    for (const account of ORGANIZATION.members) {
      const created = organization.watchedRegions.map(region => createdResources(body, memberCtx(account, region)));
      expect(created.filter(ids => ids.includes('BreakGlassRole'))).toHaveLength(1);
      expect(createdResources(body, memberCtx(account, hub.region))).toContain('BreakGlassRole');
      for (const ids of created) {
        expect(ids).toEqual(expect.arrayContaining(['ForwarderRole', 'ForwardRule', 'GuardRule']));
      }
    }
  });

  test('the role trusts only the named people of the identity account', () => {
    const document = body.Resources.BreakGlassRole.Properties.AssumeRolePolicyDocument;
    const statements = resolveCfn(document, memberCtx(ORGANIZATION.members[1], hub.region)).Statement;
    const iamUser = (account: string, name: string, mfa: string, sessionName = name) => ({
      principal: `arn:aws:iam::${account}:user/${name}`,
      action: 'sts:AssumeRole',
      context: {
        'aws:username': name,
        'aws:MultiFactorAuthPresent': mfa,
        'aws:PrincipalArn': `arn:aws:iam::${account}:user/${name}`,
        'aws:userid': 'AIDAEXAMPLE',
        'sts:RoleSessionName': sessionName,
        'sts:SourceIdentity': null,
        'aws:RequestedRegion': hub.region,
      },
    });
    const ssoSession = (account: string, session: string) => {
      const roleArn = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
      return {
        principal: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/${session}`,
        action: 'sts:AssumeRole',
        context: {
          'aws:username': null,
          'aws:MultiFactorAuthPresent': 'true',
          'aws:PrincipalArn': roleArn,
          'aws:userid': `AROAEXAMPLE:${session}`,
          'sts:RoleSessionName': session,
          'sts:SourceIdentity': null,
          'aws:RequestedRegion': hub.region,
        },
      };
    };
    expect(trustPolicyAllows(statements, iamUser(ORGANIZATION.identity, 'alice', 'true'))).toBe(true);
    expect(trustPolicyAllows(statements, iamUser(ORGANIZATION.identity, 'alice', 'false'))).toBe(false);
    // The session must carry alice's name: the body keeps IAM's `${aws:username}` as it is, out of Fn::Sub.
    expect(trustPolicyAllows(statements, iamUser(ORGANIZATION.identity, 'alice', 'true', 'bob'))).toBe(false);
    expect(JSON.stringify(document)).toContain('"sts:RoleSessionName":"${aws:username}"');
    expect(trustPolicyAllows(statements, iamUser(ORGANIZATION.identity, 'mallory', 'true'))).toBe(false);
    expect(trustPolicyAllows(statements, iamUser(ORGANIZATION.members[2], 'alice', 'true'))).toBe(false);
    expect(trustPolicyAllows(statements, ssoSession(ORGANIZATION.identity, 'carol@example.com'))).toBe(true);
    expect(trustPolicyAllows(statements, ssoSession(ORGANIZATION.identity, 'mallory@example.com'))).toBe(false);
    expect(trustPolicyAllows(statements, ssoSession(ORGANIZATION.members[2], 'carol@example.com'))).toBe(false);
  });

  test('the hub\'s bus admits a member\'s forwarder role, and no principal outside the organization', () => {
    const forwarder = (account: string) => `arn:aws:iam::${account}:role/${SCENARIO.roleName}-Fwd-eu-west-1`;
    for (const account of ORGANIZATION.members) {
      expect(busAdmits({ busArn: hub.centralBusArn, roleArn: forwarder(account), fromAccount: account })).toBe(true);
    }
    expect(busAdmits({ busArn: hub.centralBusArn, roleArn: forwarder(ORGANIZATION.outsider), fromAccount: ORGANIZATION.outsider })).toBe(false);
  });
});

describe('changes to the hub\'s own safeguards, in the security account, alert', () => {
  const own = organizationApp();
  const stack = own.hubStack;
  const template = own.app.synth().getStackByName('Hub').template as CfnTemplate;
  const ctx = { ...hubCtx, template };
  const rules = rulesOfTemplate(template, ctx).map(rule => ({ ...rule, account: ORGANIZATION.security }));
  const checkName = organizationNames(SCENARIO.roleName, SCENARIO.home).hubCheck;
  const values = {
    CentralBusName: String(resolveCfn(stack.resolve(own.hub.centralBus.eventBusName), ctx)),
    TopicArn: String(resolveCfn(stack.resolve(own.hub.alertTopic.topicArn), ctx)),
    CheckFunctionName: checkName,
    CheckRuleName: checkName,
    CheckAlarmName: checkName,
    HeartbeatLogGroupName: String(resolveCfn(stack.resolve(own.hub.heartbeatLogGroup!.logGroupName), ctx)),
    AlertPathFunctionName: organizationNames(SCENARIO.roleName, SCENARIO.home).hubAlertPath,
    QueryDefinitionId: String(resolveCfn(stack.resolve(own.hub.actionQueries[0].queryDefinitionId), ctx)),
  };
  const inHubAccount = (dir: string, file: string) => {
    const event = fillPlaceholders(JSON.parse(fs.readFileSync(path.join(__dirname, '../../events', dir, file), 'utf-8')).event, values);
    return { ...recordedIn(event, ORGANIZATION.security), region: SCENARIO.home, detail: { ...event.detail, awsRegion: SCENARIO.home } };
  };

  test('the check\'s function, schedule and alarm are named as the hub deploys them', () => {
    const resources = Object.values(template.Resources);
    expect(resources.filter(r => r.Type === 'AWS::Lambda::Function').map(r => r.Properties.FunctionName).sort())
      .toEqual([checkName, organizationNames(SCENARIO.roleName, SCENARIO.home).hubAlertPath].sort());
    expect(resources.filter(r => r.Type === 'AWS::Events::Rule' && r.Properties.ScheduleExpression).map(r => r.Properties.Name)).toEqual([checkName]);
    expect(resources.filter(r => r.Type === 'AWS::CloudWatch::Alarm').map(r => r.Properties.AlarmName)).toContain(checkName);
  });

  test.each([
    ['tamper', 'alert-events-delete-central-bus.json', 1],
    ['tamper', 'alert-sns-delete-topic.json', 1],
    ['tamper', 'quiet-events-delete-rule-other-bus.json', 0],
    ...fs.readdirSync(path.join(__dirname, '../../events/hub')).filter(f => f.endsWith('.json')).map(f => ['hub', f, f.startsWith('alert-') ? 1 : 0]),
  ])('%s/%s', (dir, file, expected) => {
    const outcome = new EventBridgeModel(rules).deliver([inHubAccount(dir as string, file as string)])[0];
    expect(outcome.deliveries.filter(d => d.arn === values.TopicArn)).toHaveLength(expected as number);
  });
});

describe('nothing lost across the organization: member and hub rules keep what they cannot deliver', () => {
  const member = ORGANIZATION.members[1];
  const kept = CORPUS.filter(e => e.expect.alert || e.expect.actions !== null).map(e => recordedIn(e.event, member));
  const topicArn = String(resolveCfn({ Ref: logicalIdOf('AWS::SNS::Topic', 'HubTopic') }, hubCtx));

  test('every member region has its queue, and the hub one', () => {
    expect(queues).toHaveLength(1 + ORGANIZATION.members.length * organization.watchedRegions.length);
  });

  test('the hub\'s bus refusing the members: each event is kept in the queue of the member account and region that recorded it', () => {
    const outcomes = new EventBridgeModel(RULES, { busAdmits: () => false }, queues).deliver(kept);
    expect(outcomes.map(o => o.lost.length)).toEqual(kept.map(() => 0));
    expect(outcomes.map(o => o.deadLetters.map(letter => letter.queueArn.split(':').slice(3, 5).join(':'))))
      .toEqual(kept.map(event => [`${event.region}:${member}`]));
  });

  test('the hub\'s alert topic refusing EventBridge: every alert is kept in the hub\'s queue', () => {
    const outcomes = new EventBridgeModel(RULES, { busAdmits, refusingTargets: [topicArn] }, queues).deliver(kept);
    const letters = outcomes.flatMap(o => o.deadLetters);
    expect(letters.length).toBe(kept.filter((_e, i) => CORPUS.filter(c => c.expect.alert || c.expect.actions !== null)[i].expect.alert).length);
    expect(new Set(letters.map(letter => letter.queueArn.split(':').slice(3, 5).join(':')))).toEqual(new Set([`${SCENARIO.home}:${ORGANIZATION.security}`]));
    expect(outcomes.flatMap(o => o.lost)).toEqual([]);
  });
});
