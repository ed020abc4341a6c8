/*
 * Over 300 lines for one concept: the tamper alert's public surface (its props, each documented in place, are
 * nearly half the file). Its patterns are src/private/detection/tamper-*.ts; its rules and targets bus-alerting.ts.
 */
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BreakGlassWatch } from './break-glass-watch';
import { BreakGlassWatchOptions } from './break-glass-watch-options';
import { BreakGlassDeliveryHealth } from './delivery-health';
import { alertTopics } from './private/detection/alert-topic';
import { identityRules, LONGEST_KIND_NAME, tamperRuleName, tamperRules } from './private/detection/bus-alerting';
import { useChatTopic } from './private/detection/chat-topic';
import { identityPatterns, listedIdentities } from './private/detection/identity-patterns';
import { watchedRole } from './private/detection/patterns';
import { SecondChannel } from './private/detection/second-channel';
import { forwardedTamperPatterns, keyIdentity, ruleIdentity, tamperPatterns, watchRolesGuarded } from './private/detection/tamper-patterns';
import { allowToPublish, TopicPublisher } from './private/detection/topic-policy';
import { resolvedKey } from './private/resolved';
import { trailNameOf, validateBoolean, validateStringList, validateUsernames } from './private/validation';
import { Username } from './username';

/**
 * Properties of `BreakGlassTamperAlert`.
 */
export interface BreakGlassTamperAlertProps extends BreakGlassWatchOptions {
  /**
   * The break-glass role. Changing its trust or policies, or deleting it, raises an alert.
   */
  readonly role: iam.IRole;

  /**
   * The topic tamper alerts go to; deleting it, changing its attributes or
   * policy, or removing or filtering a subscription raises an alert. Its policy
   * must let this account's EventBridge rules publish (a topic in the same app
   * gets that statement).
   */
  readonly alertTopic: sns.ITopic;

  /**
   * A topic mapped to chat channels by Amazon Q Developer in chat applications:
   * every tamper alert also reaches it as a custom notification, and the
   * delivery-health alarm notifies it. See `BreakGlassLoginAlertProps.chatTopic`.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;

  /**
   * The emergency identities: every change to a listed IAM user (access keys,
   * password, MFA devices, policies, boundary, groups, rename, deletion), and
   * to the role a federated user arrives through or a SAML provider, by
   * anyone, raises an alert naming the change, the identity and the caller.
   * IAM Identity Center identities are left to `BreakGlassReadinessCheck`.
   *
   * @default - identities are not watched
   */
  readonly usernames?: Username[];

  /**
   * EventBridge rules to protect: deleting, disabling or rewriting them, or
   * removing their targets, raises an alert. Its own rules are always protected.
   *
   * @default - only the tamper alert's own rules
   */
  readonly rules?: events.IRule[];

  /**
   * Event buses to protect whole: deleting one, or changing any rule on it.
   * The watch's central bus is always protected.
   *
   * @default - only the watch's central bus, when other regions are watched
   */
  readonly eventBuses?: events.IEventBus[];

  /**
   * Lambda functions to protect (the readiness check's): changing their code
   * or configuration, removing their permissions, or deleting them.
   *
   * @default - none
   */
  readonly functions?: lambda.IFunction[];

  /**
   * Log groups to protect: deleting one or a stream of it, or changing its retention.
   *
   * @default - none
   */
  readonly logGroups?: logs.ILogGroup[];

  /**
   * CloudWatch Logs Insights saved queries to protect: changing or deleting one raises an alert.
   *
   * @default - none
   */
  readonly queryDefinitions?: logs.QueryDefinition[];

  /**
   * KMS keys to protect: disabling one, scheduling its deletion or changing its policy.
   *
   * @default - none
   */
  readonly keys?: kms.IKey[];

  /**
   * ARNs of more CloudTrail trails the alerts depend on: stopping, deleting or
   * changing one raises an alert (aws-cdk-lib has no trail interface to take).
   * The watch's trail, made or named by its `TrailSetup`, is always protected.
   * An organization trail is changed from the management account, whose
   * events this account does not see.
   *
   * @default - only the watch's trail, when it has one
   */
  readonly trailArns?: string[];

  /**
   * The watch whose shared resources (central bus, StackSet, log resource
   * policy, trail) are protected, and whose forwarded regions forward the
   * role's changes and guard their forwarding rules. Give it, or the watch
   * options (`regions`, `trail`, ...), not both.
   *
   * @default - the watch an earlier part made for the role in this stack, else a new one from the watch options
   */
  readonly watch?: BreakGlassWatch;

  /**
   * Whether `deliveryHealth` names the alarm on the watch's dead-letter queue.
   * The watch makes that alarm, into its own `alarmTopic`, whatever this says;
   * deleting, silencing or rewriting it raises a tamper alert.
   *
   * @default true
   * @deprecated the watch owns the alarm (`BreakGlassWatch.deliveryHealth`)
   */
  readonly deliveryHealth?: boolean;
}

/**
 * Alerts when anyone changes what the break-glass alerting depends on: the
 * role's trust or policies; the rules, the central bus and the StackSet that
 * forwards other regions' events; the topic and its subscriptions; the log
 * groups; the dead-letter queues; the KMS key; the trail; the canary; and the
 * delivery-health and heartbeat alarms. Calls that
 * fail (for lack of permission) alert too: an attempt is worth knowing about.
 *
 * Each kind of resource has its own rule matching CloudTrail write events that
 * name the resource (by name or ARN, as the API allows), not every change of
 * that kind in the account. Changes made by deploying the stack alert as well;
 * the alert names the caller (the CloudFormation execution role) so a planned
 * change is easy to tell.
 *
 * IAM records role changes in us-east-1, so the role's pattern is forwarded
 * from there like the login patterns. The resources of the other watched
 * regions (the forwarding rule, the dead-letter queue, the canary's schedule,
 * and without the canary the forwarding alarm and its topic) are changed
 * there: each of those regions also gets a guard rule, and the two rules
 * forward changes to each other and to those resources, since a rule does not
 * see its own disabling or deletion. Everything else is changed in the home
 * region.
 *
 * Also protected, without being named in the props, is what the watch
 * shares: its central bus (and every rule on it), its StackSet, the log
 * groups' resource policy, its dead-letter queue and that queue's alarm, the
 * canary's role, schedule, heartbeat rule and alarms, and its trail.
 *
 * @example
 * declare const breakGlass: BreakGlassRole;
 * new BreakGlassTamperAlert(this, 'Tamper', {
 *   role: breakGlass.role,
 *   watch: breakGlass.watch,
 *   alertTopic: breakGlass.alertTopic,
 *   rules: breakGlass.rules,
 * });
 */
export class BreakGlassTamperAlert extends Construct {
  /** The topic tamper alerts go to. */
  public readonly alertTopic: sns.ITopic;

  /**
   * The rules that detect tampering: on the home region's default bus and,
   * when other regions are watched, the role's rule on the central bus.
   */
  public readonly rules: events.IRule[];

  /**
   * The alarm on the watch's dead-letter queue (`watch.deliveryHealth`).
   *
   * @default - none, when `deliveryHealth` is false
   */
  public readonly deliveryHealth?: BreakGlassDeliveryHealth;

  /** The watch whose shared resources are protected. */
  public readonly watch: BreakGlassWatch;

  constructor(scope: Construct, id: string, props: BreakGlassTamperAlertProps) {
    super(scope, id);
    this.alertTopic = props.alertTopic;
    // The same statements the login alert sets on a shared topic; identical statements merge.
    allowToPublish(this.alertTopic, this.alertTopic.masterKey, TopicPublisher.RULES);
    this.watch = BreakGlassWatch._forPart(this, props, { alarmTopic: this.alertTopic, chatTopic: props.chatTopic });
    const watch = this.watch;
    validateStringList('trailArns', props.trailArns, '\'arn:aws:cloudtrail:us-east-2:111122223333:trail/main\'');
    const stack = Stack.of(this);
    const role = watchedRole(props.role);
    if (props.chatTopic) {
      useChatTopic(this, props.chatTopic, this.alertTopic, TopicPublisher.RULES);
    }
    // A second channel, which one call on the alert topic cannot close: the chat topic, and a bus of another account.
    const secondChannel = watch.secondChannelBus ? new SecondChannel(this, 'SecondChannel', watch.secondChannelBus) : undefined;
    if (!props.chatTopic && !secondChannel) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:oneChannel',
        'Tamper alerts and the health alarms (missing heartbeats, undelivered alerts) all go to the alert topic alone: one call on it ' +
        '(SetTopicAttributes refusing EventBridge or CloudWatch, DeleteTopic, Unsubscribe) silences the alerts and the alarms about them ' +
        'together. Give chatTopic, or secondChannelBus (a bus of another account, such as the organization hub\'s), or acknowledge this warning.');
    }
    // Where its alerts go, and the role as chat notifications name it.
    const destinations = {
      alertTopic: this.alertTopic, chatTopic: props.chatTopic, role, deadLetters: watch._deadLetters, secondChannel: secondChannel?.target,
    };

    // The role's changes are recorded in us-east-1, and changes to another region's forwarding resources
    // in that region: the watch forwards them, whichever parts there are; run them on the central bus.
    const canaryName = watch._canary?.settings.name;
    const centralRules: events.IRule[] = [];
    if (props.usernames !== undefined) {
      validateUsernames(props.usernames);
    }
    // IAM records identity changes in us-east-1: on the central bus, forwarded, and on the default bus when home is us-east-1.
    const identities = identityPatterns(listedIdentities(props.usernames ?? []));
    const forwardedNames = watch._forwardedNames;
    if (watch.centralBus && forwardedNames) {
      const forwarded = forwardedTamperPatterns(role, forwardedNames, watch.forwardingAlarmName, canaryName, watch._alertPathFunctionName);
      centralRules.push(...tamperRules(this, [...forwarded.patterns, ...forwarded.guardPatterns],
        { ...destinations, eventBus: watch.centralBus, idPrefix: 'Central' }));
      centralRules.push(...identityRules(this, identities, { ...destinations, eventBus: watch.centralBus, idPrefix: 'Central' }));
    }

    const buses = [...(props.eventBuses ?? []), ...(watch.centralBus ? [watch.centralBus] : [])];
    const busNames = buses.map(bus => resolvedKey(stack, bus.eventBusName));
    const onProtectedBus = (rule: events.IRule) => {
      const bus = ruleIdentity(rule).eventBusName;
      return bus !== undefined && busNames.includes(resolvedKey(stack, bus));
    };
    // Own rules get fixed names a person reads (`BreakGlass-us-east-2-Tamper-Role`): a rule cannot name itself through a reference.
    const prefix = watch._tamperRuleNamePrefix(LONGEST_KIND_NAME);
    // The queue's alarm, whichever part makes it; and the heartbeat alarms, each named `<canary>-<region>`.
    const alarmNames = [watch._deliveryHealthAlarmName, ...(canaryName ? [{ prefix: `${canaryName}-` }] : [])];
    const trails = unique(stack, [...(watch.trailArn ? [watch.trailArn] : []), ...(props.trailArns ?? [])]);
    warnUnwatchedTrails(this, watch, trails);
    const patterns = tamperPatterns({
      role,
      ruleNames: [
        ...(props.rules ?? []).filter(rule => !onProtectedBus(rule)).map(rule => ruleIdentity(rule).ruleName),
        // One prefix for the own rules keeps the pattern within EventBridge's 2,048-character default quota.
        { prefix },
      ],
      rulesRuleName: tamperRuleName(prefix, 'TamperRulesRule'),
      eventBuses: buses.map(bus => ({ name: bus.eventBusName, arn: bus.eventBusArn })),
      topicArns: alertTopics(props.alertTopic, props.chatTopic).map(topic => topic.topicArn),
      logGroupNames: (props.logGroups ?? []).map(logGroup => logGroup.logGroupName),
      queryDefinitionIds: (props.queryDefinitions ?? []).map(query => query.queryDefinitionId),
      // The watch's policy, by the name it has from the start, whichever part makes the first log group.
      logPolicyNames: [watch._logGroupPolicyName],
      keys: (props.keys ?? []).map(keyIdentity),
      stackSetNames: watch.stackSetName ? [watch.stackSetName] : [],
      trails: trails.map(trailArn => ({ name: trailNameOf('trailArns', trailArn), arn: trailArn })),
      deadLetterQueueNames: [watch.deadLetterQueue.queueName],
      alarmNames,
      guardedRoles: watchRolesGuarded(canaryName, forwardedNames?.forwarderRolePrefix, watch._alertPathFunctionName),
      organization: watch.managementAccount,
      functionNames: [...(props.functions ?? []).map(fn => fn.functionName), ...(watch._alertPathFunctionName ? [watch._alertPathFunctionName] : [])],
      // The canary's schedule, and the home region's heartbeat rule, named as the canary.
      canaryScheduleName: canaryName,
      heartbeatRuleName: canaryName,
    });
    const homeRules = tamperRules(this, patterns, { ...destinations, idPrefix: '', ruleNamePrefix: prefix });
    const homeIdentityRules = identityRules(this, identities, { ...destinations, idPrefix: '', ruleNamePrefix: prefix });
    this.rules = [...homeRules, ...centralRules, ...homeIdentityRules];
    // Each heartbeat of the home region proves them, and the topics they alert.
    watch._proveAlerting({ part: this, rules: [...this.rules], topics: alertTopics(this.alertTopic, props.chatTopic) });
    if (secondChannel) {
      const health = secondChannel.healthRule(this, 'SecondChannelHealthRule', alarmNames, watch._deadLetters);
      // Named with the tamper rules, so the rules rule watches it.
      (health.node.defaultChild as events.CfnRule).name = `${prefix}Health`;
      this.rules.push(health);
    }

    validateBoolean('deliveryHealth', props.deliveryHealth);
    if (props.deliveryHealth ?? true) {
      this.deliveryHealth = watch.deliveryHealth;
    }
    watch._claimTamperAlert(this);
  }
}

/**
 * Warns of the trails whose changes no rule sees: none named (`TrailSetup.existingTrail()` without its ARN), or
 * one homed in a region where the watch does not read them. CloudTrail records a call on a trail in the
 * trail's home region, where `StopLogging`, `DeleteTrail`, `UpdateTrail` and `PutEventSelectors` must be made.
 */
function warnUnwatchedTrails(scope: Construct, watch: BreakGlassWatch, trails: string[]): void {
  const stack = Stack.of(scope);
  const canaryNote = watch._canary
    ? 'each watched region\'s heartbeat alarm reports a stopped trail after a few canary intervals'
    : 'without the canary nothing reports a stopped trail';
  if (trails.length === 0) {
    Annotations.of(scope).addWarningV2('aws-break-glass-role:trailUnwatched',
      'The trail the alerts depend on is not named (TrailSetup.existingTrail() without its ARN, or no trail): StopLogging, DeleteTrail, ' +
      `UpdateTrail or PutEventSelectors on it raise no tamper alert, and ${canaryNote}. ` +
      'Give TrailSetup.existingTrail(trailArn) (or trailArns), or acknowledge this warning.');
    return;
  }
  const forwarded = (watch._forwardedNames?.trails ?? []).map(trail => resolvedKey(stack, trail.arn));
  const elsewhere = trails.filter(arn => !Token.isUnresolved(arn) && arn.split(':')[3] !== watch.homeRegion
    && !forwarded.includes(resolvedKey(stack, arn)));
  if (elsewhere.length > 0) {
    Annotations.of(scope).addWarningV2('aws-break-glass-role:trailElsewhere',
      `The trails ${elsewhere.join(', ')} are homed in another region than ${watch.homeRegion}: calls on a trail are recorded in its home ` +
      `region, which the tamper alert does not read for them, so stopping or changing them raises no tamper alert and ${canaryNote}. ` +
      'Name the trail as the watch\'s TrailSetup.existingTrail(trailArn) with its region among the watched regions, or acknowledge this warning.');
  }
}

/** The values, each once: two tokens are one value when they resolve alike. */
function unique(stack: Stack, values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter(value => {
    const key = resolvedKey(stack, value);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
