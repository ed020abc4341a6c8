/*
 * Over 300 lines for one concept: the table of the protected resource kinds, one entry each, read as a whole
 * (as a rule pack lists its rules); splitting it would scatter the one list a reviewer checks for what is unwatched.
 */
import type { Matcher, TamperCall, TamperTargets } from './tamper-targets';

/**
 * The kinds of resource the tamper alerts protect, one entry each, as a rule
 * pack lists its rules: which service records the calls, which calls change
 * the resource and by which request parameter they name it. One function
 * (`tamperPatterns`) turns each entry into a pattern, for what a template
 * protects of that kind. The entries are in the order their rules are made.
 * The table is one concept, so it stays in one file past 300 lines.
 */

/** IAM calls that change the role's trust, permissions or existence. */
export const ROLE_TAMPER_EVENTS = [
  'UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy',
  'DeleteRole', 'UpdateRole', 'PutRolePermissionsBoundary', 'DeleteRolePermissionsBoundary',
];
/** EventBridge calls that change a rule, by its `name`. */
export const RULE_TAMPER_EVENTS = ['DeleteRule', 'DisableRule', 'PutRule'];
/** EventBridge calls that change a rule's targets, by its `rule`. */
export const RULE_TARGET_TAMPER_EVENTS = ['RemoveTargets', 'PutTargets'];
/**
 * EventBridge calls that change who may put events on a bus, by its `eventBusName` (EventBridge API
 * Reference, `PutPermission`, `RemovePermission`); `UpdateEventBus` names the bus by `name`.
 */
export const BUS_POLICY_TAMPER_EVENTS = ['PutPermission', 'RemovePermission'];
/** SNS calls on the topic, by its `topicArn`. */
export const TOPIC_TAMPER_EVENTS = ['DeleteTopic', 'SetTopicAttributes', 'RemovePermission'];
/** SNS calls on a subscription, by its `subscriptionArn` (`TOPIC_ARN:ID`). */
export const SUBSCRIPTION_TAMPER_EVENTS = ['Unsubscribe', 'SetSubscriptionAttributes'];
/**
 * CloudWatch Logs calls, by `logGroupName`, that delete records, shorten how long they are kept, make them
 * unreadable (a key that can be disabled: `AssociateKmsKey`, `DisassociateKmsKey`) or copy them elsewhere
 * (subscription filters). CloudWatch Logs API Reference, each action's request parameters.
 */
export const LOG_GROUP_TAMPER_EVENTS = [
  'DeleteLogGroup', 'DeleteLogStream', 'PutRetentionPolicy', 'AssociateKmsKey', 'DisassociateKmsKey',
  'PutSubscriptionFilter', 'DeleteSubscriptionFilter',
];
/**
 * CloudWatch Logs calls that mask or rewrite what a log group keeps, by `logGroupIdentifier` (a name or an
 * ARN): data protection policies and transformers (CloudWatch Logs API Reference, `PutDataProtectionPolicy`,
 * `PutTransformer`).
 */
export const LOG_GROUP_REWRITE_EVENTS = ['PutDataProtectionPolicy', 'DeleteDataProtectionPolicy', 'PutTransformer', 'DeleteTransformer'];
/** CloudWatch Logs calls that change or delete a saved query, by its `queryDefinitionId`. */
export const QUERY_TAMPER_EVENTS = ['PutQueryDefinition', 'DeleteQueryDefinition'];
/** CloudWatch Logs calls that replace or remove the policy letting EventBridge write. */
export const LOG_POLICY_TAMPER_EVENTS = ['DeleteResourcePolicy', 'PutResourcePolicy'];
/** KMS calls that make the key unusable or change who may use it. */
export const KEY_TAMPER_EVENTS = ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy'];
/** CloudFormation calls that change or remove the forwarding rules of other regions. */
export const STACK_SET_TAMPER_EVENTS = ['UpdateStackSet', 'DeleteStackSet', 'DeleteStackInstances', 'UpdateStackInstances'];
/**
 * CloudFormation calls that change or delete one stack, by its `stackName` (a name or an ARN): a StackSet's
 * instance stack, `StackSet-<StackSet name>-<id>`, can be changed or deleted directly in its region.
 */
export const STACK_TAMPER_EVENTS = ['DeleteStack', 'UpdateStack', 'ExecuteChangeSet'];
/** CloudTrail calls that stop or change the trail, by its `name`. */
export const TRAIL_TAMPER_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail'];
/** CloudTrail calls that change what the trail records, by its `trailName`. */
export const TRAIL_SELECTOR_TAMPER_EVENTS = ['PutEventSelectors'];
/** CloudWatch calls that remove or silence alarms, by their `alarmNames`. */
export const ALARM_TAMPER_EVENTS = ['DeleteAlarms', 'DisableAlarmActions'];
/**
 * CloudWatch calls that rewrite an alarm, or set its state (`SetAlarmState`: an alarm set to OK sends no
 * notification until its next evaluation finds it breaching again), by its `alarmName`.
 */
export const ALARM_REWRITE_EVENTS = ['PutMetricAlarm', 'SetAlarmState'];
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
/**
 * AWS Organizations calls, in the management account, that change what service control policies deny
 * (`UpdatePolicy`, `AttachPolicy`, `DetachPolicy`, `DeletePolicy`, `DisablePolicyType`) or move an account
 * out of the units the StackSet deploys to (`MoveAccount`, `RemoveAccountFromOrganization`). A policy is
 * named by its id alone, whatever its type, so every such call alerts.
 */
export const ORGANIZATION_TAMPER_EVENTS = [
  'UpdatePolicy', 'AttachPolicy', 'DetachPolicy', 'DeletePolicy', 'DisablePolicyType', 'MoveAccount', 'RemoveAccountFromOrganization',
];
/** EventBridge Scheduler calls that change or remove a schedule, by its `name`. */
export const SCHEDULE_TAMPER_EVENTS = ['UpdateSchedule', 'DeleteSchedule'];

/** A kind of protected resource: where its changes are recorded, and the calls that name what a template protects. */
export interface TamperKind {
  /** The rule's construct id. */
  readonly id: string;
  /** The service that records the calls, as CloudTrail names it; a call may name another. */
  readonly eventSource: string;
  /** The rule's description. */
  readonly description: (targets: TamperTargets) => string;
  /** What was changed, for the alert text. */
  readonly subject: (targets: TamperTargets) => string;
  /** The calls that change what `targets` protect of this kind; none protected, no pattern. */
  readonly calls: (targets: TamperTargets) => TamperCall[];
}

const call = (eventName: Matcher[], parameter: string | undefined, values: Matcher[], eventSource?: string): TamperCall =>
  ({ eventName, parameter, values, eventSource });

/** The calls that change a rule, which name it by `name` or by `rule`. */
function ruleChanges(rules: Matcher[], eventSource?: string): TamperCall[] {
  return [call(RULE_TAMPER_EVENTS, 'name', rules, eventSource), call(RULE_TARGET_TAMPER_EVENTS, 'rule', rules, eventSource)];
}

/** The calls that change a topic, by its ARN, or one of its subscriptions, by theirs. */
function topicChanges(topics: Matcher[], subscriptions: Matcher[]): TamperCall[] {
  return [call(TOPIC_TAMPER_EVENTS, 'topicArn', topics), call(SUBSCRIPTION_TAMPER_EVENTS, 'subscriptionArn', subscriptions)];
}

/** The calls that remove, silence (by `alarmNames`) or rewrite (by `alarmName`) an alarm. */
function alarmChanges(alarms: Matcher[]): TamperCall[] {
  return [call(ALARM_TAMPER_EVENTS, 'alarmNames', alarms), call(ALARM_REWRITE_EVENTS, 'alarmName', alarms)];
}

const list = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

export const TAMPER_KINDS: TamperKind[] = [
  {
    // IAM records role changes in the partition's global-events region (us-east-1): forwarded from there.
    id: 'TamperRoleRule',
    eventSource: 'iam.amazonaws.com',
    description: t => (t.guardedRoles ? `Break-glass role or ${t.guardedRoles.subject}: trust, policies or existence changed`
      : 'Break-glass role: its trust, policies or existence changed'),
    subject: t => (t.guardedRoles ? `the break-glass role ${t.role!.roleName} or ${t.guardedRoles.subject}` : `the break-glass role ${t.role!.roleName}`),
    // IAM role names are unique regardless of case.
    calls: t => (t.role ? [call(ROLE_TAMPER_EVENTS, 'roleName', [
      ...[t.role.roleName, ...t.guardedRoles?.names ?? []].map(name => ({ 'equals-ignore-case': name })),
      ...(t.guardedRoles?.namePrefixes ?? []).map(prefix => ({ prefix: { 'equals-ignore-case': prefix } })),
    ])] : []),
  },
  {
    // Recorded in us-east-1 (AWS Organizations' region), like IAM's: forwarded from there.
    id: 'TamperOrganizationRule',
    eventSource: 'organizations.amazonaws.com',
    description: () => 'Break-glass alerting: the organization\'s policies changed, or an account moved (management account)',
    subject: () => 'the organization\'s service control policies or accounts',
    calls: t => (t.organization ? [call(ORGANIZATION_TAMPER_EVENTS, undefined, [])] : []),
  },
  {
    id: 'TamperRulesRule',
    eventSource: 'events.amazonaws.com',
    description: () => 'Break-glass alerting: its EventBridge rules or central event bus changed',
    subject: () => 'its EventBridge rules or central event bus',
    calls: t => {
      const busIds = (t.eventBuses ?? []).flatMap(bus => [bus.name, bus.arn]);
      return [
        ...((t.ruleNames ?? []).length > 0 ? ruleChanges(t.ruleNames!) : []),
        call(['DeleteEventBus', 'UpdateEventBus'], 'name', busIds),
        call(BUS_POLICY_TAMPER_EVENTS, 'eventBusName', busIds),
        // Any rule on a protected bus: the bus is the construct's alone.
        call([...RULE_TAMPER_EVENTS, ...RULE_TARGET_TAMPER_EVENTS], 'eventBusName', busIds),
      ];
    },
  },
  {
    // The rules rule watches every rule by name, but a rule does not see its own disabling, deletion or emptying
    // (EventBridge delivers nothing from a rule disabled or without targets): this one watches it, and it watches this one.
    id: 'TamperRulesGuardRule',
    eventSource: 'events.amazonaws.com',
    description: () => 'Break-glass alerting: the rule that watches its EventBridge rules changed',
    subject: () => 'the rule that watches its EventBridge rules',
    calls: t => (t.rulesRuleName ? ruleChanges([t.rulesRuleName]) : []),
  },
  {
    id: 'TamperTopicRule',
    eventSource: 'sns.amazonaws.com',
    description: t => ((t.topicArns ?? []).length > 1 ? 'Break-glass alerting: its alert or chat topic or a subscription changed'
      : 'Break-glass alerting: its alert topic or a subscription changed'),
    subject: t => ((t.topicArns ?? []).length > 1 ? 'its alert or chat topic or a subscription' : 'its alert topic or a subscription'),
    // A subscription ARN is `TOPIC_ARN:ID`; the colon keeps `TopicOld` from matching `Topic`.
    calls: t => ((t.topicArns ?? []).length > 0 ? topicChanges(t.topicArns!, t.topicArns!.map(arn => ({ prefix: `${arn}:` }))) : []),
  },
  {
    id: 'TamperLogsRule',
    eventSource: 'logs.amazonaws.com',
    description: () => 'Break-glass records: a log group, its key, filters, policies or saved queries changed',
    subject: () => 'its log groups',
    calls: t => [
      call(LOG_GROUP_TAMPER_EVENTS, 'logGroupName', t.logGroupNames ?? []),
      call(LOG_GROUP_REWRITE_EVENTS, 'logGroupIdentifier', (t.logGroupNames ?? []).flatMap(name => [name, { wildcard: `*:log-group:${name}` }])),
      call(LOG_POLICY_TAMPER_EVENTS, 'policyName', t.logPolicyNames ?? []),
      call(QUERY_TAMPER_EVENTS, 'queryDefinitionId', t.queryDefinitionIds ?? []),
    ],
  },
  {
    id: 'TamperKeyRule',
    eventSource: 'kms.amazonaws.com',
    description: () => 'Break-glass alerting: its KMS key disabled, scheduled for deletion or its policy changed',
    subject: () => 'its KMS key',
    // A caller may name the key by id or by ARN.
    calls: t => [call(KEY_TAMPER_EVENTS, 'keyId', (t.keys ?? []).flatMap(key => [key.name, key.arn]))],
  },
  {
    id: 'TamperStackSetRule',
    eventSource: 'cloudformation.amazonaws.com',
    description: () => 'Break-glass alerting: the StackSet of its forwarding rules changed',
    subject: () => 'the StackSet of its forwarding rules',
    // By name, or by id (`NAME:UUID`).
    calls: t => [call(STACK_SET_TAMPER_EVENTS, 'stackSetName', (t.stackSetNames ?? []).flatMap(name => [name, { prefix: `${name}:` }]))],
  },
  {
    id: 'TamperTrailRule',
    eventSource: 'cloudtrail.amazonaws.com',
    description: () => 'Break-glass alerting: the CloudTrail trail it depends on stopped or changed',
    subject: () => 'the CloudTrail trail it depends on',
    calls: t => {
      const trailIds = (t.trails ?? []).flatMap(trail => [trail.name, trail.arn]);
      return [call(TRAIL_TAMPER_EVENTS, 'name', trailIds), call(TRAIL_SELECTOR_TAMPER_EVENTS, 'trailName', trailIds)];
    },
  },
  {
    // In each region of the StackSet's instances: by name, or by ARN (`arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/NAME/ID`).
    id: 'TamperStacksRule',
    eventSource: 'cloudformation.amazonaws.com',
    description: () => 'Break-glass alerting: a stack of its forwarding StackSet changed or deleted',
    subject: () => 'a stack of its forwarding StackSet',
    calls: t => list(t.stackSetInstancesOf).map(name =>
      call(STACK_TAMPER_EVENTS, 'stackName', [{ prefix: `StackSet-${name}-` }, { wildcard: `arn:*:cloudformation:*:stack/StackSet-${name}-*` }])),
  },
  {
    // Rule names are the same in every region, so one pattern serves the rule that watches it there and the central bus.
    id: 'TamperForwardingRuleRule',
    eventSource: 'events.amazonaws.com',
    description: () => 'Break-glass alerting: the forwarding rule of another region changed',
    subject: () => 'the forwarding rule of another region',
    calls: t => (t.forwardRuleName ? ruleChanges([t.forwardRuleName]) : []),
  },
  {
    id: 'TamperGuardRuleRule',
    eventSource: 'events.amazonaws.com',
    description: () => 'Break-glass alerting: the guard rule of another region changed',
    subject: () => 'the guard rule of another region',
    calls: t => (t.guardRuleName ? ruleChanges([t.guardRuleName]) : []),
  },
  {
    // By the end of the queue URL a call names (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`, or an older
    // endpoint form), or of the queue ARN a message move names: one pattern serves a queue of one name in every region.
    id: 'TamperDeadLettersRule',
    eventSource: 'sqs.amazonaws.com',
    description: () => 'Break-glass alerting: a dead-letter queue deleted, emptied or changed',
    subject: () => 'a dead-letter queue of undelivered alerts',
    calls: t => {
      const names = t.deadLetterQueueNames ?? [];
      return names.length === 0 ? [] : [
        call(QUEUE_TAMPER_EVENTS, 'queueUrl', names.map(name => ({ suffix: `/${name}` }))),
        call(QUEUE_MOVE_EVENTS, 'sourceArn', names.map(name => ({ suffix: `:${name}` }))),
      ];
    },
  },
  {
    id: 'TamperAlarmsRule',
    eventSource: 'monitoring.amazonaws.com',
    description: () => 'Break-glass alerting: its delivery-health or heartbeat alarms deleted, silenced or changed',
    subject: () => 'its delivery-health or heartbeat alarms',
    calls: t => ((t.alarmNames ?? []).length > 0 ? alarmChanges(t.alarmNames!) : []),
  },
  {
    // The forwarding alarm has one name in every region.
    id: 'TamperForwardingAlarmRule',
    eventSource: 'monitoring.amazonaws.com',
    description: () => 'Break-glass alerting: the forwarding alarm of another region deleted, silenced or changed',
    subject: () => 'the forwarding alarm of another region',
    calls: t => (t.forwardingAlarmName ? alarmChanges([t.forwardingAlarmName]) : []),
  },
  {
    // The forwarding alarm's topic, named as the alarm: matched by the end of its ARN, which holds the region.
    id: 'TamperForwardingTopicRule',
    eventSource: 'sns.amazonaws.com',
    description: () => 'Break-glass alerting: the forwarding alarm topic of another region or a subscription changed',
    subject: () => 'the forwarding alarm topic of another region, or a subscription',
    // A subscription ARN is `TOPIC_ARN:ID`.
    calls: t => list(t.forwardingAlarmName).flatMap(name => topicChanges([{ suffix: `:${name}` }], [{ wildcard: `*:${name}:*` }])),
  },
  {
    id: 'TamperFunctionRule',
    eventSource: 'lambda.amazonaws.com',
    description: () => 'Break-glass alerting: its function changed, silenced or deleted',
    subject: () => 'its function',
    // By name, or by an ARN, whole or partial, which ends with `function:NAME`.
    calls: t => [call(FUNCTION_TAMPER_EVENTS.map(name => ({ prefix: name })), 'functionName',
      (t.functionNames ?? []).flatMap(name => [name, { suffix: `function:${name}` }]))],
  },
  {
    // The canary's schedule has one name in every watched region; the home region's heartbeat rule is named as the canary.
    id: 'TamperCanaryRule',
    eventSource: 'scheduler.amazonaws.com',
    description: t => (t.heartbeatRuleName ? 'Break-glass canary: its schedule or heartbeat rule changed or deleted' : 'Break-glass canary: its schedule changed or deleted'),
    subject: t => (t.heartbeatRuleName ? 'the canary\'s schedule or heartbeat rule' : 'the canary\'s schedule'),
    calls: t => (t.canaryScheduleName ? [
      call(SCHEDULE_TAMPER_EVENTS, 'name', [t.canaryScheduleName], t.heartbeatRuleName ? 'scheduler.amazonaws.com' : undefined),
      ...(t.heartbeatRuleName ? ruleChanges([t.heartbeatRuleName], 'events.amazonaws.com') : []),
    ] : []),
  },
];
