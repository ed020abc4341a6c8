import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { describeValue } from './describe-value';
import { resolveAlike } from './resolved';
import { BreakGlassWatchOptions, BreakGlassWatchProps } from '../break-glass-watch-options';
import { BreakGlassLogGroupOptions } from '../log-group-options';
import { RegionalDeployment } from '../regional-deployment';
import { TrailSetup } from '../trail-setup';

/** Every option of `BreakGlassWatchOptions`, checked by the compiler: one added there and not here fails to build. */
const OPTIONS: { readonly [option in keyof BreakGlassWatchOptions]-?: true } = {
  regions: true,
  regionalDeployment: true,
  forwardingAlarmEmails: true,
  trail: true,
  canary: true,
  canaryInterval: true,
  secondChannelBus: true,
  managementAccount: true,
};

/** The watch options: what a watch decides for every part that shares it. */
export const WATCH_OPTIONS = Object.keys(OPTIONS) as Array<keyof BreakGlassWatchOptions>;

/**
 * The watch options of `props`, and nothing else. Without the canary, the
 * people told of logins (`loginAlertEmails`, checked) are told when another
 * region's forwarding fails, unless `forwardingAlarmEmails` names others.
 */
export function watchOptions(props: BreakGlassWatchOptions, loginAlertEmails?: string[]): BreakGlassWatchOptions {
  const options: { [option: string]: unknown } = {};
  for (const option of WATCH_OPTIONS) {
    options[option] = props[option];
  }
  return { ...options, forwardingAlarmEmails: props.forwardingAlarmEmails ?? (props.canary === false ? loginAlertEmails : undefined) };
}

/** A value a watch is made with as a message shows it: a list as JSON, a factory-made value as its call, a construct as its path. */
export function describeOption(value: unknown): string {
  if (value instanceof Duration) {
    return value.toHumanString();
  }
  if (value instanceof TrailSetup || value instanceof RegionalDeployment) {
    return value.toString();
  }
  if (Construct.isConstruct(value)) {
    return value.node.path;
  }
  return Array.isArray(value) ? JSON.stringify(value) : describeValue(value);
}

/** Whether two values a watch is made with are the same: lists by their items, factory-made values by what they do, topics and keys by their ARNs. */
export function sameOption(stack: Stack, a: unknown, b: unknown): boolean {
  if (a instanceof TrailSetup || a instanceof RegionalDeployment) {
    return a._equals(b);
  }
  if (a instanceof Duration) {
    return b instanceof Duration && a.toSeconds({ integral: false }) === b.toSeconds({ integral: false });
  }
  const arnOf = (value: unknown) => (value as { topicArn?: string }).topicArn ?? (value as { keyArn?: string }).keyArn;
  if (Construct.isConstruct(a) && Construct.isConstruct(b)) {
    return a === b || resolveAlike(stack, arnOf(a), arnOf(b));
  }
  return a === b || (Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * What a part gives that the default watch it shares was made otherwise, as an error's middle: `has X: part
 * gives Y`; none when the `compared` values agree.
 */
export function differingChoices<T extends object>(stack: Stack, compared: Array<keyof T>, given: T, made: T, partPath: string): string | undefined {
  const conflicting = compared.filter(option => !sameOption(stack, given[option], made[option]));
  if (conflicting.length === 0) {
    return undefined;
  }
  const described = (option: keyof T) => (made[option] === undefined ? `no ${String(option)}` : `${String(option)} ${describeOption(made[option])}`);
  return `${conflicting.map(described).join(' and ')}: ` +
    `${partPath} gives ${conflicting.map(option => `${String(option)} ${describeOption(given[option])}`).join(' and ')}`;
}

/** Where the alarms of the watch a part makes go: the part's own topics. */
export interface PartTopics {
  readonly alarmTopic?: sns.ITopic;
  readonly chatTopic?: sns.ITopic;
}

/** What a part was given, to make or check its watch with (`watch`, checked to be a `BreakGlassWatch` where it is used). */
export interface PartWatchProps extends BreakGlassWatchOptions, BreakGlassLogGroupOptions {
  readonly role: iam.IRole;
  readonly watch?: unknown;
}

/** What a default watch is made from besides the watch options, compared when a later part gives them. */
export const DEFAULT_WATCH_CHOICES: Array<keyof BreakGlassWatchProps> = ['retention', 'logGroupRemovalPolicy', 'encryptionKey', 'alarmTopic', 'chatTopic'];

/** Refuses a watch given to a part of another stack, or of another role. */
export function checkServes(watch: Construct & { readonly role: iam.IRole }, part: Construct, role: iam.IRole): void {
  const stack = Stack.of(part);
  if (Stack.of(watch) !== stack) {
    throw new Error(`watch ${watch.node.path} is in stack ${Stack.of(watch).stackName}, but ${part.node.path} is in ${stack.stackName}: ` +
      'a part needs the watch of its own stack, whose central bus and rules are in its region. Make a BreakGlassWatch in that stack.');
  }
  if (!(watch.role === role || resolveAlike(stack, watch.role.roleArn, role.roleArn))) {
    throw new Error(`watch ${watch.node.path} watches the role ${describeValue(stack.resolve(watch.role.roleName))}, but ${part.node.path} ` +
      `is given role ${describeValue(stack.resolve(role.roleName))}: give the part the watch's role, or a watch of its own role.`);
  }
}
