import { Duration } from 'aws-cdk-lib';

/**
 * What an organization hub expects of its member accounts, and so what its
 * `BreakGlassOrganizationRole` deploys when given none of its own: the
 * regions, the organizational units and the canary.
 */
export interface BreakGlassOrganizationMembers {
  /** Every region watched in each member account: the hub's region first, then the others, sorted. */
  readonly regions: string[];

  /**
   * The organizational units whose accounts get the role (`ou-…`, or a root `r-…`).
   *
   * @default - every account of the organization: the role then needs its own `organizationalUnits`
   */
  readonly organizationalUnits?: string[];

  /**
   * Time between two attempts of every member's canary.
   *
   * @default - no canary
   */
  readonly canaryInterval?: Duration;
}
