import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { describeValue } from '../describe-value';
import { CfnResourceJson } from '../regions/cfn-resource-json';
import { validateBoolean } from '../validation';

/**
 * The canary: in every watched region, a schedule of EventBridge Scheduler
 * whose universal target calls STS `AssumeRole` on the break-glass role as the
 * canary role, which the role's trust does not admit. No code runs.
 *
 * - EventBridge Scheduler User Guide, "Using universal targets"
 *   (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html):
 *   a universal target is `arn:aws:scheduler:::aws-sdk:<service>:<apiAction>`,
 *   called as the schedule's execution role; the only actions it refuses are
 *   those whose names begin with a read-only prefix (`get`, `describe`,
 *   `list`, ...). `assumeRole` begins with none of them, and STS is not excluded.
 * - IAM User Guide, "AWS STS Regions and endpoints"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_region-endpoints.html):
 *   a request to STS is served, and so recorded by CloudTrail, in the region of
 *   the endpoint; requests to the global endpoint from a region enabled by
 *   default are served in that same region. The guide does not say which
 *   endpoint the Scheduler's SDK call uses; a schedule of region R runs in R,
 *   so either way the call is served in R, except from an opt-in region where
 *   a global-endpoint call would be served in us-east-1. The integration test
 *   and the README's "Not run here" list keep that for a deploy to confirm.
 * - A denied `AssumeRole` is recorded with `errorCode` and with
 *   `requestParameters.roleArn`, like the corpus' denied attempt by an IAM user.
 */
export const CANARY_SESSION_NAME = 'break-glass-canary';

/** The Scheduler's universal target that calls STS `AssumeRole`. */
export const ASSUME_ROLE_TARGET = 'aws-sdk:sts:assumeRole';

/** Logical id of the schedule in a forwarded region's template. */
export const CANARY_SCHEDULE_ID = 'CanarySchedule' as const;

/** The default interval between two canary attempts. */
export const DEFAULT_CANARY_INTERVAL = Duration.hours(1);

/**
 * The heartbeat alarm evaluates one period per interval: CloudWatch periods
 * are whole minutes, CloudTrail delivers events to EventBridge minutes after
 * the call (a shorter interval would put late heartbeats in periods already
 * judged missing), and an alarm looks back at most one day
 * (`Period` × `EvaluationPeriods`).
 */
export const CANARY_INTERVAL_BOUNDS = { minMinutes: 5, maxMinutes: 8 * 60 };

/** Missing intervals in a row before a region's heartbeat alarm goes off. */
export const HEARTBEAT_MISSING_INTERVALS = 3;

/** What every template's canary is made of. */
export interface CanarySettings {
  /** Name of the canary role (IAM names are account-wide: one role for every region) and of each region's schedule. */
  readonly name: string;
  /** Minutes between two attempts. */
  readonly intervalMinutes: number;
}

/** The canary's role and schedule name, at most 64 characters, from the watch's names' start (`BreakGlass-us-east-2-Canary`). */
export function canaryName(nameBase: string): string {
  return `${nameBase}-Canary`;
}

/** The interval in minutes, refused when the heartbeat alarm cannot evaluate it. */
export function canaryIntervalMinutes(value: unknown): number {
  if (value === undefined) {
    return DEFAULT_CANARY_INTERVAL.toMinutes();
  }
  if (!(value instanceof Duration)) {
    throw new Error(`canaryInterval is ${describeValue(value)}, not a Duration: give Duration.hours(1), or leave canaryInterval out.`);
  }
  const seconds = value.toSeconds({ integral: false });
  const { minMinutes, maxMinutes } = CANARY_INTERVAL_BOUNDS;
  if (!Number.isInteger(seconds / 60) || seconds / 60 < minMinutes || seconds / 60 > maxMinutes) {
    throw new Error(`canaryInterval is ${value.toHumanString()}: the heartbeat alarm needs whole minutes from ${minMinutes} minutes to ` +
      `${maxMinutes / 60} hours (${HEARTBEAT_MISSING_INTERVALS} intervals within CloudWatch's one-day look-back, each longer than CloudTrail's ` +
      'delivery delay). Give, for example, Duration.hours(1), or set canary: false.');
  }
  return seconds / 60;
}

/**
 * Minutes between two canary attempts of `options`, checked, or undefined
 * with `canary: false`: what an organization's hub and role each read.
 */
export function canaryMinutesOf(options: { readonly canary?: boolean; readonly canaryInterval?: Duration }): number | undefined {
  validateBoolean('canary', options.canary);
  return (options.canary ?? true) ? canaryIntervalMinutes(options.canaryInterval) : undefined;
}

/** The Scheduler rate expression of the interval. */
export function rateExpression(minutes: number): string {
  return minutes === 1 ? 'rate(1 minute)' : `rate(${minutes} minutes)`;
}

/** The role ARN any stack of the account can write: from its fixed name. */
export function canaryRoleArnByName(settings: CanarySettings, account: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/${settings.name}`;
}

/**
 * The canary role: EventBridge Scheduler of this account assumes it to run the
 * schedules of every region. Its own policy allows `sts:AssumeRole` on the
 * break-glass role, so the denial comes from the break-glass role's trust:
 * widen the trust to admit it (or the whole account), and the attempt succeeds
 * and alerts as an assumption.
 */
export function canaryRole(scope: Construct, settings: CanarySettings, breakGlassRoleArn: string): iam.Role {
  const role = new iam.Role(scope, 'Role', {
    roleName: settings.name,
    description: 'Break-glass canary: tries, and fails, to assume the break-glass role in every watched region',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    }),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['sts:AssumeRole'],
    resources: [breakGlassRoleArn],
  }));
  return role;
}

/** The schedule's properties, with its role and the break-glass role as the template writes them. */
function scheduleProperties<T>(settings: CanarySettings, canaryRoleArn: unknown, input: T, targetArn: T) {
  return {
    Name: settings.name,
    Description: 'Break-glass canary: a denied attempt to assume the break-glass role, whose CloudTrail event is the region\'s heartbeat',
    State: 'ENABLED',
    ScheduleExpression: rateExpression(settings.intervalMinutes),
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: targetArn,
      RoleArn: canaryRoleArn,
      Input: input,
      // A denied call is the expected result: never retried, so one attempt makes one heartbeat.
      RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
    },
  };
}

/** The canary's input: the call's parameters. */
export function assumeRoleInput(roleArn: string): string {
  return JSON.stringify({ RoleArn: roleArn, RoleSessionName: CANARY_SESSION_NAME });
}

/**
 * The schedule as a resource of a forwarded region's template, its role, input
 * and target as that template writes them (parameters in a StackSet body,
 * values in a regional stack).
 */
export function canaryScheduleResource(settings: CanarySettings, values: { roleArn: unknown; input: unknown; targetArn: unknown }): CfnResourceJson {
  return { Type: 'AWS::Scheduler::Schedule', Properties: scheduleProperties(settings, values.roleArn, values.input, values.targetArn) };
}

/** The home region's schedule. */
export function homeCanarySchedule(
  scope: Construct, settings: CanarySettings, canaryRoleArn: string, breakGlassRoleArn: string,
): scheduler.CfnSchedule {
  const props = scheduleProperties(settings, canaryRoleArn,
    Stack.of(scope).toJsonString({ RoleArn: breakGlassRoleArn, RoleSessionName: CANARY_SESSION_NAME }),
    `arn:${Aws.PARTITION}:scheduler:::${ASSUME_ROLE_TARGET}`);
  return new scheduler.CfnSchedule(scope, 'Schedule', {
    name: props.Name,
    description: props.Description,
    state: props.State,
    scheduleExpression: props.ScheduleExpression,
    flexibleTimeWindow: { mode: props.FlexibleTimeWindow.Mode },
    target: {
      arn: props.Target.Arn,
      roleArn: canaryRoleArn,
      input: props.Target.Input,
      retryPolicy: {
        maximumRetryAttempts: props.Target.RetryPolicy.MaximumRetryAttempts,
        maximumEventAgeInSeconds: props.Target.RetryPolicy.MaximumEventAgeInSeconds,
      },
    },
  });
}

/**
 * What the StackSet execution role needs to deploy the schedule: the handlers
 * of AWS::Scheduler::Schedule in the CloudFormation registry, held to the
 * schedule's name, and passing the canary role to the Scheduler only.
 */
export function canaryDeployStatements(settings: CanarySettings, canaryRoleArn: string, partition: string, account: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ManageCanarySchedule',
      actions: ['scheduler:CreateSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
      resources: [canaryScheduleArns(settings, partition, account)],
    }),
    new iam.PolicyStatement({
      sid: 'PassCanaryRole',
      actions: ['iam:PassRole'],
      resources: [canaryRoleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  ];
}

/** The schedule's ARN in every region (the default schedule group). */
export function canaryScheduleArns(settings: CanarySettings, partition: string, account: string): string {
  return `arn:${partition}:scheduler:*:${account}:schedule/default/${settings.name}`;
}
