import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CanarySettings, canaryIntervalMinutes, canaryName, canaryRole, homeCanarySchedule } from '../canary/canary';
import { ForwardingCanary } from '../regions/forwarding-context';
import { validateBoolean } from '../validation';

/** The canary of a watch: its settings, its role's ARN, and the construct its resources are made under. */
export interface WatchCanary extends ForwardingCanary {
  readonly scope: Construct;
}

/** What a watch's canary is made from. */
export interface WatchCanaryProps {
  readonly canary?: boolean;
  readonly canaryInterval?: Duration;
  /** ARN of the break-glass role the canary tries to assume. */
  readonly roleArn: string;
  /** How the names of the watch's resources start. */
  readonly nameBase: string;
  /** The checked `forwardingAlarmEmails`: with the canary, there is no forwarding alarm to email. */
  readonly forwardingAlarmEmails: string[];
}

/**
 * The canary of `watch`, under its child `Canary`: its role and the home
 * region's schedule (each forwarded region's is deployed with its forwarding).
 * None with `canary: false`.
 */
export function watchCanary(watch: Construct, props: WatchCanaryProps): WatchCanary | undefined {
  validateBoolean('canary', props.canary);
  const intervalMinutes = canaryIntervalMinutes(props.canaryInterval);
  const on = props.canary ?? true;
  if (on && props.forwardingAlarmEmails.length > 0) {
    throw new Error(`forwardingAlarmEmails is ${JSON.stringify(props.forwardingAlarmEmails)}, but with the canary on the forwarded regions have no ` +
      'forwarding alarm to email: a missing heartbeat alarms in the home region and notifies the watch\'s alarmTopic. ' +
      'Leave forwardingAlarmEmails out, or set canary: false for the forwarding alarms.');
  }
  if (!on) {
    return undefined;
  }
  const scope = new Construct(watch, 'Canary');
  const settings: CanarySettings = { name: canaryName(props.nameBase), intervalMinutes };
  const role = canaryRole(scope, settings, props.roleArn);
  homeCanarySchedule(scope, settings, role.roleArn, props.roleArn).node.addDependency(role.node.findChild('DefaultPolicy'));
  return { settings, roleArn: role.roleArn, scope };
}
