import { DetectionPattern } from '../../../src/private/detection/patterns';
import { ForwardingAlarm, forwardingAlarmResources } from '../../../src/private/regions/forwarding-alarm';
import {
  DEAD_LETTER_IDS, FORWARD_RULE_ID, forwardingNames, forwardingRules, GUARD_RULE_ID, stackSetTemplateBody,
} from '../../../src/private/regions/forwarding-template';
import { ALL_MANAGEMENT_EVENTS } from '../../support/eventbridge-model';

const ALARM: ForwardingAlarm = { name: 'fwd-failed', emails: ['security@example.com'], homeRegion: 'us-east-2' };
const NAMES = forwardingNames('BreakGlass-Home-BreakGlass-Regions-0B726F0D');
const TARGETS = { centralBusArn: 'arn:aws:events:us-east-2:111122223333:event-bus/central', forwarderRoleArn: 'arn:aws:iam::111122223333:role/fwd' };

function pattern(id: string, readOnlyEvents: boolean): DetectionPattern {
  return { id, description: `${id} description`, readOnlyEvents, pattern: { 'source': [`aws.${id}`], 'detail-type': ['AWS API Call via CloudTrail'] } };
}

const READS = pattern('reads', true);
const WRITES = pattern('writes', false);
const MORE_WRITES = pattern('morewrites', false);

function rule(patterns: DetectionPattern[]): any {
  const resources = forwardingRules({ patterns, guardPatterns: [] }, TARGETS, NAMES);
  expect(Object.keys(resources)).toEqual([FORWARD_RULE_ID]);
  return resources[FORWARD_RULE_ID];
}

describe('forwardingRules', () => {
  test(`is one AWS::Events::Rule, ${FORWARD_RULE_ID}, on the default bus, with a description that names no pattern`, () => {
    const { Type, Properties } = rule([READS, WRITES]);
    expect(Type).toBe('AWS::Events::Rule');
    expect(Properties.EventBusName).toBeUndefined();
    expect(Properties.Description).toBe('Break-glass: forwards this region\'s break-glass events to the home region');
    expect(rule([WRITES]).Properties.Description).toBe(Properties.Description);
  });

  test('has the fixed name of the forwarding rule', () => {
    expect(rule([WRITES]).Properties.Name).toBe(NAMES.forwardRule);
  });

  test(`with guard patterns, adds the guard rule, ${GUARD_RULE_ID}, with its fixed name and its patterns, targeting the central bus too`, () => {
    const resources: any = forwardingRules({ patterns: [READS], guardPatterns: [WRITES, MORE_WRITES] }, TARGETS, NAMES);
    expect(Object.keys(resources)).toEqual([FORWARD_RULE_ID, GUARD_RULE_ID]);
    expect(resources[GUARD_RULE_ID].Properties).toEqual({
      Name: NAMES.guardRule,
      Description: 'Break-glass: forwards changes to this region\'s break-glass resources to the home region',
      State: 'ENABLED',
      EventPattern: { $or: [WRITES.pattern, MORE_WRITES.pattern] },
      Targets: resources[FORWARD_RULE_ID].Properties.Targets,
    });
  });

  test('targets the central bus through the forwarder role, keeping what it cannot put there in the template\'s queue after 5 minutes at most', () => {
    expect(rule([READS, WRITES]).Properties.Targets).toEqual([{
      Id: 'CentralBus',
      Arn: TARGETS.centralBusArn,
      RoleArn: TARGETS.forwarderRoleArn,
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [DEAD_LETTER_IDS.queue, 'Arn'] } },
      RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 8 },
    }]);
  });

  test('joins several patterns under a top-level $or, in order, each once as given', () => {
    expect(rule([READS, WRITES, MORE_WRITES]).Properties.EventPattern).toEqual({ $or: [READS.pattern, WRITES.pattern, MORE_WRITES.pattern] });
  });

  test('uses a single pattern as it is', () => {
    expect(rule([WRITES]).Properties.EventPattern).toEqual(WRITES.pattern);
    expect(rule([READS]).Properties.EventPattern).toEqual(READS.pattern);
  });

  test.each([
    ['one read-only pattern', [READS], ALL_MANAGEMENT_EVENTS],
    ['a read-only pattern first', [READS, WRITES, MORE_WRITES], ALL_MANAGEMENT_EVENTS],
    ['a read-only pattern last', [WRITES, MORE_WRITES, READS], ALL_MANAGEMENT_EVENTS],
    ['one write-only pattern', [WRITES], 'ENABLED'],
    ['write-only patterns only', [WRITES, MORE_WRITES], 'ENABLED'],
  ])('with %s, the state is %s', (_name, patterns, state) => {
    expect(rule(patterns).Properties.State).toBe(state);
  });
});

describe('stackSetTemplateBody', () => {
  test('holds the one forwarding rule, with the role values as Fn::Sub of its parameters, its dead-letter queue and its alarm', () => {
    const withRole: DetectionPattern = { ...READS, pattern: { detail: { roleArn: ['${BreakGlassRoleArn}'] } } };
    const body = JSON.parse(stackSetTemplateBody({ patterns: [withRole, WRITES], guardPatterns: [] }, NAMES, ALARM));
    expect(Object.keys(body.Resources))
      .toEqual([FORWARD_RULE_ID, DEAD_LETTER_IDS.queue, DEAD_LETTER_IDS.policy,
        ...Object.keys(forwardingAlarmResources(ALARM, DEAD_LETTER_IDS.queue))]);
    // Written to by the template's rules only: here the one forwarding rule.
    expect(body.Resources[DEAD_LETTER_IDS.policy].Properties.PolicyDocument.Statement[0].Condition)
      .toEqual({ ArnEquals: { 'aws:SourceArn': [{ 'Fn::GetAtt': [FORWARD_RULE_ID, 'Arn'] }] } });
    expect(body.Resources[FORWARD_RULE_ID].Properties).toEqual({
      Name: NAMES.forwardRule,
      Description: 'Break-glass: forwards this region\'s break-glass events to the home region',
      State: ALL_MANAGEMENT_EVENTS,
      EventPattern: { $or: [{ detail: { roleArn: [{ 'Fn::Sub': '${BreakGlassRoleArn}' }] } }, WRITES.pattern] },
      Targets: [{
        Id: 'CentralBus',
        Arn: { Ref: 'CentralBusArn' },
        RoleArn: { Ref: 'ForwarderRoleArn' },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [DEAD_LETTER_IDS.queue, 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 8 },
      }],
    });
  });
});

describe('forwardingNames', () => {
  test('keep every rule name within EventBridge\'s 64 characters for the longest base a watch makes (56)', () => {
    const names = forwardingNames(`BreakGlass-${'x'.repeat(29)}-us-isof-south-1`);
    expect(names.forwardRule.length).toBeLessThanOrEqual(64);
    expect(names.guardRule.length).toBeLessThanOrEqual(64);
    // SQS queue names are at most 80 characters.
    expect(names.deadLetterQueue.length).toBeLessThanOrEqual(80);
  });
});
