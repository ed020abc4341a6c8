import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassOrganizationHub, BreakGlassOrganizationRole, LogActions, Username } from '../src';

/**
 * Sizes of an organization's templates as the rollout grows: the StackSet
 * body every member account deploys, the hub's template and its alarms, for
 * few or many organizational units and regions. The body and the hub must
 * stay the same size however many accounts the units hold.
 */
const LIMIT = 51_200;

function organization(regions: string[], organizationalUnits: string[]) {
  const app = new App();
  const hubStack = new Stack(app, 'Hub', { env: { account: '222233334444', region: 'us-east-2' } });
  const hub = new BreakGlassOrganizationHub(hubStack, 'Hub', {
    organizationId: 'o-a1b2c3d4e5',
    roleName: 'BreakGlass',
    loginAlertEmails: ['security@example.com'],
    logActions: LogActions.ALL,
    createLoginLogGroup: true,
    // What the StackSet deploys, which the canary check expects.
    organizationalUnits,
    regions,
  });
  const management = new Stack(app, 'Management', { env: { account: '999988887777', region: 'us-east-1' } });
  const role = new BreakGlassOrganizationRole(management, 'Organization', {
    hub,
    organizationalUnits,
    trustedAccount: '111122223333',
    usernames: [Username.iamUser('alice'), Username.iamUser('bob'), Username.identityCenter('carol@example.com', 'Admin')],
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    regions,
  });
  const assembly = app.synth();
  const hubTemplate = assembly.getStackByName('Hub').template;
  return {
    regions: role.watchedRegions.length,
    units: organizationalUnits.length,
    bodyBytes: Buffer.byteLength(role.templateBody),
    hubBytes: Buffer.byteLength(JSON.stringify(hubTemplate)),
    hubResources: Object.keys(hubTemplate.Resources).length,
    hubAlarms: Object.values(hubTemplate.Resources as { [id: string]: { Type: string } }).filter(r => r.Type === 'AWS::CloudWatch::Alarm').length,
    managementBytes: Buffer.byteLength(JSON.stringify(assembly.getStackByName('Management').template)),
  };
}

const units = (n: number) => Array.from({ length: n }, (_, i) => `ou-ab12-${String(i).padStart(8, '0')}`);
const rows = [organization([], units(1)), organization(['*'], units(1)), organization(['*'], units(20))];

console.log(`organization benchmark (StackSet body limit ${LIMIT} bytes)`);
console.log('regions | OUs | body bytes | hub template bytes | hub resources | hub alarms | management template bytes');
console.log('--------|-----|------------|--------------------|---------------|------------|--------------------------');
for (const r of rows) {
  console.log(`${String(r.regions).padStart(7)} | ${String(r.units).padStart(3)} | ${String(r.bodyBytes).padStart(10)} | ` +
    `${String(r.hubBytes).padStart(18)} | ${String(r.hubResources).padStart(13)} | ${String(r.hubAlarms).padStart(10)} | ${String(r.managementBytes).padStart(25)}`);
}
