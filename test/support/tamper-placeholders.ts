import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SCENARIO } from './apps';
import { resolveCfn } from './cfn-resolve';
import { BreakGlassRole, BreakGlassTamperAlert } from '../../src';

/** A scenario app whose tamper events are to be filled in. */
export interface TamperScenario {
  readonly app: App;
  readonly stack: Stack;
  readonly breakGlass: BreakGlassRole;
  readonly tamper: BreakGlassTamperAlert;
  /** The protected key, if any: without one, key events name a key nobody protects. */
  readonly key?: kms.IKey;
}

/** The values the tamper events' `${Placeholder}`s stand for, as the scenario's home template deploys them. */
export function tamperPlaceholders(s: TamperScenario): { [name: string]: string } {
  const template = s.app.synth().getStackByName(s.stack.stackName).template;
  const ctx = { account: SCENARIO.account, region: SCENARIO.home, partition: SCENARIO.partition, template };
  const value = (v: unknown) => String(resolveCfn(s.stack.resolve(v), ctx));
  const watch = s.breakGlass.watch;
  const centralBus = watch.centralBus!;
  const keyId = s.key ? value(s.key.keyId) : 'unwatched-key';
  return {
    TopicArn: value(s.breakGlass.alertTopic.topicArn),
    LoginRuleName: value(s.breakGlass.loginAlert.rules.find(r => r.node.id === 'AssumeRoleRule')!.ruleName),
    ActionRuleName: value(s.breakGlass.actionLogging!.rules.find(r => r.node.id === 'Rule')!.ruleName),
    TamperRulesRuleName: value((s.tamper.rules.find(r => r.node.id === 'TamperRulesRule')!.node.defaultChild as events.CfnRule).name),
    TamperRulesGuardRuleName: value((s.tamper.rules.find(r => r.node.id === 'TamperRulesGuardRule')!.node.defaultChild as events.CfnRule).name),
    QueryDefinitionId: value(s.breakGlass.actionQueries[0].queryDefinitionId),
    ForwarderRoleName: `${watch._forwardedNames!.forwarderRolePrefix}`,
    CentralBusName: value(centralBus.eventBusName),
    CentralBusArn: value(centralBus.eventBusArn),
    ActionLogGroupName: value(s.breakGlass.actionLogGroup!.logGroupName),
    LogPolicyName: watch.logGroupPolicyName!,
    KeyId: keyId,
    KeyArn: `arn:aws:kms:${SCENARIO.home}:${SCENARIO.account}:key/${keyId}`,
    StackSetName: watch.stackSetName!,
    AlarmName: value((s.tamper.deliveryHealth!.alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName),
    DeadLetterQueueName: value(watch.deadLetterQueue.queueName),
    ForwardRuleName: watch.forwardRuleName!,
    GuardRuleName: watch.guardRuleName!,
    ForwardedDeadLetterQueueName: watch.forwardedDeadLetterQueueName!,
    // The forwarding alarm exists only with `canary: false`, the canary only without: the other's events name nothing protected.
    ForwardingAlarmName: watch.forwardingAlarmName ?? 'no-forwarding-alarm',
    CanaryRoleName: watch._canary?.settings.name ?? 'no-canary',
    CanaryScheduleName: watch._canary?.settings.name ?? 'no-canary',
    AlertPathFunctionName: watch._alertPathFunctionName ?? 'no-canary',
  };
}

/** `value` with every `${Placeholder}` replaced; an unknown placeholder is an error. */
export function fillPlaceholders(value: unknown, values: { [name: string]: string }): any {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+)\}/g, (_match, name: string) => {
      if (!(name in values)) {
        throw new Error(`unknown placeholder \${${name}}`);
      }
      return values[name];
    });
  }
  if (Array.isArray(value)) {
    return value.map(item => fillPlaceholders(item, values));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values)]));
  }
  return value;
}
