import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BreakGlassDeliveryHealth, BreakGlassLoginAlert, BreakGlassRole, BreakGlassTamperAlert, TrailSetup, Username } from '../../../src';
import { CHAT_TOPIC_NAME, SCENARIO, scenarioApp } from '../../support/apps';
import { DeployedRule, EventBridgeModel } from '../../support/eventbridge-model';
import { CorpusEvent, deployedRules, loadEvents } from '../../support/scenario';
import { fillPlaceholders, tamperPlaceholders } from '../../support/tamper-placeholders';

// What a custom notification must hold comes from "Custom notifications using
// Amazon Q Developer in chat applications" (version "1.0", source "custom",
// content.textType "client-markdown", title, description, nextSteps and
// keywords; metadata.threadId, summary, additionalContext); the input
// template's limit of 8,192 characters from the EventBridge API Reference
// ("InputTransformer"). Expected texts come from the corpus events.

const CHAT_ARN = `arn:${SCENARIO.partition}:sns:${SCENARIO.home}:${SCENARIO.account}:${CHAT_TOPIC_NAME}`;
const ROLE_ARN = `arn:aws:iam::${SCENARIO.account}:role/${SCENARIO.roleName}`;
/** Quotes, a backslash, line breaks, a tab, markup and non-ASCII: what would break a JSON string. */
const EVIL = '"évil\\"\n\tline</script><b>&amp;\u2028日本';

const LOGIN_EVENTS = loadEvents('corpus', 'extra');

/** The scenario with a chat topic, every region watched (so every corpus event is seen). */
function chatScenario() {
  const scenario = scenarioApp({ regions: ['*'] }, true);
  return { ...scenario, rules: deployedRules(scenario.app) };
}

/** What reaches the chat topic and the alert topic for each event. */
function deliver(rules: DeployedRule[], sent: any[]): Array<{ chat: string[]; alerts: string[] }> {
  return new EventBridgeModel(rules).deliver(sent).map(outcome => ({
    chat: outcome.deliveries.filter(d => d.arn === CHAT_ARN).map(d => d.payload),
    alerts: outcome.deliveries.filter(d => d.arn.includes(':sns:') && d.arn !== CHAT_ARN).map(d => d.payload),
  }));
}

/** Checks the schema's fields, and returns the notification. */
function expectNotification(payload: string): any {
  const notification = JSON.parse(payload);
  expect(notification).toMatchObject({
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: expect.any(String),
      description: expect.any(String),
      nextSteps: expect.arrayContaining([expect.any(String)]),
      keywords: expect.arrayContaining(['break-glass']),
    },
    metadata: { threadId: expect.any(String), summary: notification.content.title },
  });
  expect(notification.metadata.threadId.length).toBeGreaterThan(0);
  return notification;
}

/** The result a login event's notification names: the corpus's `result`, the error code, or Success. */
function expectedResult(e: CorpusEvent): string {
  return e.expect.result ?? e.event.detail.errorCode ?? 'Success';
}

/** An event with `EVIL` in every free-text field and in the fields that carry a session name. */
function injected(event: any): any {
  const copy = structuredClone(event);
  const detail = copy.detail;
  detail.userAgent = `${detail.userAgent}${EVIL}`;
  detail.errorMessage = `${detail.errorMessage ?? ''}${EVIL}`;
  detail.userIdentity.principalId = `${detail.userIdentity.principalId}${EVIL}`;
  if (detail.requestParameters) {
    detail.requestParameters.injected = EVIL;
    if ('roleSessionName' in detail.requestParameters) {
      detail.requestParameters.roleSessionName = `${detail.requestParameters.roleSessionName}${EVIL}`;
    }
  }
  return copy;
}

describe('login events', () => {
  const { rules } = chatScenario();
  const sent = LOGIN_EVENTS.map(e => e.event);
  const results = deliver(rules, sent);
  const injectedResults = deliver(rules, sent.map(injected));

  test('the corpus has alerting events of every kind', () => {
    const alerting = LOGIN_EVENTS.filter(e => e.expect.alert).map(e => e.event.detail.eventName);
    expect(new Set(alerting)).toEqual(new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'SwitchRole', 'ConsoleLogin']));
    expect(LOGIN_EVENTS.filter(e => e.expect.alert && e.event.detail.errorCode)).not.toHaveLength(0);
  });

  test.each(LOGIN_EVENTS.map((e, i) => [e.file, e, i] as const))('%s', (_file, e, i) => {
    const { chat, alerts } = results[i];
    expect({ chat: chat.length, alerts: alerts.length }).toEqual(e.expect.alert ? { chat: 1, alerts: 1 } : { chat: 0, alerts: 0 });
    if (!e.expect.alert) {
      return;
    }
    const detail = e.event.detail;
    const notification = expectNotification(chat[0]);
    const { title, description } = notification.content;
    expect(title).toContain(`Break-glass role ${SCENARIO.roleName} in account ${SCENARIO.account}: `);
    expect(title.endsWith(`: ${expectedResult(e)}`)).toBe(true);
    expect(description).toContain(`*${detail.eventName}* of role ${ROLE_ARN}: ${expectedResult(e)}`);
    expect(description).toContain(`*When:* ${detail.eventTime}`);
    expect(description).toContain(`*From:* IP address ${detail.sourceIPAddress}`);
    expect(description).toContain(`event ${detail.eventID}`);
    expect(notification.id).toBe(detail.eventID);
    expect(notification.metadata.additionalContext.userAgent).toBe(detail.userAgent);
    expect(notification.metadata.additionalContext.callerPrincipal).toBe(detail.userIdentity.principalId);
    expect(notification.content.keywords).toEqual(expect.arrayContaining([detail.eventName, expectedResult(e)]));
  });

  test.each(LOGIN_EVENTS.filter(e => e.expect.alert).map(e => [e.file, e] as const))('with quotes, backslashes, line breaks and non-ASCII injected: %s', (_file, e) => {
    const i = LOGIN_EVENTS.indexOf(e);
    const evil = injected(e.event);
    expect(injectedResults[i].chat).toHaveLength(1);
    const notification = expectNotification(injectedResults[i].chat[0]);
    const context = notification.metadata.additionalContext;
    expect(context.userAgent).toBe(evil.detail.userAgent);
    expect(context.callerPrincipal).toBe(evil.detail.userIdentity.principalId);
    if (e.event.detail.requestParameters?.roleSessionName !== undefined) {
      expect(context.sessionName).toBe(evil.detail.requestParameters.roleSessionName);
    }
    if (e.event.detail.errorCode !== undefined) {
      expect(context.errorMessage).toBe(evil.detail.errorMessage);
    }
    // The free text never reaches the composed text.
    expect(JSON.stringify(notification.content)).not.toContain('évil');
  });

  test('a session\'s assumption and its console sign-in share a thread; a failed attempt threads by its caller', () => {
    const byFile = (file: string) => JSON.parse(results[LOGIN_EVENTS.findIndex(e => e.file === file)].chat[0]).metadata.threadId;
    // alice's CLI session "alice" and her console session "alice".
    expect(byFile('corpus/alert-assumerole-cli-global-endpoint.json')).toBe('AROAEXAMPLEBREAKGLASS:alice');
    expect(byFile('corpus/alert-switchrole-console.json')).toBe('AROAEXAMPLEBREAKGLASS:alice');
    // carol's SAML assumption and her console sign-in.
    expect(byFile('corpus/alert-assumerolewithsaml.json')).toBe('AROAEXAMPLEBREAKGLASS:carol@example.com');
    expect(byFile('extra/alert-consolelogin-failure.json')).toBe('AROAEXAMPLEBREAKGLASS:carol@example.com');
    expect(byFile('corpus/alert-assumerole-home-region.json')).toBe('AROAEXAMPLEBREAKGLASS:alice-incident-42');
    expect(byFile('corpus/alert-assumerole-denied.json')).toBe('AIDAMALLORYEXAMPLE');
  });

  test('a successful assumption shows how to revoke the role\'s sessions, naming the role, the action log group and its saved query', () => {
    const i = LOGIN_EVENTS.findIndex(e => e.file === 'corpus/alert-assumerole-cli-global-endpoint.json');
    const steps: string[] = JSON.parse(results[i].chat[0]).content.nextSteps;
    expect(steps.join('\n')).toMatch(/See what the session did in the action log: CloudWatch Logs log group \/aws\/events\//);
    // The saved query of the action log that shows each session's calls, by the name the console lists.
    expect(steps[0]).toContain('In CloudWatch Logs Insights, open the saved query break-glass/Home-BreakGlass-LogActions-683A6866/What each session did ');
    const command = /`(NOW=.*)`/.exec(steps.join('\n'))![1];
    expect(command).toContain(`aws iam put-role-policy --role-name ${SCENARIO.roleName} --policy-name AWSRevokeOlderSessions --policy-document '`);
    // The shell joins the quoted pieces around $NOW: the result is the console's deny on older tokens.
    const document = /--policy-document (.*)$/.exec(command)![1].replace(/'"\$NOW"'/, '2026-11-02T02:00:00Z').replace(/^'|'$/g, '');
    expect(JSON.parse(document)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-02T02:00:00Z' } } }],
    });
  });
});

describe('tamper events', () => {
  const scenario = chatScenario();
  const values = tamperPlaceholders({ ...scenario, tamper: scenario.breakGlass.tamperAlert! });
  const tamperEvents = loadEvents('tamper');
  const sent = tamperEvents.map(e => fillPlaceholders(e.event, values));
  const results = deliver(scenario.rules, sent);
  const injectedResults = deliver(scenario.rules, sent.map(injected));
  const unwatched = (e: CorpusEvent) => ['kms.amazonaws.com', 'cloudtrail.amazonaws.com'].includes(e.event.detail.eventSource);

  test('most alerting tamper events alert here', () => {
    expect(tamperEvents.filter(e => e.expect.alert && !unwatched(e)).length).toBeGreaterThan(20);
  });

  test.each(tamperEvents.map((e, i) => [e.file, e, i] as const))('%s', (_file, e, i) => {
    // The scenario runs the canary: the forwarding alarm's events name nothing protected.
    const alerting = e.expect.alert && (e.expect.canary ?? true) && !unwatched(e);
    expect({ chat: results[i].chat.length, alerts: results[i].alerts.length }).toEqual(alerting ? { chat: 1, alerts: 1 } : { chat: 0, alerts: 0 });
    if (!alerting) {
      return;
    }
    const detail = sent[i].detail;
    const notification = expectNotification(results[i].chat[0]);
    expect(notification.content.title).toMatch(new RegExp(`^Break-glass role ${SCENARIO.roleName} in account ${SCENARIO.account}: ${detail.eventName} on .+`));
    const description: string = notification.content.description;
    expect(description).toContain(`*Who:* ${detail.userIdentity.arn}`);
    expect(description).toContain(`*When:* ${detail.eventTime}`);
    expect(description).toContain(`*Error code:* ${detail.errorCode ?? ''} (blank: the call succeeded)`);
    expect(notification.metadata.threadId).toBe(detail.userIdentity.principalId);
    expect(notification.metadata.additionalContext).toEqual({
      callerPrincipal: detail.userIdentity.principalId,
      requestParameters: detail.requestParameters,
      userAgent: detail.userAgent,
    });

    const evil = injected(sent[i]);
    expect(injectedResults[i].chat).toHaveLength(1);
    const evilNotification = expectNotification(injectedResults[i].chat[0]);
    expect(evilNotification.metadata.additionalContext).toEqual({
      callerPrincipal: evil.detail.userIdentity.principalId,
      requestParameters: evil.detail.requestParameters,
      userAgent: evil.detail.userAgent,
    });
  });

  test('a change made with a break-glass session threads with that session', () => {
    const i = tamperEvents.findIndex(e => e.file === 'tamper/alert-iam-attach-by-break-glass-session.json');
    expect(JSON.parse(results[i].chat[0]).metadata.threadId).toMatch(/^AROAEXAMPLEBREAKGLASS:/);
  });
});

describe('templates', () => {
  test('every chat input template is within EventBridge\'s 8,192 characters, and synthesis is deterministic', () => {
    const chatTemplates = (rules: DeployedRule[]) => rules.flatMap(r => r.targets.filter(t => t.arn === CHAT_ARN).map(t => t.inputTemplate!));
    const first = chatTemplates(chatScenario().rules);
    expect(first.length).toBeGreaterThan(10);
    for (const template of first) {
      expect(template.length).toBeLessThanOrEqual(8192);
    }
    expect(chatTemplates(chatScenario().rules)).toEqual(first);
  });
});

describe('chat topic', () => {
  test('a topic made in the app lets this account\'s EventBridge rules and CloudWatch alarms publish', () => {
    const template = Template.fromStack(chatScenario().stack);
    const [policy] = Object.values(template.findResources('AWS::SNS::TopicPolicy', {
      Properties: { Topics: [{ Ref: Match.stringLikeRegexp('^ChatTopic') }] },
    }));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => [s.Sid, s.Principal.Service, s.Action])).toEqual(expect.arrayContaining([
      ['BreakGlassRulesPublish', 'events.amazonaws.com', 'sns:Publish'],
      ['BreakGlassAlarmsPublish', 'cloudwatch.amazonaws.com', 'sns:Publish'],
    ]));
  });

  test('every delivery-health alarm notifies the chat topic as well as the alert topic', () => {
    const template = Template.fromStack(chatScenario().stack);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(5);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual(expect.arrayContaining([
        { Ref: expect.stringMatching(/^ChatTopic/) },
        { Ref: expect.stringMatching(/^BreakGlassLoginAlertTopic/) },
      ]));
    }
  });

  test('an imported topic is not changed, and a warning names the statements to add', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: SCENARIO.account, region: 'us-east-1' } });
    const chatTopic = sns.Topic.fromTopicArn(stack, 'Chat', `arn:aws:sns:us-east-1:${SCENARIO.account}:chat`);
    new BreakGlassRole(stack, 'BreakGlass', {
      usernames: [Username.iamUser('alice')], policyStatements: [], trail: TrailSetup.existingTrail(), chatTopic,
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('chatTopicPolicy'));
    const texts = warnings.map(w => String(w.entry.data));
    expect(texts.some(t => t.includes('events.amazonaws.com') && t.includes('sns:Publish') && t.includes(':rule/*'))).toBe(true);
    expect(texts.some(t => t.includes('cloudwatch.amazonaws.com') && t.includes(':alarm:*'))).toBe(true);
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::SNS::TopicPolicy', { Topics: [`arn:aws:sns:us-east-1:${SCENARIO.account}:chat`] }, 0);
  });

  test('the alert topic cannot be the chat topic', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: SCENARIO.account, region: 'us-east-1' } });
    const topic = new sns.Topic(stack, 'Topic');
    const role = iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN);
    expect(() => new BreakGlassLoginAlert(stack, 'Alert', { role, alertTopic: topic, chatTopic: topic, trail: TrailSetup.existingTrail() }))
      .toThrow(/chatTopic is the alert topic \(Stack\/Topic\).*Give chatTopic a topic of its own/);
    expect(() => new BreakGlassTamperAlert(stack, 'Tamper', { role, alertTopic: topic, chatTopic: topic }))
      .toThrow(/chatTopic is the alert topic/);
    expect(() => new BreakGlassDeliveryHealth(stack, 'Health', { deadLetterQueue: new sqs.Queue(stack, 'Queue'), alarmTopic: topic, chatTopic: topic }))
      .toThrow(/chatTopic is the alert topic/);
  });

  test('without chatTopic, no rule has a second topic target', () => {
    const rules = deployedRules(scenarioApp().app);
    for (const rule of rules) {
      expect(rule.targets.filter(t => t.arn.includes(':sns:')).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('with a login log', () => {
  const scenario = scenarioApp({ regions: ['*'], createLoginLogGroup: true }, true);
  const results = deliver(deployedRules(scenario.app), LOGIN_EVENTS.map(e => e.event));

  test('every payload is still a valid notification', () => {
    const payloads = results.flatMap(r => r.chat);
    expect(payloads.length).toBeGreaterThan(5);
    payloads.forEach(expectNotification);
  });

  test('a failed attempt names the login log\'s saved query', () => {
    const i = LOGIN_EVENTS.findIndex(e => e.file === 'corpus/alert-assumerole-denied.json');
    expect(JSON.parse(results[i].chat[0]).content.nextSteps).toContain(
      'The caller\'s other attempts, and every assumption, are in the login log: in CloudWatch Logs Insights, open the saved query break-glass/Home-BreakGlass-LoginAlert-FAE56051/Assumptions and sign-ins.');
  });
});
