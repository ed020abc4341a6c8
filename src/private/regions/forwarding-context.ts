import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ForwardingAlarm } from './forwarding-alarm';
import { ForwardingNames, ForwardingPatterns } from './forwarding-template';
import { WatchedRegions } from './watched-regions';
import { CanarySettings } from '../canary/canary';
import { WatchedRole } from '../detection/patterns';

/**
 * What a way of deploying the forwarding rules (a StackSet, or one stack per
 * region) is given by the watch: everything it deploys is described here, so
 * it needs nothing else of the watch.
 */
export interface ForwardingContext {
  /** Where the home stack's forwarding resources go (the StackSet and its roles). */
  readonly scope: Construct;
  readonly regions: WatchedRegions;
  /** The break-glass role. */
  readonly role: iam.IRole;
  /** The central bus in the home region, with a fixed name. */
  readonly centralBus: events.EventBus;
  /** How the names of the resources in the forwarded regions start (the StackSet's name too). */
  readonly namePrefix: string;
  readonly names: ForwardingNames;
  /** The forwarding rule's alarm; none with the canary. */
  readonly alarm?: ForwardingAlarm;
  /** The canary, scheduled in every forwarded region; none when it is off. */
  readonly canary?: ForwardingCanary;
  /**
   * What every forwarded region's rules watch for, with the role as a given
   * template sees it. Parts made after the watch add to it: read it at synth.
   */
  forwardedPatterns(role: WatchedRole): ForwardingPatterns;
  /** The central bus's ARN as any stack of the partition can write it: from its fixed name. */
  centralBusArnByName(): string;
}

/** What deploying the forwarding rules made. */
export interface ForwardingDeployment {
  /**
   * The StackSet's name.
   *
   * @default - none, with regional stacks
   */
  readonly stackSetName?: string;
  /** The regions `cdk deploy` deploys stacks to: the home region, and each forwarded one with regional stacks. */
  readonly stackRegions: string[];
}

/** The canary as the forwarded regions' templates need it. */
export interface ForwardingCanary {
  readonly settings: CanarySettings;
  /** The canary role's ARN in the home stack. */
  readonly roleArn: string;
}
