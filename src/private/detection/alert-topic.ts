import { Annotations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { useChatTopic } from './chat-topic';
import { allowToPublish, TopicPublisher } from './topic-policy';
import { answerCheckov, TOPIC_WITHOUT_KEY } from '../checkov';

/** The topics alerts go to: the alert topic and, when given, the chat topic. */
export function alertTopics(topic: sns.ITopic, chatTopic?: sns.ITopic): sns.ITopic[] {
  return chatTopic ? [topic, chatTopic] : [topic];
}

/** Where a part's alerts go, as its options say. */
export interface AlertTopicOptions {
  readonly alertTopic?: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
  readonly encryptionKey?: kms.IKey;
}

/**
 * The topic a part alerts on: `alertTopic`, or a new one (`Topic`, TLS
 * enforced, encrypted with `encryptionKey`), which this account's rules may
 * publish to, with `emails` subscribed; `chatTopic` made ready for the rules
 * too. Warns when the topic made here would tell nobody.
 */
export function alertTopic(scope: Construct, options: AlertTopicOptions, emails: string[]): sns.ITopic {
  if (!options.alertTopic && emails.length === 0 && !options.chatTopic) {
    Annotations.of(scope).addWarningV2('aws-break-glass-role:noAlertSubscriber',
      'Nobody will be told when the break-glass role is assumed: the alert topic this makes has no subscriber ' +
      '(neither loginAlertEmails nor chatTopic is given), so its alerts reach no one. Give loginAlertEmails or chatTopic; ' +
      'or, once you subscribe to alertTopic another way, acknowledge this warning with ' +
      'Annotations.of(scope).acknowledgeWarning(\'aws-break-glass-role:noAlertSubscriber\').');
  }
  const topic = options.alertTopic ?? madeTopic(scope, options.encryptionKey);
  allowToPublish(topic, options.encryptionKey, TopicPublisher.RULES);
  if (options.chatTopic) {
    useChatTopic(scope, options.chatTopic, topic, TopicPublisher.RULES);
  }
  for (const email of emails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return topic;
}

/** The alert topic made here: TLS enforced, encrypted with `encryptionKey` when given. */
function madeTopic(scope: Construct, encryptionKey?: kms.IKey): sns.Topic {
  const topic = new sns.Topic(scope, 'Topic', { enforceSSL: true, masterKey: encryptionKey });
  if (!encryptionKey) {
    answerCheckov(topic, TOPIC_WITHOUT_KEY);
  }
  return topic;
}
