import { CheckSettings } from './check-settings';
import { HeartbeatRecord } from './heartbeat-record';
import { OrganizationView } from './organization-accounts';

/** When an account-region went silent: its first missed heartbeat, or, when its last is older than the log read, at least since then. */
export interface SilentSince {
  /** ISO 8601. */
  readonly since: string;
  /** True when the last heartbeat is older than what was read: silent since `since` at the latest. */
  readonly atLeast?: boolean;
}

/**
 * What one run of the check concluded, kept in the heartbeat log for the
 * next run: so each account-region is alerted on once when it goes silent,
 * and again when it comes back.
 */
export interface CheckReport {
  readonly version: 1;
  /** When the run ended (ISO 8601). */
  readonly time: string;
  /** Every silent account-region (`account region`), and since when. */
  readonly silent: { readonly [pair: string]: SilentSince };
  /**
   * Every expected account, and since when (ISO 8601): when it joined the
   * organization for those there at the first run, else the first run that
   * expected it (an account moved into the units too). Its grace period starts then.
   */
  readonly expectedSince: { readonly [account: string]: string };
  /** Accounts whose canaries beat though the check does not expect them. */
  readonly unexpected: string[];
}

/** An account and region. */
export interface AccountRegion {
  readonly account: string;
  readonly region: string;
}

/** A silent account-region. */
export interface SilentPair extends AccountRegion, SilentSince {
  /** Not silent at the previous run. */
  readonly isNew: boolean;
}

/** What the check makes of one run's readings. */
export interface Verdict {
  /** Every silent account-region, by account and region. */
  readonly silent: SilentPair[];
  /** Account-regions silent at the previous run that beat again. */
  readonly recovered: AccountRegion[];
  /** Account-regions silent at the previous run whose account is no longer expected (suspended, closed, left the units). */
  readonly noLongerExpected: AccountRegion[];
  /** Attempts by a role named as a canary that are not a member's canary in its own account and region (new since the previous run). */
  readonly impostors: HeartbeatRecord[];
  /** Accounts beating though not expected, new since the previous run. */
  readonly unexpected: string[];
  /** Expected accounts still in their grace period. */
  readonly inGrace: string[];
  /** How many account-regions were expected and checked. */
  readonly checked: number;
  /** What the next run reads. */
  readonly report: CheckReport;
}

/** One run's readings. */
export interface Readings {
  readonly now: number;
  readonly organization: OrganizationView;
  /** The heartbeat log's records from `since` on. */
  readonly heartbeats: HeartbeatRecord[];
  /** The start of the heartbeat log's records read, in epoch milliseconds. */
  readonly since: number;
  /** The previous run's report; none before the first. */
  readonly previous?: CheckReport;
}

const MINUTE = 60_000;
const pairKey = (account: string, region: string) => `${account} ${region}`;
const iso = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The heartbeats read from the log's records are enough to judge: a run reads this far back. */
export function heartbeatLookBack(settings: CheckSettings): number {
  return (settings.missingIntervals + 2) * settings.intervalMinutes * MINUTE;
}

/**
 * The check: which expected account-regions have had no heartbeat for
 * `missingIntervals` intervals. Expected are the active accounts of the
 * organization's view but the management account, past their grace period,
 * in every region of the settings. A record is a heartbeat only when the
 * canary role of its own account and region made it, at the role of its own
 * account; any other is an impostor.
 */
export function judge(settings: CheckSettings, readings: Readings): Verdict {
  const { now, organization, previous } = readings;
  const interval = settings.intervalMinutes * MINUTE;
  const silence = settings.missingIntervals * interval;
  const grace = settings.graceMinutes * MINUTE;

  const expectedSince: { [account: string]: string } = {};
  const checkedAccounts: string[] = [];
  const inGrace: string[] = [];
  const expected = new Set<string>();
  for (const account of organization.accounts) {
    if (account.state !== 'ACTIVE' || account.id === organization.managementAccount) {
      continue;
    }
    expected.add(account.id);
    // At the first run, every account was there before the check: its grace runs from when it joined.
    const known = previous?.expectedSince[account.id];
    const graceFrom = Math.max(account.joined, known !== undefined ? Date.parse(known) : previous ? now : account.joined);
    expectedSince[account.id] = iso(graceFrom);
    if (graceFrom + grace > now) {
      inGrace.push(account.id);
    } else {
      checkedAccounts.push(account.id);
    }
  }

  const lastSeen = new Map<string, number>();
  const beating = new Set<string>();
  const impostors: HeartbeatRecord[] = [];
  for (const record of readings.heartbeats) {
    if (isCanaryOf(settings, record)) {
      const key = pairKey(record.account, record.region);
      lastSeen.set(key, Math.max(record.time, lastSeen.get(key) ?? 0));
      beating.add(record.account);
    } else if (!previous || record.ingested > Date.parse(previous.time)) {
      impostors.push(record);
    }
  }

  const silent: SilentPair[] = [];
  for (const account of checkedAccounts.sort()) {
    for (const region of [...settings.regions].sort()) {
      const key = pairKey(account, region);
      const last = lastSeen.get(key);
      if (last !== undefined && now - last < silence) {
        continue;
      }
      const before = previous?.silent[key];
      const since: SilentSince = before ?? (last !== undefined ? { since: iso(last + interval) } : { since: iso(readings.since), atLeast: true });
      silent.push({ account, region, ...since, isNew: before === undefined });
    }
  }

  const silentKeys = new Set(silent.map(pair => pairKey(pair.account, pair.region)));
  const recovered: AccountRegion[] = [];
  const noLongerExpected: AccountRegion[] = [];
  for (const key of Object.keys(previous?.silent ?? {}).sort()) {
    if (silentKeys.has(key)) {
      continue;
    }
    const [account, region] = key.split(' ');
    (expected.has(account) ? recovered : noLongerExpected).push({ account, region });
  }

  const strangers = [...beating].filter(account => !expected.has(account) && account !== organization.managementAccount).sort();
  const unexpected = strangers.filter(account => !previous?.unexpected.includes(account));

  return {
    silent,
    recovered,
    noLongerExpected,
    impostors,
    unexpected,
    inGrace: inGrace.sort(),
    checked: checkedAccounts.length * settings.regions.length,
    report: {
      version: 1,
      time: iso(now),
      silent: Object.fromEntries(silent.map(({ account, region, since, atLeast }) =>
        [pairKey(account, region), atLeast ? { since, atLeast } : { since }])),
      expectedSince,
      unexpected: strangers,
    },
  };
}

/** A member's canary in its own account and region, at the role of its own account. */
function isCanaryOf(settings: CheckSettings, record: HeartbeatRecord): boolean {
  const partition = /^arn:([\w-]+):/.exec(record.roleArn)?.[1];
  return settings.regions.includes(record.region)
    && record.issuerArn === `arn:${partition}:iam::${record.account}:role/${settings.canaryRolePrefix}-${record.region}`
    && record.roleArn === `arn:${partition}:iam::${record.account}:role/${settings.roleName}`;
}
