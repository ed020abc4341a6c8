import * as cxapi from 'aws-cdk-lib/cx-api';
import { describeAlarms } from './alarms';
import { nextSteps } from './next-steps';
import { count, item, Item, list, render } from './outline';
import { placements as allPlacements } from './placements';
import {
  describeLogGroups, describeOthers, describeQueues, describeSchedules, describeStackSets, describeTopics, describeTrails,
} from './resources';
import { describeRoles } from './roles';
import { describeRules } from './rules';
import { emailConfirmations } from './subscriptions';
import { Placement } from './template';

export { placements } from './placements';
export { emailConfirmations } from './subscriptions';
export { MAX_WIDTH } from './outline';

/**
 * What the synthesized `assembly` of `appFile` deploys, for a person: by
 * account, then region (the home region first), then stack; the email
 * subscriptions to confirm; the next steps.
 */
export function describeAssembly(assembly: cxapi.CloudAssembly, appFile: string): string[] {
  const placements = allPlacements(assembly);
  const confirmations = emailConfirmations(placements);
  return [
    `What ${appFile} deploys, and where (${count(assembly.stacks.length, 'stack')})`,
    '',
    ...render(byAccount(placements)),
    '',
    'Next steps',
    ...render(nextSteps(assembly, appFile, placements, confirmations), 1),
  ];
}

function byAccount(placements: Placement[]): Item[] {
  const accounts = [...new Set(placements.map(p => p.account))];
  return accounts.map(account => {
    const mine = placements.filter(p => p.account === account);
    const label = /^\d+$/.test(account) ? `Account ${account}` : account.charAt(0).toUpperCase() + account.slice(1);
    return item(label, byRegion(mine));
  });
}

/**
 * The home region (where the account's first stack is) first, then the others
 * alphabetically (without a stack, in the order their StackSet lists them);
 * consecutive regions described alike are one block.
 */
function byRegion(placements: Placement[]): Item[] {
  const home = placements.find(p => p.container.startsWith('Stack '))?.region;
  const listed = [...new Set(placements.map(p => p.region))].filter(r => r !== home);
  const others = home ? listed.sort() : listed;
  const described = (region: string) => placements.filter(p => p.region === region).map(describePlacement);
  return [
    ...(home ? [item(`${home} (home region)`, described(home))] : []),
    ...alike(others, described).flatMap(({ regions, items }) => regions.length < MIN_ALIKE
      ? regions.map(region => item(region, described(region)))
      : [item(`${list(regions)} (${count(regions.length, 'region')}, each the same)`, items)]),
  ];
}

/** The fewest consecutive regions described as one block: up to three read as easily apart, and say which is which. */
const MIN_ALIKE = 4;

/** What a region's name reads as in a block of regions described alike. */
const REGION_PLACEHOLDER = '<region>';

/** Runs of consecutive regions whose items are the same but for the region's name, which reads `<region>` in `items`. */
function alike(regions: string[], described: (region: string) => Item[]): Array<{ regions: string[]; items: Item[] }> {
  const runs: Array<{ regions: string[]; items: Item[]; key: string }> = [];
  for (const region of regions) {
    const items = described(region).map(entry => withoutRegion(entry, region));
    const key = JSON.stringify(items);
    const last = runs[runs.length - 1];
    if (last?.key === key) {
      last.regions.push(region);
    } else {
      runs.push({ regions: [region], items, key });
    }
  }
  return runs;
}

function withoutRegion(entry: Item, region: string): Item {
  const name = new RegExp(`${region.replace(/[^\w-]/g, '\\$&')}(?!\\w)`, 'g');
  return item(entry.text.replace(name, REGION_PLACEHOLDER), (entry.children ?? []).map(child => withoutRegion(child, region)));
}

/** The placement's resources, those created only where a condition holds (one this description cannot evaluate) marked so. */
function describePlacement(placement: Placement): Item {
  const label = placement.container.startsWith('StackSet ')
    ? `${placement.container}, an instance (created by stack ${placement.stackName})`
    : placement.container;
  const conditions = [...new Set(Object.values(placement.conditional))];
  const only = (condition: string | undefined) => ({
    ...placement,
    resources: Object.fromEntries(Object.entries(placement.resources).filter(([id]) => placement.conditional[id] === condition)),
  });
  return item(label, [
    ...describeResources(only(undefined)),
    ...conditions.flatMap(condition => describeResources(only(condition))
      .map(entry => ({ ...entry, text: `${entry.text} (only where ${condition} holds)` }))),
  ]);
}

function describeResources(placement: Placement): Item[] {
  return [
    ...describeRoles(placement),
    ...describeStackSets(placement),
    ...describeRules(placement),
    ...describeTopics(placement),
    ...describeAlarms(placement),
    ...describeLogGroups(placement),
    ...describeQueues(placement),
    ...describeSchedules(placement),
    ...describeTrails(placement),
    ...describeOthers(placement),
  ];
}
