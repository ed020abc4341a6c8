import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { OrganizationCanaryCheck } from './organization-canary-check';
import { OrganizationNames } from './organization-names';
import { BreakGlassLogGroupOptions } from '../../log-group-options';
import { AlertPathCheck } from '../alert-path/alert-path-check';
import { DeadLetters } from '../delivery/dead-letter-queue';
import { alertTopics } from '../detection/alert-topic';
import { LoginRule } from '../detection/bus-alerting';

/** What the hub's alert path check proves, and where a failed run is kept. */
export interface HubAlertPathProps extends BreakGlassLogGroupOptions {
  readonly names: OrganizationNames;
  readonly partition: string;
  readonly account: string;
  readonly alertTopic: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
  /** The login rules on the hub's bus, with the attempt each must match. */
  readonly logins: LoginRule[];
  /** The other rules that alert people: the tamper rules of what members forward, and the hub's own. */
  readonly tamperRules: events.Rule[];
  readonly deadLetters: DeadLetters;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The hub's alert path check, under its canary check (`Canary/AlertPath`): each run of the check's schedule
 * proves the hub's login and tamper rules and the topics they alert; a failed run is kept in the hub's
 * dead-letter queue, whose alarm tells people.
 */
export function hubAlertPath(check: OrganizationCanaryCheck, props: HubAlertPathProps): AlertPathCheck {
  const { names } = props;
  const path = new AlertPathCheck(check, 'AlertPath', {
    retention: props.retention,
    logGroupRemovalPolicy: props.logGroupRemovalPolicy,
    encryptionKey: props.encryptionKey,
    functionName: names.hubAlertPath,
    // A member account's role: the hub's rules match it in any account.
    roleArn: `arn:${props.partition}:iam::${props.account}:role/${names.roleName}`,
    trigger: check.schedule,
    deadLetters: props.deadLetters,
    deadLetterQueue: props.deadLetterQueue,
  });
  const topics = alertTopics(props.alertTopic, props.chatTopic);
  props.logins.forEach(login => path.offer({ part: check, rules: [login.rule], topics, sample: login.attempt }));
  path.offer({ part: check, rules: props.tamperRules, topics });
  return path;
}
