import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Username } from './username';

/**
 * Who may assume a created break-glass role, and what it may do: options
 * written once, for `BreakGlassRole` and `BreakGlassOrganizationRole`.
 */
export interface BreakGlassRoleOptions {
  /**
   * The identities allowed to assume the role: at least one, each made by a
   * `Username` factory. The trust policy admits only these: IAM users by name,
   * federated users by session name through the role they arrive by. Each also
   * needs `sts:AssumeRole` on the role in its own IAM policy (see `grantAssume`).
   */
  readonly usernames: Username[];

  /**
   * Physical name of a created role.
   *
   * @default - CloudFormation generates a name; in an organization, the hub's `roleName`
   */
  readonly roleName?: string;

  /**
   * Managed policies of a created role.
   *
   * @default - AdministratorAccess when `policyStatements` is also absent, with a warning
   */
  readonly managedPolicies?: iam.IManagedPolicy[];

  /**
   * Inline statements of a created role.
   *
   * @default - AdministratorAccess when `managedPolicies` is also absent, with a warning
   */
  readonly policyStatements?: iam.PolicyStatement[];

  /**
   * Longest session of a created role, from 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * Whether IAM users must have signed in with MFA to assume the role.
   *
   * @default true
   */
  readonly requireMfa?: boolean;

  /**
   * Whether the role's own policy denies its actions in the regions that are
   * not watched (`aws:RequestedRegion`), but for the global services whose
   * calls CloudTrail records in us-east-1 (IAM, Organizations, CloudFront,
   * Route 53, ...), so that nothing done with it goes unrecorded. Its trust
   * admits a session only through the STS endpoint of a watched region
   * whatever this says. Set it to false only if you accept that what a session
   * does in another region is not recorded; a warning names those regions.
   *
   * On an imported `role`, applied only with `canManageBreakGlassRole`.
   *
   * @default true
   */
  readonly denyUnwatchedRegions?: boolean;
}
