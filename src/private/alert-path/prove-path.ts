import { AlertPathSettings, RuleGroup } from './alert-path-settings';
import { HeartbeatEvent, sampleAttempt } from './sample-attempts';
import { serviceMayCall } from './service-may-call';

/** The state of a rule that reads read-only events (`AssumeRole`, console sign-ins). */
export const ALL_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** A rule as EventBridge describes it (DescribeRule, ListTargetsByRule). */
export interface LiveRule {
  readonly state: string;
  readonly pattern: string;
  readonly targetArns: string[];
}

/** A topic as SNS describes it (GetTopicAttributes). */
export interface LiveTopic {
  readonly policy?: string;
  /** `KmsMasterKeyId`: a key id, key ARN, alias name or alias ARN. */
  readonly kmsMasterKeyId?: string;
}

/**
 * What the check reads, each call read-only. Undefined: the resource does not
 * exist (EventBridge's and SNS's not-found errors, KMS's `NotFoundException`);
 * any other error fails the run.
 */
export interface PathReaders {
  rule(name: string, bus?: string): Promise<LiveRule | undefined>;
  /** EventBridge's own matcher (TestEventPattern). */
  matches(pattern: string, event: object): Promise<boolean>;
  topic(topicArn: string): Promise<LiveTopic | undefined>;
  /** The key's ARN and its policy (DescribeKey, GetKeyPolicy `default`). */
  key(keyId: string): Promise<{ readonly arn: string; readonly policy?: string } | undefined>;
}

/** What keeps the path from alerting people: what is wrong, where, and the fix. */
export interface PathProblem {
  readonly what: string;
  readonly fix: string;
}

const EVENTS = 'events.amazonaws.com';

/**
 * Proves the path people depend on, as it stands when a heartbeat arrives:
 * each rule that alerts people exists, is in its deployed state (a rule of
 * read-only events in the all-management-events state), targets each topic it
 * alerts, and, for a login rule, matches a person's attempt like the heartbeat
 * (by EventBridge's own matcher, on its live pattern); each topic exists, its
 * policy lets EventBridge publish for those rules, and its key, when it has
 * one, lets EventBridge use it. The problems found, none when the path is whole.
 */
export async function provePath(settings: AlertPathSettings, readers: PathReaders, heartbeat: HeartbeatEvent,
  homeRegion: string): Promise<PathProblem[]> {
  const partition = settings.roleArn.split(':')[1];
  const ruleArn = (group: RuleGroup, rule: string) =>
    `arn:${partition}:events:${homeRegion}:${heartbeat.account}:rule/${group.bus ? `${group.bus}/` : ''}${rule}`;
  const problems: PathProblem[] = [];
  for (const group of settings.groups) {
    for (const rule of group.rules) {
      problems.push(...await proveRule(rule, group, settings, readers, heartbeat));
    }
  }
  for (const [index, topicArn] of settings.topics.entries()) {
    // The topic's policy judged for each rule that alerts it: a statement may name one rule (`aws:SourceArn`).
    const rules = settings.groups.filter(group => group.topics.includes(index)).flatMap(group => group.rules.map(rule => ruleArn(group, rule)));
    problems.push(...await proveTopic(topicArn, rules, readers, heartbeat.account));
  }
  return problems;
}

async function proveRule(name: string, group: RuleGroup, settings: AlertPathSettings, readers: PathReaders,
  heartbeat: HeartbeatEvent): Promise<PathProblem[]> {
  const bus = group.bus;
  const named = `The rule ${name}${bus ? ` on the event bus ${bus}` : ''}`;
  const cli = `aws events %s --name ${name}${bus ? ` --event-bus-name ${bus}` : ''}`;
  const live = await readers.rule(name, bus);
  if (!live) {
    return [{ what: `${named}, which alerts people, does not exist.`, fix: 'Deploy the stack again to make it.' }];
  }
  const problems: PathProblem[] = [];
  if (live.state === 'DISABLED') {
    problems.push({ what: `${named}, which alerts people, is disabled: it alerts nobody.`, fix: `Enable it: ${cli.replace('%s', 'enable-rule')}.` });
  } else if (group.allEvents && live.state !== ALL_EVENTS_STATE) {
    problems.push({
      what: `${named} is in the state ${live.state}: it no longer receives read-only events such as AssumeRole and console sign-ins.`,
      fix: `Deploy the stack again, which sets the state ${ALL_EVENTS_STATE}.`,
    });
  }
  for (const topic of group.topics.map(i => settings.topics[i])) {
    if (!live.targetArns.includes(topic)) {
      problems.push({ what: `${named} no longer delivers to the topic ${topic}.`, fix: 'Deploy the stack again to restore its target.' });
    }
  }
  if (group.sample !== undefined) {
    const region = group.sampleRegion ?? heartbeat.region;
    if (!await readers.matches(live.pattern, sampleAttempt(group.sample, heartbeat, settings.roleArn, region))) {
      problems.push({
        what: `${named} no longer matches a person's ${group.sample} on the role ${settings.roleArn} recorded in ${region}: its pattern was changed.`,
        fix: 'Deploy the stack again to restore its pattern.',
      });
    }
  }
  return problems;
}

async function proveTopic(topicArn: string, ruleArns: string[], readers: PathReaders, account: string): Promise<PathProblem[]> {
  const topic = await readers.topic(topicArn);
  if (!topic) {
    return [{ what: `The topic ${topicArn}, which the rules alert people through, does not exist.`, fix: 'Deploy the stack again to make it, and subscribe people to it.' }];
  }
  const problems: PathProblem[] = [];
  const context = (ruleArn: string) => ({ 'aws:SourceArn': ruleArn, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' });
  const refused = ruleArns.map(ruleArn => ({
    ruleArn, verdict: serviceMayCall(topic.policy, { service: EVENTS, action: 'sns:Publish', resource: topicArn, context: context(ruleArn) }),
  })).filter(({ verdict }) => !verdict.allowed);
  if (refused.length > 0) {
    const reasons = [...new Set(refused.flatMap(({ verdict }) => verdict.reasons))];
    problems.push({
      what: `The policy of the topic ${topicArn} does not let EventBridge publish for ${refused.length} of its ${ruleArns.length} rules ` +
        `(${refused.map(r => r.ruleArn.split(':rule/')[1]).join(', ')}): ${reasons.join('; ')}.`,
      fix: 'Deploy the stack again to restore the topic\'s policy, or allow events.amazonaws.com sns:Publish for this account\'s rules.',
    });
  }
  if (topic.kmsMasterKeyId) {
    // A key the check may not read is one the stack did not give the topic (its role reads only those).
    let key: Awaited<ReturnType<PathReaders['key']>>;
    try {
      key = await readers.key(topic.kmsMasterKeyId);
    } catch (e) {
      problems.push({
        what: `The topic ${topicArn} is encrypted with the key ${topic.kmsMasterKeyId}, which the check cannot read (${(e as Error).name}): ` +
          'it is not the key the stack gave the topic, and EventBridge may not be allowed to use it.',
        fix: 'Deploy the stack again to give the topic back its key, or allow events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt in the new key\'s policy.',
      });
      return problems;
    }
    const refusals = key === undefined ? ['the key does not exist'] : ['kms:GenerateDataKey', 'kms:Decrypt'].flatMap(action => {
      const verdict = serviceMayCall(key.policy, { service: EVENTS, action, resource: key.arn, context: context(ruleArns[0] ?? '') });
      return verdict.allowed ? [] : [`${action}: ${verdict.reasons.join('; ')}`];
    });
    if (refusals.length > 0) {
      problems.push({
        what: `The key ${topic.kmsMasterKeyId} of the topic ${topicArn} does not let EventBridge encrypt alerts for it (${refusals.join('; ')}).`,
        fix: 'Allow events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt in the key\'s policy (an AWS managed key, alias/aws/sns, cannot), or deploy the stack again.',
      });
    }
  }
  return problems;
}
