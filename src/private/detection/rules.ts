import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { checkPatternSize } from './pattern-size';
import { ALL_MANAGEMENT_EVENTS, DetectionPattern } from './patterns';
import { DeadLetters } from '../delivery/dead-letter-queue';

/** A rule that runs one of the construct's patterns. */
export interface DetectionRuleProps extends DetectionPattern {
  readonly targets: events.IRuleTarget[];
  /** @default - the account's default event bus */
  readonly eventBus?: events.IEventBus;
  /** Where every target's undeliverable events are kept: a queue in the rule's region. */
  readonly deadLetters: DeadLetters;
}

/**
 * Creates a rule for a pattern, in the all-management-events state when it
 * must see read-only events (aws-cdk-lib's `Rule` has no prop for that state).
 */
export function detectionRule(scope: Construct, id: string, props: DetectionRuleProps): events.Rule {
  const rule = new events.Rule(scope, id, {
    description: props.description,
    eventBus: props.eventBus,
    eventPattern: props.pattern as events.EventPattern,
    targets: props.targets.map(target => props.deadLetters.keepFailed(target)),
  });
  if (props.readOnlyEvents) {
    (rule.node.defaultChild as events.CfnRule).state = ALL_MANAGEMENT_EVENTS;
  }
  checkPatternSize(rule, () => props.pattern);
  return rule;
}

/** Delivers matched events to an SNS topic, rendered by `input`. */
export class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly input: events.RuleTargetInput) {}

  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    // The topic policy that admits EventBridge is set once by the topic's owner.
    return { arn: this.topic.topicArn, input: this.input };
  }
}

/**
 * Delivers matched events (whole, or as `input` writes them) to a log group. The log group's resource policy
 * is a plain `AWS::Logs::ResourcePolicy` (see `EventsLogGroupPolicy`), not the
 * Lambda-backed one aws-cdk-lib's `CloudWatchLogGroup` target makes.
 */
export class LogGroupTarget implements events.IRuleTarget {
  /**
   * @param input what is written; for a log group it must be
   * `{"timestamp": ..., "message": "..."}` (Amazon EventBridge User Guide,
   * "CloudWatch Logs groups as targets"). By default, the whole event.
   */
  constructor(private readonly logGroup: logs.ILogGroup, private readonly input?: events.RuleTargetInput) {}

  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    const arn = Stack.of(this.logGroup).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { arn, input: this.input };
  }
}
