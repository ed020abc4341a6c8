import { Annotations, Aws, Resource, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { allowToPublish, publisherGrant, TopicPublisher } from './topic-policy';
import { resolveAlike } from '../resolved';

/**
 * Checks the chat topic and lets this account's `publisher`s publish to it:
 * a topic made in the app takes the statements (and its key those letting the
 * service use it); an imported topic raises a warning naming them.
 *
 * @throws when the chat topic is the alert topic
 */
export function useChatTopic(scope: IConstruct, chatTopic: sns.ITopic, alertTopic: sns.ITopic | undefined, publisher: TopicPublisher): void {
  if (alertTopic !== undefined && sameTopic(scope, chatTopic, alertTopic)) {
    throw new Error(`chatTopic is the alert topic (${chatTopic.node.path}): its email subscribers would get JSON, and the chat service drops the plain-text alerts. ` +
      'Give chatTopic a topic of its own, mapped to the chat channel.');
  }
  if (Resource.isOwnedResource(chatTopic)) {
    allowToPublish(chatTopic, chatTopic.masterKey, publisher);
    return;
  }
  const stack = Stack.of(scope);
  const known = (value: string, name: string) => (Token.isUnresolved(value) ? name : value);
  const [partition, region, account] = [known(stack.partition, 'PARTITION'), known(stack.region, 'REGION'), known(stack.account, 'ACCOUNT')];
  const { service, sourceArn } = publisherGrant(publisher);
  const sourceArnText = sourceArn.replace(Aws.PARTITION, partition).replace(Aws.REGION, region).replace(Aws.ACCOUNT_ID, account);
  Annotations.of(scope).addWarningV2('aws-break-glass-role:chatTopicPolicy',
    `chatTopic ${known(chatTopic.topicArn, chatTopic.node.path)} is imported, so its policy is not changed here: let ${publisher} of this account publish to it ` +
    `with a topic-policy statement allowing sns:Publish to the service principal ${service}, ` +
    `on condition aws:SourceAccount equals ${account} and aws:SourceArn is like ${sourceArnText}` +
    ' (and, for a topic with a customer-managed KMS key, a key-policy statement allowing that principal kms:Decrypt and kms:GenerateDataKey*).');
}

function sameTopic(scope: IConstruct, a: sns.ITopic, b: sns.ITopic): boolean {
  return a === b || resolveAlike(Stack.of(scope), a.topicArn, b.topicArn);
}
