import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * How every dead-letter queue alarm, in the home region or a forwarded one,
 * reads its queue's `ApproximateNumberOfMessagesVisible` (namespace `AWS/SQS`,
 * dimension `QueueName`): one message kept sets it off within a minute, and no
 * data is fine, since SQS publishes no metrics for an empty queue nobody uses
 * (Amazon SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS").
 */
export const DEAD_LETTER_ALARM = {
  namespace: 'AWS/SQS',
  metricName: 'ApproximateNumberOfMessagesVisible',
  statistic: cloudwatch.Stats.MAXIMUM,
  periodSeconds: 60,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
};
