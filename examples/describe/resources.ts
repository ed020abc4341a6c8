import { count, item, Item, list } from './outline';
import { stackSetTargets } from './placements';
import { Placement, resourcesOfType } from './template';

/** Topics, with their subscribers. */
export function describeTopics(placement: Placement): Item[] {
  const subscriptions = resourcesOfType(placement, 'AWS::SNS::Subscription').map(([, s]) => s.Properties ?? {});
  return resourcesOfType(placement, 'AWS::SNS::Topic').map(([id, topic]) => {
    const mine = subscriptions.filter(s => s.TopicArn?.Ref === id);
    const subscribers = mine.map(s => `${s.Protocol} ${placement.resolve(s.Endpoint)}`);
    const encrypted = topic.Properties?.KmsMasterKeyId ? ', KMS-encrypted' : '';
    return item(`topic ${placement.nameOf(id)}${encrypted}: ${subscribers.length ? `subscribers ${list(subscribers)}` : 'no subscriber yet'}`);
  });
}

export function describeLogGroups(placement: Placement): Item[] {
  return resourcesOfType(placement, 'AWS::Logs::LogGroup').map(([id, group]) => {
    const days = group.Properties?.RetentionInDays;
    const kept = group.DeletionPolicy === 'Retain' ? 'kept' : 'deleted';
    return item(`log group ${placement.nameOf(id)}: events kept ${days ? `${days} days` : 'forever'}, ${kept} when the stack is deleted`);
  });
}

/** SQS dead-letter queues: what they keep, how long, and for which rules. */
export function describeQueues(placement: Placement): Item[] {
  const targets = resourcesOfType(placement, 'AWS::Events::Rule').flatMap(([, rule]) => rule.Properties?.Targets ?? []);
  return resourcesOfType(placement, 'AWS::SQS::Queue').map(([id, queue]) => {
    const props = queue.Properties ?? {};
    const keeping = targets.filter((target: any) => JSON.stringify(target.DeadLetterConfig?.Arn ?? null).includes(`"${id}"`)).length;
    const days = props.MessageRetentionPeriod ? Math.round(props.MessageRetentionPeriod / 86_400) : 4;
    const encrypted = props.SqsManagedSseEnabled ? ', SQS-encrypted' : props.KmsMasterKeyId ? ', KMS-encrypted' : '';
    const policies = resourcesOfType(placement, 'AWS::SQS::QueuePolicy').filter(([, policy]) => JSON.stringify(policy.Properties?.Queues).includes(`"${id}"`));
    const only = policies.length > 0 ? ', only their rules may write' : '';
    return item(`queue ${placement.nameOf(id)}${encrypted}: keeps ${days} days what ${count(keeping, 'rule target')} could not deliver${only}`);
  });
}

/** EventBridge Scheduler schedules: when, and what they call. */
export function describeSchedules(placement: Placement): Item[] {
  return resourcesOfType(placement, 'AWS::Scheduler::Schedule').map(([id, schedule]) => {
    const props = schedule.Properties ?? {};
    const target = placement.resolve(props.Target?.Arn);
    const sdk = /:aws-sdk:([^:]+):(.+)$/.exec(target);
    const name = placement.nameOf(id);
    const role = placement.resolve(props.Target?.RoleArn);
    const as = role === `role ${name}` ? 'the role of the same name' : role;
    const calls = sdk ? `calls ${sdk[1].toUpperCase()} ${sdk[2]} as ${as}` : `targets ${target}`;
    return item(`schedule ${name}: ${placement.resolve(props.ScheduleExpression)}, ${calls}`);
  });
}

/** What each StackSet deploys, and where; its resources are listed under each region. */
export function describeStackSets(placement: Placement): Item[] {
  return resourcesOfType(placement, 'AWS::CloudFormation::StackSet').map(([id]) => {
    const targets = stackSetTargets(placement, id);
    const model = targets.serviceManaged ? 'service-managed, deployed automatically to accounts that join' : 'self-managed';
    return item(`StackSet ${targets.name} (${model}): in ${list(targets.accounts)}, in ${count(targets.regions.length, 'region')}: ` +
      `${list(targets.regions)}${targets.body ? '' : ' (template not inline)'}`);
  });
}

export function describeTrails(placement: Placement): Item[] {
  return resourcesOfType(placement, 'AWS::CloudTrail::Trail').map(([id, trail]) => {
    const props = trail.Properties ?? {};
    const where = props.IsMultiRegionTrail ? 'every region' : 'this region';
    return item(`CloudTrail trail ${placement.nameOf(id)}: logs ${where} into bucket ${placement.resolve(props.S3BucketName)}`);
  });
}

/** Types described above, or noise to a person (policies are shown with their roles). */
export const DESCRIBED_TYPES = new Set([
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Events::Rule', 'AWS::Events::EventBus', 'AWS::SNS::Topic', 'AWS::SNS::Subscription',
  'AWS::Logs::LogGroup', 'AWS::Scheduler::Schedule', 'AWS::CloudFormation::StackSet', 'AWS::CloudTrail::Trail',
  'AWS::CloudWatch::Alarm', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::CDK::Metadata',
]);

/** Every other resource, by kind, on one line: `other resources: SNS TopicPolicy X; Logs ResourcePolicy Y`. */
export function describeOthers(placement: Placement): Item[] {
  const kinds = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(placement.resources).filter(([, r]) => !DESCRIBED_TYPES.has(r.Type))) {
    kinds.set(resource.Type, [...kinds.get(resource.Type) ?? [], placement.nameOf(id)]);
  }
  const others = [...kinds.entries()].map(([type, names]) => `${type.replace(/^AWS::/, '').replace('::', ' ')} ${list(names, 3)}`);
  return others.length ? [item(`other resources: ${others.join('; ')}`)] : [];
}
