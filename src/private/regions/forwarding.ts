import { Annotations, Aws, Names, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ForwardingAlarm } from './forwarding-alarm';
import { ForwardingCanary, ForwardingContext, ForwardingDeployment } from './forwarding-context';
import { ForwardingNames, forwardingNames, ForwardingPatterns } from './forwarding-template';
import { WatchedRegions } from './watched-regions';
import { LogActions } from '../../log-actions';
import type { RegionalDeployment } from '../../regional-deployment';
import { alertPathName } from '../alert-path/alert-path-settings';
import { identityForwardingPattern } from '../detection/identity-patterns';
import { actionPattern, loginForwardingPatterns, WatchedRole } from '../detection/patterns';
import { ForwardedNames, forwardedTamperPatterns } from '../detection/tamper-patterns';
import { trailNameOf } from '../validation';

/** What the forwarding of a watch is made from. */
export interface ForwardingProps {
  readonly role: iam.IRole;
  readonly regions: WatchedRegions;
  readonly deployment: RegionalDeployment;
  /** Email addresses subscribed to the forwarding alarm's topic in every forwarded region. */
  readonly alarmEmails: string[];
  /** How the names of the resources in the forwarded regions start: from the role's name and the home region. */
  readonly nameBase: string;
  /**
   * The canary, scheduled in every forwarded region too.
   *
   * @default - no canary: each forwarded region gets an alarm on its forwarding rule instead
   */
  readonly canary?: ForwardingCanary;
  /**
   * The trail the watch depends on: one homed in a forwarded region is changed there, so its changes are forwarded.
   *
   * @default - no trail named
   */
  readonly trailArn?: string;
  /** Whether the account is the organization's management account: its policy changes, recorded in us-east-1, are forwarded. */
  readonly managementAccount: boolean;
}


/**
 * The central event bus in the home region, and the forwarding of every other
 * watched region's events to it, deployed as `deployment` says.
 */
export class Forwarding extends Construct {
  public readonly centralBus: events.EventBus;
  public readonly names: ForwardingNames;
  /** The forwarding alarm, made only without the canary, whose heartbeat alarms cover forwarding. */
  public readonly alarm?: ForwardingAlarm;
  public readonly deployment: ForwardingDeployment;
  private readonly canaryName?: string;
  private readonly nameBase: string;
  /** The names of what every forwarded region deploys, whose changes are watched. */
  public readonly forwardedNames: ForwardedNames;

  constructor(scope: Construct, id: string, props: ForwardingProps) {
    super(scope, id);
    this.centralBus = new events.EventBus(this, 'CentralBus', {
      eventBusName: Names.uniqueResourceName(this, { maxLength: 256, separator: '-' }),
      description: 'Break-glass events forwarded from every watched region',
    });
    const namePrefix = props.nameBase;
    this.nameBase = props.nameBase;
    this.names = forwardingNames(namePrefix);
    this.alarm = props.canary ? undefined : this.forwardingAlarm(props);
    this.canaryName = props.canary?.settings.name;
    // As stack-set-forwarding.ts and regional-stacks-forwarding.ts name them.
    const trailRegion = props.trailArn === undefined || Token.isUnresolved(props.trailArn) ? undefined : props.trailArn.split(':')[3];
    this.forwardedNames = {
      ...this.names,
      forwarderRolePrefix: `${namePrefix}-Forwarder`,
      organization: props.managementAccount,
      stackSetName: props.deployment._byStackSet ? namePrefix : undefined,
      // CloudTrail records calls on a trail in its home region (CloudTrail User Guide, "How CloudTrail works").
      trails: props.trailArn && trailRegion && props.regions.forwarded.includes(trailRegion)
        ? [{ name: trailNameOf('trail', props.trailArn), arn: props.trailArn }] : undefined,
    };
    const context: ForwardingContext = {
      scope: this,
      regions: props.regions,
      role: props.role,
      centralBus: this.centralBus,
      namePrefix,
      names: this.names,
      alarm: this.alarm,
      canary: props.canary,
      forwardedPatterns: role => this.forwardedPatterns(role),
      centralBusArnByName: () =>
        `arn:${Aws.PARTITION}:events:${props.regions.home}:${Stack.of(this).account}:event-bus/${this.centralBus.eventBusName}`,
    };
    this.deployment = props.deployment._bind(context);
  }

  /**
   * What every forwarded region forwards, whichever parts watch the role:
   * its logins of any outcome, every action of its sessions and of sessions
   * carrying a source identity, which those chained from its sessions keep (the central
   * bus's action rule selects what is recorded), and the changes that tamper
   * alerts watch for, and every change to an IAM user, MFA device, SAML
   * provider or role, of which identity alerts select the listed. A fixed set, so no part adds to the forwarding and the
   * order parts are made in changes nothing.
   */
  private forwardedPatterns(role: WatchedRole): ForwardingPatterns {
    // The alert path check's role, made with the canary, is protected like the canary's.
    const alertPathRole = this.canaryName ? alertPathName(this.nameBase) : undefined;
    const tamper = forwardedTamperPatterns(role, this.forwardedNames, this.alarm?.name, this.canaryName, alertPathRole);
    return {
      patterns: [
        ...loginForwardingPatterns(role), actionPattern(role, LogActions.ALL, [], { anySourceIdentity: true }), ...tamper.patterns,
        identityForwardingPattern(),
      ],
      guardPatterns: tamper.guardPatterns,
    };
  }

  private forwardingAlarm(props: ForwardingProps): ForwardingAlarm {
    const name = this.names.alarm;
    if (props.alarmEmails.length === 0) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:forwardingAlarmsUnsubscribed',
        `The alarm ${name} of the forwarding rule in ${props.regions.forwarded.join(', ')} notifies the topic ` +
        `${name} of its own region, which has no subscriber: a forwarding rule that stops delivering would tell nobody. ` +
        'Set forwardingAlarmEmails (or loginAlertEmails), or acknowledge this warning if you subscribe other endpoints to those topics.');
    }
    return { name, emails: props.alarmEmails, homeRegion: props.regions.home };
  }
}
