import { awsPorts, ORGANIZATIONS_MAX_ATTEMPTS } from '../../../src/private/heartbeat-check/heartbeat-check.lambda';
import { runCheck } from '../../../src/private/heartbeat-check/run-check';
import { CheckReport } from '../../../src/private/heartbeat-check/verdict';
import { ORGANIZATION } from '../../support/apps';
import { FakeAccount, FakeAws, FakeOrganization } from '../../support/fake-aws';
import { canaryEvent, deployedHub, heartbeatLogEvent } from '../../support/heartbeat-records';

/**
 * The organization's heartbeat check, run as the function runs it (the AWS
 * SDK's clients, their retries) against AWS Organizations, CloudWatch Logs and
 * SNS answering offline, with the settings the hub deploys it with, on the
 * records its heartbeat rule writes for the corpus's canary event.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-12-01T00:00:00Z');
const LONG_AGO = Date.parse('2024-03-01T00:00:00Z') / 1000;

const { settings, heartbeatRule } = deployedHub();
const [UNIT] = ORGANIZATION.organizationalUnits;
/** A unit inside the unit the StackSet targets: its accounts are expected too. */
const TEAM_UNIT = 'ou-ab12-team0001';
const [A, B, C] = ORGANIZATION.members;
const REGIONS = settings.regions;
const active = (id: string, joined = LONG_AGO): FakeAccount => ({ Id: id, State: 'ACTIVE', JoinedTimestamp: joined });

/** The organization: the management account and two members in the targeted unit, a third in a unit inside it, the security account at the root. */
function organization(): FakeOrganization {
  return {
    id: settings.organizationId,
    managementAccount: ORGANIZATION.management,
    rootId: 'r-ab12',
    parents: {
      'r-ab12': { units: [UNIT], accounts: [active(ORGANIZATION.security)] },
      [UNIT]: { units: [TEAM_UNIT], accounts: [active(A), active(B), active(ORGANIZATION.management)] },
      [TEAM_UNIT]: { units: [], accounts: [active(C)] },
    },
  };
}

/** A world where time passes: canaries beat every interval in every (account, region) `beats` says, and the check runs. */
class World {
  public now = START;
  public readonly aws = new FakeAws(organization(), () => this.now);
  public beats: (account: string, region: string) => boolean = () => true;

  /** Let `hours` pass, every member's canary beating each hour it `beats`. */
  public pass(hours: number, accounts = [A, B, C]): void {
    for (let i = 0; i < hours; i++) {
      this.now += HOUR;
      for (const account of accounts) {
        for (const region of REGIONS.filter(r => this.beats(account, r))) {
          this.aws.logEvents.push(heartbeatLogEvent(heartbeatRule, settings.heartbeatLogGroup, canaryEvent(account, region, this.now - 10 * MINUTE)));
        }
      }
    }
  }

  public async check() {
    const published = this.aws.published.length;
    const verdict = await runCheck(settings, awsPorts(settings, this.aws.clients()), this.now);
    return { verdict, messages: this.aws.published.slice(published) };
  }

  public lastReport(): CheckReport {
    const reports = this.aws.logEvents.filter(e => e.logStreamName === settings.reportStream);
    return JSON.parse(reports[reports.length - 1].message);
  }
}

const pairsOf = (verdict: { silent: Array<{ account: string; region: string }> }) => verdict.silent.map(p => `${p.account} ${p.region}`);

test('the hub deploys the check with the organization, units and regions of its StackSet', () => {
  expect(settings).toMatchObject({
    organizationId: ORGANIZATION.id,
    organizationalUnits: ORGANIZATION.organizationalUnits,
    intervalMinutes: 60,
    missingIntervals: 3,
  });
  expect(REGIONS).toEqual(expect.arrayContaining(['us-east-2', 'us-east-1']));
});

test('every member beating: no message, and a report of nothing silent', async () => {
  const world = new World();
  world.pass(6);
  const { verdict, messages } = await world.check();
  expect(messages).toEqual([]);
  expect(verdict.silent).toEqual([]);
  // The management account, though in a unit, and the security account, outside the units, are not expected.
  expect(verdict.checked).toBe(3 * REGIONS.length);
  expect(world.lastReport().silent).toEqual({});
});

test('a silent account: one alert naming each of its regions and when it went silent, to the topic and chat; not again while silent', async () => {
  const world = new World();
  world.pass(6);
  await world.check();
  world.beats = account => account !== B;
  world.pass(3);
  const first = await world.check();
  expect(pairsOf(first.verdict)).toEqual(REGIONS.map(r => `${B} ${r}`).sort());
  expect(first.messages.map(m => m.topicArn)).toEqual([settings.alertTopicArn, settings.chatTopicArn]);
  const [email, chat] = first.messages;
  // Its last heartbeat was at 05:50; the first missing one was due an interval later.
  for (const region of REGIONS) {
    expect(email.message).toContain(`${B} ${region} since 2026-12-01T06:50:00Z (new)`);
  }
  expect(email.subject).toBe(`Break-glass canary: ${REGIONS.length} account-regions of ${ORGANIZATION.id} silent`);
  expect(email.message).toContain(settings.advice);
  const payload = JSON.parse(chat.message);
  expect(payload).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown', title: email.subject } });
  expect(payload.content.description).toContain(`${B} us-east-2 since 2026-12-01T06:50:00Z (new)`);

  world.pass(1);
  const second = await world.check();
  expect(pairsOf(second.verdict)).toEqual(pairsOf(first.verdict));
  expect(second.verdict.silent.every(pair => !pair.isNew && pair.since === '2026-12-01T06:50:00Z')).toBe(true);
  expect(second.messages).toEqual([]);
});

test('a silent region of one account is named alone, and said to beat again when it does', async () => {
  const world = new World();
  world.beats = (account, region) => !(account === C && region === 'us-east-1');
  world.pass(8);
  const silent = await world.check();
  expect(pairsOf(silent.verdict)).toEqual([`${C} us-east-1`]);
  // Silent since before the records read: at least since the start of what was read.
  expect(silent.messages[0].message).toContain(`${C} us-east-1 since at least 2026-12-01T03:00:00Z (new)`);

  world.beats = () => true;
  world.pass(1);
  const back = await world.check();
  expect(back.verdict.silent).toEqual([]);
  expect(back.verdict.recovered).toEqual([{ account: C, region: 'us-east-1' }]);
  expect(back.messages[0].subject).toBe(`Break-glass canary: every account-region of ${ORGANIZATION.id} beats again`);
  expect(back.messages[0].message).toContain(`Beating again:\n  ${C} us-east-1`);
});

test('heartbeats count only within 3 intervals: one 2 h 50 min old keeps its region quiet, one older does not', async () => {
  const world = new World();
  world.pass(6);
  world.beats = (account, region) => !(account === A && region === 'us-east-1');
  world.pass(3);
  // The last was at 05:50, 3 h 10 min before 09:00.
  expect(pairsOf((await world.check()).verdict)).toEqual([`${A} us-east-1`]);
  const fresh = new World();
  fresh.pass(6);
  fresh.beats = (account, region) => !(account === A && region === 'us-east-1');
  fresh.pass(2);
  fresh.now += 40 * MINUTE;
  expect((await fresh.check()).verdict.silent).toEqual([]);
});

test('a new account is not expected within its grace period, and is silent past it', async () => {
  const world = new World();
  world.pass(6);
  await world.check();
  const newcomer = '666677778888';
  world.aws.organization.parents[UNIT].accounts.push(active(newcomer, world.now / 1000 - 60));
  world.pass(1);
  const within = await world.check();
  expect(within.verdict.inGrace).toEqual([newcomer]);
  expect(within.verdict.silent).toEqual([]);
  expect(within.messages).toEqual([]);
  // Grace: 3 hours for the StackSet to reach it, and 3 intervals to beat.
  world.pass(settings.graceMinutes / 60 - 1);
  expect((await world.check()).verdict.silent).toEqual([]);
  world.pass(1);
  const past = await world.check();
  expect(past.verdict.inGrace).toEqual([]);
  expect(pairsOf(past.verdict)).toEqual(REGIONS.map(r => `${newcomer} ${r}`).sort());
});

test('an account moved into the units has its grace from when the check first expects it, whenever it joined the organization', async () => {
  const world = new World();
  world.pass(6);
  await world.check();
  const moved = '666677778888';
  world.aws.organization.parents[TEAM_UNIT].accounts.push(active(moved, LONG_AGO));
  world.pass(1);
  const first = await world.check();
  expect(first.verdict.inGrace).toEqual([moved]);
  expect(first.messages).toEqual([]);
});

test('a suspended, closed or removed account is no longer expected, and its silence is said to end', async () => {
  const world = new World();
  world.pass(6);
  await world.check();
  world.beats = account => account === A;
  world.pass(4);
  expect(pairsOf((await world.check()).verdict)).toHaveLength(2 * REGIONS.length);
  const unit = world.aws.organization.parents[UNIT];
  unit.accounts.splice(unit.accounts.findIndex(a => a.Id === B), 1, { ...active(B), State: 'SUSPENDED' });
  world.aws.organization.parents[TEAM_UNIT].accounts = [];
  world.pass(1);
  const after = await world.check();
  expect(after.verdict.silent).toEqual([]);
  expect(after.verdict.noLongerExpected.map(p => p.account)).toEqual([...REGIONS.map(() => B), ...REGIONS.map(() => C)]);
  expect(after.messages[0].message).toContain('No longer expected (suspended, closed, or out of the organizational units):');
});

test('a role named as the canary that is not the canary of its own account and region is reported once, never counted', async () => {
  const world = new World();
  world.pass(6);
  // B's us-east-2 canary is silent; in its place, B's us-east-1 canary role attempting from us-east-2, and A's us-east-2 canary role attempting B's role.
  world.beats = (account, region) => !(account === B && region === 'us-east-2');
  world.pass(3);
  world.aws.logEvents.push(heartbeatLogEvent(heartbeatRule, settings.heartbeatLogGroup, canaryEvent(B, 'us-east-2', world.now - 5 * MINUTE, 'BreakGlass-Canary-us-east-1')));
  world.aws.logEvents.push(heartbeatLogEvent(heartbeatRule, settings.heartbeatLogGroup, canaryEvent(B, 'us-east-2', world.now - 5 * MINUTE, 'BreakGlass-Canary-us-east-2', A)));
  const { verdict, messages } = await world.check();
  expect(pairsOf(verdict)).toEqual([`${B} us-east-2`]);
  expect(verdict.impostors).toHaveLength(2);
  expect(messages[0].message).toContain(`arn:aws:iam::${B}:role/BreakGlass-Canary-us-east-1 tried arn:aws:iam::${B}:role/BreakGlass, recorded in ${B} us-east-2`);
  expect(messages[0].message).toContain(`arn:aws:iam::${A}:role/BreakGlass-Canary-us-east-2 tried arn:aws:iam::${B}:role/BreakGlass, recorded in ${B} us-east-2`);
  world.pass(1);
  expect((await world.check()).verdict.impostors).toEqual([]);
});

test('canaries beating in an account the check does not expect are reported once', async () => {
  const world = new World();
  world.pass(6, [A, B, C, ORGANIZATION.security]);
  const { verdict, messages } = await world.check();
  expect(verdict.unexpected).toEqual([ORGANIZATION.security]);
  expect(messages[0].message).toContain('Canaries beat in accounts the check does not expect');
  world.pass(1, [A, B, C, ORGANIZATION.security]);
  expect((await world.check()).messages).toEqual([]);
});

describe('the check never concludes on what it could not read', () => {
  const throttled = (times: number) => (service: string, _op: string, attempt: number) =>
    (service === 'organizations' && attempt <= times ? { status: 400, type: 'TooManyRequestsException', message: 'AWS Organizations can\'t complete your request because another request is already in progress.' } : undefined);

  afterEach(() => jest.useRealTimers());

  /** Runs the check with the SDK's retry delays passing on a fake clock. */
  async function checkOnFakeClock(world: World) {
    jest.useFakeTimers({ now: world.now });
    let settled = false;
    const run = world.check().finally(() => { settled = true; });
    run.catch(() => undefined);
    for (let i = 0; i < 1000 && !settled; i++) {
      await jest.advanceTimersByTimeAsync(1_000);
    }
    return run;
  }

  test('Organizations throttling a few times: retried, and the run completes', async () => {
    const world = new World();
    world.beats = account => account !== C;
    world.pass(6);
    world.aws.fault = throttled(3);
    const { verdict } = await checkOnFakeClock(world);
    expect(pairsOf(verdict)).toHaveLength(REGIONS.length);
    expect(world.aws.calls.filter(c => c === 'organizations:DescribeOrganization')).toHaveLength(4);
  });

  test('Organizations throttling every attempt: given up after the client\'s attempts, not hung', async () => {
    const world = new World();
    world.pass(6);
    world.aws.fault = throttled(Infinity);
    await expect(checkOnFakeClock(world)).rejects.toThrow(/another request is already in progress/);
    expect(world.aws.calls.filter(c => c === 'organizations:DescribeOrganization')).toHaveLength(ORGANIZATIONS_MAX_ATTEMPTS);
  });

  test.each([
    ['Organizations throttling every attempt', throttled(Infinity), /another request is already in progress/],
    ['Organizations refusing the security account', (service: string) => (service === 'organizations'
      ? { status: 400, type: 'AccessDeniedException', message: 'You don\'t have permissions to access this resource.' } : undefined), /permissions/],
    ['a unit that is no more', (_service: string, op: string) => (op === 'ListAccountsForParent'
      ? { status: 400, type: 'ParentNotFoundException', message: 'We can\'t find a root or OU with the ParentId that you specified.' } : undefined), /ParentId/],
    ['the heartbeat log refusing reads', (_service: string, op: string) => (op === 'FilterLogEvents'
      ? { status: 400, type: 'AccessDeniedException', message: 'not authorized to perform: logs:FilterLogEvents' } : undefined), /FilterLogEvents/],
    ['the alert topic refusing', (service: string) => (service === 'sns'
      ? { status: 403, type: 'AuthorizationError', message: 'not authorized to perform: SNS:Publish' } : undefined), /SNS:Publish/],
  ])('%s: the run fails, for the alarm; no "all well", and the silence is alerted by the next run that can', async (_name, fault, error) => {
    const world = new World();
    world.beats = account => account !== C;
    world.pass(6);
    const reportsBefore = world.aws.logEvents.filter(e => e.logStreamName === settings.reportStream).length;
    world.aws.fault = fault as never;
    await expect(checkOnFakeClock(world)).rejects.toThrow(error);
    expect(world.aws.published.filter(m => m.topicArn === settings.alertTopicArn)).toEqual([]);
    expect(world.aws.logEvents.filter(e => e.logStreamName === settings.reportStream)).toHaveLength(reportsBefore);
    jest.useRealTimers();
    world.aws.fault = undefined;
    const next = await world.check();
    expect(next.messages[0].message).toContain(`${C} us-east-2 since`);
  });

  test('a report that cannot be read is an error, never a first run', async () => {
    const world = new World();
    world.pass(6);
    world.aws.logEvents.push({ logGroupName: settings.heartbeatLogGroup, logStreamName: settings.reportStream, timestamp: world.now - HOUR, ingestionTime: world.now, message: '{"version":1,' });
    await expect(world.check()).rejects.toThrow(/JSON/);
  });
});

test('200 accounts in nested units, 17 regions: within the function\'s time and memory', async () => {
  const { settings: all, heartbeatRule: rule } = deployedHub({ regions: ['*'] });
  expect(all.regions).toHaveLength(17);
  const accounts = Array.from({ length: 200 }, (_, i) => String(100000000000 + i));
  // Ten units of twenty accounts, each the child of the one before.
  const units = accounts.filter((_, i) => i % 20 === 0).map((_, u) => `ou-ab12-depth${String(u).padStart(4, '0')}`);
  const parents: FakeOrganization['parents'] = { 'r-ab12': { units: [units[0]], accounts: [] } };
  units.forEach((unit, u) => {
    parents[unit] = { units: units[u + 1] ? [units[u + 1]] : [], accounts: accounts.slice(u * 20, u * 20 + 20).map(id => active(id)) };
  });
  let now = START + 6 * HOUR;
  const aws = new FakeAws({ id: all.organizationId, managementAccount: ORGANIZATION.management, rootId: 'r-ab12', parents }, () => now);
  for (let hour = 1; hour <= 6; hour++) {
    for (const account of accounts) {
      for (const region of all.regions) {
        if (!(account === accounts[199] && region === 'sa-east-1' && hour > 2)) {
          aws.logEvents.push(heartbeatLogEvent(rule, all.heartbeatLogGroup, canaryEvent(account, region, START + hour * HOUR - 10 * MINUTE)));
        }
      }
    }
  }
  const settingsOfRoot = { ...all, organizationalUnits: [units[0]] };
  const heapBefore = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const verdict = await runCheck(settingsOfRoot, awsPorts(settingsOfRoot, aws.clients()), now);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  console.log(`200 accounts x 17 regions: ${aws.logEvents.length} records read in ${seconds.toFixed(2)} s, heap grew ${heapMb.toFixed(0)} MB, ` +
    `${aws.calls.filter(c => c.startsWith('organizations')).length} Organizations calls, ${aws.calls.filter(c => c === 'logs:FilterLogEvents').length} log pages`);
  expect(verdict.checked).toBe(200 * 17);
  expect(pairsOf(verdict)).toEqual([`${accounts[199]} sa-east-1`]);
  // The function has 5 minutes and 256 MB; this machine is no faster than Lambda's 256 MB share of a core by more than a few times.
  expect(seconds).toBeLessThan(30);
  expect(heapMb).toBeLessThan(200);
  now += 0;
});
