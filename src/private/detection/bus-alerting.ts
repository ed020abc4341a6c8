import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlertQueries, alertInput, DEFAULT_MESSAGE, identityInput, queriesStep, tamperInput } from './alert-message';
import { ChatActionLog, chatLoginInput, chatTamperInput } from './chat-messages';
import { IdentityPattern } from './identity-patterns';
import { CanaryIssuer, DetectionPattern, loginDetectors, WatchedRole } from './patterns';
import { detectionRule, LogGroupTarget, TopicTarget } from './rules';
import { TamperPattern } from './tamper-patterns';
import { SampleKind } from '../alert-path/alert-path-settings';
import { DeadLetters } from '../delivery/dead-letter-queue';

/**
 * Alerting on a bus, as the role's parts (`BreakGlassLoginAlert`,
 * `BreakGlassLogActions`, `BreakGlassTamperAlert`) and the organization hub
 * both do it: the login rules and their targets (alert text, login log, chat),
 * the action log's rule, and tamper rules with theirs. Each caller says which
 * bus (its account's default bus, a watch's central bus, the hub's bus), under
 * which id prefix, and with which alert text.
 */

/** Where alerts go: the alert topic and, when given, a chat topic. */
export interface AlertDestinations {
  readonly alertTopic: sns.ITopic;
  /** @default - no chat notifications */
  readonly chatTopic?: sns.ITopic;
}

/** Where rules run, where what they cannot deliver is kept, and how their construct ids start. */
export interface RulePlacement {
  /** @default - the account's default bus */
  readonly eventBus?: events.IEventBus;
  /** The dead-letter queue of the bus's region. */
  readonly deadLetters: DeadLetters;
  /** Prefixed to each rule's construct id, such as `Central`. */
  readonly idPrefix: string;
}

/** The login rules of a role: what they alert, and where. */
export interface LoginRulesProps extends AlertDestinations, RulePlacement {
  readonly role: WatchedRole;
  /** The alert text, with `<field>` placeholders (`loginAlertText`). */
  readonly text: string;
  /**
   * The canary's sessions, whose denied attempts are heartbeats, never alerts.
   *
   * @default - no canary
   */
  readonly canary?: CanaryIssuer;
  /** @default - logins are not written to a log group */
  readonly loginLogGroup?: logs.ILogGroup;
  /** The action log chat notifications point to, once known. */
  readonly actionLog: ChatActionLog;
  /** @default - no saved query of the login log */
  readonly loginsQuery?: string;
}

/** The text of login alerts: the user's `message` as written, or the default text naming the saved queries to open. */
export function loginAlertText(message: string | undefined, queries: AlertQueries): string {
  return message ?? DEFAULT_MESSAGE + queriesStep(queries);
}

/** A login rule, and the person's attempt it must match. */
export interface LoginRule {
  readonly rule: events.Rule;
  readonly attempt: SampleKind;
}

/** One rule per kind of login event, alerting the topic and chat, and writing the login log. */
export function loginRules(scope: Construct, props: LoginRulesProps): LoginRule[] {
  const { role } = props;
  return loginDetectors(role, props.canary).map(detector => ({
    attempt: detector.attempt,
    rule: detectionRule(scope, `${props.idPrefix}${detector.id}`, {
      ...detector,
      eventBus: props.eventBus,
      deadLetters: props.deadLetters,
      targets: [
        new TopicTarget(props.alertTopic, alertInput(props.text, detector, role.roleArn)),
        ...(props.loginLogGroup ? [new LogGroupTarget(props.loginLogGroup)] : []),
        ...(props.chatTopic ? [new TopicTarget(props.chatTopic, chatLoginInput(detector, role, props.actionLog, props.loginsQuery))] : []),
      ],
    }),
  }));
}

/** The rule that writes the actions `pattern` selects to the action log. */
export function actionLogRule(scope: Construct, pattern: DetectionPattern, logGroup: logs.ILogGroup, placement: RulePlacement): events.Rule {
  return detectionRule(scope, `${placement.idPrefix}${pattern.id}`, {
    ...pattern, eventBus: placement.eventBus, deadLetters: placement.deadLetters, targets: [new LogGroupTarget(logGroup)],
  });
}

/** Tamper rules: what they alert, and where. */
export interface TamperRulesProps extends AlertDestinations, RulePlacement {
  /** The role as chat notifications name it. */
  readonly role: WatchedRole;
  /**
   * Names each rule `<ruleNamePrefix><pattern id less Tamper and Rule>`: a
   * tamper pattern knows its own rules by that prefix, since a rule cannot
   * name itself through a reference.
   *
   * @default - CloudFormation names the rules
   */
  readonly ruleNamePrefix?: string;
  /**
   * A second channel each tamper event also goes to (a bus of another account).
   *
   * @default - only the topics
   */
  readonly secondChannel?: events.IRuleTarget;
}

/** The longest a rule's kind, after `ruleNamePrefix`, may be: `tamperRuleName` fails longer. */
export const LONGEST_KIND_NAME = 14;

/** A tamper rule's name: `<prefix><pattern id less Tamper and Rule>` (`BreakGlass-us-east-2-Tamper-Role`). */
export function tamperRuleName(prefix: string, patternId: string): string {
  const kind = patternId.replace(/^Tamper|Rule$/g, '');
  if (kind.length > LONGEST_KIND_NAME) {
    throw new Error(`tamper kind ${kind} is longer than ${LONGEST_KIND_NAME} characters: rule names would pass 64`);
  }
  return `${prefix}${kind}`;
}

/** One rule per tamper pattern, alerting the topic and chat. */
export function tamperRules(scope: Construct, patterns: TamperPattern[], props: TamperRulesProps): events.Rule[] {
  return alertRules(scope, patterns, props, tamperInput);
}

/** One rule per pattern of changes to listed identities, alerting the topic (naming the identity) and chat. */
export function identityRules(scope: Construct, patterns: IdentityPattern[], props: TamperRulesProps): events.Rule[] {
  return alertRules(scope, patterns, props, identityInput);
}

function alertRules<P extends TamperPattern>(scope: Construct, patterns: P[], props: TamperRulesProps,
  input: (pattern: P) => events.RuleTargetInput): events.Rule[] {
  return patterns.map(pattern => {
    const rule = detectionRule(scope, `${props.idPrefix}${pattern.id}`, {
      ...pattern,
      eventBus: props.eventBus,
      deadLetters: props.deadLetters,
      targets: [
        new TopicTarget(props.alertTopic, input(pattern)),
        ...(props.chatTopic ? [new TopicTarget(props.chatTopic, chatTamperInput(pattern, props.role))] : []),
        ...(props.secondChannel ? [props.secondChannel] : []),
      ],
    });
    if (props.ruleNamePrefix !== undefined) {
      (rule.node.defaultChild as events.CfnRule).name = tamperRuleName(props.ruleNamePrefix, pattern.id);
    }
    return rule;
  });
}
