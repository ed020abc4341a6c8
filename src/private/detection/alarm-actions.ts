import { Aws } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { ChatPublisher, useChatTopic } from './chat-notification';
import { allowToPublish } from './rules';

/**
 * The actions of a break-glass alarm: notify the alarm topic and, when given,
 * the chat topic (the chat service renders alarms). Lets this account's
 * CloudWatch alarms, and only them, publish to both.
 */
export function alarmActions(scope: IConstruct, alarmTopic: sns.ITopic, chatTopic?: sns.ITopic): cloudwatch.IAlarmAction[] {
  allowToPublish(alarmTopic, alarmTopic.masterKey, {
    service: 'cloudwatch.amazonaws.com',
    sid: 'BreakGlassAlarmsPublish',
    sourceArn: `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
    keySid: 'CloudWatchUseForBreakGlassTopic',
  });
  if (chatTopic) {
    useChatTopic(scope, chatTopic, alarmTopic, ChatPublisher.ALARMS);
  }
  return [alarmTopic, ...(chatTopic ? [chatTopic] : [])].map(topic => new cloudwatchActions.SnsAction(topic));
}
