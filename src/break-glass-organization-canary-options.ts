import { Duration } from 'aws-cdk-lib';

/**
 * The organization's canary, as `BreakGlassOrganizationRole` runs it in every
 * member account and `BreakGlassOrganizationHub` checks it: give both the same.
 */
export interface BreakGlassOrganizationCanaryOptions {
  /**
   * A canary in every watched region of every member account: on a schedule,
   * EventBridge Scheduler tries to assume the break-glass role as a canary
   * role of that region, which the role's trust does not admit. The denied
   * attempt travels a person's path to the hub's bus and ends as that
   * account-region's heartbeat. A check at the hub, every `canaryInterval`,
   * lists the expected accounts from AWS Organizations and alerts (topic and
   * chat), naming them, on the account-regions without a heartbeat for 3
   * intervals. The security account must be allowed to list the
   * organization's accounts (README, "The organization proves itself").
   *
   * @default true
   */
  readonly canary?: boolean;

  /**
   * Time between two attempts of every member's canary, and between two runs
   * of the hub's check: whole minutes from 5 minutes to 8 hours.
   *
   * @default Duration.hours(1)
   */
  readonly canaryInterval?: Duration;
}
