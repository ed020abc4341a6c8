import { ORGANIZATION } from '../../support/apps';
import { organizationFaultTable, OrganizationFaultResult } from '../../support/organization-faults';

/**
 * Each way the organization's path breaks is named by the hub's check (or by
 * its alarm, when the check itself cannot run), and what cannot be delivered
 * is kept, never lost (`npx projen bench` prints the table).
 */
const [A, B, C] = ORGANIZATION.members;
const REGIONS = ['eu-west-1', 'us-east-1', 'us-east-2'];
let results: OrganizationFaultResult[];

beforeAll(async () => {
  results = await organizationFaultTable();
});

const row = (fault: string) => {
  const found = results.find(r => r.fault === fault);
  if (!found) {
    throw new Error(`no fault ${fault}`);
  }
  return found;
};

test('none: every heartbeat of 3 accounts in 3 regions for 6 hours recorded; nothing silent, kept or lost', () => {
  expect(row('none')).toEqual({ fault: 'none', recorded: 3 * 3 * 6, kept: {}, lost: 0, check: [], alerts: 0, hubQueueAlarm: false });
});

test.each([
  [`trail of ${B} stops logging in eu-west-1`, [`${B} eu-west-1`], {}],
  [`forwarder role of ${B} in eu-west-1 deleted`, [`${B} eu-west-1`], { [`${B} eu-west-1`]: 6 }],
  [`hub's bus policy refusing ${C}`, REGIONS.map(r => `${C} ${r}`), Object.fromEntries(REGIONS.map(r => [`${C} ${r}`, 6]))],
  ['heartbeat log refusing EventBridge (log resource policy removed)', [A, B, C].flatMap(a => REGIONS.map(r => `${a} ${r}`)), { [`${ORGANIZATION.security} us-east-2`]: 54 }],
  [`canary schedule of ${A} in us-east-1 deleted`, [`${A} us-east-1`], {}],
])('%s: the check names exactly the silent account-regions; what could not be delivered is kept in its own queue', (fault, silent, kept) => {
  const result = row(fault);
  expect(result.check).toEqual(silent);
  expect(result.kept).toEqual(kept);
  expect(result.lost).toBe(0);
});

test('the hub\'s queue alarm goes off when the heartbeat log refuses; a deleted canary schedule alerts as a change too', () => {
  expect(row('heartbeat log refusing EventBridge (log resource policy removed)').hubQueueAlarm).toBe(true);
  expect(row(`canary schedule of ${A} in us-east-1 deleted`).alerts).toBe(1);
});

test('Organizations refusing: the check fails, for its alarm, and says nothing is well', () => {
  expect(row('Organizations refusing the security account').check).toEqual({ error: 'AccessDeniedException' });
});
