import { WatchedRole } from './patterns';

/**
 * What a tamper pattern is made from: the resources a template protects, and
 * the calls that change one kind of them (see tamper-kinds.ts).
 */

/** A resource known by its name and its ARN; calls may name it either way. */
export interface NamedResource {
  readonly name: string;
  readonly arn: string;
}

/** A value an event field is matched against: a name, or an Event Ruler matcher such as `{ prefix }`. */
export type Matcher = string | { readonly [operator: string]: unknown };

/** Calls that change a protected resource, and the request parameter that names it. */
export interface TamperCall {
  /** The calls' names, or matchers of them. */
  readonly eventName: Matcher[];
  /**
   * The request parameter that names the resource.
   *
   * @default - none: every such call of the account
   */
  readonly parameter?: string;
  /** What the parameter holds for a protected resource; none, the call is not watched. */
  readonly values: Matcher[];
  /** @default - the kind's */
  readonly eventSource?: string;
}

/** Roles the alerting depends on beside the break-glass role, by name or by the start of their names. */
export interface GuardedRoles {
  readonly names: string[];
  readonly namePrefixes?: string[];
  /** What they are, for the alert: "its canary role". */
  readonly subject: string;
}

/**
 * What the tamper patterns of one rule set protect, as the template that holds
 * them sees it. Every field is optional; a pattern is made only for what is given.
 */
export interface TamperTargets {
  /** The break-glass role: its trust, policies, existence. */
  readonly role?: WatchedRole;
  /** Other roles the alerting depends on, protected like the role (the canary's). */
  readonly guardedRoles?: GuardedRoles;
  /** Names of rules on the default bus, or on a bus not in `eventBuses`. */
  readonly ruleNames?: Matcher[];
  /** The rule that watches `ruleNames` (`TamperRulesRule`), watched in turn by one that it watches. */
  readonly rulesRuleName?: string;
  /** Buses protected whole: deleting them, or changing any rule on them. */
  readonly eventBuses?: NamedResource[];
  /** The alert topic and, where there is one, the chat topic: each is the other's channel when one is silenced. */
  readonly topicArns?: string[];
  readonly logGroupNames?: string[];
  /** Names of CloudWatch Logs resource policies (the one that lets EventBridge write). */
  readonly logPolicyNames?: string[];
  /** KMS keys, by key id and key ARN. */
  readonly keys?: NamedResource[];
  readonly stackSetNames?: string[];
  /** The StackSet whose instance stacks (`StackSet-<name>-<id>`) in this template's region are protected. */
  readonly stackSetInstancesOf?: string;
  /** The saved queries of the log groups, by id. */
  readonly queryDefinitionIds?: string[];
  readonly trails?: NamedResource[];
  /** The forwarded regions' forwarding rule, which has one name in every region. */
  readonly forwardRuleName?: string;
  /** The forwarded regions' guard rule, which has one name in every region. */
  readonly guardRuleName?: string;
  /** The dead-letter queues' names. */
  readonly deadLetterQueueNames?: string[];
  /** The alarms (delivery health, heartbeats), by name or name prefix. */
  readonly alarmNames?: Matcher[];
  /** The forwarded regions' forwarding alarm and its topic, named alike in every region. */
  readonly forwardingAlarmName?: string;
  /** Lambda functions, by name. */
  readonly functionNames?: string[];
  /** The canary's schedule, named alike in every watched region. */
  readonly canaryScheduleName?: string;
  /** Whether the account is the organization's management account, whose policy changes are watched. */
  readonly organization?: boolean;
  /** The home region's heartbeat rule. */
  readonly heartbeatRuleName?: string;
}
