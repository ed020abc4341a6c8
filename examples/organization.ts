import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BreakGlassOrganizationHub, BreakGlassOrganizationRole, BreakGlassReadinessCheck, BreakGlassRole, LogActions, TrailSetup, Username,
} from '../src';

/** The example organization: its id, its accounts and the organizational units that get the role. */
export const ORGANIZATION = {
  id: 'o-a1b2c3d4e5',
  /** The management account: the StackSet is made here, and it gets a role of its own. */
  management: '999988887777',
  /** The security (audit) account: the hub. */
  security: '222233334444',
  /** The identity account, whose IAM users and federated sessions may assume the role. */
  identity: '111122223333',
  /** A member account of the organizational units, whose role the readiness check names (every member's is the same). */
  member: '444455556666',
  home: 'us-east-2',
  organizationalUnits: ['ou-ab12-workload1', 'ou-ab12-sandbox01'],
};

/**
 * The README's organization example: a hub in the security account, the
 * break-glass role in every account of two organizational units and every
 * region enabled by default, trusting two people of the identity account,
 * and the management account (which no service-managed StackSet reaches)
 * covered by a role of its own alerting the same people.
 */
export function createOrganizationApp(outdir?: string): App {
  const app = new App({ outdir });
  const env = (account: string) => ({ account, region: ORGANIZATION.home });
  const emails = ['security@example.com'];

  const hub = new BreakGlassOrganizationHub(new Stack(app, 'BreakGlassHub', { env: env(ORGANIZATION.security) }), 'Hub', {
    organizationId: ORGANIZATION.id,
    roleName: 'BreakGlass',
    loginAlertEmails: emails,
    logActions: LogActions.ALL,
    // Given once, here: the StackSet deploys there, and the canary check expects every member account in every region.
    organizationalUnits: ORGANIZATION.organizationalUnits,
    regions: ['*'],
  });

  const management = new Stack(app, 'BreakGlassManagement', { env: env(ORGANIZATION.management) });
  const usernames = [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')];
  const organization = new BreakGlassOrganizationRole(management, 'Organization', {
    // The hub's organizational units, regions and canary.
    hub,
    trustedAccount: ORGANIZATION.identity,
    usernames,
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
  });
  // The management account: a role of its own, alerting the same people.
  new BreakGlassRole(management, 'BreakGlass', {
    roleName: 'BreakGlassManagement',
    usernames: [Username.iamUser('alice')],
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    loginAlertEmails: emails,
    logActions: LogActions.ALL,
    regions: ['*'],
    trail: TrailSetup.existingTrail(),
  });

  // The identity account: the readiness check proves that the people can still get in, to the role as the StackSet defines it.
  const identity = new Stack(app, 'BreakGlassIdentity', { env: env(ORGANIZATION.identity) });
  new BreakGlassReadinessCheck(identity, 'Readiness', {
    role: iam.Role.fromRoleArn(identity, 'MemberRole', `arn:aws:iam::${ORGANIZATION.member}:role/${organization.roleName}`),
    trustPolicy: organization.memberTrustPolicy,
    usernames,
    alertEmails: emails,
  });
  return app;
}

if (require.main === module) {
  createOrganizationApp().synth();
}
