import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { API_CALL, DetectionPattern, EventPatternJson, WatchedRole } from './patterns';

/** IAM calls that change the role's trust, permissions or existence. */
export const ROLE_TAMPER_EVENTS = [
  'UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy',
  'DeleteRole', 'UpdateRole', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary',
];

/** EventBridge calls that change a rule, by its `name`. */
export const RULE_TAMPER_EVENTS = ['DeleteRule', 'DisableRule', 'PutRule'];
/** EventBridge calls that change a rule's targets, by its `rule`. */
export const RULE_TARGET_TAMPER_EVENTS = ['RemoveTargets', 'PutTargets'];
/** SNS calls on the topic, by its `topicArn`. */
export const TOPIC_TAMPER_EVENTS = ['DeleteTopic', 'SetTopicAttributes', 'RemovePermission'];
/** SNS calls on a subscription, by its `subscriptionArn` (`TOPIC_ARN:ID`). */
export const SUBSCRIPTION_TAMPER_EVENTS = ['Unsubscribe', 'SetSubscriptionAttributes'];
/** CloudWatch Logs calls that delete records or shorten how long they are kept. */
export const LOG_GROUP_TAMPER_EVENTS = ['DeleteLogGroup', 'DeleteLogStream', 'PutRetentionPolicy'];
/** CloudWatch Logs calls that replace or remove the policy letting EventBridge write. */
export const LOG_POLICY_TAMPER_EVENTS = ['DeleteResourcePolicy', 'PutResourcePolicy'];
/** KMS calls that make the key unusable or change who may use it. */
export const KEY_TAMPER_EVENTS = ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy'];
/** CloudFormation calls that change or remove the forwarding rules of other regions. */
export const STACK_SET_TAMPER_EVENTS = ['UpdateStackSet', 'DeleteStackSet', 'DeleteStackInstances', 'UpdateStackInstances'];
/** CloudTrail calls that stop or change the trail, by its `name`. */
export const TRAIL_TAMPER_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail'];
/** CloudTrail calls that change what the trail records, by its `trailName`. */
export const TRAIL_SELECTOR_TAMPER_EVENTS = ['PutEventSelectors'];
/** CloudWatch calls that remove or silence alarms, by their `alarmNames`. */
export const ALARM_TAMPER_EVENTS = ['DeleteAlarms', 'DisableAlarmActions'];
/** CloudWatch calls that rewrite an alarm, by its `alarmName`. */
export const ALARM_REWRITE_EVENTS = ['PutMetricAlarm'];

/**
 * SQS calls that delete a dead-letter queue, empty it, move its messages away
 * or change who may write to it and how long it keeps them, by its `queueUrl`.
 */
export const QUEUE_TAMPER_EVENTS = ['DeleteQueue', 'PurgeQueue', 'SetQueueAttributes', 'AddPermission', 'RemovePermission'];
/** SQS calls that move a queue's messages elsewhere, by the queue's ARN (`sourceArn`). */
export const QUEUE_MOVE_EVENTS = ['StartMessageMoveTask'];

/**
 * Lambda calls that change, silence or remove a function, by its
 * `functionName` (a name or an ARN). CloudTrail records most with the API
 * version after the name (`UpdateFunctionConfiguration20150331v2`), so they
 * are matched by their start.
 */
export const FUNCTION_TAMPER_EVENTS = ['UpdateFunction', 'DeleteFunction', 'PutFunction', 'AddPermission', 'RemovePermission'];

/** EventBridge Scheduler calls that change or remove a schedule, by its `name`. */
export const SCHEDULE_TAMPER_EVENTS = ['UpdateSchedule', 'DeleteSchedule'];

/** A pattern that detects changes to one kind of protected resource. */
export interface TamperPattern extends DetectionPattern {
  /** What was changed, for the alert text: "the alert topic or a subscription". */
  readonly subject: string;
}

/** A resource known by its name and its ARN; calls may name it either way. */
export interface NamedResource {
  readonly name: string;
  readonly arn: string;
}

/**
 * What the tamper patterns protect, as the template that holds them sees it.
 * Every list may be empty; a pattern is made only for what is given.
 */
export interface TamperTargets {
  readonly role: WatchedRole;
  /**
   * Other roles the alerting depends on, protected like the role (the canary's).
   *
   * @default - none
   */
  readonly guardedRoles?: GuardedRoles;
  /** Names of rules on the default bus, or on a bus not in `eventBuses`. */
  readonly ruleNames: Array<string | { readonly prefix: string }>;
  /** Buses protected whole: deleting them, or changing any rule on them. */
  readonly eventBuses: NamedResource[];
  readonly topicArn?: string;
  readonly logGroupNames: string[];
  /** Names of CloudWatch Logs resource policies (the one that lets EventBridge write). */
  readonly logPolicyNames: string[];
  /** KMS keys, by key id and key ARN. */
  readonly keys: NamedResource[];
  readonly stackSetNames: string[];
  readonly trails: NamedResource[];
  /** The dead-letter queues' names. */
  readonly deadLetterQueueNames: string[];
  /** The alarms (delivery health, heartbeats), by name or name prefix. */
  readonly alarmNames: Array<string | { readonly prefix: string }>;
  /**
   * Lambda functions, by name.
   *
   * @default - none
   */
  readonly functionNames?: string[];
}

function apiCall(eventSource: string, detail: { [key: string]: unknown }): EventPatternJson {
  // `eventSource` names the service exactly as CloudTrail records it, whatever
  // `source` EventBridge derives from it.
  return { 'detail-type': [API_CALL], 'detail': { eventSource: [eventSource], ...detail } };
}

/** A value an event field is matched against: a name, or an Event Ruler matcher such as `{ prefix }`. */
type Matcher = string | { readonly [operator: string]: unknown };

/** The calls that change a rule, which name it by `name` or by `rule`. */
function ruleChanges(rules: Matcher[]): Array<{ [key: string]: unknown }> {
  return [
    { eventName: RULE_TAMPER_EVENTS, requestParameters: { name: rules } },
    { eventName: RULE_TARGET_TAMPER_EVENTS, requestParameters: { rule: rules } },
  ];
}

/** The calls that change a topic, by its ARN, or one of its subscriptions, by theirs. */
function topicChanges(topics: Matcher[], subscriptions: Matcher[]): Array<{ [key: string]: unknown }> {
  return [
    { eventName: TOPIC_TAMPER_EVENTS, requestParameters: { topicArn: topics } },
    { eventName: SUBSCRIPTION_TAMPER_EVENTS, requestParameters: { subscriptionArn: subscriptions } },
  ];
}

/** The calls that remove, silence (by `alarmNames`) or rewrite (by `alarmName`) an alarm. */
function alarmChanges(alarms: Matcher[]): Array<{ [key: string]: unknown }> {
  return [
    { eventName: ALARM_TAMPER_EVENTS, requestParameters: { alarmNames: alarms } },
    { eventName: ALARM_REWRITE_EVENTS, requestParameters: { alarmName: alarms } },
  ];
}

/**
 * Changes to the role's trust, policies or existence. IAM records them in the
 * partition's global-events region (us-east-1), so this pattern is forwarded
 * from there; it needs only the role's name, which every template can see.
 */
export function roleTamperPattern(role: WatchedRole, guarded?: GuardedRoles): TamperPattern {
  return {
    id: 'TamperRoleRule',
    description: guarded ? `Break-glass role or ${guarded.subject}: trust, policies or existence changed`
      : 'Break-glass role: its trust, policies or existence changed',
    subject: guarded ? `the break-glass role ${role.roleName} or ${guarded.subject}` : `the break-glass role ${role.roleName}`,
    readOnlyEvents: false,
    pattern: apiCall('iam.amazonaws.com', {
      eventName: ROLE_TAMPER_EVENTS,
      // IAM role names are unique regardless of case.
      requestParameters: {
        roleName: [
          ...[role.roleName, ...guarded?.names ?? []].map(name => ({ 'equals-ignore-case': name })),
          ...(guarded?.namePrefixes ?? []).map(prefix => ({ prefix: { 'equals-ignore-case': prefix } })),
        ],
      },
    }),
  };
}

/** Roles the alerting depends on beside the break-glass role, by name or by the start of their names. */
export interface GuardedRoles {
  readonly names: string[];
  readonly namePrefixes?: string[];
  /** What they are, for the alert: "its canary role". */
  readonly subject: string;
}

/** The canary's role of one account, guarded like the role. */
export function canaryRoleGuarded(canaryRoleName: string | undefined): GuardedRoles | undefined {
  return canaryRoleName ? { names: [canaryRoleName], subject: 'its canary role' } : undefined;
}

/**
 * Changes to the canary's schedule, which has one name in every watched
 * region: the home region's tamper rules and each forwarded region's guard
 * rule run it. With `heartbeatRuleName`, changes to the home region's
 * heartbeat rule too, which is named as the canary.
 */
export function canaryTamperPattern(scheduleName: string, heartbeatRuleName?: string): TamperPattern {
  const schedule = { eventSource: ['scheduler.amazonaws.com'], eventName: SCHEDULE_TAMPER_EVENTS, requestParameters: { name: [scheduleName] } };
  return {
    id: 'TamperCanaryRule',
    description: heartbeatRuleName ? 'Break-glass canary: its schedule or heartbeat rule changed or deleted' : 'Break-glass canary: its schedule changed or deleted',
    subject: heartbeatRuleName ? 'the canary\'s schedule or heartbeat rule' : 'the canary\'s schedule',
    readOnlyEvents: false,
    pattern: {
      'detail-type': [API_CALL],
      'detail': heartbeatRuleName
        ? { $or: [schedule, ...ruleChanges([heartbeatRuleName]).map(change => ({ eventSource: ['events.amazonaws.com'], ...change }))] }
        : schedule,
    },
  };
}

/**
 * Every tamper pattern for the home region, where all protected resources
 * other than the role (IAM, recorded in us-east-1) live and are changed.
 */
export function tamperPatterns(targets: TamperTargets): TamperPattern[] {
  const patterns: TamperPattern[] = [roleTamperPattern(targets.role, targets.guardedRoles)];
  const or = (branches: Array<{ [key: string]: unknown } | undefined>) => {
    const given = branches.filter((b): b is { [key: string]: unknown } => b !== undefined);
    return given.length === 1 ? given[0] : { $or: given };
  };

  const busIds = targets.eventBuses.flatMap(bus => [bus.name, bus.arn]);
  if (targets.ruleNames.length > 0 || busIds.length > 0) {
    patterns.push({
      id: 'TamperRulesRule',
      description: 'Break-glass alerting: its EventBridge rules or central event bus changed',
      subject: 'its EventBridge rules or central event bus',
      readOnlyEvents: false,
      pattern: apiCall('events.amazonaws.com', or([
        ...(targets.ruleNames.length > 0 ? ruleChanges(targets.ruleNames) : []),
        busIds.length > 0 ? { eventName: ['DeleteEventBus'], requestParameters: { name: busIds } } : undefined,
        // Any rule on a protected bus: the bus is the construct's alone.
        busIds.length > 0 ? {
          eventName: [...RULE_TAMPER_EVENTS, ...RULE_TARGET_TAMPER_EVENTS],
          requestParameters: { eventBusName: busIds },
        } : undefined,
      ])),
    });
  }

  if (targets.topicArn) {
    patterns.push({
      id: 'TamperTopicRule',
      description: 'Break-glass alerting: its alert topic or a subscription changed',
      subject: 'its alert topic or a subscription',
      readOnlyEvents: false,
      // A subscription ARN is `TOPIC_ARN:ID`; the colon keeps `TopicOld` from matching `Topic`.
      pattern: apiCall('sns.amazonaws.com', or(topicChanges([targets.topicArn], [{ prefix: `${targets.topicArn}:` }]))),
    });
  }

  if (targets.logGroupNames.length > 0 || targets.logPolicyNames.length > 0) {
    patterns.push({
      id: 'TamperLogsRule',
      description: 'Break-glass records: a log group deleted or its retention shortened',
      subject: 'its log groups',
      readOnlyEvents: false,
      pattern: apiCall('logs.amazonaws.com', or([
        targets.logGroupNames.length > 0
          ? { eventName: LOG_GROUP_TAMPER_EVENTS, requestParameters: { logGroupName: targets.logGroupNames } } : undefined,
        targets.logPolicyNames.length > 0
          ? { eventName: LOG_POLICY_TAMPER_EVENTS, requestParameters: { policyName: targets.logPolicyNames } } : undefined,
      ])),
    });
  }

  if (targets.keys.length > 0) {
    patterns.push({
      id: 'TamperKeyRule',
      description: 'Break-glass alerting: its KMS key disabled, scheduled for deletion or its policy changed',
      subject: 'its KMS key',
      readOnlyEvents: false,
      pattern: apiCall('kms.amazonaws.com', {
        eventName: KEY_TAMPER_EVENTS,
        // A caller may name the key by id or by ARN.
        requestParameters: { keyId: targets.keys.flatMap(key => [key.name, key.arn]) },
      }),
    });
  }

  if (targets.stackSetNames.length > 0) {
    patterns.push({
      id: 'TamperStackSetRule',
      description: 'Break-glass alerting: the StackSet of its forwarding rules changed',
      subject: 'the StackSet of its forwarding rules',
      readOnlyEvents: false,
      pattern: apiCall('cloudformation.amazonaws.com', {
        eventName: STACK_SET_TAMPER_EVENTS,
        // By name, or by id (`NAME:UUID`).
        requestParameters: { stackSetName: targets.stackSetNames.flatMap(name => [name, { prefix: `${name}:` }]) },
      }),
    });
  }

  if (targets.trails.length > 0) {
    const trailIds = targets.trails.flatMap(trail => [trail.name, trail.arn]);
    patterns.push({
      id: 'TamperTrailRule',
      description: 'Break-glass alerting: the CloudTrail trail it depends on stopped or changed',
      subject: 'the CloudTrail trail it depends on',
      readOnlyEvents: false,
      pattern: apiCall('cloudtrail.amazonaws.com', or([
        { eventName: TRAIL_TAMPER_EVENTS, requestParameters: { name: trailIds } },
        { eventName: TRAIL_SELECTOR_TAMPER_EVENTS, requestParameters: { trailName: trailIds } },
      ])),
    });
  }

  if (targets.deadLetterQueueNames.length > 0) {
    patterns.push(deadLetterQueueTamperPattern(targets.deadLetterQueueNames));
  }

  if (targets.alarmNames.length > 0) {
    patterns.push({
      id: 'TamperAlarmsRule',
      description: 'Break-glass alerting: its delivery-health or heartbeat alarms deleted, silenced or changed',
      subject: 'its delivery-health or heartbeat alarms',
      readOnlyEvents: false,
      pattern: apiCall('monitoring.amazonaws.com', or(alarmChanges(targets.alarmNames))),
    });
  }
  if (targets.functionNames && targets.functionNames.length > 0) {
    patterns.push({
      id: 'TamperFunctionRule',
      description: 'Break-glass alerting: its function changed, silenced or deleted',
      subject: 'its function',
      readOnlyEvents: false,
      pattern: apiCall('lambda.amazonaws.com', {
        eventName: FUNCTION_TAMPER_EVENTS.map(name => ({ prefix: name })),
        // By name, or by an ARN, whole or partial, which ends with `function:NAME`.
        requestParameters: { functionName: targets.functionNames.flatMap(name => [name, { suffix: `function:${name}` }]) },
      }),
    });
  }
  return patterns;
}

/**
 * Changes, in a forwarded region, to its forwarding rule or its guard rule,
 * by name. Rule names are the same in every region, so one pattern serves the
 * rule that watches the other there and the central bus.
 */
export function forwardingRuleTamperPattern(which: 'forwarding' | 'guard', ruleName: string): TamperPattern {
  return {
    id: which === 'forwarding' ? 'TamperForwardingRuleRule' : 'TamperGuardRuleRule',
    description: `Break-glass alerting: the ${which} rule of another region changed`,
    subject: `the ${which} rule of another region`,
    readOnlyEvents: false,
    pattern: apiCall('events.amazonaws.com', { $or: ruleChanges([ruleName]) }),
  };
}

/**
 * Changes, in a forwarded region, to the forwarding rule's alarm or to the
 * topic it notifies and its subscriptions. Both have one name in every
 * region; the topic is matched by the end of its ARN, which holds the region.
 */
export function forwardingAlarmTamperPatterns(name: string): TamperPattern[] {
  return [
    {
      id: 'TamperForwardingAlarmRule',
      description: 'Break-glass alerting: the forwarding alarm of another region deleted, silenced or changed',
      subject: 'the forwarding alarm of another region',
      readOnlyEvents: false,
      pattern: apiCall('monitoring.amazonaws.com', { $or: alarmChanges([name]) }),
    },
    {
      id: 'TamperForwardingTopicRule',
      description: 'Break-glass alerting: the forwarding alarm topic of another region or a subscription changed',
      subject: 'the forwarding alarm topic of another region, or a subscription',
      readOnlyEvents: false,
      // A subscription ARN is `TOPIC_ARN:ID`.
      pattern: apiCall('sns.amazonaws.com', { $or: topicChanges([{ suffix: `:${name}` }], [{ wildcard: `*:${name}:*` }]) }),
    },
  ];
}

/**
 * Changes to dead-letter queues, by name: the end of the queue URL a call
 * names (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`, or an older endpoint
 * form), or of the queue ARN a message move names, so one pattern serves a
 * queue of one name in every region.
 */
export function deadLetterQueueTamperPattern(queueNames: string[]): TamperPattern {
  return {
    id: 'TamperDeadLettersRule',
    description: 'Break-glass alerting: a dead-letter queue deleted, emptied or changed',
    subject: 'a dead-letter queue of undelivered alerts',
    readOnlyEvents: false,
    pattern: apiCall('sqs.amazonaws.com', {
      $or: [
        { eventName: QUEUE_TAMPER_EVENTS, requestParameters: { queueUrl: queueNames.map(name => ({ suffix: `/${name}` })) } },
        { eventName: QUEUE_MOVE_EVENTS, requestParameters: { sourceArn: queueNames.map(name => ({ suffix: `:${name}` })) } },
      ],
    }),
  };
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

/**
 * The tamper patterns of a watch's forwarded regions. The forwarding rule
 * forwards changes to the role (IAM records them in us-east-1) and to the
 * guard rule; the guard rule forwards changes to the forwarding rule, the
 * region's dead-letter queue, the forwarding alarm and its topic (without the
 * canary) and the canary's schedule. Each rule
 * watches the other, since a rule does not see its own disabling or deletion.
 */
export function forwardedTamperPatterns(
  role: WatchedRole, names: { readonly forwardRule: string; readonly guardRule: string; readonly deadLetterQueue: string },
  alarmName?: string, canaryName?: string,
): { readonly patterns: TamperPattern[]; readonly guardPatterns: TamperPattern[] } {
  return {
    patterns: [roleTamperPattern(role, canaryRoleGuarded(canaryName)), forwardingRuleTamperPattern('guard', names.guardRule)],
    guardPatterns: [
      forwardingRuleTamperPattern('forwarding', names.forwardRule),
      deadLetterQueueTamperPattern([names.deadLetterQueue]),
      ...(alarmName ? forwardingAlarmTamperPatterns(alarmName) : []),
      ...(canaryName ? [canaryTamperPattern(canaryName)] : []),
    ],
  };
}
