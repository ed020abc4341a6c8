import { BreakGlassWatchOptions } from '../break-glass-watch-options';

/** Every option of `BreakGlassWatchOptions`, checked by the compiler: one added there and not here fails to build. */
const OPTIONS: { readonly [option in keyof BreakGlassWatchOptions]-?: true } = {
  regions: true,
  regionalDeployment: true,
  forwardingAlarmEmails: true,
  trail: true,
  canary: true,
  canaryInterval: true,
  secondChannelBus: true,
  managementAccount: true,
};

/** The watch options: what a watch decides for every part that shares it. */
export const WATCH_OPTIONS = Object.keys(OPTIONS) as Array<keyof BreakGlassWatchOptions>;

/**
 * The watch options of `props`, and nothing else. Without the canary, the
 * people told of logins (`loginAlertEmails`, checked) are told when another
 * region's forwarding fails, unless `forwardingAlarmEmails` names others.
 */
export function watchOptions(props: BreakGlassWatchOptions, loginAlertEmails?: string[]): BreakGlassWatchOptions {
  const options: { [option: string]: unknown } = {};
  for (const option of WATCH_OPTIONS) {
    options[option] = props[option];
  }
  return { ...options, forwardingAlarmEmails: props.forwardingAlarmEmails ?? (props.canary === false ? loginAlertEmails : undefined) };
}
