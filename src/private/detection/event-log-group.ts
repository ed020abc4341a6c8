import { Aws, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EventsLogWriter } from './events-log-group-policy';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { answerCheckov, LOG_GROUP_WITHOUT_KEY } from '../checkov';

/** The defaults of `BreakGlassLogGroupOptions`, as its docs give them. */
const DEFAULT_RETENTION = logs.RetentionDays.ONE_YEAR;
const DEFAULT_LOG_GROUP_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/**
 * A log group EventBridge rules write whole events to. Its name starts with
 * `/aws/events/`, the prefix EventBridge expects of log-group targets; the
 * `writer`'s log resource policy lets EventBridge write to it.
 */
export function eventLogGroup(scope: Construct, id: string, options: BreakGlassLogGroupOptions, writer: EventsLogWriter): logs.LogGroup {
  const logGroup = keptLogGroup(scope, id, `/aws/events/break-glass/${Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' })}-${id}`, options);
  writer.allow(logGroup);
  return logGroup;
}

/**
 * A log group of the construct, kept as `options` say (retention, removal,
 * the key, which CloudWatch Logs may then use), answering checkov when it has
 * no customer-managed key.
 */
export function keptLogGroup(scope: Construct, id: string, logGroupName: string, options: BreakGlassLogGroupOptions): logs.LogGroup {
  const logGroup = new logs.LogGroup(scope, id, {
    logGroupName,
    retention: options.retention ?? DEFAULT_RETENTION,
    removalPolicy: options.logGroupRemovalPolicy ?? DEFAULT_LOG_GROUP_REMOVAL_POLICY,
    encryptionKey: options.encryptionKey,
  });
  options.encryptionKey?.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsEncryptBreakGlassLogs',
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` },
    },
  }));
  if (!options.encryptionKey) {
    answerCheckov(logGroup, LOG_GROUP_WITHOUT_KEY);
  }
  return logGroup;
}
