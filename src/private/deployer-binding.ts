import * as iam from 'aws-cdk-lib/aws-iam';

/** What a `Deployer` resolves to inside a `BreakGlassDeployer`. */
export interface DeployerBinding {
  /** The identity that deploys. */
  readonly identity: iam.IIdentity;
  /** The deployer's role, created or imported, if it is a role. */
  readonly role?: iam.IRole;
  /** The deployer's user, created or imported, if it is a user. */
  readonly user?: iam.IUser;
}
