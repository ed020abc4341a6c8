import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BreakGlassLoginAlert, BreakGlassLoginAlertProps, BreakGlassLogActions, TrailSetup } from '../src';
import { ALL_MANAGEMENT_EVENTS, EventBridgeModel } from './support/eventbridge-model';
import { deployedRules, loadEvents, outcomes } from './support/scenario';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/BreakGlass';

/** A login alert alone, in us-east-1 where the corpus's global events are recorded. */
function alertApp(props: Partial<BreakGlassLoginAlertProps> = {}): { app: App; stack: Stack; alert: BreakGlassLoginAlert } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
  const role = iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN);
  const alert = new BreakGlassLoginAlert(stack, 'Alert', { role, trail: TrailSetup.existingTrail(), ...props });
  return { app, stack, alert };
}

const corpus = Object.fromEntries(loadEvents('corpus', 'extra').map(e => [e.file.replace(/^\w+\/|\.json$/g, ''), e.event]));

describe('rules', () => {
  test('one rule per kind of login, and with the canary its heartbeat rule, each in the all-management-events state', () => {
    const ruleIds = (props: Partial<BreakGlassLoginAlertProps>) => {
      const rules = Template.fromStack(alertApp(props).stack).findResources('AWS::Events::Rule');
      for (const rule of Object.values(rules)) {
        expect(rule.Properties.State).toBe(ALL_MANAGEMENT_EVENTS);
      }
      return Object.keys(rules);
    };
    // Home us-east-1 alone: no central bus, whose rules would double these.
    const withoutCanary = ruleIds({ canary: false, regions: ['us-east-1'] });
    expect(withoutCanary).toHaveLength(4);
    const extra = ruleIds({ regions: ['us-east-1'] }).filter(id => !withoutCanary.includes(id));
    expect(extra).toHaveLength(1);
    expect(extra[0]).toMatch(/CanaryHeartbeatRule[0-9A-F]{8}$/);
  });

  test('a rule in plain ENABLED state would miss AssumeRole but not SwitchRole', () => {
    const { app } = alertApp();
    const plain = deployedRules(app).map(rule => ({ ...rule, state: 'ENABLED' }));
    const [assumeRole, switchRole] = outcomes(plain, [corpus['alert-assumerole-cli-global-endpoint'], corpus['alert-switchrole-console']]);
    expect([assumeRole.alerts.length, switchRole.alerts.length]).toEqual([0, 1]);
  });

  test('match the role ARN whatever its case', () => {
    const { app } = alertApp();
    const event = structuredClone(corpus['alert-assumerole-cli-global-endpoint']);
    event.detail.requestParameters.roleArn = ROLE_ARN.toLowerCase();
    expect(outcomes(deployedRules(app), [event])[0].alerts).toHaveLength(1);
  });
});

describe('alert topic', () => {
  test('enforces TLS', () => {
    Template.fromStack(alertApp().stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('lets only this account\'s EventBridge rules publish', () => {
    Template.fromStack(alertApp().stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'BreakGlassRulesPublish',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: Match.stringLikeRegexp('^AlertTopic') },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/*']] } },
          },
        }]),
      },
    });
  });

  test('subscribes each email', () => {
    const template = Template.fromStack(alertApp({ loginAlertEmails: ['a@example.com', 'b@example.com'] }).stack);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'b@example.com' });
  });

  test('encrypts with a customer key whose policy lets EventBridge use it', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
    const encryptionKey = new kms.Key(stack, 'Key');
    new BreakGlassLoginAlert(stack, 'Alert', { role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN), encryptionKey, trail: TrailSetup.existingTrail() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        })]),
      },
    });
  });

  test('a given topic is used and no topic is made', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
    const alertTopic = new sns.Topic(stack, 'Mine');
    const alert = new BreakGlassLoginAlert(stack, 'Alert', { role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN), alertTopic, trail: TrailSetup.existingTrail() });
    expect(alert.alertTopic).toBe(alertTopic);
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 1);
  });
});

describe('login log group', () => {
  test('is absent by default: the only log group is the canary\'s heartbeat log', () => {
    Template.fromStack(alertApp({ canary: false }).stack).resourceCountIs('AWS::Logs::LogGroup', 0);
    // And the alert path check's function's, which the heartbeat runs.
    expect(Object.keys(Template.fromStack(alertApp().stack).findResources('AWS::Logs::LogGroup')).sort())
      .toEqual([expect.stringMatching(/CanaryAlertPathLogGroup[0-9A-F]{8}$/), expect.stringMatching(/CanaryHeartbeatLogGroup[0-9A-F]{8}$/)]);
  });

  test('is kept on deletion, named for EventBridge, with a one-year default retention', () => {
    Template.fromStack(alertApp({ createLoginLogGroup: true }).stack).hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { RetentionInDays: 365, LogGroupName: Match.stringLikeRegexp('^/aws/events/') },
    });
  });

  test('receives every login event, whole, through a plain resource policy', () => {
    const { app, stack } = alertApp({ createLoginLogGroup: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    // No function writes the log: the only one is the alert path check's.
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toEqual([expect.stringMatching(/CanaryAlertPathFunction[0-9A-F]{8}$/)]);
    const [result] = new EventBridgeModel(deployedRules(app)).deliver([corpus['alert-switchrole-console']]);
    expect(result.deliveries.filter(d => d.arn.includes(':logs:')).map(d => JSON.parse(d.payload).id))
      .toEqual([corpus['alert-switchrole-console'].id]);
  });
});

describe('message', () => {
  const render = (event: any, props: Partial<BreakGlassLoginAlertProps> = {}) => {
    const { app } = alertApp(props);
    return outcomes(deployedRules(app), [event])[0].alerts;
  };

  test('the default text says who, which role, what, when, where from and the result', () => {
    expect(render(corpus['alert-assumerole-cli-global-endpoint'])).toEqual([[
      'Break-glass role arn:aws:iam::111122223333:role/BreakGlass: AssumeRole Success.',
      'Who: arn:aws:iam::111122223333:user/alice (principal AIDAALICEEXAMPLE, session alice, MFA )',
      'When: 2026-11-02T01:11:21Z',
      'Where from: 198.51.100.7 using aws-cli/2.17.0 Python/3.11.8 Linux/6.1 exe/x86_64',
      'Recorded: sts.amazonaws.com in us-east-1 of account 111122223333, event 6743891e-32ef-1597-7c7a-e76ceb21c350, request 65f454af-1193-3a8c-3400-5cdd3cd7affa',
    ].join('\n')]);
  });

  test('a failed attempt names the error', () => {
    expect(render(corpus['alert-assumerole-denied'])[0]).toMatch(/^Break-glass role arn:aws:iam::111122223333:role\/BreakGlass: AssumeRole AccessDenied\.\nWho: arn:aws:iam::111122223333:user\/mallory /);
  });

  test('a field the event lacks renders empty', () => {
    // A SAML user has no ARN in userIdentity.
    expect(render(corpus['alert-assumerolewithsaml'])[0].split('\n')[1])
      .toBe('Who:  (principal SAMLEXAMPLE:carol@example.com, session carol@example.com, MFA )');
  });

  test('a console switch names the role and the sign-in result', () => {
    expect(render(corpus['alert-switchrole-console'])[0].split('\n')[0])
      .toBe('Break-glass role arn:aws:iam::111122223333:role/BreakGlass: SwitchRole Success.');
  });

  test('with a login log, the default text ends with the saved query to open', () => {
    const lines = render(corpus['alert-assumerole-cli-global-endpoint'], { createLoginLogGroup: true })[0].split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('Next: in CloudWatch Logs Insights, open the saved query break-glass/Stack-Alert-46D7CB4A/Assumptions and sign-ins.');
  });

  test('with an action log sharing the watch, the default text names its query of what each session did', () => {
    const { app, stack, alert } = alertApp({ createLoginLogGroup: true });
    new BreakGlassLogActions(stack, 'Actions', { role: iam.Role.fromRoleArn(stack, 'Same', ROLE_ARN), watch: alert.watch });
    expect(outcomes(deployedRules(app), [corpus['alert-switchrole-console']])[0].alerts[0].split('\n').pop()).toBe(
      'Next: in CloudWatch Logs Insights, open the saved queries break-glass/Stack-Actions-3F15C47A/What each session did and break-glass/Stack-Alert-46D7CB4A/Assumptions and sign-ins.');
  });

  test('a custom message fills every field, and a lone < is text', () => {
    const message = '<eventName> by <username> from <ip> at <eventTime> (<result>) in <region>; 1 < 2 and <3';
    expect(render(corpus['alert-assumerole-denied'], { message }))
      .toEqual(['AssumeRole by arn:aws:iam::111122223333:user/mallory from 198.51.100.7 at 2026-11-05T04:14:24Z (AccessDenied) in us-east-1; 1 < 2 and <3']);
  });
});

describe('saved queries', () => {
  test('none without a login log group', () => {
    const { stack, alert } = alertApp();
    expect(alert.loginQueries).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::Logs::QueryDefinition', 0);
  });

  test('with a login log group, one query of it: every assumption, attempt and sign-in', () => {
    const { stack, alert } = alertApp({ createLoginLogGroup: true });
    expect(alert.loginQueries).toHaveLength(1);
    const template = Template.fromStack(stack);
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup')).filter(id => id.startsWith('AlertLogGroup'));
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'break-glass/Stack-Alert-46D7CB4A/Assumptions and sign-ins',
      LogGroupNames: [{ Ref: logGroupId }],
      QueryString: Match.stringLikeRegexp('^fields @timestamp, detail.eventName, detail.userIdentity.arn'),
    });
  });
});

describe('no subscriber', () => {
  const NO_SUBSCRIBER = 'aws-break-glass-role:noAlertSubscriber';
  const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(NO_SUBSCRIBER));

  test('the part alone, with neither emails nor a chat topic, warns that nobody will be told', () => {
    expect(warnings(alertApp().stack).map(w => w.id)).toEqual(['/Stack/Alert']);
  });

  test('not with emails', () => {
    expect(warnings(alertApp({ loginAlertEmails: ['security@example.com'] }).stack)).toEqual([]);
  });

  test('not with a chat topic', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'us-east-1' } });
    new BreakGlassLoginAlert(stack, 'Alert', {
      role: iam.Role.fromRoleArn(stack, 'Role', ROLE_ARN),
      trail: TrailSetup.existingTrail(),
      chatTopic: new sns.Topic(stack, 'Chat'),
    });
    expect(warnings(stack)).toEqual([]);
  });
});
