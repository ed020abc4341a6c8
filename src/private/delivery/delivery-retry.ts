import { tlsOnlyStatement } from '../tls-only';

/**
 * How every target of every break-glass rule is retried, and where what fails
 * is kept: an SQS dead-letter queue in the rule's region (the Amazon
 * EventBridge User Guide, "Using dead-letter queues to process undelivered
 * events": the queue must be a standard queue in the rule's region, and
 * EventBridge needs `sqs:SendMessage` from the rule, granted by the queue's
 * policy).
 *
 * Errors EventBridge cannot retry (a target that no longer exists, missing
 * permissions, a role it cannot assume) go to the queue at once; a retriable
 * one (throttling, a timeout, an internal error) is retried with back-off until
 * either limit below is reached, then goes to the queue. The default policy
 * retries for 24 hours (185 attempts): an alert would reach no one for a day
 * and be kept nowhere in the meantime.
 */
export const DELIVERY_RETRY = {
  /** Give up, and keep the event, after 5 minutes. */
  maximumEventAgeSeconds: 300,
  /** Or after this many retries, whichever comes first. */
  maximumRetryAttempts: 8,
};

/** How long a dead-letter queue keeps what could not be delivered: SQS's longest, 14 days. */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** The `RetryPolicy` and `DeadLetterConfig` of a rule target as a template writes them. */
export function deadLetterTargetProperties(queueArn: unknown): { DeadLetterConfig: { Arn: unknown }; RetryPolicy: object } {
  return {
    DeadLetterConfig: { Arn: queueArn },
    RetryPolicy: {
      MaximumEventAgeInSeconds: DELIVERY_RETRY.maximumEventAgeSeconds,
      MaximumRetryAttempts: DELIVERY_RETRY.maximumRetryAttempts,
    },
  };
}

/** The statements of a dead-letter queue's policy: EventBridge may send from `ruleArns` only, and nobody without TLS. */
export function deadLetterQueueStatements(queueArn: unknown, ruleArns: unknown[]): object[] {
  return [
    ...(ruleArns.length > 0 ? [{
      Sid: 'BreakGlassRulesDeadLetters',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: queueArn,
      Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
    }] : []),
    tlsOnlyStatement('AllowTlsOnly', 'sqs:*', queueArn),
  ];
}
