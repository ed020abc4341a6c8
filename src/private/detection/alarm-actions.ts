import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { useChatTopic } from './chat-topic';
import { allowToPublish, TopicPublisher } from './topic-policy';

/**
 * The actions of a break-glass alarm: notify the alarm topic and the chat
 * topic (the chat service renders alarms), each when given. Lets this
 * account's CloudWatch alarms, and only them, publish to both.
 */
export function alarmActions(scope: IConstruct, alarmTopic?: sns.ITopic, chatTopic?: sns.ITopic): cloudwatch.IAlarmAction[] {
  if (alarmTopic) {
    allowToPublish(alarmTopic, alarmTopic.masterKey, TopicPublisher.ALARMS);
  }
  if (chatTopic) {
    useChatTopic(scope, chatTopic, alarmTopic, TopicPublisher.ALARMS);
  }
  return [alarmTopic, chatTopic].filter((topic): topic is sns.ITopic => topic !== undefined).map(topic => new cloudwatchActions.SnsAction(topic));
}
