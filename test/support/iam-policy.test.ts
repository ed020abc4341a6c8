import { policyAllows, trustPolicyAllows } from './iam-policy';

const CONTEXT = { 'aws:RequestedRegion': 'eu-west-1' };
const ALLOW_TOPIC = { Effect: 'Allow', Action: 'sns:DeleteTopic', Resource: 'arn:aws:sns:*:111122223333:Alerts' };

describe('policyAllows', () => {
  test('allows what an Allow statement matches, by action and resource wildcards', () => {
    const request = { action: 'sns:DeleteTopic', resource: 'arn:aws:sns:eu-west-1:111122223333:Alerts', context: CONTEXT };
    expect(policyAllows([ALLOW_TOPIC], request)).toBe(true);
    expect(policyAllows([{ ...ALLOW_TOPIC, Action: 'SNS:Delete*' }], request)).toBe(true);
  });

  test('refuses another resource, another action, and what no statement names', () => {
    expect(policyAllows([ALLOW_TOPIC], { action: 'sns:DeleteTopic', resource: 'arn:aws:sns:eu-west-1:111122223333:Other', context: CONTEXT })).toBe(false);
    expect(policyAllows([ALLOW_TOPIC], { action: 'sns:Subscribe', resource: 'arn:aws:sns:eu-west-1:111122223333:Alerts', context: CONTEXT })).toBe(false);
    expect(policyAllows([], { action: 'sns:DeleteTopic', resource: 'arn:aws:sns:eu-west-1:111122223333:Alerts', context: CONTEXT })).toBe(false);
  });

  test('a matching Deny wins over an Allow', () => {
    const deny = { ...ALLOW_TOPIC, Effect: 'Deny' };
    expect(policyAllows([ALLOW_TOPIC, deny], { action: 'sns:DeleteTopic', resource: 'arn:aws:sns:eu-west-1:111122223333:Alerts', context: CONTEXT })).toBe(false);
  });

  test('applies StringEquals, StringNotEquals and StringLike conditions', () => {
    const request = (region: string) => ({ action: 'sns:Unsubscribe', resource: '*', context: { 'aws:RequestedRegion': region } });
    const allowOutside = { Effect: 'Allow', Action: 'sns:Unsubscribe', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-2' } } };
    expect(policyAllows([allowOutside], request('eu-west-1'))).toBe(true);
    expect(policyAllows([allowOutside], request('us-east-2'))).toBe(false);
    const allowIn = { ...allowOutside, Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-west-2'] } } };
    expect(policyAllows([allowIn], request('eu-west-2'))).toBe(true);
    expect(policyAllows([allowIn], request('us-east-2'))).toBe(false);
    const allowLike = { ...allowOutside, Condition: { StringLike: { 'aws:RequestedRegion': 'eu-*' } } };
    expect(policyAllows([allowLike], request('eu-north-1'))).toBe(true);
    expect(policyAllows([allowLike], request('us-east-1'))).toBe(false);
  });

  test('NotAction matches every action but those listed, with wildcards', () => {
    const denyElsewhere = { Effect: 'Deny', NotAction: ['iam:*', 'sts:GetCallerIdentity'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } };
    const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };
    const request = (action: string, region: string) => ({ action, resource: '*', context: { 'aws:RequestedRegion': region } });
    expect(policyAllows([allowAll, denyElsewhere], request('ec2:RunInstances', 'ap-southeast-2'))).toBe(false);
    expect(policyAllows([allowAll, denyElsewhere], request('ec2:RunInstances', 'eu-west-1'))).toBe(true);
    expect(policyAllows([allowAll, denyElsewhere], request('IAM:CreateUser', 'ap-southeast-2'))).toBe(true);
    expect(policyAllows([allowAll, denyElsewhere], request('sts:GetCallerIdentity', 'ap-southeast-2'))).toBe(true);
    expect(policyAllows([allowAll, denyElsewhere], request('sts:AssumeRole', 'ap-southeast-2'))).toBe(false);
    expect(() => policyAllows([{ ...allowAll, NotAction: 's3:*' }], request('s3:GetObject', 'eu-west-1'))).toThrow(/exactly one of Action and NotAction/);
  });

  test('StringEqualsIfExists holds where the key is absent, and compares where it is present', () => {
    const allow = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEqualsIfExists: { 'sts:SourceIdentity': 'alice' } } };
    const request = (sourceIdentity: string | null) => ({ action: 'sts:AssumeRole', resource: '*', context: { 'sts:SourceIdentity': sourceIdentity } });
    expect(policyAllows([allow], request(null))).toBe(true);
    expect(policyAllows([allow], request('alice'))).toBe(true);
    expect(policyAllows([allow], request('bob'))).toBe(false);
  });

  test('throws on what it does not model, rather than guess', () => {
    const request = { action: 'sns:DeleteTopic', resource: 'arn:aws:sns:eu-west-1:111122223333:Alerts', context: CONTEXT };
    expect(() => policyAllows([{ ...ALLOW_TOPIC, NotResource: '*' }], request)).toThrow(/NotResource is not modelled/);
    expect(() => policyAllows([{ ...ALLOW_TOPIC, Condition: { ArnNotLike: { 'aws:SourceArn': '*' } } }], request)).toThrow(/ArnNotLike is not modelled/);
    expect(() => policyAllows([{ ...ALLOW_TOPIC, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*' } } }], { ...request, context: { 'aws:SourceArn': 'x' } }))
      .toThrow(/ARN pattern arn:aws:sns:\* is not an ARN/);
    expect(() => policyAllows([{ ...ALLOW_TOPIC, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }], { ...request, context: { 'aws:SecureTransport': 'true' } }))
      .toThrow(/Bool value yes is not modelled/);
    expect(() => policyAllows([{ ...ALLOW_TOPIC, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }], request))
      .toThrow(/aws:PrincipalTag\/team is not in the request's context/);
  });
});

describe('policyAllows: operators of trust policies', () => {
  const request = (context: { [key: string]: string | null }) => ({ action: 'sts:AssumeRole', resource: '*', context });
  const allow = (Condition: object) => [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition }];

  test('StringEqualsIgnoreCase ignores case, and nothing else', () => {
    const policy = allow({ StringEqualsIgnoreCase: { 'aws:username': ['alice', 'bob'] } });
    expect(policyAllows(policy, request({ 'aws:username': 'ALICE' }))).toBe(true);
    expect(policyAllows(policy, request({ 'aws:username': 'alice2' }))).toBe(false);
  });

  test('a policy variable in a value stands for the request\'s value of that key; a request without it matches nothing', () => {
    // The IAM User Guide's example for sts:RoleSessionName: the session must be named as the IAM user.
    const policy = allow({ StringEquals: { 'sts:RoleSessionName': '${aws:username}' } });
    expect(policyAllows(policy, request({ 'sts:RoleSessionName': 'alice', 'aws:username': 'alice' }))).toBe(true);
    expect(policyAllows(policy, request({ 'sts:RoleSessionName': 'bob', 'aws:username': 'alice' }))).toBe(false);
    expect(policyAllows(policy, request({ 'sts:RoleSessionName': '', 'aws:username': null }))).toBe(false);
    expect(() => policyAllows(policy, request({ 'sts:RoleSessionName': 'alice' }))).toThrow(/policy variable \$\{aws:username\} is not in the request's context/);
  });

  test('Bool compares true and false', () => {
    const policy = allow({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(policyAllows(policy, request({ 'aws:MultiFactorAuthPresent': 'true' }))).toBe(true);
    expect(policyAllows(policy, request({ 'aws:MultiFactorAuthPresent': 'false' }))).toBe(false);
  });

  test('ArnLike and ArnEquals match each colon-separated part, case-sensitively, ? being one character', () => {
    for (const operator of ['ArnLike', 'ArnEquals']) {
      const policy = allow({ [operator]: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a/*/R_??' } });
      expect(policyAllows(policy, request({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a/x/y/R_12' }))).toBe(true);
      expect(policyAllows(policy, request({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a/x/R_123' }))).toBe(false);
      expect(policyAllows(policy, request({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/A/x/R_12' }))).toBe(false);
      expect(policyAllows(policy, request({ 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/a/x/R_12' }))).toBe(false);
    }
    // A * in one part does not reach into the next.
    const anyAccount = allow({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/R' } });
    expect(policyAllows(anyAccount, request({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/R' }))).toBe(true);
    expect(policyAllows(anyAccount, request({ 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/x:role/R' }))).toBe(false);
  });

  test('a key known to be absent fails a condition, but for a negated operator', () => {
    expect(policyAllows(allow({ StringLike: { 'aws:userid': '*:carol' } }), request({ 'aws:userid': null }))).toBe(false);
    expect(policyAllows(allow({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), request({ 'aws:MultiFactorAuthPresent': null }))).toBe(false);
    expect(policyAllows(allow({ StringNotEquals: { 'aws:username': 'mallory' } }), request({ 'aws:username': null }))).toBe(true);
  });
});

describe('trustPolicyAllows', () => {
  const assume = (principal: string) => ({ principal, action: 'sts:AssumeRole', context: {} });
  const trust = (Principal: object, Effect = 'Allow') => ({ Effect, Principal, Action: 'sts:AssumeRole' });

  test('an account principal admits any principal of that account, and of no other', () => {
    for (const principal of [{ AWS: 'arn:aws:iam::111122223333:root' }, { AWS: '111122223333' }]) {
      expect(trustPolicyAllows([trust(principal)], assume('arn:aws:sts::111122223333:assumed-role/R/s'))).toBe(true);
      expect(trustPolicyAllows([trust(principal)], assume('arn:aws:iam::111122223333:user/alice'))).toBe(true);
      expect(trustPolicyAllows([trust(principal)], assume('arn:aws:iam::444455556666:user/alice'))).toBe(false);
    }
  });

  test('an exact principal ARN admits that principal alone; a Deny wins; another action is not admitted', () => {
    const alice = trust({ AWS: 'arn:aws:iam::111122223333:user/alice' });
    expect(trustPolicyAllows([alice], assume('arn:aws:iam::111122223333:user/alice'))).toBe(true);
    expect(trustPolicyAllows([alice], assume('arn:aws:iam::111122223333:user/bob'))).toBe(false);
    expect(trustPolicyAllows([alice, { ...alice, Effect: 'Deny' }], assume('arn:aws:iam::111122223333:user/alice'))).toBe(false);
    expect(trustPolicyAllows([alice], { ...assume('arn:aws:iam::111122223333:user/alice'), action: 'sts:TagSession' })).toBe(false);
  });

  test('throws on principals and elements it does not model', () => {
    const caller = assume('arn:aws:iam::111122223333:user/alice');
    expect(() => trustPolicyAllows([trust({ Service: 'lambda.amazonaws.com' })], caller)).toThrow(/principal .*Service.* is not modelled/);
    expect(() => trustPolicyAllows([trust({ AWS: '*' })], caller)).toThrow(/principal \* is not modelled/);
    expect(() => trustPolicyAllows([{ ...trust({ AWS: '111122223333' }), Resource: '*' }], caller)).toThrow(/Resource is not modelled/);
  });
});
