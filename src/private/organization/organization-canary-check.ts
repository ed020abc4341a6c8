import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { OrganizationNames } from './organization-names';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { HEARTBEAT_MISSING_INTERVALS } from '../canary/canary';
import { answerCheckov, SCHEDULED_FUNCTION } from '../checkov';
import { DeadLetters } from '../delivery/dead-letter-queue';
import { alarmActions } from '../detection/alarm-actions';
import { alertTopics } from '../detection/alert-topic';
import { eventLogGroup, keptLogGroup } from '../detection/event-log-group';
import { EventsLogWriter } from '../detection/events-log-group-policy';
import { organizationHeartbeatPattern, WatchedRole } from '../detection/patterns';
import { detectionRule, LogGroupTarget } from '../detection/rules';
import { CHECK_SETTINGS_VARIABLE, CheckSettings } from '../heartbeat-check/check-settings';
import { HeartbeatCheckFunction } from '../heartbeat-check/heartbeat-check-function';
import { HEARTBEAT_RECORD_PATHS, HEARTBEAT_RECORD_TEMPLATE } from '../heartbeat-check/heartbeat-record';
import { acknowledgeWildcards } from '../nag-acknowledgements';

/** The log stream of the heartbeat log the check keeps its reports in. */
export const REPORT_STREAM = 'check-reports';

/**
 * Minutes a member account has, from when the check first expects it, before
 * it can be silent: for the StackSet's automatic deployment to reach it
 * (minutes, an hour when StackSets is busy), on top of `missingIntervals`.
 */
export const DEPLOYMENT_ALLOWANCE_MINUTES = 3 * 60;

/** What the check is made from: the hub's names, bus, topics, queue and log options. */
export interface OrganizationCanaryCheckProps {
  readonly names: OrganizationNames;
  readonly organizationId: string;
  /** The hub's partition, as text. */
  readonly partition: string;
  readonly role: WatchedRole;
  /** The units whose accounts are expected; none for every root. */
  readonly organizationalUnits: string[];
  /** The regions every member account runs its canary in. */
  readonly regions: string[];
  readonly intervalMinutes: number;
  readonly eventBus: events.IEventBus;
  readonly deadLetters: DeadLetters;
  readonly logWriter: EventsLogWriter;
  readonly logOptions: BreakGlassLogGroupOptions;
  readonly alertTopic: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
  /** What to check where, for the alert. */
  readonly advice: string;
}

/**
 * The organization's canary at the hub. A heartbeat rule on the hub's bus
 * writes every denied attempt by a member's canary to the heartbeat log as a
 * one-line record (account, region, who, at what). A function, run every
 * canary interval, lists the expected accounts from AWS Organizations, reads
 * the records, and alerts (topic and chat) naming every account-region
 * silent for `HEARTBEAT_MISSING_INTERVALS` intervals. One alarm goes off when
 * the function fails or does not run for two intervals: missing data is breaching.
 * Nothing at the hub is per account or per region.
 */
export class OrganizationCanaryCheck extends Construct {
  public readonly heartbeatLogGroup: logs.LogGroup;
  public readonly heartbeatRule: events.Rule;
  public readonly function: lambda.Function;
  public readonly schedule: events.Rule;
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OrganizationCanaryCheckProps) {
    super(scope, id);
    const { names } = props;
    const stack = Stack.of(this);
    const interval = Duration.minutes(props.intervalMinutes);

    this.heartbeatLogGroup = eventLogGroup(this, 'HeartbeatLogGroup', props.logOptions, props.logWriter);
    const reports = new logs.LogStream(this, 'Reports', {
      logGroup: this.heartbeatLogGroup,
      logStreamName: REPORT_STREAM,
      removalPolicy: props.logOptions.logGroupRemovalPolicy,
    });
    this.heartbeatRule = detectionRule(this, 'HeartbeatRule', {
      ...organizationHeartbeatPattern(props.role, `${names.canaryRolePrefix}-`),
      eventBus: props.eventBus,
      deadLetters: props.deadLetters,
      targets: [new LogGroupTarget(this.heartbeatLogGroup, new HeartbeatRecordInput())],
    });

    const functionLogGroup = keptLogGroup(this, 'FunctionLogGroup', `/aws/lambda/${names.hubCheck}`, props.logOptions);
    const role = new iam.Role(this, 'Role', {
      roleName: names.hubCheck,
      description: 'Break-glass canary check: reads the organization\'s accounts and the heartbeat log, and alerts',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.Policy(this, 'Policy', {
      roles: [role],
      statements: checkStatements(stack, {
        organizationId: props.organizationId,
        partition: props.partition,
        functionLogGroup,
        heartbeatLogGroup: this.heartbeatLogGroup,
        reportStream: reports.logStreamName,
        topics: alertTopics(props.alertTopic, props.chatTopic),
        encryptionKey: props.logOptions.encryptionKey,
      }),
    });
    acknowledgeWildcards(policy, { resources: ['*', ...UNIT_KINDS.map(kind => unitArn(props.partition, props.organizationId, kind))] },
      'DescribeOrganization and ListRoots take no resource; ListChildren and ListAccountsForParent are held to this organization\'s roots and ' +
      'units, whose ARNs hold the management account, which the hub does not know.');

    const settings: CheckSettings = {
      organizationId: props.organizationId,
      roleName: names.roleName,
      organizationalUnits: props.organizationalUnits,
      regions: props.regions,
      canaryRolePrefix: names.canaryRolePrefix,
      intervalMinutes: props.intervalMinutes,
      missingIntervals: HEARTBEAT_MISSING_INTERVALS,
      graceMinutes: DEPLOYMENT_ALLOWANCE_MINUTES + HEARTBEAT_MISSING_INTERVALS * props.intervalMinutes,
      heartbeatLogGroup: this.heartbeatLogGroup.logGroupName,
      reportStream: REPORT_STREAM,
      advice: props.advice,
      alertTopicArn: props.alertTopic.topicArn,
      chatTopicArn: props.chatTopic?.topicArn,
    };
    this.function = new HeartbeatCheckFunction(this, 'Function', {
      functionName: names.hubCheck,
      description: `Break-glass canary check of ${props.organizationId}: alerts on account-regions whose heartbeat stopped`,
      // The role by its ARN, and a dependency on its policy: the function needs both, and waits only for the policy.
      role: iam.Role.fromRoleArn(this, 'FunctionRole', role.roleArn, { mutable: false }),
      logGroup: functionLogGroup,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Organizations' throttling is retried with backoff: time enough for it, never for a hang.
      timeout: Duration.minutes(5),
      // One run per interval: a failed run is the alarm's, and the next run does its work again.
      retryAttempts: 0,
      environment: { [CHECK_SETTINGS_VARIABLE]: stack.toJsonString(settings) },
    });
    this.function.node.addDependency(policy);
    SCHEDULED_FUNCTION.forEach(answer => answerCheckov(this.function, answer));

    this.schedule = new events.Rule(this, 'Schedule', {
      ruleName: names.hubCheck,
      description: `Break-glass canary check: every canary interval (${interval.toHumanString()})`,
      schedule: events.Schedule.rate(interval),
      targets: [props.deadLetters.keepFailed(new targets.LambdaFunction(this.function))],
    });

    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: names.hubCheck,
      alarmDescription: `The break-glass canary check of ${props.organizationId} failed or did not run for two intervals of ${interval.toHumanString()}: ` +
        `silent member accounts are not being found. Read the function's log /aws/lambda/${names.hubCheck}` +
        '. AccessDeniedException from Organizations: the security account may not list accounts (give it the delegation policy in the README); ' +
        `no runs: the rule ${names.hubCheck} is disabled or its target removed (what it could not deliver is in the hub's dead-letter queue).`,
      // Lambda publishes Errors for every invocation, 0 when it succeeded: no data is a run that did not happen.
      metric: this.function.metricErrors({ period: interval, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    this.alarm.addAlarmAction(...alarmActions(this, props.alertTopic, props.chatTopic));
  }
}

const UNIT_KINDS = ['root', 'ou'];

/**
 * The roots or units of the organization, whichever account manages it.
 * Organizations' ARNs have no region; a wildcard matches none as well.
 */
function unitArn(partition: string, organizationId: string, kind: string): string {
  return `arn:${partition}:organizations:*:*:${kind}/${organizationId}/*`;
}

/**
 * What the check may do: write its own log; read the heartbeat log and keep
 * its reports in their stream; list the organization's accounts; publish to
 * the alert and chat topics (and use their keys).
 */
function checkStatements(stack: Stack, of: {
  organizationId: string;
  partition: string;
  functionLogGroup: logs.ILogGroup;
  heartbeatLogGroup: logs.ILogGroup;
  reportStream: string;
  topics: sns.ITopic[];
  encryptionKey?: kms.IKey;
}): iam.PolicyStatement[] {
  const keys = [of.encryptionKey, ...of.topics.map(topic => topic.masterKey)].flatMap(key => (key ? [key.keyArn] : []));
  return [
    new iam.PolicyStatement({
      sid: 'WriteOwnLog',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [of.functionLogGroup.logGroupArn],
    }),
    new iam.PolicyStatement({ sid: 'ReadHeartbeats', actions: ['logs:FilterLogEvents'], resources: [of.heartbeatLogGroup.logGroupArn] }),
    new iam.PolicyStatement({
      sid: 'KeepReports',
      actions: ['logs:GetLogEvents', 'logs:PutLogEvents'],
      resources: [stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${of.heartbeatLogGroup.logGroupName}:log-stream:${of.reportStream}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    }),
    // These two take no resource (Service Authorization Reference, AWS Organizations).
    new iam.PolicyStatement({ sid: 'DescribeOrganization', actions: ['organizations:DescribeOrganization', 'organizations:ListRoots'], resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'ListAccountsOfUnits',
      actions: ['organizations:ListChildren', 'organizations:ListAccountsForParent'],
      resources: UNIT_KINDS.map(kind => unitArn(of.partition, of.organizationId, kind)),
    }),
    new iam.PolicyStatement({ sid: 'Alert', actions: ['sns:Publish'], resources: of.topics.map(topic => topic.topicArn) }),
    ...(keys.length > 0 ? [new iam.PolicyStatement({
      sid: 'UseKeys',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Encrypt'],
      resources: keys,
    })] : []),
  ];
}

/**
 * The heartbeat record: `{"timestamp": <the event's time>, "message": "heartbeat ..."}`,
 * the shape a log group target's input must have; the message's values are
 * an account, a region and ARNs, inserted inside the string as they are.
 */
class HeartbeatRecordInput extends events.RuleTargetInput {
  constructor() {
    super();
  }

  public bind(_rule: events.IRule): events.RuleTargetInputProperties {
    return {
      inputPathsMap: { ...HEARTBEAT_RECORD_PATHS },
      inputTemplate: `{"timestamp":<time>,"message":"${HEARTBEAT_RECORD_TEMPLATE}"}`,
    };
  }
}
