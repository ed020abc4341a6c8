import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BreakGlassWatch } from './break-glass-watch';
import { BreakGlassWatchOptions } from './break-glass-watch-options';
import { BreakGlassDeliveryHealth } from './delivery-health';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { DEFAULT_MESSAGE, validateMessage } from './private/detection/alert-message';
import { alertTopic, alertTopics } from './private/detection/alert-topic';
import { loginAlertText, loginRules } from './private/detection/bus-alerting';
import { eventLogGroup } from './private/detection/event-log-group';
import { watchedRole } from './private/detection/patterns';
import { LOGIN_QUERIES, LOGINS, saveQueries, savedQueryName } from './private/detection/saved-queries';
import { checkEmails } from './private/validation';

/**
 * Who is alerted of a break-glass login, and how: options written once, for
 * `BreakGlassLoginAlert` and `BreakGlassRole`.
 */
export interface BreakGlassLoginAlertOptions {
  /**
   * The topic alerts are published to. Add any subscription to it (SMS, HTTPS,
   * Lambda, chat). A topic made in the same app gets the policy that lets this
   * account's EventBridge rules publish; an imported topic's policy must already.
   *
   * @default - a new topic, TLS enforced, encrypted with `encryptionKey` when given
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * A topic mapped to chat channels by Amazon Q Developer in chat applications
   * (formerly AWS Chatbot): every alert also reaches it as a custom
   * notification, which the chat service renders (it drops plain text). Give
   * a topic of its own, not `alertTopic`. A topic made in the same app gets the
   * policy that lets this account's EventBridge rules publish; for an imported
   * topic, a warning names the statement to add.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the alert topic. Each must confirm the
   * subscription from the email AWS sends it.
   *
   * @default - no email subscription
   */
  readonly loginAlertEmails?: string[];

  /**
   * Alert text, with `<field>` placeholders: `<username>` (caller ARN),
   * `<principal>`, `<account>`, `<eventTime>`, `<region>`, `<eventName>`,
   * `<eventSource>`, `<eventId>`, `<requestId>`, `<ip>`, `<userAgent>`,
   * `<roleArn>`, `<sessionName>`, `<mfa>`, `<result>` (`Success` or the error).
   * A field the event lacks renders empty. A `<` that does not open a field name
   * is plain text; an unknown `<name>` is an error.
   *
   * @default - a readable text naming who, which role, what, when, where from and the result, then the CloudWatch Logs Insights saved queries to open (of the action log and the login log, where they are kept)
   */
  readonly message?: string;

  /**
   * Also write every login event, whole, to a log group.
   *
   * @default false
   */
  readonly createLoginLogGroup?: boolean;
}

/**
 * Properties of `BreakGlassLoginAlert`.
 */
export interface BreakGlassLoginAlertProps extends BreakGlassLoginAlertOptions, BreakGlassLogGroupOptions, BreakGlassWatchOptions {
  /** The break-glass role whose assumptions, and attempts, raise an alert. */
  readonly role: iam.IRole;

  /**
   * The watch that decides where the role is watched, shared with the role's
   * other parts. Give it, or the watch options (`regions`, `trail`, ...), not both.
   *
   * @default - the watch an earlier part made for the role in this stack, else a new one from the watch options
   */
  readonly watch?: BreakGlassWatch;
}

/**
 * Alerts whenever a break-glass role is assumed, or an attempt is made: STS
 * `AssumeRole`, `AssumeRoleWithSAML` and `AssumeRoleWithWebIdentity` of the role,
 * successful or not, and console `SwitchRole` or `ConsoleLogin` into it.
 *
 * `AssumeRole*` events are read-only management events, so its rules are in the
 * `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` state; a rule in plain
 * `ENABLED` state would never see them. EventBridge only receives these events
 * where a CloudTrail trail logs management events.
 *
 * @example
 * declare const role: iam.IRole;
 * new BreakGlassLoginAlert(this, 'Alert', {
 *   role,
 *   loginAlertEmails: ['security@example.com'],
 * });
 */
export class BreakGlassLoginAlert extends Construct {
  /** The topic alerts are published to. */
  public readonly alertTopic: sns.ITopic;

  /**
   * The rules that detect logins, one per kind of login event, on the home
   * region's default bus and, when other regions are watched, on the central bus.
   */
  public readonly rules: events.IRule[];

  /**
   * The log group every login event is written to.
   *
   * @default - none, unless `createLoginLogGroup` is true
   */
  public readonly loginLogGroup?: logs.ILogGroup;

  /**
   * CloudWatch Logs Insights saved queries of the login log, named
   * `break-glass/<this part's unique name>/<title>`: `Assumptions and sign-ins`
   * (every assumption, attempt and console sign-in, newest first; pick the
   * time range, such as the last day, in the console).
   *
   * Empty unless `createLoginLogGroup` is true.
   */
  public readonly loginQueries: logs.QueryDefinition[];

  /** The watch the alert shares with the role's other parts. */
  public readonly watch: BreakGlassWatch;

  /**
   * The alarm on the watch's dead-letter queue (`watch.deliveryHealth`): it
   * notifies the watch's `alarmTopic`, which is this alert's topic when the
   * alert made the watch or `BreakGlassRole` did.
   */
  public readonly deliveryHealth: BreakGlassDeliveryHealth;

  constructor(scope: Construct, id: string, props: BreakGlassLoginAlertProps) {
    super(scope, id);
    const emails = checkEmails('loginAlertEmails', props.loginAlertEmails ?? []);
    validateMessage(props.message ?? DEFAULT_MESSAGE);
    this.alertTopic = alertTopic(this, props, emails);
    this.watch = this._watchOf(props, emails);

    if (props.createLoginLogGroup) {
      this.loginLogGroup = eventLogGroup(this, 'LogGroup', props, this.watch._logWriter);
    }
    this.loginQueries = this.loginLogGroup ? saveQueries(this, this.loginLogGroup, LOGIN_QUERIES) : [];
    const loginsQuery = this.loginLogGroup ? savedQueryName(this, LOGINS) : undefined;

    const role = watchedRole(props.role);
    // Known once the app is built: the action log may be set up after the alert.
    const actionLog = () => {
      const offer = this.watch._actionLogs.first;
      return offer && { logGroupName: offer.logGroup.logGroupName, queryName: offer.sessionsQueryName };
    };
    // The default text names the saved queries to open; a message of the user's own is left as written.
    const text = loginAlertText(props.message, () => ({ sessions: this.watch._actionLogs.first?.sessionsQueryName, logins: loginsQuery }));
    const rulesOn = (eventBus: events.IEventBus | undefined, idPrefix: string) => loginRules(this, {
      eventBus,
      idPrefix,
      deadLetters: this.watch._deadLetters,
      role,
      text,
      canary: this.watch._canary ? { roleArn: this.watch._canary.roleArn } : undefined,
      alertTopic: this.alertTopic,
      chatTopic: props.chatTopic,
      loginLogGroup: this.loginLogGroup,
      actionLog,
      loginsQuery,
    });
    // Each heartbeat of the home region proves the rules and topics: each rule matches a person's attempt, the
    // central bus's one recorded in a forwarded region.
    const topics = alertTopics(this.alertTopic, props.chatTopic);
    const home = rulesOn(undefined, '');
    home.forEach(login => this.watch._proveAlerting({ part: this, rules: [login.rule], topics, sample: login.attempt }));
    const central = this.watch.centralBus ? rulesOn(this.watch.centralBus, 'Central') : [];
    central.forEach(login => this.watch._proveAlerting({
      part: this, rules: [login.rule], topics, sample: login.attempt, sampleRegion: this.watch.forwardedRegions[0],
    }));
    this.rules = [...home, ...central].map(login => login.rule);
    // An alert that could not be delivered is kept in the watch's queue, whose alarm is the watch's.
    this.deliveryHealth = this.watch.deliveryHealth;
  }

  /**
   * The watch of the alert: `watch`, else its role's default watch, whose alarms notify this alert's topics.
   * The people told of logins are told when another region's logins stop reaching the home region.
   * `BreakGlassRole` makes its own watch here, once the alert topic it gives the watch exists.
   *
   * @internal
   */
  protected _watchOf(props: BreakGlassLoginAlertProps, emails: string[]): BreakGlassWatch {
    return BreakGlassWatch._forPart(this, props, { alarmTopic: this.alertTopic, chatTopic: props.chatTopic }, emails);
  }
}
