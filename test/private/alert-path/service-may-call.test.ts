import { Template } from 'aws-cdk-lib/assertions';
import { KNOWN_KEYS, ServiceCall, serviceMayCall } from '../../../src/private/alert-path/service-may-call';
import { ACCOUNT, encryptedScenarioApp, SCENARIO } from '../../support/apps';
import { CfnTemplate, resolveCfn } from '../../support/cfn-resolve';
import { IamContext, resourcePolicyAllows } from '../../support/iam-policy';

// The library's own policies, as CloudFormation would write them in the scenario's account and region.
const { stack, breakGlass, key } = encryptedScenarioApp();
const template = Template.fromStack(stack).toJSON() as CfnTemplate;
const ctx = { account: ACCOUNT, region: SCENARIO.home, partition: 'aws', template };
const topicLogicalId = stack.getLogicalId(breakGlass.alertTopic.node.defaultChild as any);
const topicPolicy = Object.values<any>(template.Resources).find(resource => resource.Type === 'AWS::SNS::TopicPolicy'
  && JSON.stringify(resource.Properties.Topics) === JSON.stringify([{ Ref: topicLogicalId }]));
const TOPIC: any[] = resolveCfn(topicPolicy.Properties.PolicyDocument, ctx).Statement;
const KEY: any[] = resolveCfn(template.Resources[stack.getLogicalId(key.node.defaultChild as any)].Properties.KeyPolicy, ctx).Statement;
const TOPIC_ARN = `arn:aws:sns:us-east-2:${ACCOUNT}:${topicLogicalId}`;
const KEY_ARN = `arn:aws:kms:us-east-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const RULE_ARN = `arn:aws:events:us-east-2:${ACCOUNT}:rule/BreakGlassLoginRule`;
const CONTEXT = { 'aws:SourceArn': RULE_ARN, 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'true' };
const publish: ServiceCall = { service: 'events.amazonaws.com', action: 'sns:Publish', resource: TOPIC_ARN, context: CONTEXT };
const useKey = (action: string): ServiceCall => ({ ...publish, action, resource: KEY_ARN });

const deny = (extra: object) => ({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: TOPIC_ARN, ...extra });
const withoutSid = (statements: any[], sid: string) => statements.filter(s => s.Sid !== sid);
const narrowed = (conditions: object) => [...withoutSid(TOPIC, 'BreakGlassRulesPublish'),
  { ...TOPIC.find(s => s.Sid === 'BreakGlassRulesPublish'), Condition: conditions }];
// The AWS-managed key's (alias/aws/sns) policy: only callers through SNS of the account; a service principal
// publishing is refused (https://repost.aws/questions/QUCsVSJa5QRDunCEGlwztZsg shows it, for CloudWatch alarms).
const AWS_MANAGED_KEY = [{
  Sid: 'Allow access through SNS for all principals in the account that are authorized to use SNS',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
  Resource: '*',
  Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'sns.us-east-2.amazonaws.com' } },
}, { Sid: 'Allow direct access to key metadata to the account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: '*' }];

interface Case {
  readonly statements: any[];
  readonly call?: ServiceCall;
  readonly allowed: boolean;
  /** What the reasons say. */
  readonly reason?: RegExp;
  /** The test model reads it too. */
  readonly oracle: boolean;
}

/** A case the check allows (`oracle`: the test model reads it too). */
const allows = (statements: any[], oracle: boolean, call?: ServiceCall): Case => ({ statements, call, allowed: true, oracle });
/** A case the check refuses, with a reason matching `reason`. */
const refuses = (statements: any[], reason: RegExp, oracle: boolean, call?: ServiceCall): Case =>
  ({ statements, call, allowed: false, reason, oracle });
const denied = (sid: string) => new RegExp(`^statement "${sid}" \\(Deny\\) refuses events\\.amazonaws\\.com sns:Publish$`);
const NOTHING_ALLOWS = /^no statement allows events\.amazonaws\.com sns:Publish on arn:aws:sns:us-east-2:111122223333:/;
const ORG = 'o-a1b2c3d4e5';

const CASES: { [name: string]: Case } = {
  'the library\'s topic policy': allows(TOPIC, true),
  'the library\'s key policy, GenerateDataKey': allows(KEY, true, useKey('kms:GenerateDataKey')),
  'the library\'s key policy, Decrypt': allows(KEY, true, useKey('kms:Decrypt')),
  'Deny events.amazonaws.com': refuses([...TOPIC, deny({ Sid: 'DenyEvents', Principal: { Service: ['events.amazonaws.com'] } })], denied('DenyEvents'), true),
  'Deny "*" SNS:publish (actions ignore case)': refuses([...TOPIC, deny({ Action: 'SNS:publish' })], /^statement 3 \(Deny\) refuses/, true),
  'Deny { AWS: "*" } sns:* on every resource': refuses([...TOPIC, deny({ Sid: 'S', Principal: { AWS: '*' }, Action: 'sns:*', Resource: '*' })], denied('S'), true),
  'Deny to all but the account (NotPrincipal)':
    refuses([...TOPIC, deny({ Sid: 'Acct', Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })], denied('Acct'), false),
  'Deny to all but EventBridge (NotPrincipal)': allows([...TOPIC, deny({ Principal: undefined, NotPrincipal: { Service: 'events.amazonaws.com' } })], false),
  'Deny with values ORed, negated as NOR (does not apply)':
    allows([...TOPIC, deny({ Condition: { StringNotEquals: { 'aws:SourceAccount': ['444455556666', ACCOUNT] } } })], true),
  'Deny when aws:SourceOrgID is missing (Null, applies)': refuses([...TOPIC, deny({ Sid: 'N', Condition: { Null: { 'aws:SourceOrgID': 'true' } } })], denied('N'), false),
  'Deny naming the service in another case': refuses([...TOPIC, deny({ Sid: 'C', Principal: { Service: 'Events.amazonaws.com' } })],
    /^statement "C" \(Deny\) names events\.amazonaws\.com in another case, which the check cannot evaluate$/, false),
  'Deny with a policy variable the check cannot know':
    refuses([...TOPIC, deny({ Sid: 'V', Condition: { ArnNotLike: { 'aws:SourceArn': 'arn:aws:events:${aws:RequestedRegion}:*:rule/*' } } })],
      /^statement "V" \(Deny\) conditions on a policy variable in aws:SourceArn, which the check cannot evaluate for events\.amazonaws\.com$/, false),
  'Deny on a key the check cannot know': refuses([...TOPIC, deny({ Sid: 'Vpc', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } } })],
    /^statement "Vpc" \(Deny\) conditions on aws:SourceVpc, which the check cannot evaluate for events\.amazonaws\.com$/, false),
  'Deny with an operator the check cannot read': refuses([...TOPIC, deny({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } } })],
    /^statement 3 \(Deny\) uses condition operator DateGreaterThan, which the check cannot evaluate$/, false),
  'Deny outside the organization (aws:PrincipalOrgID is absent for a service)':
    refuses([...TOPIC, deny({ Sid: 'Org', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } })], denied('Org'), true),
  'Deny outside the organization, IfExists':
    refuses([...TOPIC, deny({ Sid: 'Org', Condition: { StringNotEqualsIfExists: { 'aws:SourceOrgID': ORG } } })], denied('Org'), false),
  'Deny when aws:SourceArn is missing (Null)': allows([...TOPIC, deny({ Condition: { Null: { 'aws:SourceArn': 'true' } } })], false),
  'Deny for every org, ForAllValues on an absent key':
    refuses([...TOPIC, deny({ Sid: 'Org', Condition: { 'ForAllValues:StringNotEquals': { 'aws:PrincipalOrgID': ORG } } })], denied('Org'), false),
  'Deny ForAnyValue on an absent key': allows([...TOPIC, deny({ Condition: { 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': ORG } } })], false),
  'the Allow removed': refuses(withoutSid(TOPIC, 'BreakGlassRulesPublish'), NOTHING_ALLOWS, true),
  'the Allow narrowed to another rule': refuses(narrowed({ ArnLike: { 'aws:SourceArn': `arn:aws:events:us-east-2:${ACCOUNT}:rule/OtherRule` } }), NOTHING_ALLOWS, true),
  'the Allow with one of its values (values ORed)':
    allows(narrowed({ ArnLike: { 'aws:SourceArn': [`arn:aws:events:us-east-2:${ACCOUNT}:rule/OtherRule`, RULE_ARN] } }), true),
  'the Allow narrowed to another account': refuses(narrowed({ StringEquals: { 'aws:SourceAccount': '444455556666' } }), NOTHING_ALLOWS, true),
  'the Allow on a key the check cannot know': refuses(narrowed({ StringEquals: { 'aws:SourceVpc': 'vpc-1a2b3c4d' } }),
    /^statement "BreakGlassRulesPublish" \(Allow\) conditions on aws:SourceVpc, which the check cannot evaluate for events\.amazonaws\.com, so it is not counted/, false),
  'the Allow with a policy variable': allows(narrowed({ ArnLike: { 'aws:SourceArn': 'arn:aws:events:us-east-2:${aws:SourceAccount}:rule/*' } }), true),
  'Deny StringNotEquals aws:SourceAccount another account (applies)':
    refuses([...TOPIC, deny({ Sid: 'Other', Condition: { StringNotEquals: { 'aws:SourceAccount': '444455556666' } } })], denied('Other'), true),
  'Deny StringNotEquals aws:SourceAccount this account (does not apply)':
    allows([...TOPIC, deny({ Condition: { StringNotEquals: { 'aws:SourceAccount': ACCOUNT } } })], true),
  'the library\'s TLS-only Deny, on a call without TLS':
    refuses(TOPIC, denied('AllowPublishThroughSSLOnly'), true, { ...publish, context: { ...CONTEXT, 'aws:SecureTransport': 'false' } }),
  'Deny NotAction sns:Subscribe, no Resource (read as every resource)':
    refuses([...TOPIC, deny({ Action: undefined, NotAction: 'sns:Subscribe', Resource: undefined })], /^statement 3 \(Deny\) refuses/, false),
  'Deny NotResource the topic': allows([...TOPIC, deny({ Resource: undefined, NotResource: TOPIC_ARN })], false),
  'an Allow to the account only':
    refuses([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sns:Publish', Resource: TOPIC_ARN }], NOTHING_ALLOWS, true),
  'a key policy without EventBridge': refuses(withoutSid(KEY, 'EventBridgeUseForBreakGlassTopic'),
    /^no statement allows events\.amazonaws\.com kms:GenerateDataKey on arn:aws:kms:/, true, useKey('kms:GenerateDataKey')),
  'an AWS-managed key (alias/aws/sns)': refuses(AWS_MANAGED_KEY, /^no statement allows events\.amazonaws\.com kms:Decrypt on arn:aws:kms:/, true, useKey('kms:Decrypt')),
};

describe('serviceMayCall', () => {
  test.each(Object.entries(CASES))('%s', (_name, { statements, call = publish, allowed, reason }) => {
    const verdict = serviceMayCall(JSON.stringify({ Version: '2012-10-17', Statement: statements }), call);
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.reasons.length === 0).toBe(allowed);
    if (reason) {
      expect(verdict.reasons).toContainEqual(expect.stringMatching(reason));
    }
  });

  test('the test model agrees on every case it reads', () => {
    const modelled = Object.values(CASES).filter(c => c.oracle);
    expect(modelled.length).toBeGreaterThanOrEqual(15);
    for (const { statements, call = publish, allowed } of modelled) {
      // Keys a service's call is known not to carry are null to the model.
      const absent = KNOWN_KEYS.filter(k => !k.includes('*') && !(k in call.context)).map(k => [k, null]);
      const context: IamContext = { ...Object.fromEntries(absent), ...call.context };
      const model = resourcePolicyAllows(statements, { principal: call.service, action: call.action, resource: call.resource, context });
      expect({ statements, allowed: serviceMayCall(JSON.stringify({ Statement: statements }), call).allowed })
        .toEqual({ statements, allowed: model });
      expect(model).toBe(allowed);
    }
  });

  test('a policy it cannot read never allows', () => {
    for (const policy of [undefined, '', '{"Statement": [', '{}', 'null']) {
      const verdict = serviceMayCall(policy, publish);
      expect(verdict.allowed).toBe(false);
      expect(verdict.reasons).toEqual([expect.stringMatching(/policy/)]);
    }
    expect(serviceMayCall(JSON.stringify({ Statement: [...TOPIC, deny({ Sid: 'Bad', Condition: { StringEquals: null } })] }), publish))
      .toEqual({ allowed: false, reasons: ['statement "Bad" (Deny) has a malformed element, which the check cannot evaluate'] });
    expect(serviceMayCall(JSON.stringify({ Statement: [{ ...TOPIC[1], Effect: 'Maybe' }] }), publish).reasons)
      .toContainEqual(expect.stringMatching(/Effect "Maybe", which the check cannot read/));
  });

  test('a single statement object, and condition key names in any case', () => {
    const allow = { ...TOPIC.find(s => s.Sid === 'BreakGlassRulesPublish'), Condition: { StringEquals: { 'AWS:SOURCEACCOUNT': ACCOUNT } } };
    expect(serviceMayCall(JSON.stringify({ Statement: allow }), publish)).toEqual({ allowed: true, reasons: [] });
  });
});
