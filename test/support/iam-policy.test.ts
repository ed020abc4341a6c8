import { policyAllows } from './iam-policy';

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

  test('throws on what it does not model, rather than guess', () => {
    const request = { action: 'sns:DeleteTopic', resource: 'arn:aws:sns:eu-west-1:111122223333:Alerts', context: CONTEXT };
    expect(() => policyAllows([{ ...ALLOW_TOPIC, NotResource: '*' }], request)).toThrow(/NotResource is not modelled/);
    expect(() => policyAllows([{ ...ALLOW_TOPIC, Condition: { ArnLike: { 'aws:SourceArn': '*' } } }], request)).toThrow(/ArnLike is not modelled/);
    expect(() => policyAllows([{ ...ALLOW_TOPIC, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }], request))
      .toThrow(/aws:PrincipalTag\/team is not in the request's context/);
  });
});
