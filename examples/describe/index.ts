import * as cxapi from 'aws-cdk-lib/cx-api';
import { describeAlarms } from './alarms';
import { nextSteps } from './next-steps';
import { count, item, Item, render } from './outline';
import { placements as allPlacements } from './placements';
import {
  describeLogGroups, describeOthers, describeSchedules, describeStackSets, describeTopics, describeTrails,
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

/** The home region (where the account's first stack is) first, then the others alphabetically. */
function byRegion(placements: Placement[]): Item[] {
  const home = placements.find(p => p.container.startsWith('Stack '))?.region;
  const others = [...new Set(placements.map(p => p.region))].filter(r => r !== home).sort();
  const regions = home ? [home, ...others] : others;
  return regions.map(region => item(region === home ? `${region} (home region)` : region,
    placements.filter(p => p.region === region).map(describePlacement)));
}

function describePlacement(placement: Placement): Item {
  const label = placement.container.startsWith('StackSet ')
    ? `${placement.container}, an instance (created by stack ${placement.stackName})`
    : placement.container;
  return item(label, [
    ...describeRoles(placement),
    ...describeStackSets(placement),
    ...describeRules(placement),
    ...describeTopics(placement),
    ...describeAlarms(placement),
    ...describeLogGroups(placement),
    ...describeSchedules(placement),
    ...describeTrails(placement),
    ...describeOthers(placement),
  ]);
}
