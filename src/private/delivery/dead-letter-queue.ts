import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION_SECONDS, DELIVERY_RETRY, deadLetterQueueStatements } from './delivery-retry';
import { answerCheckov, QUEUE_WITH_SQS_KEYS } from '../checkov';
import { acknowledgeFinding } from '../nag-acknowledgements';
import { resolvedKey } from '../resolved';

/** Where a rule's undeliverable events are kept: what every rule the construct makes is given. */
export interface DeadLetters {
  /** The target, delivering as `target` does, retried as `DELIVERY_RETRY` says and kept in the queue when it fails. */
  keepFailed(target: events.IRuleTarget): events.IRuleTarget;
}

/**
 * The dead-letter queue of the break-glass rules of one region of a stack:
 * SQS-encrypted, keeping messages 14 days, and written to only by EventBridge
 * on behalf of the rules whose targets use it (`aws:SourceArn`), listed sorted
 * whichever part made each rule first.
 */
export class DeadLetterQueue extends Construct implements DeadLetters {
  public readonly queue: sqs.Queue;
  private readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      retentionPeriod: Duration.seconds(DEAD_LETTER_RETENTION_SECONDS),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    answerCheckov(this.queue, QUEUE_WITH_SQS_KEYS);
    acknowledgeFinding(this.queue, 'AwsSolutions-SQS3', 'The queue is the dead-letter queue of EventBridge rule targets (their DeadLetterConfig), ' +
      'which cdk-nag does not count: it holds what the break-glass rules could not deliver, and needs none of its own.');
    const stack = Stack.of(this);
    const key = (arn: string) => resolvedKey(stack, arn);
    new sqs.CfnQueuePolicy(this, 'Policy', {
      queues: [this.queue.queueUrl],
      policyDocument: Lazy.any({
        produce: () => ({
          Version: '2012-10-17',
          Statement: deadLetterQueueStatements(this.queue.queueArn, [...new Map(this.ruleArns.map(arn => [key(arn), arn])).entries()]
            .sort(([a], [b]) => a.localeCompare(b)).map(([, arn]) => arn)),
        }),
      }),
    });
  }

  public keepFailed(target: events.IRuleTarget): events.IRuleTarget {
    return {
      bind: (rule: events.IRule, id?: string): events.RuleTargetConfig => {
        this.ruleArns.push(rule.ruleArn);
        return {
          ...target.bind(rule, id),
          deadLetterConfig: { arn: this.queue.queueArn },
          retryPolicy: {
            maximumEventAgeInSeconds: DELIVERY_RETRY.maximumEventAgeSeconds,
            maximumRetryAttempts: DELIVERY_RETRY.maximumRetryAttempts,
          },
        };
      },
    };
  }
}
