import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A checkov finding answered on a resource: its check id and why it does not apply. */
export interface CheckovAnswer {
  readonly id: string;
  readonly comment: string;
}

/** The answers, as a template's resource `Metadata` holds them (`checkov.skip`), for the JSON templates of other regions. */
export function checkovMetadata(answers: CheckovAnswer[]): { checkov: { skip: CheckovAnswer[] } } {
  return { checkov: { skip: answers } };
}

/**
 * Answers a checkov finding on `resource` (its CloudFormation resource, or a construct whose default child is one)
 * in checkov's metadata form, beside any answer it has.
 */
export function answerCheckov(resource: IConstruct, answer: CheckovAnswer): void {
  const cfn = CfnResource.isCfnResource(resource) ? resource : resource.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) {
    throw new Error(`${resource.node.path} has no CloudFormation resource to answer ${answer.id} on`);
  }
  const skip = (cfn.getMetadata('checkov')?.skip ?? []) as CheckovAnswer[];
  cfn.addMetadata('checkov', { skip: [...skip.filter(s => s.id !== answer.id), answer] });
}

/** Why a resource keeps the encryption AWS gives it at rest rather than a customer-managed key. */
const KEY_COSTS = 'a customer-managed KMS key costs $1 a month (per region); give encryptionKey to use yours';

/** checkov CKV_AWS_26: an SNS topic without a customer-managed key. */
export const TOPIC_WITHOUT_KEY: CheckovAnswer = {
  id: 'CKV_AWS_26',
  comment: `The topic holds a message only while delivering it; ${KEY_COSTS}.`,
};

/** checkov CKV_AWS_158: a log group without a customer-managed key. */
export const LOG_GROUP_WITHOUT_KEY: CheckovAnswer = {
  id: 'CKV_AWS_158',
  comment: `CloudWatch Logs encrypts every log group at rest with its own keys; ${KEY_COSTS}.`,
};

/** checkov CKV_AWS_27: an SQS queue encrypted with SQS-managed keys (SSE-SQS), not a customer-managed KMS key. */
export const QUEUE_WITH_SQS_KEYS: CheckovAnswer = {
  id: 'CKV_AWS_27',
  comment: 'The queue is encrypted at rest with SQS-managed keys (SqsManagedSseEnabled), in every region it is deployed to, '
    + 'where a customer-managed KMS key would cost $1 a month each and need EventBridge in its key policy.',
};

/**
 * checkov CKV_AWS_35: a trail `TrailSetup.createTrail()` makes, not encrypted with a customer-managed key.
 * CloudTrail encrypts the log files it delivers with S3-managed keys (SSE-S3) by default (CloudTrail User Guide,
 * "Encrypting CloudTrail log files with AWS KMS keys").
 */
export const TRAIL_WITHOUT_KEY: CheckovAnswer = {
  id: 'CKV_AWS_35',
  comment: 'CloudTrail encrypts its log files at rest with S3-managed keys (SSE-S3), in a bucket that is TLS-only, versioned and closed to the public; '
    + 'a customer-managed KMS key would cost $1 a month and a KMS request for every log file. For a trail with your key, make it yourself and use '
    + 'TrailSetup.existingTrail().',
};

/** checkov CKV_AWS_18: the bucket that receives the trail bucket's access logs, which logs nothing itself. */
export const ACCESS_LOGS_BUCKET: CheckovAnswer = {
  id: 'CKV_AWS_18',
  comment: 'This bucket receives the trail bucket\'s server access logs; logging its own access would need a third bucket, and that one a fourth.',
};

/**
 * checkov's findings on a Lambda function the construct deploys to run on a schedule and call AWS APIs
 * (CKV_AWS_115 concurrency, CKV_AWS_116 dead-letter queue, CKV_AWS_117 VPC, CKV_AWS_173 environment key).
 * Reserving concurrency: Lambda keeps 100 of an account's concurrency unreserved, so reserving any fails in an
 * account whose limit is 100 or less (Lambda Developer Guide, "Configuring reserved concurrency for a function").
 */
export const SCHEDULED_FUNCTION: CheckovAnswer[] = [
  {
    id: 'CKV_AWS_115',
    comment: 'The function runs once per schedule; reserved concurrency would take from the account\'s unreserved pool, of which Lambda keeps 100, '
      + 'and fail to deploy in accounts whose concurrency limit is 100 or less.',
  },
  {
    id: 'CKV_AWS_116',
    comment: 'A dead-letter queue keeps failed asynchronous invocations for a replay; a scheduled run has nothing to replay (the next run does the '
      + 'whole work again), and a failed run is loud: it sets off the function\'s alarm, or goes to the watch\'s dead-letter queue, whose alarm it sets off.',
  },
  {
    id: 'CKV_AWS_117',
    comment: 'The function reaches only AWS APIs over their public endpoints; in a VPC it would need a NAT gateway or an interface endpoint for '
      + 'each API it calls.',
  },
  {
    id: 'CKV_AWS_173',
    comment: 'Lambda encrypts environment variables at rest with its AWS-managed key; these hold the function\'s settings (names, regions, ARNs), '
      + 'no secret.',
  },
];
