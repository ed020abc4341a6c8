/** An account as AWS Organizations lists it (`ListAccountsForParent`). */
export interface OrganizationAccount {
  readonly id: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, ... (`State`, or the older `Status` where `State` is absent). */
  readonly state: string;
  /** When it joined the organization, in epoch milliseconds. */
  readonly joined: number;
}

/** The Organizations calls the check makes, every page read. */
export interface OrganizationReader {
  /** The management account's id (`DescribeOrganization`). */
  managementAccount(): Promise<string>;
  /** The organization's roots (`ListRoots`). */
  roots(): Promise<string[]>;
  /** The organizational units directly under a root or unit (`ListChildren`, `ORGANIZATIONAL_UNIT`). */
  childUnits(parentId: string): Promise<string[]>;
  /** The accounts directly under a root or unit (`ListAccountsForParent`). */
  accountsOf(parentId: string): Promise<OrganizationAccount[]>;
}

/** What Organizations says of the accounts the check expects. */
export interface OrganizationView {
  readonly managementAccount: string;
  /** Every account under the units, and under their child units, at any depth. */
  readonly accounts: OrganizationAccount[];
}

/**
 * The accounts under `units` (every root when none), at any depth, read one
 * call at a time (Organizations allows few calls a second). An error of any
 * call is thrown: a partial list would make accounts look removed.
 */
export async function readOrganization(reader: OrganizationReader, units: string[]): Promise<OrganizationView> {
  const managementAccount = await reader.managementAccount();
  const pending = units.length > 0 ? [...units] : await reader.roots();
  const visited = new Set<string>();
  const accounts = new Map<string, OrganizationAccount>();
  while (pending.length > 0) {
    const parent = pending.shift()!;
    if (visited.has(parent)) {
      continue;
    }
    visited.add(parent);
    for (const account of await reader.accountsOf(parent)) {
      accounts.set(account.id, account);
    }
    pending.push(...await reader.childUnits(parent));
  }
  return { managementAccount, accounts: [...accounts.values()] };
}
