import * as fs from 'fs';
import * as path from 'path';
import { ORGANIZATION, SCENARIO } from './apps';
import { Breakage, EventBridgeModel } from './eventbridge-model';
import { FakeAws, FakeOrganization } from './fake-aws';
import { canaryEvent, deployedHub, heartbeatLogEvent } from './heartbeat-records';
import { OrganizationDeployment, organizationDeployment } from './organization-deployment';
import { fillPlaceholders } from './tamper-placeholders';
import { awsPorts } from '../../src/private/heartbeat-check/heartbeat-check.lambda';
import { runCheck } from '../../src/private/heartbeat-check/run-check';
import { organizationNames } from '../../src/private/organization/organization-names';

/**
 * The organization's fault table: the organization test app (`regions:
 * ['eu-west-1']`, so three regions) with its three member accounts' canaries
 * beating hourly for six hours, through the StackSet body's rules in every
 * member account and region, the hub's bus and its heartbeat rule, in the
 * EventBridge model, broken one way at a time; then the hub's check run on
 * what reached the heartbeat log. For each fault: heartbeats recorded, what is
 * kept in which dead-letter queue, what is lost, what the check says, and
 * what else alerts.
 */
const HOUR = 3_600_000;
const START = Date.parse('2026-12-01T00:00:00Z');
const BEATS = 6;

/** One way the organization's alerting path breaks. */
export interface OrganizationFault {
  readonly name: string;
  readonly breakage?: (d: OrganizationDeployment) => Breakage;
  /** Account-regions whose canary events CloudTrail never sends (a trail stopped, a schedule deleted). */
  readonly unrecorded?: Array<{ readonly account: string; readonly region: string }>;
  /** A tamper event the fault makes, from `test/events/tamper`, recorded in a member account and region. */
  readonly change?: { readonly file: string; readonly account: string; readonly region: string };
  /** Organizations refusing the check. */
  readonly organizationsRefusing?: boolean;
}

const [A, B, C] = ORGANIZATION.members;

export const ORGANIZATION_FAULTS: OrganizationFault[] = [
  { name: 'none' },
  { name: `trail of ${B} stops logging in eu-west-1`, unrecorded: [{ account: B, region: 'eu-west-1' }] },
  { name: `forwarder role of ${B} in eu-west-1 deleted`, breakage: () => ({ missingRoles: [`arn:aws:iam::${B}:role/${SCENARIO.roleName}-Fwd-eu-west-1`] }) },
  { name: `hub's bus policy refusing ${C}`, breakage: d => ({ busAdmits: delivery => delivery.fromAccount !== C && d.busAdmits(delivery) }) },
  { name: 'heartbeat log refusing EventBridge (log resource policy removed)', breakage: d => ({ refusingTargets: [d.heartbeatLogArn] }) },
  {
    name: `canary schedule of ${A} in us-east-1 deleted`,
    unrecorded: [{ account: A, region: 'us-east-1' }],
    change: { file: 'alert-scheduler-delete-canary-schedule.json', account: A, region: 'us-east-1' },
  },
  { name: 'Organizations refusing the security account', organizationsRefusing: true },
];

export interface OrganizationFaultResult {
  readonly fault: string;
  readonly recorded: number;
  /** Kept in dead-letter queues, by `account region` of the queue. */
  readonly kept: { [queue: string]: number };
  readonly lost: number;
  /** The silent account-regions the check names, or its error. */
  readonly check: string[] | { readonly error: string };
  /** Other alerts at the hub's topic (tamper). */
  readonly alerts: number;
  /** Whether the hub's dead-letter queue's alarm goes off. */
  readonly hubQueueAlarm: boolean;
}

/** Runs every fault, and the hub's check at the end of the six hours on what each left in the heartbeat log. */
export async function organizationFaultTable(): Promise<OrganizationFaultResult[]> {
  const deployment = organizationDeployment({ regions: ['eu-west-1'] });
  const { settings, heartbeatRule } = deployedHub({ regions: ['eu-west-1'] });
  const names = { CanaryScheduleName: organizationNames(SCENARIO.roleName, SCENARIO.home).canarySchedule };
  const now = START + (BEATS + 0.5) * HOUR;
  const results: OrganizationFaultResult[] = [];
  for (const fault of ORGANIZATION_FAULTS) {
    const beats = ORGANIZATION.members.flatMap(account => deployment.regions.flatMap(region =>
      (fault.unrecorded?.some(u => u.account === account && u.region === region) ? []
        : Array.from({ length: BEATS }, (_, h) => canaryEvent(account, region, START + (h + 1) * HOUR - 10 * 60_000)))));
    const changes = fault.change ? [changeEvent(fault.change, names)] : [];
    const model = new EventBridgeModel(deployment.rules, { busAdmits: deployment.busAdmits, ...fault.breakage?.(deployment) }, deployment.queues);
    const outcomes = model.deliver([...beats, ...changes]);
    const deadLetters = outcomes.flatMap(o => o.deadLetters);
    const kept: { [queue: string]: number } = {};
    for (const letter of deadLetters) {
      const [, , , region, account] = letter.queueArn.split(':');
      kept[`${account} ${region}`] = (kept[`${account} ${region}`] ?? 0) + 1;
    }

    const aws = new FakeAws(memberOrganization(), () => now);
    aws.logEvents.push(...outcomes.flatMap((outcome, i) => (outcome.deliveries.some(d => d.arn === deployment.heartbeatLogArn)
      ? [heartbeatLogEvent(heartbeatRule, settings.heartbeatLogGroup, beats[i])] : [])));
    if (fault.organizationsRefusing) {
      aws.fault = service => (service === 'organizations'
        ? { status: 400, type: 'AccessDeniedException', message: 'You don\'t have permissions to access this resource.' } : undefined);
    }
    let check: OrganizationFaultResult['check'];
    try {
      check = (await runCheck(settings, awsPorts(settings, aws.clients()), now)).silent.map(pair => `${pair.account} ${pair.region}`);
    } catch (e) {
      check = { error: (e as Error).name };
    }
    results.push({
      fault: fault.name,
      recorded: aws.logEvents.filter(e => e.logStreamName !== settings.reportStream).length,
      kept,
      lost: outcomes.reduce((n, o) => n + o.lost.length, 0),
      check,
      alerts: outcomes.reduce((n, o) => n + o.deliveries.filter(d => d.arn === deployment.topicArn).length, 0),
      hubQueueAlarm: deadLetters.some(letter => letter.queueArn.split(':')[4] === ORGANIZATION.security),
    });
  }
  return results;
}

/** The organization as Organizations lists it: the members in the targeted unit. */
function memberOrganization(): FakeOrganization {
  const [unit] = ORGANIZATION.organizationalUnits;
  const joined = Date.parse('2024-01-01T00:00:00Z') / 1000;
  return {
    id: ORGANIZATION.id,
    managementAccount: ORGANIZATION.management,
    rootId: 'r-ab12',
    parents: {
      'r-ab12': { units: [unit], accounts: [{ Id: ORGANIZATION.security, State: 'ACTIVE', JoinedTimestamp: joined }] },
      [unit]: { units: [], accounts: ORGANIZATION.members.map(Id => ({ Id, State: 'ACTIVE', JoinedTimestamp: joined })) },
    },
  };
}

function changeEvent(change: NonNullable<OrganizationFault['change']>, names: { [name: string]: string }): any {
  const file = JSON.parse(fs.readFileSync(path.join(__dirname, '../events/tamper', change.file), 'utf-8'));
  const event = JSON.parse(JSON.stringify(fillPlaceholders(file.event, names)).split(SCENARIO.account).join(change.account));
  return { ...event, region: change.region, detail: { ...event.detail, awsRegion: change.region } };
}

/** The table as Markdown. */
export function organizationFaultMarkdown(results: OrganizationFaultResult[]): string {
  const header = ['fault', 'heartbeats recorded', 'kept (dead-letter queue: account region)', 'lost', 'the check names', 'other alerts and alarms'];
  const rows = results.map(r => [
    r.fault,
    String(r.recorded),
    Object.entries(r.kept).map(([queue, n]) => `${n} in ${queue}`).join(', ') || '0',
    String(r.lost),
    Array.isArray(r.check) ? (r.check.join(', ') || 'nothing silent') : `nothing: the run fails (${r.check.error}); the check's alarm`,
    [r.alerts ? `${r.alerts} tamper alert${r.alerts === 1 ? '' : 's'}` : '', r.hubQueueAlarm ? 'hub queue\'s alarm' : ''].filter(Boolean).join('; ') || 'none',
  ]);
  return [header, header.map((_, i) => (i === 1 || i === 3 ? '---:' : '---')), ...rows].map(cells => `| ${cells.join(' | ')} |`).join('\n');
}
