import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BreakGlassRole, Deployer, LogActions, TrailSetup, Username } from '../src';

/**
 * The README's main example: a break-glass role for two IAM users and one
 * IAM Identity Center user (through permission set Admin), alerting by email,
 * recording every action, watching eu-west-1 besides us-east-1 and the home
 * region, with a least-privilege deployer. `regions` replaces eu-west-1 (the
 * idle-cost table of the README synthesizes it with more); `null` leaves the
 * prop out, for the default.
 */
export function createExampleApp(outdir?: string, regions: string[] | null = ['eu-west-1']): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BreakGlassExample', {
    env: { account: '111122223333', region: 'us-east-2' },
  });

  new BreakGlassRole(stack, 'BreakGlass', {
    roleName: 'BreakGlass',
    usernames: [
      Username.iamUser('alice'),
      Username.fromUser(iam.User.fromUserName(stack, 'Bob', 'bob')),
      Username.identityCenter('carol@example.com', 'Admin'),
    ],
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    loginAlertEmails: ['security@example.com'],
    createLoginLogGroup: true,
    logActions: LogActions.ALL,
    regions: regions ?? undefined,
    // The default, said: the role is assumed and acts only in the watched regions.
    denyUnwatchedRegions: true,
    trail: TrailSetup.existingTrail(),
    deployer: Deployer.newRole(),
  });
  return app;
}

if (require.main === module) {
  createExampleApp().synth();
}
