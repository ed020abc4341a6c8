import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WatchCanary } from './watch-canary';
import { BreakGlassDeliveryHealth } from '../../delivery-health';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { Heartbeat, HeartbeatWatch } from '../canary/heartbeat';
import { alarmActions } from '../detection/alarm-actions';
import { watchedRole } from '../detection/patterns';

/** What a watch's own alarms are made from: the watch, its topics, and the options of the heartbeat's log group. */
export interface WatchHealthProps extends BreakGlassLogGroupOptions {
  readonly role: iam.IRole;
  readonly alarmTopic?: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
  readonly deadLetterQueue: sqs.IQueue;
  readonly deadLetterAlarmName: string;
  readonly canary?: WatchCanary;
}

/** A watch's own alarms. */
export interface WatchHealth {
  readonly deliveryHealth: BreakGlassDeliveryHealth;
  readonly heartbeat?: Heartbeat;
}

/**
 * The watch's own alarms, made by the watch in its constructor into its topics: the alarm on its
 * dead-letter queue (`DeliveryHealth`) and, with the canary, the heartbeat of each watched region
 * (`Canary/Heartbeat`). Without a topic the alarms are made all the same, and a warning says whom they tell.
 */
export function watchHealth(watch: Construct & HeartbeatWatch, props: WatchHealthProps): WatchHealth {
  if (!props.alarmTopic && !props.chatTopic) {
    Annotations.of(watch).addWarningV2('aws-break-glass-role:watchAlarmsNotifyNobody',
      'Nobody will be told when break-glass alerts may be lost: the watch\'s alarms (each watched region\'s heartbeat, ' +
      'its dead-letter queue) notify no topic, as alarmTopic and chatTopic are not given. Give the watch alarmTopic; ' +
      'or, once you add actions to heartbeatAlarms and deliveryHealth.alarm, acknowledge this warning with ' +
      'Annotations.of(watch).acknowledgeWarning(\'aws-break-glass-role:watchAlarmsNotifyNobody\').');
  }
  const deliveryHealth = new BreakGlassDeliveryHealth(watch, 'DeliveryHealth', {
    deadLetterQueue: props.deadLetterQueue,
    alarmTopic: props.alarmTopic,
    chatTopic: props.chatTopic,
    alarmName: props.deadLetterAlarmName,
  });
  const canary = props.canary;
  const heartbeat = canary && new Heartbeat(canary.scope, 'Heartbeat', {
    retention: props.retention,
    logGroupRemovalPolicy: props.logGroupRemovalPolicy,
    encryptionKey: props.encryptionKey,
    watch,
    role: watchedRole(props.role),
    canary: canary.settings,
    canaryRoleArn: canary.roleArn,
    alarmActions: alarmActions(watch, props.alarmTopic, props.chatTopic),
  });
  return { deliveryHealth, heartbeat };
}
