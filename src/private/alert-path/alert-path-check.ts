import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { AlertPathCheckFunction } from './alert-path-check-function';
import { ALERT_PATH_SETTINGS_VARIABLE, AlertPathSettings, RuleGroup, SampleKind } from './alert-path-settings';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { answerCheckov, SCHEDULED_FUNCTION } from '../checkov';
import { DeadLetters } from '../delivery/dead-letter-queue';
import { queueDestination } from '../delivery/queue-destination';
import { keptLogGroup } from '../detection/event-log-group';
import { ALL_MANAGEMENT_EVENTS } from '../detection/patterns';
import { ruleIdentity } from '../detection/tamper-patterns';
import { acknowledgeWildcards } from '../nag-acknowledgements';
import { resolvedKey } from '../resolved';

/** What the check of a watch is made from. */
export interface AlertPathCheckProps extends BreakGlassLogGroupOptions {
  /** The function's name, and its role's, which the tamper alerts protect. */
  readonly functionName: string;
  /** The break-glass role's ARN: the samples' attempts are on it. */
  readonly roleArn: string;
  /**
   * The rule each of whose runs starts a check: a watch's home heartbeat rule (each heartbeat), or the
   * organization hub's canary check schedule.
   */
  readonly trigger: events.Rule;
  /** Where a failed run, and a heartbeat that could not start one, are kept: the watch's home queue, whose alarm tells people. */
  readonly deadLetters: DeadLetters;
  readonly deadLetterQueue: sqs.IQueue;
}

/** Rules a part tells the check of: the topics each alerts, and the person's attempt each must match. */
export interface AlertPathOffer {
  readonly part: IConstruct;
  readonly rules: events.IRule[];
  readonly topics: sns.ITopic[];
  readonly sample?: SampleKind;
  readonly sampleRegion?: string;
}

/**
 * The proof, at each heartbeat of the home region (at an organization hub, at
 * each run of its canary check), that the rules that alert
 * people and the topics they publish to would carry a person's attempt: a
 * target of the trigger rule, a function with read-only calls
 * (`DescribeRule`, `ListTargetsByRule`, `TestEventPattern`,
 * `GetTopicAttributes`, `DescribeKey`, `GetKeyPolicy`) that fails when the
 * path is broken. Lambda then keeps the run, its error naming each problem and
 * its fix, in the watch's dead-letter queue (its on-failure destination, no
 * retry), whose alarm notifies the watch's alarm topic and chat topic: a
 * broken path is told within one canary interval, and a heartbeat never
 * reaches a person. Made by the watch when the first part tells it of rules
 * that alert people; what the parts tell it is read at synthesis, in the
 * order of their paths, so the template does not depend on build order.
 */
export class AlertPathCheck extends Construct {
  public readonly function: lambda.IFunction;
  private readonly offers: AlertPathOffer[] = [];
  private readonly policy: iam.Policy;
  private readsKeys = false;

  constructor(scope: Construct, id: string, props: AlertPathCheckProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = keptLogGroup(this, 'LogGroup', `/aws/lambda/${props.functionName}`, props);
    const role = new iam.Role(this, 'Role', {
      // Named as the function, so the tamper alerts protect it by name.
      roleName: props.functionName,
      description: 'Break-glass alert path check: reads the rules that alert people, their topics and keys',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.Policy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'WriteOwnLog', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({
          sid: 'ReadRules', actions: ['events:DescribeRule', 'events:ListTargetsByRule'], resources: Lazy.list({ produce: () => this.ruleArns() }),
        }),
        new iam.PolicyStatement({
          sid: 'ReadTopics', actions: ['sns:GetTopicAttributes'], resources: Lazy.list({ produce: () => this.topics().map(topic => topic.topicArn) }),
        }),
        new iam.PolicyStatement({ sid: 'KeepFailedRuns', actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }),
      ],
    });
    // TestEventPattern takes no resource (Service Authorization Reference, Amazon EventBridge).
    policy.addStatements(new iam.PolicyStatement({ sid: 'TestPatterns', actions: ['events:TestEventPattern'], resources: ['*'] }));
    acknowledgeWildcards(policy, { resources: ['*'] }, 'TestEventPattern takes no resource: it judges a pattern and an event given in the call.');
    this.policy = policy;
    const settings = () => stack.toJsonString(this.settings(props.roleArn));
    const fn = new AlertPathCheckFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'Break-glass alert path check: at each heartbeat, or run of the hub\'s check, proves that the rules that alert people and their topics would carry an attempt',
      role: iam.Role.fromRoleArn(this, 'FunctionRole', role.roleArn, { mutable: false }),
      logGroup,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(1),
      // One run per heartbeat: a failed run is kept in the queue, whose alarm tells people; the next heartbeat proves the path again.
      retryAttempts: 0,
      // A run Lambda cannot start (the function throttled) is kept in the queue within the hour, not after six.
      maxEventAge: Duration.hours(1),
      onFailure: queueDestination(props.deadLetterQueue.queueArn),
      environment: { [ALERT_PATH_SETTINGS_VARIABLE]: Lazy.string({ produce: settings }) },
    });
    fn.node.addDependency(policy);
    SCHEDULED_FUNCTION.forEach(answer => answerCheckov(fn, answer));
    this.function = fn;
    props.trigger.addTarget(props.deadLetters.keepFailed(new targets.LambdaFunction(fn)));
  }

  /** Told by a part of rules that alert people: the topics each alerts, and the attempt each must match (recorded in `sampleRegion`). */
  public offer(offer: AlertPathOffer): void {
    this.offers.push(offer);
    // The keys the topics are made with, once a topic has one. A topic given another key by a call is read as a problem: its
    // policy cannot be read.
    if (!this.readsKeys && offer.topics.some(topic => topic.masterKey)) {
      this.readsKeys = true;
      this.policy.addStatements(new iam.PolicyStatement({
        sid: 'ReadKeys',
        actions: ['kms:DescribeKey', 'kms:GetKeyPolicy'],
        resources: Lazy.list({ produce: () => this.topics().flatMap(topic => (topic.masterKey ? [topic.masterKey.keyArn] : [])) }),
      }));
    }
  }

  /** The offers in the order of their parts' paths, each offer's rules as given. */
  private sorted(): AlertPathOffer[] {
    return [...this.offers].sort((a, b) => a.part.node.path.localeCompare(b.part.node.path));
  }

  /** The topics the rules alert, each once. */
  private topics(): sns.ITopic[] {
    const stack = Stack.of(this);
    const seen = new Map<string, sns.ITopic>();
    for (const topic of this.sorted().flatMap(offer => offer.topics)) {
      seen.set(resolvedKey(stack, topic.topicArn), topic);
    }
    return [...seen.values()];
  }

  private ruleArns(): string[] {
    return this.sorted().flatMap(offer => offer.rules.map(rule => rule.ruleArn));
  }

  private settings(roleArn: string): AlertPathSettings {
    const stack = Stack.of(this);
    const topicArns = this.topics().map(topic => topic.topicArn);
    const topicKeys = topicArns.map(arn => resolvedKey(stack, arn));
    const groups = new Map<string, { group: Omit<RuleGroup, 'rules'>; rules: string[] }>();
    for (const offer of this.sorted()) {
      const topics = offer.topics.map(topic => topicKeys.indexOf(resolvedKey(stack, topic.topicArn)));
      for (const rule of offer.rules) {
        const allEvents = (rule.node.defaultChild as events.CfnRule).state === ALL_MANAGEMENT_EVENTS;
        const identity = ruleIdentity(rule);
        const group = { bus: identity.eventBusName, topics, allEvents, sample: offer.sample, sampleRegion: offer.sampleRegion };
        const key = JSON.stringify({ ...group, bus: group.bus && resolvedKey(stack, group.bus) });
        groups.set(key, { group, rules: [...(groups.get(key)?.rules ?? []), identity.ruleName] });
      }
    }
    return { roleArn, topics: topicArns, groups: [...groups.values()].map(({ group, rules }) => ({ ...group, rules })) };
  }
}
