/**
 * What the hub's heartbeat check is told at deploy (its function's
 * environment, as JSON): which account-regions to expect, how often the
 * canaries run, where heartbeats are and where to alert.
 */
export interface CheckSettings {
  /** The organization whose accounts are expected. */
  readonly organizationId: string;
  /** The break-glass role's name in every member account. */
  readonly roleName: string;
  /** The organizational units (`ou-…`) or roots (`r-…`) whose accounts, and their child units' accounts, are expected; none means every root. */
  readonly organizationalUnits: string[];
  /** The regions every expected account runs its canary in. */
  readonly regions: string[];
  /** A member's canary role of region R is named `${canaryRolePrefix}-R`. */
  readonly canaryRolePrefix: string;
  /** Minutes between two canary attempts. */
  readonly intervalMinutes: number;
  /** Intervals without a heartbeat before an account-region is silent. */
  readonly missingIntervals: number;
  /** Minutes an account has, from the time it is first expected, to deploy and beat before it can be silent. */
  readonly graceMinutes: number;
  /** The log group the hub's heartbeat rule writes to, and the check's reports are kept in. */
  readonly heartbeatLogGroup: string;
  /** The log stream of that group the check writes its reports to. */
  readonly reportStream: string;
  /** What to check in a silent account and region, and at the hub, named: the alert's last paragraph. */
  readonly advice: string;
  /** The topic alerts are published to. */
  readonly alertTopicArn: string;
  /** The topic chat notifications are published to, if any. */
  readonly chatTopicArn?: string;
}

/** The environment variable the settings are in. */
export const CHECK_SETTINGS_VARIABLE = 'BREAK_GLASS_CHECK';

/** The settings from the function's environment, refused when anything is missing: the check never runs half-told. */
export function readCheckSettings(env: { readonly [name: string]: string | undefined }): CheckSettings {
  const text = env[CHECK_SETTINGS_VARIABLE];
  if (!text) {
    throw new Error(`The environment has no ${CHECK_SETTINGS_VARIABLE}: the function was not deployed by BreakGlassOrganizationHub.`);
  }
  const settings = JSON.parse(text) as CheckSettings;
  const strings: Array<keyof CheckSettings> = ['organizationId', 'roleName', 'canaryRolePrefix', 'heartbeatLogGroup', 'reportStream', 'advice', 'alertTopicArn'];
  const numbers: Array<keyof CheckSettings> = ['intervalMinutes', 'missingIntervals', 'graceMinutes'];
  for (const key of strings) {
    if (typeof settings[key] !== 'string' || settings[key] === '') {
      throw new Error(`${CHECK_SETTINGS_VARIABLE}.${key} is ${JSON.stringify(settings[key])}, not a name.`);
    }
  }
  for (const key of numbers) {
    if (typeof settings[key] !== 'number' || !((settings[key] as number) > 0)) {
      throw new Error(`${CHECK_SETTINGS_VARIABLE}.${key} is ${JSON.stringify(settings[key])}, not a positive number.`);
    }
  }
  for (const key of ['organizationalUnits', 'regions'] as const) {
    if (!Array.isArray(settings[key]) || settings[key].some(value => typeof value !== 'string')) {
      throw new Error(`${CHECK_SETTINGS_VARIABLE}.${key} is ${JSON.stringify(settings[key])}, not a list of names.`);
    }
  }
  if (settings.regions.length === 0) {
    throw new Error(`${CHECK_SETTINGS_VARIABLE}.regions is empty: the check would expect nothing.`);
  }
  return settings;
}
