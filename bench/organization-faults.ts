import { organizationFaultMarkdown, organizationFaultTable } from '../test/support/organization-faults';

/**
 * The organization's fault table: three member accounts' canaries, in three
 * regions, through the StackSet body, the hub's bus and its heartbeat rule in
 * the EventBridge model, broken one way at a time, and the hub's check run on
 * what reached the heartbeat log.
 *
 * Run: npx ts-node --project test/tsconfig.json bench/organization-faults.ts
 */
void organizationFaultTable().then(results => console.log(organizationFaultMarkdown(results)));
