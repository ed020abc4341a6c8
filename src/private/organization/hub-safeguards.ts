import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OrganizationNames } from './organization-names';
import { BreakGlassDeliveryHealth } from '../../delivery-health';
import { DeadLetters } from '../delivery/dead-letter-queue';
import { alertTopics } from '../detection/alert-topic';
import { LONGEST_KIND_NAME, tamperRuleName, tamperRules } from '../detection/bus-alerting';
import { WatchedRole } from '../detection/patterns';
import { keyIdentity, tamperPatterns } from '../detection/tamper-patterns';
import { fitName } from '../readable-names';

/** What the hub's own safeguards protect and where they alert. */
export interface HubSafeguardsProps {
  readonly names: OrganizationNames;
  readonly role: WatchedRole;
  readonly bus: events.IEventBus;
  readonly alertTopic: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
  readonly deadLetters: DeadLetters;
  readonly deadLetterQueue: sqs.IQueue;
  readonly logGroups: Array<logs.ILogGroup | undefined>;
  /** The saved queries of the hub's log groups. */
  readonly queryDefinitions: logs.QueryDefinition[];
  readonly logPolicyName?: string;
  readonly encryptionKey?: kms.IKey;
  /** Whether the hub has the canary check, whose function, role, rule and alarm are protected, and the alert path check's function. */
  readonly check: boolean;
}

/**
 * The hub's own safeguards, changed in the security account and recorded on its default bus: the tamper
 * rules of its bus, topic, log groups, their saved queries and policy, key, queue, alarms and checks; and the alarm on its
 * dead-letter queue (`DeliveryHealth`).
 */
export function hubSafeguards(hub: Construct, props: HubSafeguardsProps): { rules: events.Rule[]; deliveryHealth: BreakGlassDeliveryHealth } {
  const { names, check } = props;
  // Each own rule is `<base>-<kind>`, at most 64 characters with the longest kind.
  const base = fitName(`${names.hubBus}-Tamper`, 64 - 1 - LONGEST_KIND_NAME);
  const rules = tamperRules(hub, tamperPatterns({
    role: props.role,
    ruleNames: [{ prefix: `${base}-` }, ...(check ? [names.hubCheck] : [])],
    // The rules rule cannot see its own change: its guard watches it, and it the guard.
    rulesRuleName: tamperRuleName(`${base}-`, 'TamperRulesRule'),
    eventBuses: [{ name: props.bus.eventBusName, arn: props.bus.eventBusArn }],
    topicArns: alertTopics(props.alertTopic, props.chatTopic).map(topic => topic.topicArn),
    logGroupNames: props.logGroups.flatMap(logGroup => (logGroup ? [logGroup.logGroupName] : [])),
    queryDefinitionIds: props.queryDefinitions.map(query => query.queryDefinitionId),
    logPolicyNames: props.logPolicyName ? [props.logPolicyName] : [],
    keys: props.encryptionKey ? [keyIdentity(props.encryptionKey)] : [],
    stackSetNames: [],
    trails: [],
    deadLetterQueueNames: [props.deadLetterQueue.queueName],
    alarmNames: [{ prefix: `${base}-` }, ...(check ? [names.hubCheck] : [])],
    functionNames: check ? [names.hubCheck, names.hubAlertPath] : [],
    // Recorded in the hub's region only when it is the partition's IAM region (us-east-1); elsewhere, a change that breaks the check sets off its alarm.
    guardedRoles: check ? { names: [names.hubCheck, names.hubAlertPath], subject: 'the canary check\'s role or the alert path check\'s role' } : undefined,
  }), { alertTopic: props.alertTopic, chatTopic: props.chatTopic, role: props.role, deadLetters: props.deadLetters, idPrefix: '', ruleNamePrefix: `${base}-` });
  const deliveryHealth = new BreakGlassDeliveryHealth(hub, 'DeliveryHealth', {
    deadLetterQueue: props.deadLetterQueue,
    alarmTopic: props.alertTopic,
    chatTopic: props.chatTopic,
    alarmName: `${base}-DeadLetters`,
  });
  return { rules, deliveryHealth };
}
