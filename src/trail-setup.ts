import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ACCESS_LOGS_BUCKET, answerCheckov, TRAIL_WITHOUT_KEY } from './private/checkov';
import { describeValue } from './private/describe-value';
import { constructedByFactory, FACTORY } from './private/factory-made';
import { TrailBinding } from './private/trail-binding';
import { trailNameOf } from './private/validation';

/**
 * Options for the trail `TrailSetup.createTrail()` makes.
 */
export interface CreateTrailOptions {
  /**
   * Name of the trail.
   *
   * @default - CloudFormation generates one
   */
  readonly trailName?: string;
}

/**
 * Where the CloudTrail events the construct watches come from.
 *
 * EventBridge receives CloudTrail API events only while a trail logs
 * management events in the account and region. Many accounts already have one
 * (an AWS Organizations trail, or a trail of the account's own): then say
 * `existingTrail()`. Otherwise let the construct make one with `createTrail()`.
 */
export class TrailSetup {
  /** @internal */
  public static readonly _factories = 'TrailSetup.existingTrail() or TrailSetup.createTrail()';

  /**
   * Make a multi-region trail of every management event, read and write,
   * logging to a new bucket that is TLS-only, encrypted, versioned, closed to
   * the public, logs its own access and is kept when the stack is deleted.
   */
  public static createTrail(options: CreateTrailOptions = {}): TrailSetup {
    validateTrailName(options.trailName);
    return new TrailSetup(FACTORY, `createTrail(${JSON.stringify(options.trailName ?? null)})`, scope => {
      const trail = createTrail(scope, options);
      return { trail, trailArn: trail.trailArn };
    });
  }

  /**
   * A trail that logs management events in every watched region already
   * exists (for example an organization trail); nothing is made.
   *
   * @param trailArn the trail's ARN (`arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME`), so that the tamper
   * alert protects it: stopping, deleting or changing it raises an alert. An organization trail is changed
   * from the management account, whose events this account does not see.
   * @default - the trail is not named, and not protected
   */
  public static existingTrail(trailArn?: string): TrailSetup {
    if (trailArn !== undefined) {
      trailNameOf('TrailSetup.existingTrail(trailArn)', trailArn);
    }
    return new TrailSetup(FACTORY, `existingTrail(${JSON.stringify(trailArn ?? null)})`, () => ({ trailArn }));
  }

  private constructor(key: symbol, private readonly description: string, private readonly setUp: (scope: Construct) => TrailBinding) {
    constructedByFactory(this, key, TrailSetup);
  }

  /** How the trail setup was made, as its factory call. */
  public toString(): string {
    return `TrailSetup.${this.description}`;
  }

  /**
   * Whether `other` sets up the same trail: parts that share a watch may each name it.
   *
   * @internal
   */
  public _equals(other: unknown): boolean {
    return other instanceof TrailSetup && other.description === this.description;
  }

  /**
   * Makes the trail, if this setup makes one.
   *
   * @internal
   */
  public _bind(scope: Construct): TrailBinding {
    return this.setUp(scope);
  }
}

/**
 * CloudTrail's rule for a trail name (its InvalidTrailNameException): 3 to 128 ASCII letters, digits, periods,
 * underscores or dashes, starting and ending with a letter or digit, no two of `._-` adjacent, not an IP address.
 */
const TRAIL_NAME = /^[A-Za-z0-9](?:[._-]?[A-Za-z0-9])*$/;

function validateTrailName(trailName: unknown): void {
  if (trailName === undefined || Token.isUnresolved(trailName)) {
    return;
  }
  if (typeof trailName !== 'string' || !TRAIL_NAME.test(trailName) || trailName.length < 3 || trailName.length > 128
    || /^\d+\.\d+\.\d+\.\d+$/.test(trailName)) {
    throw new Error(`TrailSetup.createTrail(options): trailName is ${describeValue(trailName)}, which is not a trail name: ` +
      'give 3 to 128 letters, digits, periods, underscores or dashes, starting and ending with a letter or digit, ' +
      'no two of . _ - side by side, such as \'break-glass\'.');
  }
}

function createTrail(scope: Construct, options: CreateTrailOptions): cloudtrail.Trail {
  const accessLogs = new s3.Bucket(scope, 'TrailAccessLogsBucket', secureBucketProps());
  const bucket = new s3.Bucket(scope, 'TrailBucket', secureBucketProps());
  // Access logs are delivered through a bucket policy, as S3 recommends, set
  // here rather than by `serverAccessLogsBucket`: that grants a log-delivery
  // ACL instead unless the app sets a feature flag, and the template must not
  // depend on the app's flags.
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: accessLogs.bucketName,
    logFilePrefix: ACCESS_LOG_PREFIX,
  };
  accessLogs.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'S3ServerAccessLogsOfTrailBucket',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [accessLogs.arnForObjects(`${ACCESS_LOG_PREFIX}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
    },
  }));
  answerCheckov(accessLogs, ACCESS_LOGS_BUCKET);
  const trail = new cloudtrail.Trail(scope, 'Trail', {
    trailName: options.trailName,
    bucket,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    managementEvents: cloudtrail.ReadWriteType.ALL,
    enableFileValidation: true,
  });
  answerCheckov(trail, TRAIL_WITHOUT_KEY);
  return trail;
}

const ACCESS_LOG_PREFIX = 'trail-bucket/';

function secureBucketProps(): s3.BucketProps {
  return {
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // ACLs off: access goes by bucket policy only.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
