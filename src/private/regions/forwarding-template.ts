import { CfnResourceJson } from './cfn-resource-json';
import { ForwardingAlarm, forwardingAlarmResources } from './forwarding-alarm';
import { ASSUME_ROLE_TARGET, assumeRoleInput, CANARY_SCHEDULE_ID, CanarySettings, canaryScheduleResource } from '../canary/canary';
import { checkovMetadata, QUEUE_WITH_SQS_KEYS } from '../checkov';
import { DEAD_LETTER_RETENTION_SECONDS, deadLetterQueueStatements, deadLetterTargetProperties } from '../delivery/delivery-retry';
import { ALL_MANAGEMENT_EVENTS, DetectionPattern, EventPatternJson, WatchedRole } from '../detection/patterns';

/** Values a forwarding template refers to: plain JSON, CloudFormation intrinsics or CDK tokens. */
export interface ForwardingTargets {
  /** ARN of the central event bus in the home region. */
  readonly centralBusArn: unknown;
  /** ARN of the role EventBridge uses to put events on the central bus. */
  readonly forwarderRoleArn: unknown;
}

/** The StackSet template's parameters, each standing for a value of the home stack. */
export const STACK_SET_PARAMETERS = {
  centralBusArn: 'CentralBusArn',
  forwarderRoleArn: 'ForwarderRoleArn',
  roleArn: 'BreakGlassRoleArn',
  roleName: 'BreakGlassRoleName',
};

/** The StackSet template's parameter holding the canary role's ARN, when the canary is on. */
export const CANARY_ROLE_PARAMETER = 'CanaryRoleArn';

/** The break-glass role as a StackSet template sees it: through its parameters. */
export const STACK_SET_ROLE: WatchedRole = {
  roleArn: `\${${STACK_SET_PARAMETERS.roleArn}}`,
  roleName: `\${${STACK_SET_PARAMETERS.roleName}}`,
  account: '${AWS::AccountId}',
  partition: '${AWS::Partition}',
};

/** Logical id of the one forwarding rule of a region. */
export const FORWARD_RULE_ID = 'ForwardRule' as const;
/** Logical id of the rule that watches the forwarding rule. */
export const GUARD_RULE_ID = 'GuardRule' as const;

/** Names of a watch's resources in each forwarded region, the same in every region. */
export interface ForwardingNames {
  /** The forwarding rule. */
  readonly forwardRule: string;
  /** The guard rule. */
  readonly guardRule: string;
  /** The forwarding alarm (without the canary), and the topic it notifies. */
  readonly alarm: string;
  /** The dead-letter queue of the region's rules. */
  readonly deadLetterQueue: string;
}

/** The names of the resources in other regions of a watch whose names start with `base` (at most 56 characters). */
export function forwardingNames(base: string): ForwardingNames {
  // EventBridge rule names are at most 64 characters; SQS queue names 80.
  return { forwardRule: `${base}-Forward`, guardRule: `${base}-Guard`, alarm: `${base}-ForwardFailed`, deadLetterQueue: `${base}-DeadLetters` };
}

/** Logical ids of a forwarded region's dead-letter queue and its policy. */
export const DEAD_LETTER_IDS = { queue: 'DeadLetterQueue', policy: 'DeadLetterQueuePolicy' } as const;

/**
 * The region's dead-letter queue and its policy, as CloudFormation resources,
 * written to only by the rules `ruleLogicalIds` of the same template.
 */
export function deadLetterQueueResources(queueName: string, ruleLogicalIds: string[]): { [logicalId: string]: CfnResourceJson } {
  const queueArn = { 'Fn::GetAtt': [DEAD_LETTER_IDS.queue, 'Arn'] };
  return {
    [DEAD_LETTER_IDS.queue]: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: queueName, MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS, SqsManagedSseEnabled: true },
      Metadata: checkovMetadata([QUEUE_WITH_SQS_KEYS]),
    },
    [DEAD_LETTER_IDS.policy]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: DEAD_LETTER_IDS.queue }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: deadLetterQueueStatements(queueArn, ruleLogicalIds.map(id => ({ 'Fn::GetAtt': [id, 'Arn'] }))),
        },
      },
    },
  };
}

/** What the rules of a region's forwarding template watch for. */
export interface ForwardingPatterns {
  /** Patterns of the forwarding rule. */
  readonly patterns: DetectionPattern[];
  /**
   * Patterns of the guard rule: changes to the forwarding rule, which cannot
   * see its own disabling or deletion, and to the region's alarm and topic.
   * None, no guard rule.
   */
  readonly guardPatterns: DetectionPattern[];
}

/** An `AWS::Events::Rule` as it stands in a template. */
export interface RuleResource extends CfnResourceJson {
  readonly Type: 'AWS::Events::Rule';
  readonly Properties: {
    readonly Name: string;
    readonly Description: string;
    readonly State: string;
    readonly EventPattern: EventPatternJson;
    readonly Targets: Array<{
      readonly Id: string;
      readonly Arn: unknown;
      readonly RoleArn: unknown;
      readonly DeadLetterConfig: { readonly Arn: unknown };
      readonly RetryPolicy: object;
    }>;
  };
}

/** The rules of a forwarded region, by logical id. */
export interface ForwardingRules {
  readonly [FORWARD_RULE_ID]: RuleResource;
  /** None without guard patterns. */
  readonly [GUARD_RULE_ID]?: RuleResource;
}

/**
 * The region's rules, as CloudFormation resources, on the default bus, each
 * putting its matches on the central bus and keeping what it cannot put there
 * in the template's dead-letter queue (`deadLetterQueueResources`). The forwarding rule matches any of
 * the patterns (`$or`), in the all-management-events state when any pattern
 * needs read-only events: one rule, not one per pattern, so an event two
 * patterns match (an action that also tampers) is forwarded once. The guard
 * rule, when there are guard patterns, watches the forwarding rule.
 */
export function forwardingRules(watched: ForwardingPatterns, targets: ForwardingTargets, names: ForwardingNames): ForwardingRules {
  const rule = (name: string, description: string, patterns: DetectionPattern[]): RuleResource => ({
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: name,
      Description: description,
      State: patterns.some(p => p.readOnlyEvents) ? ALL_MANAGEMENT_EVENTS : 'ENABLED',
      EventPattern: patterns.length === 1 ? patterns[0].pattern : { $or: patterns.map(p => p.pattern) },
      Targets: [{
        Id: 'CentralBus',
        Arn: targets.centralBusArn,
        RoleArn: targets.forwarderRoleArn,
        ...deadLetterTargetProperties({ 'Fn::GetAtt': [DEAD_LETTER_IDS.queue, 'Arn'] }),
      }],
    },
  });
  return {
    [FORWARD_RULE_ID]: rule(names.forwardRule, 'Break-glass: forwards this region\'s break-glass events to the home region', watched.patterns),
    ...(watched.guardPatterns.length > 0 ? {
      [GUARD_RULE_ID]: rule(names.guardRule,
        'Break-glass: forwards changes to this region\'s break-glass resources to the home region',
        watched.guardPatterns),
    } : {}),
  };
}

/**
 * The StackSet template: the forwarding rule and the guard rule, whose role
 * values come from parameters so the body is plain JSON (a string that names a
 * parameter or a pseudo parameter becomes `Fn::Sub`), their dead-letter
 * queue, and the forwarding alarm (without the canary) or the canary's schedule.
 */
export function stackSetTemplateBody(watched: ForwardingPatterns, names: ForwardingNames, alarm?: ForwardingAlarm, canary?: CanarySettings): string {
  const parameters = Object.fromEntries([...Object.values(STACK_SET_PARAMETERS), ...(canary ? [CANARY_ROLE_PARAMETER] : [])]
    .map(name => [name, { Type: 'String' }]));
  const rules = forwardingRules(watched, {
    centralBusArn: { Ref: STACK_SET_PARAMETERS.centralBusArn },
    forwarderRoleArn: { Ref: STACK_SET_PARAMETERS.forwarderRoleArn },
  }, names);
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: canary
      ? 'Break-glass role: forwards this region\'s break-glass events to the home region, and runs the canary whose heartbeat proves it'
      : 'Break-glass role: forwards this region\'s break-glass events to the home region, and raises an alarm when it cannot',
    Parameters: parameters,
    Resources: {
      ...substitute(rules) as object,
      ...deadLetterQueueResources(names.deadLetterQueue, Object.keys(rules)),
      ...(alarm ? forwardingAlarmResources(alarm, DEAD_LETTER_IDS.queue) : {}),
      ...(canary ? {
        [CANARY_SCHEDULE_ID]: canaryScheduleResource(canary, {
          roleArn: { Ref: CANARY_ROLE_PARAMETER },
          input: { 'Fn::Sub': assumeRoleInput(STACK_SET_ROLE.roleArn) },
          targetArn: { 'Fn::Sub': `arn:\${AWS::Partition}:scheduler:::${ASSUME_ROLE_TARGET}` },
        }),
      } : {}),
    },
  });
}

/**
 * A string that names a parameter or a pseudo parameter (`${AWS::AccountId}`) becomes `Fn::Sub`; everything else
 * stays. An IAM policy variable (`${aws:username}`: a service prefix, one colon) is IAM's, not CloudFormation's: it is
 * written `${!aws:username}` inside `Fn::Sub`, which CloudFormation leaves as `${aws:username}`, and as it is elsewhere.
 */
export function substitute(value: unknown): unknown {
  if (typeof value === 'string') {
    const variables = [...value.matchAll(/\$\{([^}]*)\}/g)].map(match => match[1]);
    const policyVariable = (name: string) => /^[a-z0-9-]+:[^:]+$/.test(name);
    if (variables.every(policyVariable)) {
      return value;
    }
    return { 'Fn::Sub': value.replace(/\$\{([a-z0-9-]+:[^:}]+)\}/g, '${!$1}') };
  }
  if (Array.isArray(value)) {
    return value.map(substitute);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item)]));
  }
  return value;
}
