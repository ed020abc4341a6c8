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
