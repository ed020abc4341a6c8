import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BreakGlassReadinessOptions } from './break-glass-readiness-options';
import type { BreakGlassWatch } from './break-glass-watch';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { answerCheckov, SCHEDULED_FUNCTION } from './private/checkov';
import { queueDestination } from './private/delivery/queue-destination';
import { alarmActions } from './private/detection/alarm-actions';
import { alertTopic, alertTopics } from './private/detection/alert-topic';
import { keptLogGroup } from './private/detection/event-log-group';
import { acknowledgeWildcards } from './private/nag-acknowledgements';
import { watchNameBase } from './private/readable-names';
import { ReadinessCheckFunction } from './private/readiness-check/readiness-check-function';
import { READINESS_SETTINGS_VARIABLE, ReadinessSettings } from './private/readiness-check/readiness-settings';
import { checkEmails, validateBoolean, validateUsernames } from './private/validation';
import { Username } from './username';

/** The log stream of the function's log group the check keeps its verdicts in. */
const VERDICT_STREAM = 'readiness-verdicts';

/**
 * Properties of `BreakGlassReadinessCheck`.
 */
export interface BreakGlassReadinessCheckProps extends BreakGlassReadinessOptions, BreakGlassLogGroupOptions {
  /**
   * The break-glass role, in this account or, with `trustPolicy`, in another
   * (`iam.Role.fromRoleArn`): the role of an organization's member account.
   */
  readonly role: iam.IRole;

  /** The identities that must be able to assume the role: the role's `usernames`. */
  readonly usernames: Username[];

  /**
   * The topic the check speaks to when readiness changes; it must have a
   * confirmed subscriber. The role's alert topic, or, in an account of its
   * own (an organization's identity account), a topic the check makes.
   *
   * @default - a new topic, TLS-only, to which `alertEmails` are subscribed
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the topic the check makes, when no `alertTopic` is given.
   *
   * @default - none: give `alertTopic` instead
   */
  readonly alertEmails?: string[];

  /**
   * A topic mapped to chat channels: each change of readiness also reaches it
   * as a custom notification, and it must have a confirmed subscriber too.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;

  /**
   * The role's trust policy, for a role this account cannot read: the role of
   * an organization's member account, as its StackSet defines it
   * (`BreakGlassOrganizationRole.memberTrustPolicy`). The assumption is
   * simulated against it; the role's existence and last use are then not
   * read (they are the member account's).
   *
   * @default - read from the role in this account
   */
  readonly trustPolicy?: iam.PolicyDocument;

  /**
   * The watch whose dead-letter queue keeps a failed run (and whose
   * delivery-health alarm then goes off), as the rules' undelivered events.
   *
   * @default - no watch: an alarm on the function's errors notifies `alertTopic` and `chatTopic`
   */
  readonly watch?: BreakGlassWatch;

  /**
   * The region of the IAM Identity Center instance, where assignments of
   * `Username.identityCenter` identities are read.
   *
   * @default - the stack's region
   */
  readonly identityCenterRegion?: string;

  /**
   * Whether the listed IAM users may have active access keys. A break-glass
   * user signs in to the console with a password and MFA; a key is a standing
   * way in, so by default each active key is reported.
   *
   * @default false
   */
  readonly allowAccessKeys?: boolean;
}

/**
 * Proves on a schedule (daily by default) that each listed identity can still
 * assume the break-glass role, and speaks once when that changes: what broke,
 * for whom, and the fix; and when every identity can get in again.
 *
 * A function, with read-only calls, checks for each IAM user that it exists,
 * has an MFA device, has a console password that needs no reset and does not
 * expire within 14 days, and has no access keys (unless `allowAccessKeys`);
 * simulates `sts:AssumeRole` on the role with MFA and the session name the
 * trust requires, with the trust policy as the resource policy, naming the
 * identity policy, boundary or SCP that denies it; for federated users, that
 * their role exists and its SAML provider is valid beyond 30 days; for IAM
 * Identity Center users, that the permission set exists and the user is
 * assigned to it in the role's account, directly or by group. It checks that
 * the alert topic (and the chat topic) has a confirmed subscriber, and that
 * the role was used (a drill) within `drillInterval`. The last verdict is kept
 * in a stream of the function's log group, so nothing is said twice or forgotten.
 *
 * @example
 * declare const breakGlass: BreakGlassRole;
 * new BreakGlassReadinessCheck(this, 'Readiness', {
 *   role: breakGlass.role,
 *   usernames: [Username.iamUser('alice')],
 *   alertTopic: breakGlass.alertTopic,
 * });
 */
export class BreakGlassReadinessCheck extends Construct {
  /** The topic the check speaks to. */
  public readonly alertTopic: sns.ITopic;
  /** The function that checks. */
  public readonly function: lambda.IFunction;
  /** The rule that runs it on its schedule. */
  public readonly schedule: events.IRule;
  /** The log group of the function, which also keeps its verdicts. */
  public readonly logGroup: logs.ILogGroup;
  /**
   * The alarm on the function's errors.
   *
   * @default - none, with a watch: a failed run is kept in its dead-letter queue, whose alarm goes off
   */
  public readonly alarm?: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: BreakGlassReadinessCheckProps) {
    super(scope, id);
    validateUsernames(props.usernames);
    validateBoolean('allowAccessKeys', props.allowAccessKeys);
    const stack = Stack.of(this);
    const emails = checkEmails('alertEmails', props.alertEmails ?? []);
    if (props.alertTopic && emails.length > 0) {
      throw new Error(`alertEmails is ${JSON.stringify(emails)}, but alertTopic is given: subscribe the addresses to that topic, or leave alertTopic out for a topic of the check's own.`);
    }
    if (!props.alertTopic && emails.length === 0) {
      throw new Error('BreakGlassReadinessCheck needs someone to tell: give alertTopic (the role\'s alert topic), or alertEmails for a topic of its own.');
    }
    this.alertTopic = props.alertTopic ?? alertTopic(this, {}, emails);
    const interval = durationBetween('readinessInterval', props.readinessInterval ?? Duration.days(1), Duration.hours(1), Duration.days(7));
    const drill = durationBetween('drillInterval', props.drillInterval ?? Duration.days(90), Duration.days(1), Duration.days(3650));
    const grants = props.usernames.map(username => username._bind());
    const users = grants.flatMap(grant => (grant.userName !== undefined ? [grant.userName] : []));
    const federated = grants.flatMap(grant =>
      (grant.federatedRole !== undefined ? [{ sessionName: grant.sessionName!, role: grant.federatedRole }] : []));
    const identityCenter = grants.flatMap(grant =>
      (grant.permissionSetName !== undefined ? [{ userName: grant.sessionName!, permissionSetName: grant.permissionSetName }] : []));

    // A name a person reads, from the role's name and the home region (54 characters at most, and `-Readiness`).
    const name = `${watchNameBase(this, props.role, stack.region)}-Readiness`;
    this.logGroup = keptLogGroup(this, 'LogGroup', `/aws/lambda/${name}`, props);
    const verdicts = new logs.LogStream(this, 'Verdicts', {
      logGroup: this.logGroup, logStreamName: VERDICT_STREAM, removalPolicy: props.logGroupRemovalPolicy,
    });
    const topics = alertTopics(this.alertTopic, props.chatTopic);
    const role = new iam.Role(this, 'Role', {
      description: 'Break-glass readiness check: reads the listed identities, the role and the topics, and alerts',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.Policy(this, 'Policy', { roles: [role], statements: [] });
    const iamArn = (resource: string) => stack.formatArn({ service: 'iam', region: '', resource, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    // Users at the root path, as `Username.iamUser` names them (a user under a path is refused, and the run fails loudly).
    const userArns = users.map(user => iamArn(`user/${user}`));
    const add = (sid: string, actions: string[], resources: string[]) =>
      resources.length > 0 && policy.addStatements(new iam.PolicyStatement({ sid, actions, resources }));
    add('WriteOwnLog', ['logs:CreateLogStream', 'logs:PutLogEvents'], [this.logGroup.logGroupArn]);
    add('KeepVerdicts', ['logs:GetLogEvents', 'logs:PutLogEvents'], [stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${this.logGroup.logGroupName}:log-stream:${verdicts.logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })]);
    add('ReadUsers', ['iam:GetUser', 'iam:ListMFADevices', 'iam:GetLoginProfile', 'iam:ListAccessKeys', 'iam:SimulatePrincipalPolicy'], userArns);
    // These take no resource (Service Authorization Reference, AWS Identity and Access Management).
    add('ReadPasswordPolicy', ['iam:GetAccountPasswordPolicy', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport'], users.length > 0 ? ['*'] : []);
    const roleArns = props.trustPolicy ? [] : [props.role.roleArn];
    add('ReadRoles', ['iam:GetRole'], [...roleArns, ...federated.map(f => iamArn(`role/${f.role}`))]);
    // Any provider the federated roles' trust names, read at run time; GetSAMLProvider reads only providers.
    add('ReadSamlProviders', ['iam:GetSAMLProvider'], federated.length > 0 ? ['*'] : []);
    // IAM Identity Center's and its identity store's reads are held to the instance, whose ARN the stack does not know.
    add('ReadIdentityCenter', ['sso:ListInstances', 'sso:ListPermissionSets', 'sso:DescribePermissionSet', 'sso:ListAccountAssignments',
      'identitystore:GetUserId', 'identitystore:IsMemberInGroups'], identityCenter.length > 0 ? ['*'] : []);
    add('ReadSubscriptions', ['sns:ListSubscriptionsByTopic'], topics.map(topic => topic.topicArn));
    add('Alert', ['sns:Publish'], topics.map(topic => topic.topicArn));
    const keys = topics.flatMap(topic => (topic.masterKey ? [topic.masterKey.keyArn] : []));
    add('UseKeys', ['kms:Decrypt', 'kms:GenerateDataKey*'], keys);
    // A failed run, kept by Lambda's on-failure destination.
    add('KeepFailedRuns', ['sqs:SendMessage'], props.watch ? [props.watch.deadLetterQueue.queueArn] : []);
    acknowledgeWildcards(policy, { actions: ['kms:GenerateDataKey*'], resources: ['*'] },
      'The password policy, credential report and IAM Identity Center reads take no resource this stack can name; a SAML provider is ' +
      'named by the trust of the role federated users arrive through, read at run time.');

    const settings: ReadinessSettings = {
      roleArn: props.role.roleArn,
      ...(props.trustPolicy ? { trustPolicy: stack.toJsonString(props.trustPolicy.toJSON()) } : {}),
      region: stack.region,
      users,
      federated,
      identityCenter,
      identityCenterRegion: props.identityCenterRegion ?? stack.region,
      allowAccessKeys: props.allowAccessKeys ?? false,
      drillDays: drill.toDays({ integral: false }),
      alertTopicArn: this.alertTopic.topicArn,
      chatTopicArn: props.chatTopic?.topicArn,
      logGroup: this.logGroup.logGroupName,
      verdictStream: VERDICT_STREAM,
    };
    const fn = new ReadinessCheckFunction(this, 'Function', {
      functionName: name,
      description: 'Break-glass readiness check: proves that each listed identity can still assume the role, and alerts when that changes',
      // The role by its ARN, and a dependency on its policy: the function needs both, and waits only for the policy.
      role: iam.Role.fromRoleArn(this, 'FunctionRole', role.roleArn, { mutable: false }),
      logGroup: this.logGroup,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(5),
      // One run per interval: a failed run is kept or alarmed, and the next run does its work again.
      retryAttempts: 0,
      ...(props.watch ? { onFailure: queueDestination(props.watch.deadLetterQueue.queueArn) } : {}),
      environment: { [READINESS_SETTINGS_VARIABLE]: stack.toJsonString(settings) },
    });
    fn.node.addDependency(policy);
    SCHEDULED_FUNCTION.forEach(answer => answerCheckov(fn, answer));
    this.function = fn;

    const target = new targets.LambdaFunction(fn);
    this.schedule = new events.Rule(this, 'Schedule', {
      description: `Break-glass readiness check: every ${interval.toHumanString()}`,
      schedule: events.Schedule.rate(interval),
      targets: [props.watch ? props.watch._deadLetters.keepFailed(target) : target],
    });

    if (!props.watch) {
      const alarm = new cloudwatch.Alarm(this, 'Alarm', {
        alarmDescription: `The break-glass readiness check failed: nobody is told when an identity can no longer get in. Read the function's log ${this.logGroup.logGroupName}.`,
        metric: fn.metricErrors({ period: Duration.days(1), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(...alarmActions(this, this.alertTopic, props.chatTopic));
      this.alarm = alarm;
    }
  }
}

/** The duration, checked to lie between `min` and `max`. */
function durationBetween(prop: string, value: unknown, min: Duration, max: Duration): Duration {
  if (!(value instanceof Duration)) {
    throw new Error(`${prop} is ${String(value)}, not a Duration: give one such as Duration.days(1).`);
  }
  if (value.toSeconds() < min.toSeconds() || value.toSeconds() > max.toSeconds()) {
    throw new Error(`${prop} is ${value.toHumanString()}: give a duration from ${min.toHumanString()} to ${max.toHumanString()}.`);
  }
  return value;
}
