import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { createExampleApp } from './app';
import { placements as allPlacements } from './describe/placements';
import { emailConfirmations } from './describe/subscriptions';
import { Placement, resourcesOfType } from './describe/template';
import { createOrganizationApp } from './organization';

/**
 * What the break-glass resources cost while nobody uses the role, counted from
 * the synthesized templates: each stack's resources once, a StackSet body's once
 * per account and region it is deployed to.
 *
 * Prices, us-east-1, USD, as of 2026-11-24 (see the README's idle-cost section for the sources).
 */
export const PRICES = {
  /** CloudWatch: a standard-resolution alarm, per metric it reads, a month. */
  alarmMetricMonth: 0.10,
  /** CloudWatch: a custom metric (a metric filter's, per dimension value), a month, first 10,000. */
  customMetricMonth: 0.30,
  /** EventBridge: an event put on another bus (custom-event pricing), per million. */
  customEventsPerMillion: 1.00,
  /** EventBridge Scheduler invocations free each month. */
  freeSchedulerInvocations: 14_000_000,
  /** CloudWatch Logs standard ingestion, per GB. */
  logIngestionPerGb: 0.50,
  /** Lambda on arm64, per GB-second of run time. */
  lambdaArmGbSecond: 0.0000133334,
  /** Lambda, per million requests. */
  lambdaRequestsPerMillion: 0.20,
};

/** Hours in a month, as AWS prices monthly usage. */
const HOURS_A_MONTH = 730;
/** Size of a CloudTrail event as EventBridge delivers it, in bytes (1.6 to 2.1 KB measured). */
const EVENT_BYTES = 2048;

/** The figures of one app. */
export interface IdleCost {
  readonly watchedRegions: number;
  readonly alarms: number;
  readonly alarmMetrics: number;
  /** Custom metrics the metric filters publish: one per value of their dimension. */
  readonly customMetrics: number;
  readonly defaultBusRules: number;
  readonly centralBusRules: number;
  readonly topics: number;
  /** Email subscriptions the address with the most must confirm. */
  readonly subscriptionsPerAddress: number;
  readonly logGroups: number;
  /** SQS dead-letter queues: free while empty, since SQS charges per request. */
  readonly queues: number;
  readonly schedules: number;
  readonly scheduleInvocations: number;
  /** Canary events a month forwarded from another region to the central bus. */
  readonly forwardedEvents: number;
  /** Heartbeat events written to a log group a month. */
  readonly loggedEvents: number;
  readonly trails: number;
  /** Runs a month of readiness check functions (scheduled by an EventBridge rule `rate(N hours|days)`). */
  readonly readinessRuns: number;
  /** Runs a month of the alert path check: one per heartbeat of the home region, the stack's own canary schedule's. */
  readonly alertPathRuns: number;
}

/**
 * Seconds a readiness check run is estimated to take: the IAM, IAM Identity
 * Center and SNS reads of a few identities, each call a few tens of
 * milliseconds, and the credential report's generation when passwords expire.
 */
export const READINESS_RUN_SECONDS = 10;
/** The memory of the functions (the readiness check, the alert path check), in GB. */
const FUNCTION_MEMORY_GB = 0.25;
/** Bytes a readiness run writes to its log: the function's report lines, and a kept verdict when readiness changes. */
const READINESS_LOG_BYTES = 1024;

/**
 * Seconds an alert path check run is estimated to take: two EventBridge reads
 * of each of some 30 rules, a TestEventPattern per login rule and the topics'
 * reads, each a few tens of milliseconds.
 */
export const ALERT_PATH_RUN_SECONDS = 3;
/** Bytes an alert path run writes to its log: the function's report lines and its one line of problems. */
const ALERT_PATH_LOG_BYTES = 1024;

/** Alarm metrics of a template's alarms: one for a plain alarm, one per metric read by a metric-math alarm. */
export function alarmMetrics(template: { Resources?: { [id: string]: any } }): number {
  return Object.values(template.Resources ?? {}).filter(r => r.Type === 'AWS::CloudWatch::Alarm')
    .reduce((sum, r) => sum + (r.Properties?.Metrics ? r.Properties.Metrics.filter((m: any) => m.MetricStat).length : 1), 0);
}

/** SNS email subscriptions of a template. */
export function emailSubscriptions(template: { Resources?: { [id: string]: any } }): number {
  return Object.values(template.Resources ?? {}).filter(r => r.Type === 'AWS::SNS::Subscription' && r.Properties?.Protocol === 'email').length;
}

export function idleCost(assembly: cxapi.CloudAssembly, stackName?: string): IdleCost {
  // One stack of the app alone, with what its StackSets deploy (a StackSet instance's stack is the stack that creates it).
  const placements = allPlacements(assembly).filter(p => stackName === undefined || p.stackName === stackName);
  const sum = (f: (p: Placement) => number) => placements.reduce((total, p) => total + f(p), 0);
  const ofType = (type: string) => (p: Placement) => resourcesOfType(p, type).length;
  const rules = (central: boolean) => (p: Placement) => resourcesOfType(p, 'AWS::Events::Rule')
    .filter(([, r]) => (r.Properties?.EventBusName !== undefined) === central).length;
  const forwarded = placements.filter(p => forwardsToAnotherRegion(p));
  return {
    watchedRegions: new Set(placements.map(p => p.region)).size,
    alarms: sum(ofType('AWS::CloudWatch::Alarm')),
    alarmMetrics: sum(p => alarmMetrics({ Resources: p.resources })),
    customMetrics: sum(p => metricFilterMetrics(p, placements)),
    defaultBusRules: sum(rules(false)),
    centralBusRules: sum(rules(true)),
    topics: sum(ofType('AWS::SNS::Topic')),
    subscriptionsPerAddress: Math.max(0, ...emailConfirmations(placements).map(c => c.count)),
    logGroups: sum(ofType('AWS::Logs::LogGroup')),
    queues: sum(ofType('AWS::SQS::Queue')),
    schedules: sum(ofType('AWS::Scheduler::Schedule')),
    scheduleInvocations: sum(monthlyInvocations),
    forwardedEvents: forwarded.reduce((total, p) => total + monthlyInvocations(p), 0),
    loggedEvents: sum(monthlyInvocations),
    trails: sum(ofType('AWS::CloudTrail::Trail')),
    readinessRuns: sum(readinessRuns),
    alertPathRuns: sum(alertPathRuns),
  };
}

/**
 * Custom metrics of the placement's metric filters: one without dimensions; one
 * per watched region with the region dimension (`$.detail.awsRegion`) the
 * heartbeat filter sets, since every region with a canary schedule sends heartbeats.
 */
function metricFilterMetrics(p: Placement, placements: Placement[]): number {
  const scheduleRegions = new Set(placements.filter(q => resourcesOfType(q, 'AWS::Scheduler::Schedule').length > 0).map(q => q.region)).size;
  return resourcesOfType(p, 'AWS::Logs::MetricFilter').flatMap(([, f]) => f.Properties?.MetricTransformations ?? [])
    .reduce((total: number, t: any) => {
      const dimensions: any[] = Object.values(t.Dimensions ?? {}).map((d: any) => d.Value ?? d);
      if (dimensions.length === 0) {
        return total + 1;
      }
      if (dimensions.length === 1 && dimensions[0] === '$.detail.awsRegion') {
        return total + scheduleRegions;
      }
      throw new Error(`cannot count the custom metrics of dimensions ${JSON.stringify(t.Dimensions)}`);
    }, 0);
}

/** A placement whose rules put events on a bus of another region. */
function forwardsToAnotherRegion(p: Placement): boolean {
  return resourcesOfType(p, 'AWS::Events::Rule').some(([, r]) => (r.Properties?.Targets ?? [])
    .some((t: any) => /^bus /.test(p.resolve(t.Arn)) && !p.resources[String(t.Arn?.Ref)]));
}

/** Runs a month of the placement's readiness check functions, from their schedule rules (`rate(N hours|days)`). */
function readinessRuns(p: Placement): number {
  return triggers(p, functionsDescribed(p, 'Break-glass readiness check')).reduce((total, [, r]) => total + scheduledRuns(p, r), 0);
}

/**
 * Runs a month of the placement's alert path check: at a watch, one per home heartbeat, which the placement's own
 * canary schedule makes; at an organization hub, one per run of its canary check's schedule rule.
 */
function alertPathRuns(p: Placement): number {
  return triggers(p, functionsDescribed(p, 'Break-glass alert path check'))
    .reduce((total, [, r]) => total + (r.Properties?.ScheduleExpression ? scheduledRuns(p, r) : monthlyInvocations(p)), 0);
}

/** The placement's rules that have one of `functionIds` as a target. */
function triggers(p: Placement, functionIds: string[]): Array<[string, any]> {
  return resourcesOfType(p, 'AWS::Events::Rule').filter(([, r]) => (r.Properties?.Targets ?? [])
    .some((t: any) => functionIds.includes(t.Arn?.['Fn::GetAtt']?.[0])));
}

/** Runs a month of a schedule rule (`rate(N hours|days)`). */
function scheduledRuns(p: Placement, rule: any): number {
  const rate = /^rate\((\d+) (hour|day)s?\)$/.exec(p.resolve(rule.Properties?.ScheduleExpression));
  if (!rate) {
    throw new Error(`cannot count runs of ${p.resolve(rule.Properties?.ScheduleExpression)}`);
  }
  return HOURS_A_MONTH / (Number(rate[1]) * (rate[2] === 'day' ? 24 : 1));
}

/** The logical ids of the placement's functions whose description starts with `start`. */
function functionsDescribed(p: Placement, start: string): string[] {
  return resourcesOfType(p, 'AWS::Lambda::Function').filter(([, f]) => String(p.resolve(f.Properties?.Description)).startsWith(start)).map(([id]) => id);
}

/** Invocations a month of the placement's schedules (`rate(N minutes|hours)`). */
function monthlyInvocations(p: Placement): number {
  return resourcesOfType(p, 'AWS::Scheduler::Schedule').reduce((total, [, s]) => {
    const rate = /^rate\((\d+) (minute|hour)s?\)$/.exec(p.resolve(s.Properties?.ScheduleExpression));
    if (!rate) {
      throw new Error(`cannot count invocations of ${p.resolve(s.Properties?.ScheduleExpression)}`);
    }
    const minutes = Number(rate[1]) * (rate[2] === 'hour' ? 60 : 1);
    return total + HOURS_A_MONTH * 60 / minutes;
  }, 0);
}

/** The monthly cost of each line, in USD. */
export function monthlyUsd(cost: IdleCost) {
  const alarms = cost.alarmMetrics * PRICES.alarmMetricMonth;
  const metrics = cost.customMetrics * PRICES.customMetricMonth;
  const forwarded = cost.forwardedEvents / 1e6 * PRICES.customEventsPerMillion;
  const scheduler = Math.max(0, cost.scheduleInvocations - PRICES.freeSchedulerInvocations) / 1e6;
  const logs = cost.loggedEvents * EVENT_BYTES / 2 ** 30 * PRICES.logIngestionPerGb;
  // Before Lambda's free tier, which an account may already use up.
  const perRun = READINESS_RUN_SECONDS * FUNCTION_MEMORY_GB * PRICES.lambdaArmGbSecond + PRICES.lambdaRequestsPerMillion / 1e6;
  const readiness = cost.readinessRuns * perRun
    + cost.readinessRuns * READINESS_LOG_BYTES / 2 ** 30 * PRICES.logIngestionPerGb;
  const perPathRun = ALERT_PATH_RUN_SECONDS * FUNCTION_MEMORY_GB * PRICES.lambdaArmGbSecond + PRICES.lambdaRequestsPerMillion / 1e6;
  const alertPath = cost.alertPathRuns * perPathRun + cost.alertPathRuns * ALERT_PATH_LOG_BYTES / 2 ** 30 * PRICES.logIngestionPerGb;
  return {
    alarms, metrics, forwarded, scheduler, logs, readiness, alertPath, total: alarms + metrics + forwarded + scheduler + logs + readiness + alertPath,
  };
}

/** The cases of the README's tables: examples/app.ts, watching more regions; and the organization example's hub. */
export const CASES: Array<[string, (outdir: string) => IdleCost]> = [
  ["`['eu-west-1']` (examples/app.ts)", outdir => idleCost(createExampleApp(outdir, ['eu-west-1']).synth())],
  ['5 regions', outdir => idleCost(createExampleApp(outdir, ['eu-west-1', 'eu-central-1', 'ap-northeast-1', 'sa-east-1', 'us-west-2']).synth())],
  // `regions` left out is ['*']: the default.
  ["`['*']` (the default)", outdir => idleCost(createExampleApp(outdir, null).synth())],
  ['organization hub (examples/organization.ts)', outdir => idleCost(createOrganizationApp(outdir).synth(), 'BreakGlassHub')],
];

export function caseCosts(): IdleCost[] {
  return CASES.map(([, cost], i) => {
    const outdir = path.join(__dirname, 'cdk.out', `costs-${i}`);
    fs.rmSync(outdir, { recursive: true, force: true });
    return cost(outdir);
  });
}

const usd = (n: number) => n.toFixed(2);
const cents = (n: number) => (n < 0.01 && n > 0 ? '< 0.01' : n.toFixed(2));
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** The README's idle-cost table: one column per case. */
export function idleCostTable(costs: IdleCost[]): string {
  const rows: Array<[string, (c: IdleCost) => string]> = [
    ['watched regions', c => int(c.watchedRegions)],
    ['CloudWatch alarms (alarm metrics)', c => `${int(c.alarms)} (${int(c.alarmMetrics)})`],
    ['— $0.10 per alarm metric a month', c => usd(monthlyUsd(c).alarms)],
    ['custom metrics (heartbeats read EventBridge\'s free per-rule metrics)', c => int(c.customMetrics)],
    ['— $0.30 per metric a month', c => usd(monthlyUsd(c).metrics)],
    ['EventBridge rules: on default buses / on the central bus (free)', c => `${int(c.defaultBusRules)} / ${int(c.centralBusRules)}`],
    ['canary events forwarded to the central bus a month', c => int(c.forwardedEvents)],
    ['— $1.00 per million (custom events)', c => cents(monthlyUsd(c).forwarded)],
    ['Scheduler schedules (invocations a month, 14 million free)', c => `${int(c.schedules)} (${int(c.scheduleInvocations)})`],
    ['— beyond the free tier', c => usd(monthlyUsd(c).scheduler)],
    ['log groups (heartbeat events written a month, ≈ 2 KB each)', c => `${int(c.logGroups)} (${int(c.loggedEvents)})`],
    ['— $0.50 per GB ingested', c => cents(monthlyUsd(c).logs)],
    ['readiness check runs a month (Lambda, arm64, 256 MB, ≈ 10 s each)', c => int(c.readinessRuns)],
    ['— Lambda run time and requests, and its log, before the free tier', c => cents(monthlyUsd(c).readiness)],
    ['alert path check runs a month (one per home heartbeat, or per run of the hub\'s check; Lambda, arm64, 256 MB, ≈ 3 s each)', c => int(c.alertPathRuns)],
    ['— Lambda run time and requests, and its log, before the free tier', c => cents(monthlyUsd(c).alertPath)],
    ['SQS dead-letter queues (free while empty: SQS charges per request)', c => int(c.queues)],
    ['SNS topics (free while no message is sent)', c => int(c.topics)],
    ['email subscriptions each address confirms', c => int(c.subscriptionsPerAddress)],
    ['CloudTrail trails created (`TrailSetup.existingTrail()`)', c => int(c.trails)],
    ['**idle total, $/month**', c => `**${usd(monthlyUsd(c).total)}**`],
  ];
  return table(['', ...CASES.map(([name]) => name)], rows.map(([label, value]) => [label, ...costs.map(value)]));
}

/** The canary section's table: alarm cost and subscriptions per case of examples/app.ts. */
export function canaryCostTable(costs: IdleCost[]): string {
  return table(['`regions`', 'alarm metrics', 'idle alarm cost, $/month', 'email subscriptions per address'],
    CASES.filter(([name]) => name.startsWith('`') || name === '5 regions')
      .map(([name], i) => [name.replace(' (examples/app.ts)', ''), int(costs[i].alarmMetrics), usd(monthlyUsd(costs[i]).alarms), int(costs[i].subscriptionsPerAddress)]));
}

function table(header: string[], rows: string[][]): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map(cells => `| ${cells.join(' | ')} |`).join('\n');
}

/** What the organization's canary check costs at the hub a month, for a number of member accounts. */
export interface CheckCost {
  readonly accounts: number;
  readonly regions: number;
  readonly runs: number;
  /** Organizations calls a run makes: DescribeOrganization, and a page of accounts and one of child units per unit. */
  readonly organizationsCalls: number;
  /** Seconds a run is estimated to take: 2, half a second per Organizations call, a second per 10,000 heartbeat records read. */
  readonly runSeconds: number;
  readonly memoryGb: number;
  readonly heartbeatRecords: number;
  readonly recordBytes: number;
  readonly alarmMetrics: number;
  readonly usd: { readonly alarm: number; readonly lambda: number; readonly records: number; readonly reports: number; readonly total: number };
}

/** CloudWatch Logs counts 26 bytes per log event beside its message (PutLogEvents' batch size); counted as ingested here too, to be safe. */
const LOG_EVENT_OVERHEAD = 26;
/** The longest region name: records from it are the longest. */
const LONGEST_REGION = 'ap-southeast-5';

/**
 * The hub's canary check for `accounts` member accounts, twenty to an
 * organizational unit, each running its canary in every region the hub
 * expects: counted from the hub's template (its alarm, the function's memory,
 * schedule and settings) and the heartbeat record its rule writes.
 */
export function organizationCheckCost(assembly: cxapi.CloudAssembly, accounts: number): CheckCost {
  const resources = Object.values(assembly.getStackByName('BreakGlassHub').template.Resources as { [id: string]: any });
  const fn = resources.find(r => r.Type === 'AWS::Lambda::Function')!;
  const settingsJoin: unknown[] = fn.Properties.Environment.Variables.BREAK_GLASS_CHECK['Fn::Join'][1];
  const settings = JSON.parse(settingsJoin.map(part => (typeof part === 'string' ? part : 'token')).join(''));
  const schedule = resources.find(r => r.Type === 'AWS::Events::Rule' && r.Properties.ScheduleExpression)!;
  const rate = /^rate\((\d+) (minute|hour)s?\)$/.exec(schedule.Properties.ScheduleExpression)!;
  const minutes = Number(rate[1]) * (rate[2] === 'hour' ? 60 : 1);
  const checkAlarm = resources.filter(r => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === schedule.Properties.Name);
  const runs = HOURS_A_MONTH * 60 / minutes;
  const regions: number = settings.regions.length;
  const units = Math.ceil(accounts / 20);
  const organizationsCalls = 1 + units * 2;
  const heartbeatRecords = accounts * regions * runs;
  const recordsRead = accounts * regions * (settings.missingIntervals + 2);
  const runSeconds = 2 + organizationsCalls * 0.5 + recordsRead / 10_000;
  const memoryGb = fn.Properties.MemorySize / 1024;
  const arn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const recordBytes = Buffer.byteLength(`heartbeat 111122223333 ${LONGEST_REGION} ${arn('111122223333', `${settings.canaryRolePrefix}-${LONGEST_REGION}`)} ` +
    `${arn('111122223333', settings.roleName)}`) + LOG_EVENT_OVERHEAD;
  const reportBytes = 80 + accounts * 40 + LOG_EVENT_OVERHEAD;
  const gb = (bytes: number) => bytes / 2 ** 30;
  const cost = {
    alarm: alarmMetrics({ Resources: { ...checkAlarm } }) * PRICES.alarmMetricMonth,
    lambda: runs * runSeconds * memoryGb * PRICES.lambdaArmGbSecond + runs / 1e6 * PRICES.lambdaRequestsPerMillion,
    records: gb(heartbeatRecords * recordBytes) * PRICES.logIngestionPerGb,
    reports: gb(runs * reportBytes) * PRICES.logIngestionPerGb,
  };
  return {
    accounts,
    regions,
    runs,
    organizationsCalls,
    runSeconds,
    memoryGb,
    heartbeatRecords,
    recordBytes,
    alarmMetrics: checkAlarm.length,
    usd: { ...cost, total: cost.alarm + cost.lambda + cost.records + cost.reports },
  };
}

/** The member accounts of the README's organization cost table. */
export const CHECKED_ACCOUNTS = [1, 20, 200];

export function checkCosts(): CheckCost[] {
  const outdir = path.join(__dirname, 'cdk.out', 'costs-check');
  fs.rmSync(outdir, { recursive: true, force: true });
  const assembly = createOrganizationApp(outdir).synth();
  return CHECKED_ACCOUNTS.map(accounts => organizationCheckCost(assembly, accounts));
}

/** The organization section's table: the hub's canary check, for 1, 20 and 200 member accounts. */
export function checkCostTable(costs: CheckCost[]): string {
  const rows: Array<[string, (c: CheckCost) => string]> = [
    ['watched regions in each account', c => int(c.regions)],
    ['the check\'s alarm (alarm metrics)', c => int(c.alarmMetrics)],
    ['— $0.10 per alarm metric a month', c => usd(c.usd.alarm)],
    ['runs a month (Organizations calls each; estimated seconds each)', c => `${int(c.runs)} (${int(c.organizationsCalls)}; ${c.runSeconds.toFixed(1)})`],
    ['— Lambda, arm64, 256 MB', c => cents(c.usd.lambda)],
    ['heartbeat records written a month (bytes each)', c => `${int(c.heartbeatRecords)} (${int(c.recordBytes)})`],
    ['— $0.50 per GB ingested', c => cents(c.usd.records)],
    ['the check\'s reports, $0.50 per GB ingested', c => cents(c.usd.reports)],
    ['**the check, $/month**', c => `**${usd(c.usd.total)}**`],
  ];
  return table(['', ...costs.map(c => `${int(c.accounts)} account${c.accounts === 1 ? '' : 's'}`)], rows.map(([label, value]) => [label, ...costs.map(value)]));
}

if (require.main === module) {
  const costs = caseCosts();
  console.log(idleCostTable(costs));
  console.log('');
  console.log(canaryCostTable(costs));
  console.log('');
  console.log(checkCostTable(checkCosts()));
}
