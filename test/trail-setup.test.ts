import { Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassRole, BreakGlassRoleProps, LogActions, TrailSetup, Username } from '../src';
import { ENV, testStack } from './support/apps';

const NO_TRAIL = 'aws-break-glass-role:noTrail';

function roleStack(props: Partial<BreakGlassRoleProps> = {}) {
  const stack = testStack();
  const construct = new BreakGlassRole(stack, 'BreakGlass', {
    usernames: [Username.iamUser('alice')],
    createLoginLogGroup: true,
    logActions: LogActions.ALL,
    ...props,
  });
  return { stack, construct };
}

function noTrailWarnings(stack: Stack) {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(NO_TRAIL));
}

/** Resources of a type, with their logical ids. */
function resources(stack: Stack, type: string): Array<[string, any]> {
  return Object.entries(Template.fromStack(stack).findResources(type));
}

describe('TrailSetup.createTrail()', () => {
  const { stack } = roleStack({ trail: TrailSetup.createTrail() });
  const template = Template.fromStack(stack);
  const trails = resources(stack, 'AWS::CloudTrail::Trail');
  const bucketRef = trails[0][1].Properties.S3BucketName.Ref as string;
  const buckets = resources(stack, 'AWS::S3::Bucket');
  const accessLogsBucketId = buckets.map(([id]) => id).find(id => id !== bucketRef)!;

  test('makes one trail', () => {
    expect(trails).toHaveLength(1);
  });

  test('the trail logs every region, and global services', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
    });
  });

  test('the trail logs read and write management events', () => {
    // Without event selectors a trail logs all management events; with them, one must say All.
    const selectors = trails[0][1].Properties.EventSelectors as any[] | undefined;
    if (selectors !== undefined) {
      expect(selectors).toContainEqual(expect.objectContaining({ IncludeManagementEvents: true, ReadWriteType: 'All' }));
    }
    expect(trails[0][1].Properties.AdvancedEventSelectors).toBeUndefined();
  });

  test('the trail validates its log files', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', { EnableLogFileValidation: true });
  });

  test('makes a bucket for the trail and one for its access logs', () => {
    expect(buckets).toHaveLength(2);
  });

  test.each(['trail', 'access-log'])('the %s bucket is encrypted, closed to the public, versioned and has ACLs off', (which) => {
    const id = which === 'trail' ? bucketRef : accessLogsBucketId;
    const bucket = Template.fromStack(stack).toJSON().Resources[id];
    expect(bucket.Properties).toEqual(expect.objectContaining({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: expect.stringMatching(/^(AES256|aws:kms)$/) } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    }));
    expect(bucket.Properties.AccessControl).toBeUndefined();
  });

  test.each(['trail', 'access-log'])('the %s bucket is kept when the stack is deleted', (which) => {
    const id = which === 'trail' ? bucketRef : accessLogsBucketId;
    template.templateMatches({ Resources: { [id]: { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } } });
  });

  test.each(['trail', 'access-log'])('the %s bucket refuses requests without TLS', (which) => {
    const id = which === 'trail' ? bucketRef : accessLogsBucketId;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('the trail bucket logs its access to the access-log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: accessLogsBucketId } },
    });
  });

  test('the access-log bucket admits S3 log delivery from the trail bucket only, by policy', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: accessLogsBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketRef, 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': ENV.account },
          },
        })]),
      },
    });
  });

  test('CloudTrail may write to the trail bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketRef },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl' }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  test('raises no noTrail warning', () => {
    expect(noTrailWarnings(stack)).toHaveLength(0);
  });

  test('is exposed as the construct\'s trail', () => {
    const { construct } = roleStack({ trail: TrailSetup.createTrail() });
    expect(construct.watch.trail).toBeDefined();
  });
});

test('createTrail({ trailName }) names the trail', () => {
  const { stack } = roleStack({ trail: TrailSetup.createTrail({ trailName: 'break-glass' }) });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: 'break-glass' });
});

// CloudTrail's rule for a trail name, as its InvalidTrailNameException states it.
test.each([
  ['a wildcard', '*'],
  ['too short', 'bg'],
  ['a start that is no letter or digit', '-break-glass'],
  ['two separators side by side', 'break--glass'],
  ['an IP address', '192.168.5.4'],
  ['a character CloudTrail refuses', 'break glass'],
])('createTrail({ trailName }) refuses %s', (_what, trailName) => {
  expect(() => TrailSetup.createTrail({ trailName })).toThrow(`trailName is '${trailName}', which is not a trail name`);
});

test.each(['abc', 'Break.Glass_2-x', 'a'.repeat(128)])('createTrail({ trailName: %p }) is a trail name', trailName => {
  expect(() => TrailSetup.createTrail({ trailName })).not.toThrow();
});

describe('TrailSetup.existingTrail()', () => {
  const { stack, construct } = roleStack({ trail: TrailSetup.existingTrail() });

  test('makes no trail and no bucket', () => {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(construct.watch.trail).toBeUndefined();
  });

  test('raises no noTrail warning', () => {
    expect(noTrailWarnings(stack)).toHaveLength(0);
  });
});

describe('without a trail setting', () => {
  test('BreakGlassRole makes no trail and warns exactly once, from the watch its parts share', () => {
    const { stack, construct } = roleStack();
    Template.fromStack(stack).resourceCountIs('AWS::CloudTrail::Trail', 0);
    const warnings = noTrailWarnings(stack);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe(`/${construct.watch.node.path}`);
  });

  test('the warning says why and how to fix it', () => {
    const [warning] = noTrailWarnings(roleStack().stack);
    expect(warning.entry.data).toMatch(/trail/i);
    expect(warning.entry.data).toContain('TrailSetup.existingTrail()');
    expect(warning.entry.data).toContain('TrailSetup.createTrail()');
  });

  test('the warning can be acknowledged', () => {
    const { stack, construct } = roleStack();
    CoreAnnotations.of(construct).acknowledgeWarning(NO_TRAIL, 'An organization trail logs every region.');
    expect(noTrailWarnings(stack)).toHaveLength(0);
  });

  test.each([
    ['BreakGlassLoginAlert', (stack: Stack, role: iam.IRole) => new BreakGlassLoginAlert(stack, 'Alert', { role })],
    ['BreakGlassLogActions', (stack: Stack, role: iam.IRole) => new BreakGlassLogActions(stack, 'Actions', { role })],
  ])('%s on its own warns once', (_name, make) => {
    const stack = testStack();
    make(stack, iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'));
    expect(noTrailWarnings(stack)).toHaveLength(1);
  });

  test('two parts on their own share the first one\'s watch and its one warning', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleName(stack, 'Role', 'BreakGlass');
    const alert = new BreakGlassLoginAlert(stack, 'Alert', { role });
    const actions = new BreakGlassLogActions(stack, 'Actions', { role });
    expect(actions.watch).toBe(alert.watch);
    expect(noTrailWarnings(stack).map(w => w.id)).toEqual(['/Home/BreakGlassWatch-BreakGlass']);
  });
});

test('a part on its own with createTrail() makes the trail under its role\'s default watch', () => {
  const stack = testStack();
  new BreakGlassLogActions(stack, 'Actions', { role: iam.Role.fromRoleName(stack, 'Role', 'BreakGlass'), trail: TrailSetup.createTrail() });
  const trails = resources(stack, 'AWS::CloudTrail::Trail');
  expect(trails).toHaveLength(1);
  // Under the role's default watch, a child of the stack.
  expect(trails[0][0]).toMatch(/^BreakGlassWatchBreakGlassTrail[0-9A-F]{8}$/);
});
