import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { API_CALL, DetectionPattern, EventPatternJson, WatchedRole } from './patterns';
import { TAMPER_KINDS, TamperKind } from './tamper-kinds';
import { GuardedRoles, NamedResource, TamperCall, TamperTargets } from './tamper-targets';

/** A pattern that detects changes to one kind of protected resource. */
export interface TamperPattern extends DetectionPattern {
  /** What was changed, for the alert text: "the alert topic or a subscription". */
  readonly subject: string;
}

/**
 * The roles of one account the alerting depends on, guarded like the role: the canary's, and the forwarder
 * roles (`<prefix>` in a StackSet, `<prefix>-<region>` in a regional stack), through which forwarded events
 * reach the central bus: a policy denying `events:PutEvents` there drops every forwarded alert.
 */
export function watchRolesGuarded(canaryRoleName: string | undefined, forwarderRolePrefix: string | undefined,
  alertPathRoleName?: string): GuardedRoles | undefined {
  if (!canaryRoleName && !forwarderRolePrefix && !alertPathRoleName) {
    return undefined;
  }
  const subject = [
    canaryRoleName ? 'its canary role' : undefined,
    alertPathRoleName ? 'its alert path check\'s role' : undefined,
    forwarderRolePrefix ? 'its forwarder roles' : undefined,
  ].filter(Boolean).join(' or ');
  const names = [canaryRoleName, alertPathRoleName].filter((name): name is string => name !== undefined);
  return { names, namePrefixes: forwarderRolePrefix ? [forwarderRolePrefix] : undefined, subject };
}

/**
 * One pattern per kind of protected resource `targets` names, in the table's
 * order. Calls that fail (for lack of permission) match too: an attempt is
 * worth knowing about.
 */
export function tamperPatterns(targets: TamperTargets): TamperPattern[] {
  return TAMPER_KINDS.flatMap(kind => {
    const pattern = tamperPattern(kind, targets);
    return pattern ? [pattern] : [];
  });
}

/** The pattern of one kind for `targets`, or none when they protect nothing of it. */
function tamperPattern(kind: TamperKind, targets: TamperTargets): TamperPattern | undefined {
  const calls = kind.calls(targets).filter(c => c.parameter === undefined || c.values.length > 0);
  if (calls.length === 0) {
    return undefined;
  }
  const branch = (c: TamperCall, withSource: boolean) => ({
    ...(withSource ? { eventSource: [c.eventSource ?? kind.eventSource] } : {}),
    eventName: c.eventName,
    ...(c.parameter === undefined ? {} : { requestParameters: { [c.parameter]: c.values } }),
  });
  const either = (branches: Array<{ [key: string]: unknown }>) => (branches.length === 1 ? branches[0] : { $or: branches });
  // `eventSource` names the service exactly as CloudTrail records it, whatever `source` EventBridge derives from it.
  const pattern: EventPatternJson = calls.some(c => c.eventSource !== undefined)
    ? { 'detail-type': [API_CALL], 'detail': either(calls.map(c => branch(c, true))) }
    : { 'detail-type': [API_CALL], 'detail': { eventSource: [kind.eventSource], ...either(calls.map(c => branch(c, false))) } };
  return { id: kind.id, description: kind.description(targets), subject: kind.subject(targets), readOnlyEvents: false, pattern };
}

/**
 * The tamper patterns of a watch's forwarded regions. The forwarding rule
 * forwards changes to the role (IAM records them in us-east-1) and to the
 * guard rule; the guard rule forwards changes to the forwarding rule, the
 * region's dead-letter queue, the forwarding alarm and its topic (without the
 * canary) and the canary's schedule. Each rule watches the other, since a
 * rule does not see its own disabling or deletion.
 */
export function forwardedTamperPatterns(
  role: WatchedRole, names: ForwardedNames, alarmName?: string, canaryName?: string, alertPathRoleName?: string,
): { readonly patterns: TamperPattern[]; readonly guardPatterns: TamperPattern[] } {
  return {
    patterns: tamperPatterns({
      role,
      guardedRoles: watchRolesGuarded(canaryName, names.forwarderRolePrefix, alertPathRoleName),
      organization: names.organization,
      guardRuleName: names.guardRule,
    }),
    guardPatterns: tamperPatterns({
      trails: names.trails,
      stackSetInstancesOf: names.stackSetName,
      forwardRuleName: names.forwardRule,
      deadLetterQueueNames: [names.deadLetterQueue],
      forwardingAlarmName: alarmName,
      canaryScheduleName: canaryName,
    }),
  };
}

/** The names of what a watch deploys in every forwarded region. */
export interface ForwardedNames {
  readonly forwardRule: string;
  readonly guardRule: string;
  readonly deadLetterQueue: string;
  /** How the forwarder roles' names start. */
  readonly forwarderRolePrefix: string;
  /** @default - no StackSet: regional stacks */
  readonly stackSetName?: string;
  /**
   * Whether the account is the organization's management account: its policy changes are watched.
   *
   * @default false
   */
  readonly organization?: boolean;
  /**
   * The trail the watch depends on, when it is homed in a forwarded region, where calls on it are recorded.
   *
   * @default - none
   */
  readonly trails?: NamedResource[];
}

/** A rule as EventBridge's APIs and metrics name it. */
export interface RuleIdentity {
  /** The rule's name alone, as `DeleteRule` takes it and the `RuleName` metric dimension holds it. */
  readonly ruleName: string;
  /** The rule's bus, when it is not the default bus. */
  readonly eventBusName?: string;
}

/**
 * The bare name and the bus of a rule. For a rule on a custom bus,
 * CloudFormation's `Ref` (aws-cdk-lib's `ruleName`) is `BUS|NAME`, so the name
 * is taken from the ARN, which is `arn:PARTITION:events:REGION:ACCOUNT:rule/BUS/NAME`.
 */
export function ruleIdentity(rule: events.IRule): RuleIdentity {
  const cfnRule = rule.node.defaultChild;
  if (events.CfnRule.isCfnRule(cfnRule) && cfnRule.eventBusName !== undefined) {
    return { ruleName: Fn.select(2, Fn.split('/', rule.ruleArn)), eventBusName: cfnRule.eventBusName };
  }
  // An imported rule's name comes from its ARN: `BUS/NAME` for a rule on a custom bus.
  if (!Token.isUnresolved(rule.ruleName) && rule.ruleName.includes('/')) {
    const [eventBusName, ruleName] = rule.ruleName.split('/');
    return { ruleName, eventBusName };
  }
  return { ruleName: rule.ruleName };
}

/** A key by id and by ARN: KMS calls take either. */
export function keyIdentity(key: kms.IKey): NamedResource {
  // Built from the id rather than `keyArn`, so the ARN is the one a caller would type.
  const arn = Stack.of(key).formatArn({
    service: 'kms',
    region: key.env.region,
    account: key.env.account,
    resource: 'key',
    resourceName: key.keyId,
  });
  return { name: key.keyId, arn };
}
