import { Duration } from 'aws-cdk-lib';

/**
 * How often the readiness check proves that the listed identities can still
 * get in, and how recent a drill must be: options written once, for
 * `BreakGlassRole` and `BreakGlassReadinessCheck`.
 */
export interface BreakGlassReadinessOptions {
  /**
   * How often the readiness check runs: from 1 hour to 7 days.
   *
   * @default Duration.days(1)
   */
  readonly readinessInterval?: Duration;

  /**
   * How recently the role must have been used (a drill, `RoleLastUsed`):
   * longer, and the check reminds you to run the README's drill. At least 1 day.
   *
   * @default Duration.days(90)
   */
  readonly drillInterval?: Duration;
}
