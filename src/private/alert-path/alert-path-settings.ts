/**
 * What the alert path check is told at deploy (its function's environment, as
 * JSON, within Lambda's 4 KB of environment): the rules that alert people,
 * grouped by what each group must deliver to, and the topics they publish to.
 */
export interface AlertPathSettings {
  /** The break-glass role: the attempts the samples make are on it. */
  readonly roleArn: string;
  /** The topics the rules publish to, by ARN. */
  readonly topics: string[];
  readonly groups: RuleGroup[];
}

/** The kinds of person's attempt a login rule must match, built from the heartbeat that started the check. */
export const SAMPLE_KINDS = ['AssumeRole', 'AssumeRoleFailed', 'SwitchRole', 'ConsoleLogin'] as const;
export type SampleKind = typeof SAMPLE_KINDS[number];

/** Rules alike: the topics each must deliver to, its state, and the attempt it must match. */
export interface RuleGroup {
  /** The rules' names. */
  readonly rules: string[];
  /**
   * The bus they are on.
   *
   * @default - the account's default bus
   */
  readonly bus?: string;
  /** Indexes into `topics`: each rule has a target for each. */
  readonly topics: number[];
  /** Whether the rules must be in the all-management-events state (they read read-only events, such as `AssumeRole`). */
  readonly allEvents: boolean;
  /**
   * A person's attempt each rule must match, recorded in `sampleRegion`.
   *
   * @default - none: the rules are proven by their state and targets
   */
  readonly sample?: SampleKind;
  /** @default - the region of the heartbeat */
  readonly sampleRegion?: string;
}

/**
 * The name of a watch's alert path check, its function's and its role's, from
 * the start of the names of the watch's resources (`BreakGlass-us-east-2`),
 * at most 54 characters long: `BreakGlass-us-east-2-AlertPath`.
 */
export function alertPathName(nameBase: string): string {
  return `${nameBase}-AlertPath`;
}

/** The environment variable the settings are in. */
export const ALERT_PATH_SETTINGS_VARIABLE = 'BREAK_GLASS_ALERT_PATH';

/** The settings from the function's environment, refused when anything is missing: the check never proves half. */
export function readAlertPathSettings(env: { readonly [name: string]: string | undefined }): AlertPathSettings {
  const text = env[ALERT_PATH_SETTINGS_VARIABLE];
  if (!text) {
    throw new Error(`The environment has no ${ALERT_PATH_SETTINGS_VARIABLE}: the function was not deployed by the break-glass watch.`);
  }
  const settings = JSON.parse(text) as AlertPathSettings;
  if (typeof settings.roleArn !== 'string' || !settings.roleArn.startsWith('arn:')) {
    throw new Error(`${ALERT_PATH_SETTINGS_VARIABLE}.roleArn is ${JSON.stringify(settings.roleArn)}, not an ARN.`);
  }
  if (!Array.isArray(settings.topics) || settings.topics.some(topic => typeof topic !== 'string' || !topic.startsWith('arn:'))) {
    throw new Error(`${ALERT_PATH_SETTINGS_VARIABLE}.topics is ${JSON.stringify(settings.topics)}, not a list of topic ARNs.`);
  }
  if (!Array.isArray(settings.groups) || settings.groups.length === 0) {
    throw new Error(`${ALERT_PATH_SETTINGS_VARIABLE}.groups is ${JSON.stringify(settings.groups)}: the check would prove nothing.`);
  }
  for (const group of settings.groups) {
    const topicsKnown = Array.isArray(group.topics) && group.topics.every(i => Number.isInteger(i) && settings.topics[i] !== undefined);
    if (!Array.isArray(group.rules) || group.rules.length === 0 || !topicsKnown || (group.bus !== undefined && typeof group.bus !== 'string')
      || (group.sample !== undefined && !SAMPLE_KINDS.includes(group.sample))) {
      throw new Error(`${ALERT_PATH_SETTINGS_VARIABLE} has the group ${JSON.stringify(group)}: it needs rules, topics among the ` +
        `${settings.topics.length} given, and a sample among ${SAMPLE_KINDS.join(', ')} or none.`);
    }
  }
  return settings;
}
