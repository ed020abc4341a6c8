import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Who publishes to the construct's topics (alert, chat): this account's EventBridge rules or CloudWatch alarms. */
export enum TopicPublisher {
  RULES = 'EventBridge rules',
  ALARMS = 'CloudWatch alarms',
}

/** What a publisher is granted, and how it is named in the policies. */
export interface PublisherGrant {
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

const GRANTS: { readonly [publisher in TopicPublisher]: PublisherGrant } = {
  [TopicPublisher.RULES]: {
    service: 'events.amazonaws.com',
    sid: 'BreakGlassRulesPublish',
    sourceArn: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/*`,
    keySid: 'EventBridgeUseForBreakGlassTopic',
    keyConditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  },
  [TopicPublisher.ALARMS]: {
    service: 'cloudwatch.amazonaws.com',
    sid: 'BreakGlassAlarmsPublish',
    sourceArn: `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
    keySid: 'CloudWatchUseForBreakGlassTopic',
  },
};

/** What `publisher` is granted on a topic. */
export function publisherGrant(publisher: TopicPublisher): PublisherGrant {
  return GRANTS[publisher];
}

/**
 * Lets this account's resources of one service, and only them, publish to the
 * topic, and use its customer-managed key. A topic made in the app takes the
 * statements (identical statements merge, so each part may ask); an imported
 * topic's or key's policy must already allow it.
 */
export function allowToPublish(topic: sns.ITopic, key: kms.IKey | undefined, publisher: TopicPublisher): void {
  const grant = GRANTS[publisher];
  const principal = new iam.ServicePrincipal(grant.service);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: grant.sid,
    principals: [principal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': grant.sourceArn },
    },
  }));
  key?.addToResourcePolicy(new iam.PolicyStatement({
    sid: grant.keySid,
    principals: [principal],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: grant.keyConditions,
  }));
}
