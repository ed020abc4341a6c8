import { Placement, resourcesOfType } from './template';

/** How many email subscriptions one address must confirm. */
export interface Confirmations {
  readonly address: string;
  /** Subscriptions in named accounts: each stack, and each StackSet instance. */
  readonly count: number;
  /** Subscriptions in each account of an organizational unit, by `every account of OU …` label. */
  readonly perAccountOf: { [units: string]: number };
}

/**
 * Counts SNS email subscriptions per address over every placement: a StackSet
 * body's subscriptions count once per account and region it is deployed to.
 */
export function emailConfirmations(placements: Placement[]): Confirmations[] {
  const byAddress = new Map<string, { count: number; perAccountOf: { [units: string]: number } }>();
  for (const placement of placements) {
    for (const [, subscription] of resourcesOfType(placement, 'AWS::SNS::Subscription')) {
      if (subscription.Properties?.Protocol !== 'email') {
        continue;
      }
      const address = placement.resolve(subscription.Properties.Endpoint);
      const entry = byAddress.get(address) ?? { count: 0, perAccountOf: {} };
      if (placement.account.startsWith('every account of')) {
        entry.perAccountOf[placement.account] = (entry.perAccountOf[placement.account] ?? 0) + 1;
      } else {
        entry.count += 1;
      }
      byAddress.set(address, entry);
    }
  }
  return [...byAddress.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([address, entry]) => ({ address, ...entry }));
}
