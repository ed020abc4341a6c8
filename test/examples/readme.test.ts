import * as fs from 'fs';
import * as path from 'path';
import { CASES, canaryCostTable, caseCosts, CHECKED_ACCOUNTS, checkCosts, checkCostTable, idleCostTable, monthlyUsd } from '../../examples/costs';
import { exampleDiagram } from '../../examples/diagram';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The text between `<!-- costs:NAME -->` and `<!-- /costs:NAME -->`. */
function marked(name: string): string | undefined {
  return new RegExp(`<!-- costs:${name} -->\\n([\\s\\S]*?)\\n<!-- /costs:${name} -->`).exec(README)?.[1];
}

/** Fails with how to fix it, not only with a diff. */
function expectSame(inReadme: string | undefined, generated: string, fix: string): void {
  if (inReadme !== generated) {
    throw new Error(`${fix}\n\nREADME.md has:\n${inReadme}\n\ngenerated:\n${generated}`);
  }
}

test('the README\'s diagram is the one the example app synthesizes', () => {
  const inReadme = /```mermaid\n([\s\S]*?)\n```/.exec(README)?.[1];
  expectSame(inReadme, exampleDiagram(),
    'The README\'s Mermaid diagram differs from the example app\'s: run `npx projen diagram` and paste its output into the ```mermaid block of README.md.');
});

describe('the README\'s cost tables', () => {
  const costs = caseCosts();

  test('the idle-cost table holds what the templates hold', () => {
    expectSame(marked('idle'), idleCostTable(costs),
      'The README\'s idle-cost table differs from the templates: run `npx projen costs` and paste its first table between <!-- costs:idle --> and <!-- /costs:idle -->.');
  });

  test('the canary section\'s table holds what the templates hold', () => {
    expectSame(marked('canary'), canaryCostTable(costs),
      'The README\'s canary cost table differs from the templates: run `npx projen costs` and paste its second table between <!-- costs:canary --> and <!-- /costs:canary -->.');
  });

  test('the default, watching every region, costs one heartbeat alarm per region and the queue\'s, no custom metric: at most $2 a month idle', () => {
    const every = costs[CASES.findIndex(([name]) => name === "`['*']` (the default)")];
    expect(every.watchedRegions).toBe(17);
    expect(every.alarmMetrics).toBe(17 + 1);
    expect(every.customMetrics).toBe(0);
    expect(monthlyUsd(every).total).toBeLessThanOrEqual(2);
  });

  test('the README example costs at most $0.50 a month idle, and the organization hub two alarms: its queue\'s and its canary check\'s', () => {
    expect(monthlyUsd(costs[0]).total).toBeLessThanOrEqual(0.5);
    const hub = costs[CASES.findIndex(([name]) => name.startsWith('organization hub'))];
    expect(hub.alarmMetrics).toBe(2);
  });
});

describe('the organization\'s canary check at the hub', () => {
  const costs = checkCosts();

  test('the README\'s table holds what the hub\'s template holds', () => {
    expectSame(marked('organization'), checkCostTable(costs),
      'The README\'s canary check cost table differs from the hub\'s template: run `npx projen costs` and paste its third table between ' +
      '<!-- costs:organization --> and <!-- /costs:organization -->.');
  });

  test('one alarm whatever the accounts, and at most $1 a month for 1, 20 and 200 accounts in 17 regions', () => {
    expect(costs.map(c => c.accounts)).toEqual(CHECKED_ACCOUNTS);
    expect(costs.map(c => c.alarmMetrics)).toEqual([1, 1, 1]);
    expect(costs.map(c => c.regions)).toEqual([17, 17, 17]);
    for (const cost of costs) {
      expect(cost.usd.total).toBeLessThanOrEqual(1);
    }
  });
});
