import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Lambda's on-failure destination: a queue, by its ARN, with no grant (the
 * function's policy allows `sqs:SendMessage`). The queue's policy stays its
 * own: aws-cdk-lib's `SqsDestination` would add a second one.
 */
export function queueDestination(queueArn: string): lambda.IDestination {
  return { bind: () => ({ destination: queueArn }) };
}
