import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BreakGlassOrganizationHub, BreakGlassOrganizationHubProps, LogActions } from '../src';
import { ORGANIZATION, organizationApp, SCENARIO } from './support/apps';

const hubProps: BreakGlassOrganizationHubProps = { organizationId: ORGANIZATION.id, roleName: SCENARIO.roleName };
const hubIn = (env: { account?: string; region?: string }, props: Partial<BreakGlassOrganizationHubProps> = {}) =>
  () => new BreakGlassOrganizationHub(new Stack(new App(), 'Hub', { env }), 'Hub', { ...hubProps, ...props });
const HOME = { account: ORGANIZATION.security, region: SCENARIO.home };

describe('BreakGlassOrganizationHub', () => {
  const { hub, hubStack } = organizationApp();
  const template = Template.fromStack(hubStack);

  test('its bus admits events:PutEvents from the organization\'s accounts only', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: `BreakGlass-${SCENARIO.roleName}-Hub` });
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.id } },
      },
    });
    expect(hub.centralBusArn).toBe(`arn:aws:events:${SCENARIO.home}:${ORGANIZATION.security}:event-bus/BreakGlass-${SCENARIO.roleName}-Hub`);
  });

  test('every rule on its bus that must see read-only events is in the all-management-events state', () => {
    const onBus = Object.values(template.findResources('AWS::Events::Rule', { Properties: { EventBusName: Match.anyValue() } }));
    // Four login rules, the action log and its assumption records, six for changes in member accounts (the role, canary
    // and forwarder roles, the StackSet's instance stacks, the forwarding and guard rules, the dead-letter queue, the canary's schedule), and the canary's heartbeats.
    expect(onBus).toHaveLength(13);
    const readOnly = onBus.filter(rule => JSON.stringify(rule.Properties.EventPattern).includes('aws.sts')
      || !JSON.stringify(rule.Properties.EventPattern).includes('eventSource'));
    expect(readOnly.map(rule => rule.Properties.State)).toEqual(readOnly.map(() => 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'));
  });

  test('two alarms, the dead-letter queue\'s and the canary check\'s, whatever the accounts and regions; every hub rule keeps its failures in the queue', () => {
    expect(hub.deliveryHealth!.deadLetterQueue).toBe(hub.deadLetterQueue);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(hub.canaryCheckAlarm).toBeDefined();
    template.resourceCountIs('AWS::SQS::Queue', 1);
    const queueId = hubStack.getLogicalId(hub.deadLetterQueue.node.defaultChild as sqs.CfnQueue);
    const targets = Object.values(template.findResources('AWS::Events::Rule')).flatMap(rule => rule.Properties.Targets);
    for (const target of targets) {
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    }
    expect(targets.length).toBeGreaterThanOrEqual(hub.rules.length);
  });

  test('its template does not depend on the accounts, and on the regions and units only in what its check expects', () => {
    const few = Template.fromStack(organizationApp().hubStack).toJSON();
    const all = Template.fromStack(organizationApp({ regions: ['*'], organizationalUnits: ['r-ab12'] }).hubStack).toJSON();
    expect(Object.keys(all.Resources)).toEqual(Object.keys(few.Resources));
    const [functionId] = Object.keys(few.Resources).filter(id => few.Resources[id].Type === 'AWS::Lambda::Function');
    const withoutExpected = (t: any) => JSON.stringify({ ...t.Resources, [functionId]: { ...t.Resources[functionId], Properties: { ...t.Resources[functionId].Properties, Environment: 'expected' } } });
    expect(withoutExpected(all)).toEqual(withoutExpected(few));
    expect(JSON.stringify(all.Resources[functionId].Properties.Environment)).toContain('"organizationalUnits\\":[\\"r-ab12\\"]');
  });

  test('without action logging, no action log group; with it, a log group retained by default', () => {
    const quiet = Template.fromStack(organizationApp({ canary: false }, { logActions: undefined }).hubStack);
    quiet.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  test('saved queries of the action log, named in the alert text', () => {
    expect(hub.actionQueries.map(q => q.node.id)).toEqual(['SessionActionsQuery', 'WritesQuery', 'FailedCallsQuery']);
    template.resourceCountIs('AWS::Logs::QueryDefinition', 3);
    const [rule] = Object.values(template.findResources('AWS::Events::Rule', { Properties: { Description: Match.stringLikeRegexp('role assumed') } }));
    expect(JSON.stringify(rule.Properties.Targets)).toContain('open the saved query break-glass/');
  });

  test('warns when nobody would be told, and not with emails', () => {
    const quiet = new Stack(new App(), 'Hub', { env: HOME });
    new BreakGlassOrganizationHub(quiet, 'Hub', hubProps);
    Annotations.fromStack(quiet).hasWarning('/Hub/Hub', Match.stringLikeRegexp('aws-break-glass-role:noAlertSubscriber'));
    Annotations.fromStack(hubStack).hasNoWarning('/Hub/Hub', Match.stringLikeRegexp('aws-break-glass-role:noAlertSubscriber'));
  });

  test('fromAttributes names the same bus as the hub of another app', () => {
    const imported = BreakGlassOrganizationHub.fromAttributes(new Stack(new App(), 'Management'), 'Hub', {
      account: ORGANIZATION.security, region: SCENARIO.home, roleName: SCENARIO.roleName,
    });
    expect(imported.centralBusArn).toBe(hub.centralBusArn);
    expect(imported.roleName).toBe(hub.roleName);
  });

  describe('bad input', () => {
    test.each([
      ['a malformed organization id', hubIn(HOME, { organizationId: 'a1b2c3d4e5' }), /organizationId is 'a1b2c3d4e5', not an organization id: give the id AWS Organizations shows, such as 'o-a1b2c3d4e5'/],
      ['an organization id from JavaScript as a number', hubIn(HOME, { organizationId: 12 as any }), /organizationId is a number 12, not an organization id/],
      ['a role name IAM refuses', hubIn(HOME, { roleName: 'Break Glass' }), /roleName is 'Break Glass', not an IAM role name/],
      ['a role name too long for the member rules', hubIn(HOME, { roleName: 'R'.repeat(46) }), /roleName 'R{46}' is 46 characters: .* give a roleName of at most 45/],
      ['an env-agnostic stack', hubIn({}), /has no account or region \(env-agnostic\): member accounts forward to the hub's bus by its ARN/],
      ['a stack with a region but no account', hubIn({ region: SCENARIO.home }), /has no account or region \(env-agnostic\)/],
      ['a malformed email', hubIn(HOME, { loginAlertEmails: ['security'] }), /loginAlertEmails/],
      ['an unknown message field', hubIn(HOME, { message: '<who>' }), /message uses unknown field <who>/],
      ['a forged logActions', hubIn(HOME, { logActions: 'read' as LogActions }), /logActions is 'read', which is not a member of LogActions/],
      ['an empty logServices', hubIn(HOME, { logServices: [] }), /logServices is empty/],
      ['a canary interval over 8 hours', hubIn(HOME, { canaryInterval: Duration.hours(9) }), /canaryInterval is 9 hours: the heartbeat alarm needs whole minutes from 5 minutes to 8 hours/],
      ['a canary that is no boolean (JavaScript)', hubIn(HOME, { canary: 1 as any }), /canary is a number 1, not a boolean/],
      ['a malformed organizational unit', hubIn(HOME, { organizationalUnits: ['ou-12'] }), /organizationalUnits has 'ou-12', not an organizational unit id/],
      ['an empty organizational unit list', hubIn(HOME, { organizationalUnits: [] }), /organizationalUnits is an array \[\]: name at least one organizational unit/],
      ['an unknown region', hubIn(HOME, { regions: ['moon-1'] }), /regions has 'moon-1', which is not a known AWS region/],
      ['fromAttributes with a malformed account', () => BreakGlassOrganizationHub.fromAttributes(new Stack(), 'Hub', {
        account: '2222', region: SCENARIO.home, roleName: SCENARIO.roleName,
      }), /account is '2222', not an AWS account id/],
      ['fromAttributes with an unknown region', () => BreakGlassOrganizationHub.fromAttributes(new Stack(), 'Hub', {
        account: ORGANIZATION.security, region: 'moon-1', roleName: SCENARIO.roleName,
      }), /region is "moon-1", not a region aws-cdk-lib\/region-info knows/],
    ])('%s', (_name, build, error) => {
      expect(build).toThrow(error);
    });
  });
});
