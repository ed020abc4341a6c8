import { matchAll, RulerCase } from './event-ruler';

// Expected values come from the Amazon EventBridge User Guide pages on event
// patterns (eb-event-patterns, eb-create-pattern-operators, eb-event-patterns-arrays,
// eb-filtering-data-types), not from running the harness.

const ROLE_ARN = 'arn:aws:iam::123456789012:role/BreakGlass';

function issuerEvent(arn: string): unknown {
  return {
    'source': 'aws.sts',
    'detail-type': 'AWS API Call via CloudTrail',
    'detail': {
      eventName: 'AssumeRole',
      userIdentity: {
        type: 'AssumedRole',
        sessionContext: { sessionIssuer: { type: 'Role', arn } },
      },
    },
  };
}

// Every case runs in a single JVM; each test reads back its own results.
const CASES = {
  exactMatch: { pattern: { source: ['aws.ec2'] }, event: { source: 'aws.ec2' } },
  exactMismatch: { pattern: { source: ['aws.ec2'] }, event: { source: 'aws.s3' } },
  prefixMatch: {
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-02T18:43:48Z' },
  },
  prefixMismatch: {
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: { time: '2017-10-03T18:43:48Z' },
  },
  existsFalseMissing: {
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { state: 'running' } },
  },
  existsFalsePresent: {
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { detail: { 'state': 'running', 'c-count': 5 } },
  },
  anythingButOther: {
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: 'running' } },
  },
  anythingButSame: {
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: { detail: { state: 'initializing' } },
  },
  arrayIntersects: {
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
  },
  arrayDisjoint: {
    pattern: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    event: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-00000000',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      ],
    },
  },
  nestedMatch: {
    pattern: { detail: { userIdentity: { sessionContext: { sessionIssuer: { arn: [ROLE_ARN] } } } } },
    event: issuerEvent(ROLE_ARN),
  },
  nestedMismatch: {
    pattern: { detail: { userIdentity: { sessionContext: { sessionIssuer: { arn: [ROLE_ARN] } } } } },
    event: issuerEvent('arn:aws:iam::123456789012:role/Other'),
  },
  ignoreCase: {
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    event: { 'detail-type': 'EC2 Instance State-change Notification' },
  },
  numericInRange: {
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: { detail: { 'c-count': 5 } },
  },
  numericOutOfRange: {
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: { detail: { 'c-count': 0 } },
  },
  booleanSame: {
    pattern: { detail: { readOnly: [true] } },
    event: { detail: { readOnly: true } },
  },
  booleanDifferent: {
    pattern: { detail: { readOnly: [true] } },
    event: { detail: { readOnly: false } },
  },
} satisfies Record<string, RulerCase>;

type CaseName = keyof typeof CASES;

let results: Record<CaseName, boolean>;

beforeAll(() => {
  const names = Object.keys(CASES) as CaseName[];
  const matched = matchAll(names.map((name) => CASES[name]));
  results = Object.fromEntries(names.map((name, i) => [name, matched[i]])) as Record<CaseName, boolean>;
});

test('an exact string value matches the same string', () => {
  expect(results.exactMatch).toBe(true);
});

test('an exact string value does not match a different string', () => {
  expect(results.exactMismatch).toBe(false);
});

test('prefix matches only values that begin with it', () => {
  expect([results.prefixMatch, results.prefixMismatch]).toEqual([true, false]);
});

test('exists: false matches an event without the field', () => {
  expect(results.existsFalseMissing).toBe(true);
});

test('exists: false does not match an event with the field', () => {
  expect(results.existsFalsePresent).toBe(false);
});

test('anything-but matches every value except the one named', () => {
  expect([results.anythingButOther, results.anythingButSame]).toEqual([true, false]);
});

test('an array-valued event field matches if any element matches', () => {
  expect([results.arrayIntersects, results.arrayDisjoint]).toEqual([true, false]);
});

test('a pattern on detail.userIdentity.sessionContext.sessionIssuer.arn matches the nested field', () => {
  expect([results.nestedMatch, results.nestedMismatch]).toEqual([true, false]);
});

test('equals-ignore-case matches regardless of case', () => {
  expect(results.ignoreCase).toBe(true);
});

test('numeric matches only values within the range', () => {
  expect([results.numericInRange, results.numericOutOfRange]).toEqual([true, false]);
});

test('a boolean value matches only the same boolean', () => {
  expect([results.booleanSame, results.booleanDifferent]).toEqual([true, false]);
});

test('an invalid pattern makes matchAll throw, naming the case', () => {
  // Each field's value in a pattern must be an array (or an object to descend into).
  const cases: RulerCase[] = [
    { pattern: { source: ['aws.ec2'] }, event: { source: 'aws.ec2' } },
    { pattern: { source: 'aws.ec2' }, event: { source: 'aws.ec2' } },
  ];
  expect(() => matchAll(cases)).toThrow(/case 1: invalid pattern/);
});
