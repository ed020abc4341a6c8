import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { readAlertPathSettings } from './alert-path-settings';
import { PathProblem, PathReaders, provePath } from './prove-path';
import { HeartbeatEvent } from './sample-attempts';
import { allPages } from '../all-pages';

/** The clients a run reads through, of the function's region; `config` adds to each (a test's endpoint and credentials). */
export function pathClients(config: { [key: string]: unknown } = {}): { events: EventBridgeClient; sns: SNSClient; kms: KMSClient } {
  return { events: new EventBridgeClient({ ...config }), sns: new SNSClient({ ...config }), kms: new KMSClient({ ...config }) };
}

/** The readers of `provePath`, through the AWS SDK: a resource that does not exist is undefined, any other error fails the run. */
export function sdkReaders(clients: ReturnType<typeof pathClients>): PathReaders {
  return {
    rule: async (name, bus) => {
      const described = await missingAsUndefined(() => clients.events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus })));
      if (!described) {
        return undefined;
      }
      const targets = await allPages(async token => {
        const page = await clients.events.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: bus, NextToken: token }));
        return { items: page.Targets ?? [], next: page.NextToken };
      });
      return { state: described.State ?? '', pattern: described.EventPattern ?? '', targetArns: targets.map(target => target.Arn ?? '') };
    },
    matches: async (pattern, event) =>
      (await clients.events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(event) }))).Result === true,
    topic: async topicArn => {
      const topic = await missingAsUndefined(() => clients.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn })));
      return topic && { policy: topic.Attributes?.Policy, kmsMasterKeyId: topic.Attributes?.KmsMasterKeyId || undefined };
    },
    key: async keyId => {
      // GetKeyPolicy takes a key id or ARN, not an alias: DescribeKey resolves one.
      const described = await missingAsUndefined(() => clients.kms.send(new DescribeKeyCommand({ KeyId: keyId })));
      const arn = described?.KeyMetadata?.Arn;
      if (!arn) {
        return undefined;
      }
      const policy = await clients.kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }));
      return { arn, policy: policy.Policy };
    },
  };
}

/** Not-found errors: EventBridge's `ResourceNotFoundException`, SNS's `NotFound`, KMS's `NotFoundException`. */
const NOT_FOUND = ['ResourceNotFoundException', 'NotFound', 'NotFoundException'];

async function missingAsUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (NOT_FOUND.includes((e as Error).name)) {
      return undefined;
    }
    throw e;
  }
}

/** The error a run ends with when the path is broken: every problem and its fix, one per line. */
export class AlertPathBroken extends Error {
  constructor(public readonly problems: PathProblem[]) {
    super(`Break-glass alerts may not reach people: ${problems.length} problem(s) on the path.\n` +
      problems.map(problem => `- ${problem.what} ${problem.fix}`).join('\n'));
    this.name = 'AlertPathBroken';
  }
}

let clients: ReturnType<typeof pathClients> | undefined;

/**
 * Run by each heartbeat of the home region: proves the path people depend on,
 * and fails when it is broken, so that Lambda keeps the run, with every problem
 * in its error, in the watch's dead-letter queue, whose alarm tells people.
 */
export async function handler(heartbeat: HeartbeatEvent): Promise<void> {
  const settings = readAlertPathSettings(process.env);
  clients ??= pathClients();
  const problems = await provePath(settings, sdkReaders(clients), heartbeat, process.env.AWS_REGION!);
  console.log(JSON.stringify({ heartbeat: heartbeat.id, problems }));
  if (problems.length > 0) {
    throw new AlertPathBroken(problems);
  }
}
