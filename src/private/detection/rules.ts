import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { checkPatternSize } from './pattern-size';
import { ALL_MANAGEMENT_EVENTS, DetectionPattern } from './patterns';

/** A rule that runs one of the construct's patterns. */
export interface DetectionRuleProps extends DetectionPattern {
  readonly targets: events.IRuleTarget[];
  /** @default - the account's default event bus */
  readonly eventBus?: events.IEventBus;
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
    targets: props.targets,
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
 * Delivers whole matched events to a log group. The log group's resource policy
 * is a plain `AWS::Logs::ResourcePolicy` (see `EventsLogGroupPolicy`), not the
 * Lambda-backed one aws-cdk-lib's `CloudWatchLogGroup` target makes.
 */
export class LogGroupTarget implements events.IRuleTarget {
  constructor(private readonly logGroup: logs.ILogGroup) {}

  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    const arn = Stack.of(this.logGroup).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { arn };
  }
}

/** Who may publish to an alert topic, and how it is named in the policies. */
export interface TopicPublisher {
  /** The service principal, such as `events.amazonaws.com`. */
  readonly service: string;
  /** Sid of the topic-policy statement. */
  readonly sid: string;
  /** ARN pattern of this account's resources that publish (`aws:SourceArn`). */
  readonly sourceArn: string;
  /** Sid of the key-policy statement. */
  readonly keySid: string;
  /** Conditions on the key-policy statement. */
  readonly keyConditions?: { [operator: string]: unknown };
}

/**
 * Lets this account's resources of one service, and only them, publish to the
 * topic, and use its customer-managed key. A topic made in the app takes the
 * statements; an imported topic's or key's policy must already allow it.
 */
export function allowToPublish(topic: sns.ITopic, key: kms.IKey | undefined, publisher: TopicPublisher): void {
  const principal = new iam.ServicePrincipal(publisher.service);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: publisher.sid,
    principals: [principal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': publisher.sourceArn },
    },
  }));
  key?.addToResourcePolicy(new iam.PolicyStatement({
    sid: publisher.keySid,
    principals: [principal],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: publisher.keyConditions,
  }));
}

/** Lets this account's EventBridge rules, and only them, publish to the topic. */
export function allowRulesToPublish(topic: sns.ITopic, key?: kms.IKey): void {
  allowToPublish(topic, key, {
    service: 'events.amazonaws.com',
    sid: 'BreakGlassRulesPublish',
    sourceArn: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/*`,
    keySid: 'EventBridgeUseForBreakGlassTopic',
    keyConditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  });
}
