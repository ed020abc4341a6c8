import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * How every delivery-health alarm, in the home region or a forwarded one, reads
 * a rule's `FailedInvocations` (namespace `AWS/Events`), the deliveries
 * EventBridge gave up on: one failure in a minute sets it off, and no data is
 * fine, since EventBridge publishes the metric only when it is not zero.
 */
export const FAILED_DELIVERY_ALARM = {
  namespace: 'AWS/Events',
  metricName: 'FailedInvocations',
  statistic: cloudwatch.Stats.SUM,
  periodSeconds: 60,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
};
