import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassLoginAlert, BreakGlassLogActions, LogActions, TrailSetup } from '../../../src';
import {
  actionQueries, FAILED_CALLS, LOGIN_QUERIES, LOGINS, queryString, SavedQuery, SESSION_ACTIONS, WRITES,
} from '../../../src/private/detection/saved-queries';
import { SCENARIO, scenarioApp } from '../../support/apps';
import { EventBridgeModel } from '../../support/eventbridge-model';
import { CorpusEvent, deployedRules, loadEvents } from '../../support/scenario';

// Logs Insights reads each log event, a CloudTrail event in its EventBridge
// envelope, as JSON flattened with dots (`detail.userIdentity.arn`), and a
// JSON boolean as 1 or 0. A query naming a path no event has returns blank
// columns or nothing at all, silently: each path is run against the corpus.

const EVENTS = loadEvents('corpus', 'extra', 'tamper');
/** The events recorded as actions of the role. */
const ACTION_EVENTS = EVENTS.filter(e => e.expect.actions !== null);
/** The successful assumptions of the role, recorded beside the actions. */
const ASSUMPTION_EVENTS = EVENTS.filter(e => e.expect.alert && /^AssumeRole/.test(e.event.detail.eventName) && e.event.detail.errorCode === undefined);
/** What the action log holds: the actions, and the assumptions beside them. */
const ACTION_LOG_EVENTS = [...ACTION_EVENTS, ...ASSUMPTION_EVENTS];
const LOGIN_EVENT_NAMES = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'SwitchRole', 'ConsoleLogin'];
/** What the login log holds: the login events that alert. */
const LOGIN_EVENTS = EVENTS.filter(e => e.expect.alert && e.expect.actions === null && LOGIN_EVENT_NAMES.includes(e.event.detail.eventName));

/** Every event field path a query string names (`detail.…`), from its fields, filter and stats. */
function fieldPaths(query: string): string[] {
  return [...new Set([...query.matchAll(/\bdetail(?:\.[A-Za-z0-9_]+)+/g)].map(m => m[0]))];
}

/** The value at a dotted path of an event, as Logs Insights flattens it; undefined where the event lacks it. */
function valueAt(event: any, path: string): unknown {
  return path.split('.').reduce((value, key) => (value === null || value === undefined ? undefined : value[key]), event);
}

/** The fields a query computes (`coalesce(a, b) as name`), by name: the first of its paths an event has. */
function computedFields(query: string): Map<string, string[]> {
  return new Map([...query.matchAll(/coalesce\(([^)]*)\) as (\w+)/g)].map(m => [m[2], m[1].split(',').map(p => p.trim())]));
}

/** The value of a path or of a computed field of a query, for an event. */
function fieldValue(query: string, event: any, name: string): unknown {
  const paths = computedFields(query).get(name);
  return paths ? paths.map(path => valueAt(event, path)).find(value => value !== undefined && value !== null) : valueAt(event, name);
}

/**
 * Runs a stats query (`fn(path) as name, … by field`) on log events, each timestamped by its `detail.eventTime`,
 * as Logs Insights would: the functions the saved queries use, one row per value of the `by` field.
 */
function runStats(query: string, events: any[]): Array<{ [name: string]: unknown }> {
  const [, statements, by] = /\| stats (.*) by (\S+)/.exec(query)!;
  const time = (event: any) => Date.parse(event.detail.eventTime);
  const groups = new Map<unknown, any[]>();
  for (const event of [...events].sort((a, b) => time(a) - time(b))) {
    const key = fieldValue(query, event, by);
    groups.set(key, [...groups.get(key) ?? [], event]);
  }
  return [...groups.entries()].map(([key, group]) => Object.fromEntries([[by, key], ...[...statements.matchAll(/(\w+)\(([^)]*)\) as (\w+)/g)]
    .map(([, fn, arg, name]) => {
      const values = group.map(event => (arg === '*' ? 1 : arg === '@timestamp' ? time(event) : valueAt(event, arg)));
      switch (fn) {
        case 'earliest': return [name, values[0]];
        case 'latest': return [name, values[values.length - 1]];
        case 'count': return [name, values.length];
        case 'count_distinct': return [name, new Set(values).size];
        case 'min': return [name, Math.min(...values as number[])];
        case 'max': return [name, Math.max(...values as number[])];
        default: throw new Error(`the test has no model of ${fn}`);
      }
    })]));
}

/** The paths of the `by` clause of a stats query. */
function groupPaths(query: string): string[] {
  const by = / by (.*?)(\n|$)/.exec(query);
  return by ? by[1].split(',').map(s => s.trim()) : [];
}

/** Runs a query's one filter on an event, for the two filter forms the queries use. */
function passesFilter(query: SavedQuery, event: any): boolean {
  const [filter] = query.query.filterStatements ?? [];
  if (filter === undefined) {
    return true;
  }
  const equalsZero = /^(\S+) = 0$/.exec(filter);
  if (equalsZero) {
    // Logs Insights reads false as 0.
    return valueAt(event, equalsZero[1]) === false;
  }
  const present = /^ispresent\((\S+)\)$/.exec(filter);
  if (present) {
    const value = valueAt(event, present[1]);
    return value !== undefined && value !== null;
  }
  throw new Error(`the test has no model of the filter ${filter}`);
}

describe.each([
  ['action log', actionQueries(true), ACTION_LOG_EVENTS],
  ['login log', LOGIN_QUERIES, LOGIN_EVENTS],
] as Array<[string, SavedQuery[], CorpusEvent[]]>)('%s queries', (_log, queries, events) => {
  test('the log has events in the corpus', () => {
    expect(events.length).toBeGreaterThan(4);
  });

  describe.each(queries.map(q => [q.title, q] as const))('%s', (_title, query) => {
    const text = queryString(query);

    test('names event fields', () => {
      expect(fieldPaths(text).length).toBeGreaterThan(2);
    });

    test.each(fieldPaths(text).map(p => [p]))('%s exists in the log\'s real-shaped events', path => {
      expect(events.filter(e => valueAt(e.event, path) !== undefined).map(e => e.file)).not.toEqual([]);
    });

    test('groups only by fields every event of the log has', () => {
      for (const path of groupPaths(text)) {
        expect(events.filter(e => fieldValue(text, e.event, path) === undefined).map(e => `${e.file} lacks ${path}`)).toEqual([]);
      }
    });
  });
});

test('the path check fails a path real events do not have', () => {
  // CloudTrail spells it eventID: a query on detail.eventId shows a blank column.
  expect(ACTION_EVENTS.filter(e => valueAt(e.event, 'detail.eventId') !== undefined)).toEqual([]);
  expect(ACTION_EVENTS.every(e => valueAt(e.event, 'detail.eventID') !== undefined)).toBe(true);
});

test('Writes by session keeps exactly the recorded writes', () => {
  const kept = ACTION_EVENTS.filter(e => passesFilter(WRITES, e.event));
  expect(kept.map(e => e.file)).toEqual(ACTION_EVENTS.filter(e => e.expect.actions === 'write').map(e => e.file));
  expect(kept.length).toBeGreaterThan(0);
});

test('Failed calls keeps exactly the recorded calls with an error code, and only those', () => {
  const kept = ACTION_EVENTS.filter(e => passesFilter(FAILED_CALLS, e.event));
  expect(kept.map(e => e.file)).toEqual(['extra/action-write-denied-stoplogging.json']);
});

test('What each session did and the login query keep every event', () => {
  expect(ACTION_LOG_EVENTS.every(e => passesFilter(SESSION_ACTIONS, e.event))).toBe(true);
  expect(LOGIN_EVENTS.every(e => passesFilter(LOGINS, e.event))).toBe(true);
});

test('What each session did groups by the session\'s access key id, which its assumption and every one of its actions carry', () => {
  const text = queryString(SESSION_ACTIONS);
  expect(groupPaths(text)).toEqual(['session']);
  expect(ASSUMPTION_EVENTS.length).toBeGreaterThan(3);
  expect(ASSUMPTION_EVENTS.map(e => fieldValue(text, e.event, 'session')))
    .toEqual(ASSUMPTION_EVENTS.map(e => e.event.detail.responseElements.credentials.accessKeyId));
  // An AssumeRole the session makes of another role (role chaining) is a row of its own: the chained session, obtained by this one.
  const chained = 'extra/action-read-assumerole-chained-from-break-glass.json';
  const plain = ACTION_EVENTS.filter(e => e.file !== chained);
  expect(plain.map(e => fieldValue(text, e.event, 'session'))).toEqual(plain.map(e => e.event.detail.userIdentity.accessKeyId));
  expect(fieldValue(text, EVENTS.find(e => e.file === chained)!.event, 'session')).toBe('ASIAEXAMPLECHAINED');
});

describe('What each session did names who obtained each session, whatever its name', () => {
  const text = queryString(SESSION_ACTIONS);
  const byFile = (file: string) => structuredClone(EVENTS.find(e => e.file === file)!.event);
  // alice's session, named alice-incident-42, acts as i-am-not-alice; carol's, from Identity Center, is named bob.
  const aliceAssumes = byFile('corpus/alert-assumerole-home-region.json');
  const aliceActs = byFile('corpus/action-write-any-session-name.json');
  const carolAssumes = byFile('corpus/alert-assumerole-from-sso-session.json');
  carolAssumes.detail.requestParameters.roleSessionName = 'bob';
  carolAssumes.detail.responseElements.credentials.accessKeyId = 'ASIAEXAMPLECAROL';
  const carolActs = byFile('corpus/action-write-s3-putobject.json');
  carolActs.detail.userIdentity.arn = 'arn:aws:sts::111122223333:assumed-role/BreakGlass/bob';
  carolActs.detail.userIdentity.accessKeyId = 'ASIAEXAMPLECAROL';
  const times = ['2026-11-01T08:00:00Z', '2026-11-01T08:05:00Z', '2026-11-01T09:00:00Z', '2026-11-01T09:05:00Z'];
  const records = [aliceAssumes, aliceActs, carolAssumes, carolActs]
    .map((event, i) => ({ ...event, detail: { ...event.detail, eventTime: times[i] } }));

  // The scenario's rules put each of them in the action log: the assumptions as well as the actions.
  const { app } = scenarioApp({ logActions: LogActions.ALL });
  const delivered = new EventBridgeModel(deployedRules(app)).deliver(records)
    .map(outcome => outcome.deliveries.filter(d => d.arn.includes(':logs:') && d.arn.includes('LogActions')).map(d => JSON.parse(d.payload)));

  test('each record reaches the action log once', () => {
    expect(delivered.map(d => d.length)).toEqual([1, 1, 1, 1]);
  });

  test('one row per session: who obtained it, the name it acted under, and its records', () => {
    const rows = runStats(text, delivered.flat());
    expect(rows.map(row => ({ session: row.session, obtainedBy: row.obtainedBy, sessionArn: row.sessionArn, records: row.records }))).toEqual([
      {
        session: 'ASIAEXAMPLESESSION',
        obtainedBy: 'arn:aws:iam::111122223333:user/alice',
        sessionArn: 'arn:aws:sts::111122223333:assumed-role/BreakGlass/i-am-not-alice',
        records: 2,
      },
      {
        session: 'ASIAEXAMPLECAROL',
        obtainedBy: carolAssumes.detail.userIdentity.arn,
        sessionArn: 'arn:aws:sts::111122223333:assumed-role/BreakGlass/bob',
        records: 2,
      },
    ]);
    expect(String(carolAssumes.detail.userIdentity.arn)).toMatch(/carol/);
  });

  test('without the assumption record (a console session, or one from before the log began), the row names only the session', () => {
    const rows = runStats(text, [delivered[1]].flat());
    expect(rows).toEqual([expect.objectContaining({ obtainedBy: 'arn:aws:sts::111122223333:assumed-role/BreakGlass/i-am-not-alice' })]);
  });
});

describe('What each session did shows a chain: a chained session\'s write is attributed to the person, through the break-glass session', () => {
  const text = queryString(SESSION_ACTIONS);
  // test/events/chain: alice assumes the role (key ASIACHAINBREAKGLASS), passes a role to Lambda, and chains into OpsAdmin
  // (key ASIACHAINOPSADMIN), which deletes a bucket; other OpsAdmin sessions are not the role's.
  const chain = loadEvents('chain');
  // Recorded by the scenario's rules at WRITE, the narrowest mode that keeps the write, every region watched.
  const { app } = scenarioApp({ logActions: LogActions.WRITE, regions: ['*'] });
  const delivered = new EventBridgeModel(deployedRules(app)).deliver(chain.map(e => e.event))
    .map(outcome => outcome.deliveries.filter(d => d.arn.includes(':logs:') && d.arn.includes('LogActions')).map(d => JSON.parse(d.payload)));

  test('the action log holds the assumption, the chaining call, the role-passing write and the chained session\'s write, and nothing else', () => {
    expect(chain.filter((_e, i) => delivered[i].length > 0).map(e => e.file).sort()).toEqual([
      'chain/action-chain-assumerole-opsadmin.json',
      'chain/action-chained-session-write-delete-bucket.json',
      'chain/action-write-passes-role-lambda.json',
      'chain/alert-assumerole-alice-source-identity.json',
    ]);
    expect(delivered.map(d => d.length).every(n => n <= 1)).toBe(true);
  });

  test('two rows: alice\'s break-glass session, obtained by alice, and the OpsAdmin session, obtained by it with its key', () => {
    const rows = runStats(text, delivered.flat());
    const pick = (row: any) => ({
      session: row.session, obtainedBy: row.obtainedBy, obtainedWith: row.obtainedWith, sessionArn: row.sessionArn, records: row.records,
    });
    expect(rows.map(pick)).toEqual([
      {
        session: 'ASIACHAINBREAKGLASS',
        obtainedBy: 'arn:aws:iam::111122223333:user/alice',
        obtainedWith: 'AKIAALICEEXAMPLE',
        sessionArn: 'arn:aws:sts::111122223333:assumed-role/BreakGlass/alice',
        records: 2,
      },
      {
        session: 'ASIACHAINOPSADMIN',
        obtainedBy: 'arn:aws:sts::111122223333:assumed-role/BreakGlass/alice',
        obtainedWith: 'ASIACHAINBREAKGLASS',
        sessionArn: 'arn:aws:sts::111122223333:assumed-role/OpsAdmin/ops',
        records: 2,
      },
    ]);
  });
});

describe('saved query definitions of a BreakGlassRole with both logs', () => {
  const { stack } = scenarioApp({ createLoginLogGroup: true, logActions: LogActions.ALL });
  const template = Template.fromStack(stack);
  const definitions = Object.values<any>(template.findResources('AWS::Logs::QueryDefinition')).map(r => r.Properties);
  const logGroupIds = Object.keys(template.findResources('AWS::Logs::LogGroup'));
  const idOf = (prefix: string) => logGroupIds.find(id => id.startsWith(prefix))!;

  test('one definition per query, each on its log group, with the query written once', () => {
    expect(definitions.map(d => [d.Name, d.LogGroupNames, d.QueryString])).toEqual([
      ['break-glass/Home-BreakGlass-LoginAlert-FAE56051/Assumptions and sign-ins', [{ Ref: idOf('BreakGlassLoginAlertLogGroup') }], queryString(LOGINS)],
      ['break-glass/Home-BreakGlass-LogActions-683A6866/What each session did', [{ Ref: idOf('BreakGlassLogActionsLogGroup') }], queryString(SESSION_ACTIONS)],
      ['break-glass/Home-BreakGlass-LogActions-683A6866/Writes by session', [{ Ref: idOf('BreakGlassLogActionsLogGroup') }], queryString(WRITES)],
      ['break-glass/Home-BreakGlass-LogActions-683A6866/Failed calls', [{ Ref: idOf('BreakGlassLogActionsLogGroup') }], queryString(FAILED_CALLS)],
    ]);
  });

  test('names fit CloudWatch Logs: at most 255 characters, no colon or asterisk, no empty folder', () => {
    for (const { Name: name } of definitions) {
      expect(name.length).toBeLessThanOrEqual(255);
      expect(name).toMatch(/^([^:*/]+\/?)*[^:*/]+$/);
    }
  });

  test('names are the same on every synthesis', () => {
    const again = Object.values<any>(Template.fromStack(scenarioApp({ createLoginLogGroup: true, logActions: LogActions.ALL }).stack)
      .findResources('AWS::Logs::QueryDefinition')).map(r => r.Properties.Name);
    expect(again).toEqual(definitions.map(d => d.Name));
  });
});

describe('names', () => {
  /** Two action logs and two login alerts of roles whose names are tokens, in one stack. */
  function twoOfEach() {
    const app = new App();
    const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region: SCENARIO.home } });
    const parts = ['One', 'Two'].map(name => {
      const role = new iam.Role(stack, `${name}Role`, { assumedBy: new iam.AccountRootPrincipal() });
      const options = { role, trail: TrailSetup.existingTrail(), canary: false };
      // The alert first: the default watch it makes notifies its topic, which the action log then shares.
      const alert = new BreakGlassLoginAlert(stack, `${name}Alert`, { ...options, loginAlertEmails: ['security@example.com'], createLoginLogGroup: true });
      return { alert, actions: new BreakGlassLogActions(stack, `${name}Actions`, options) };
    });
    return { stack, parts };
  }

  test('are unique per part and hold no token, even when the role\'s name is one', () => {
    const { stack, parts } = twoOfEach();
    expect(parts.flatMap(p => [...p.actions.actionQueries, ...p.alert.loginQueries])).toHaveLength(8);
    const names = Object.values<any>(Template.fromStack(stack).findResources('AWS::Logs::QueryDefinition')).map(r => r.Properties.Name);
    expect(names).toHaveLength(8);
    expect(new Set(names).size).toBe(8);
    for (const name of names) {
      // A token would reach the template as an object (Fn::Join), not as a string.
      expect(typeof name).toBe('string');
      expect(name).toMatch(/^break-glass\/Home-(One|Two)(Actions|Alert)-[0-9A-F]{8}\/[A-Za-z -]+$/);
    }
  });
});
