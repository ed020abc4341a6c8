/**
 * What the readiness check is told at deploy (its function's environment, as
 * JSON): the role and the identities to prove, where to alert, and where it
 * keeps its last verdict.
 */
export interface ReadinessSettings {
  /** The break-glass role's ARN (in this account, or in a member account of an organization). */
  readonly roleArn: string;
  /**
   * The role's trust policy as JSON, for a role this account cannot read (a
   * member account's): the check then neither reads the role nor its last use.
   *
   * @default - read from the role (GetRole)
   */
  readonly trustPolicy?: string;
  /** The home region: the trust admits assumptions requested there (`aws:RequestedRegion`). */
  readonly region: string;
  /** IAM users, by name. */
  readonly users: string[];
  /** Federated users: session name, and the role they arrive through (its path without the leading `/`, and name). */
  readonly federated: Array<{ readonly sessionName: string; readonly role: string }>;
  /** IAM Identity Center users: user name, and permission set name. */
  readonly identityCenter: Array<{ readonly userName: string; readonly permissionSetName: string }>;
  /** The region of the IAM Identity Center instance, read there. */
  readonly identityCenterRegion: string;
  /** Whether listed IAM users may have access keys (a documented choice). */
  readonly allowAccessKeys: boolean;
  /** Days within which the role must have been used (a drill). */
  readonly drillDays: number;
  readonly alertTopicArn: string;
  readonly chatTopicArn?: string;
  /** The log group and stream the check keeps its verdicts in. */
  readonly logGroup: string;
  readonly verdictStream: string;
}

/** A password expiring within this many days is reported. */
export const PASSWORD_WARNING_DAYS = 14;
/** A SAML provider whose metadata expires within this many days is reported. */
export const SAML_WARNING_DAYS = 30;

/** The environment variable the settings are in. */
export const READINESS_SETTINGS_VARIABLE = 'BREAK_GLASS_READINESS';

/** The settings from the function's environment, refused when anything is missing: the check never runs half-told. */
export function readReadinessSettings(env: { readonly [name: string]: string | undefined }): ReadinessSettings {
  const text = env[READINESS_SETTINGS_VARIABLE];
  if (!text) {
    throw new Error(`The environment has no ${READINESS_SETTINGS_VARIABLE}: the function was not deployed by BreakGlassReadinessCheck.`);
  }
  const settings = JSON.parse(text) as ReadinessSettings;
  for (const key of ['roleArn', 'region', 'identityCenterRegion', 'alertTopicArn', 'logGroup', 'verdictStream'] as const) {
    if (typeof settings[key] !== 'string' || settings[key] === '') {
      throw new Error(`${READINESS_SETTINGS_VARIABLE}.${key} is ${JSON.stringify(settings[key])}, not a name.`);
    }
  }
  if (!Array.isArray(settings.users) || !Array.isArray(settings.federated) || !Array.isArray(settings.identityCenter)) {
    throw new Error(`${READINESS_SETTINGS_VARIABLE} lists no users, federated or identityCenter: the check would prove nothing.`);
  }
  if (typeof settings.drillDays !== 'number' || !(settings.drillDays > 0)) {
    throw new Error(`${READINESS_SETTINGS_VARIABLE}.drillDays is ${JSON.stringify(settings.drillDays)}, not a positive number.`);
  }
  return settings;
}
