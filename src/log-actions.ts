/**
 * Which actions done with the break-glass role are recorded.
 */
export enum LogActions {
  /**
   * Every action, read-only and changing.
   *
   * Read-only actions are only delivered to rules in the
   * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` state, which the construct sets.
   */
  ALL = 'ALL',
  /** Only read-only actions (`detail.readOnly` is `true`). */
  READ = 'READ',
  /** Only actions that may change something (`detail.readOnly` is `false`). */
  WRITE = 'WRITE',
}
