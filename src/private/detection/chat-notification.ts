import { Annotations, Aws, Lazy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { LoginDetector, WatchedRole } from './patterns';
import { PlainTextInput } from './plain-text-input';
import { TamperPattern } from './tamper-patterns';
import { allowToPublish, publisherGrant, TopicPublisher } from './topic-policy';
import { resolveAlike } from '../resolved';

/*
 * Alerts for chat channels, as "custom notifications" of Amazon Q Developer in
 * chat applications (formerly AWS Chatbot): "Custom notifications using Amazon Q
 * Developer in chat applications",
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html.
 * That page documents the event format (`version`, `source`, `id`, `content`
 * with `textType`, `title`, `description`, `nextSteps`, `keywords`, and
 * `metadata` with `threadId`, `summary`, `eventType`, `relatedResources`,
 * `additionalContext`); `version` ("1.0") and `source` ("custom") are the
 * required fields; `textType` "client-markdown" renders the text in the chat
 * platform's markdown; `threadId` threads notifications that share it (when
 * the channel's preferences allow threads). It says such notifications come
 * through an SNS topic mapped to the channel, from an EventBridge rule whose
 * input transformer writes that format. Text in any other shape is not shown.
 *
 * Every payload must be valid JSON for every event. The input transformer
 * inserts a value in value position (`"key": <value>`) as valid JSON, quoted
 * and escaped, but inserts a value inside a quoted string as it is ("Amazon
 * EventBridge input transformation",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html,
 * and "InputTransformer" in the EventBridge API Reference). So:
 * - text composed inside a string (title, description, next steps) uses only
 *   fields whose characters cannot end or break a string: ARNs, names and IDs
 *   AWS issues, account, region, times, IP addresses, event and error codes;
 * - free text (user agent, error message, request parameters) and names a
 *   caller chooses (the session name, the principal id that carries it) appear
 *   only as whole values, in `metadata.additionalContext` and `threadId`.
 */

/** The schema's version and source, and the markdown flavour of its text. */
const NOTIFICATION = { version: '1.0', source: 'custom', textType: 'client-markdown' };

/** Fields safe to compose inside a JSON string: their characters cannot end or break it. */
const IN_STRING: { [field: string]: string } = {
  account: '$.account',
  eventTime: '$.detail.eventTime',
  region: '$.detail.awsRegion',
  eventName: '$.detail.eventName',
  eventSource: '$.detail.eventSource',
  eventId: '$.detail.eventID',
  ip: '$.detail.sourceIPAddress',
  callerArn: '$.detail.userIdentity.arn',
  errorCode: '$.detail.errorCode',
  // STS: the session this assumption issued (an ARN, `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
  newSessionArn: '$.detail.responseElements.assumedRoleUser.arn',
  // STS: whether the calling session signed in with MFA ("true"/"false"); absent for long-term keys.
  sessionMfa: '$.detail.userIdentity.sessionContext.attributes.mfaAuthenticated',
  // Sign-in: "Success" or "Failure".
  switchRoleResult: '$.detail.responseElements.SwitchRole',
  consoleLoginResult: '$.detail.responseElements.ConsoleLogin',
  // Sign-in: the identity a console switch came from (an ARN); "Yes"/"No".
  switchFrom: '$.detail.additionalEventData.SwitchFrom',
  signInMfa: '$.detail.additionalEventData.MFAUsed',
};

/** Fields that may hold any character: only ever whole JSON values. */
const WHOLE_VALUE: { [field: string]: string } = {
  userAgent: '$.detail.userAgent',
  errorMessage: '$.detail.errorMessage',
  requestParameters: '$.detail.requestParameters',
  sessionName: '$.detail.requestParameters.roleSessionName',
  callerPrincipal: '$.detail.userIdentity.principalId',
  // `ROLE_ID:SESSION_NAME` of the session an assumption issued: what a sign-in records as its principal id.
  newSessionId: '$.detail.responseElements.assumedRoleUser.assumedRoleId',
};

/** Marks a whole-value placeholder until the template is written out. */
const WHOLE = (field: string) => `\u0000${field}\u0000`;

/**
 * A notification as a JSON template: `text` fields are strings that may
 * contain `<field>`s of `IN_STRING`; `WHOLE(field)` stands for a whole value.
 */
function notificationInput(notification: object): events.RuleTargetInput {
  const inputPathsMap: { [field: string]: string } = {};
  let template = JSON.stringify(notification, (_key, value) => {
    if (typeof value === 'string' && !value.startsWith('\u0000')) {
      for (const match of value.matchAll(/<([A-Za-z]+)>|[<>]/g)) {
        const field = match[1];
        if (field === undefined || !(field in IN_STRING)) {
          // A stray angle bracket would read as a placeholder, or an unknown one be left as text.
          throw new Error(`chat notification text '${value}' has '${match[0]}', which is not a field safe inside a string`);
        }
        inputPathsMap[field] = IN_STRING[field];
      }
    }
    return value;
  });
  template = template.replace(/"\\u0000([A-Za-z]+)\\u0000"/g, (_match, field: string) => {
    inputPathsMap[field] = WHOLE_VALUE[field];
    return `<${field}>`;
  });
  return new PlainTextInput(template, inputPathsMap);
}

/** What each login detector's notification says, by detector id. */
interface LoginKind {
  /** What happened, after "Break-glass role NAME": "assumed", "failed attempt to assume it". */
  readonly what: string;
  /** The result: a literal or a `<field>`. */
  readonly result: string;
  /** Description lines, after the first. */
  readonly lines: string[];
  /** The thread: a whole-value field. */
  readonly thread: string;
  /** Whole-value fields in `additionalContext`. */
  readonly context: string[];
  /** Whether the attempt opened a session, whose revocation the next steps show. */
  readonly session: boolean;
}

const WHEN_FROM = ['*When:* <eventTime>', '*From:* IP address <ip>'];
const RECORDED = '*Recorded:* <eventSource> in <region>, event <eventId>';

/**
 * Threads: a session's notifications share one thread. A successful
 * `AssumeRole*` names its session `ROLE_ID:SESSION_NAME`
 * (`assumedRoleUser.assumedRoleId`), and a console sign-in or switch into that
 * session records the same value as its `userIdentity.principalId`, so a
 * session's assumption and its sign-in thread together. Sessions that share a
 * name share the thread (CloudTrail records no session id in both events). A
 * failed attempt opens no session: attempts of one caller (its principal id)
 * thread together. A tamper alert threads by its caller's principal id, so a
 * change made with a break-glass session joins that session's thread.
 */
const LOGIN_KINDS: { [detectorId: string]: LoginKind } = {
  AssumeRoleRule: {
    what: 'assumed',
    result: 'Success',
    lines: [
      '*Who:* <callerArn> (blank for a SAML or web-identity caller: see its principal below)',
      '*Session issued:* <newSessionArn>',
      ...WHEN_FROM,
      '*MFA of the calling session:* <sessionMfa> (blank for long-term access keys)',
    ],
    thread: 'newSessionId',
    context: ['callerPrincipal', 'sessionName', 'userAgent'],
    session: true,
  },
  AssumeRoleFailedRule: {
    what: 'failed attempt to assume it',
    result: '<errorCode>',
    lines: [
      '*Who:* <callerArn> (blank for a SAML or web-identity caller: see its principal below)',
      ...WHEN_FROM,
      '*MFA of the calling session:* <sessionMfa> (blank for long-term access keys)',
    ],
    thread: 'callerPrincipal',
    context: ['callerPrincipal', 'sessionName', 'errorMessage', 'userAgent'],
    session: false,
  },
  SwitchRoleRule: {
    what: 'console switch into it',
    result: '<switchRoleResult>',
    lines: ['*Who:* <switchFrom>', '*Session:* <callerArn>', ...WHEN_FROM],
    thread: 'callerPrincipal',
    context: ['callerPrincipal', 'userAgent'],
    session: true,
  },
  ConsoleLoginRule: {
    what: 'console sign-in with it',
    result: '<consoleLoginResult>',
    lines: ['*Who:* <callerArn>', ...WHEN_FROM, '*MFA used:* <signInMfa>'],
    thread: 'callerPrincipal',
    context: ['callerPrincipal', 'userAgent'],
    session: true,
  },
};

/**
 * Where actions done with the role are recorded: the log group's name and the
 * name of its saved query of what each session did, known once the app is
 * built (action logging is set up after the login alert).
 */
export type ChatActionLog = () => { readonly logGroupName: string; readonly queryName: string } | undefined;

/**
 * The custom notification of a login detector's events: the title names the
 * role, the account and the result; the description who, when, from where and
 * with which MFA state; next steps where to look and how to revoke sessions.
 */
export function chatLoginInput(
  detector: LoginDetector, role: WatchedRole, actionLog: ChatActionLog = () => undefined, loginsQuery?: string,
): events.RuleTargetInput {
  const kind = LOGIN_KINDS[detector.id];
  if (kind === undefined) {
    throw new Error(`no chat notification for login detector ${detector.id}`);
  }
  const title = `Break-glass role ${role.roleName} in account <account>: ${kind.what}: ${kind.result}`;
  const nextSteps = kind.session
    ? [actionLogStep(actionLog), revokeStep(role)]
    : ['Find out who made the attempt and why: only the break-glass identities may assume the role, and a failed attempt by anyone else is worth an incident.',
      'The call and its error are in CloudTrail event <eventId> (<region>).',
      ...(loginsQuery !== undefined
        ? [`The caller's other attempts, and every assumption, are in the login log: in CloudWatch Logs Insights, open the saved query ${loginsQuery}.`]
        : [])];
  return customNotification(role, {
    title,
    description: [`*<eventName>* of role ${role.roleArn}: ${kind.result}`, ...kind.lines, RECORDED].join('\n'),
    nextSteps,
    keywords: ['break-glass', role.roleName, '<eventName>', kind.result],
    threadId: WHOLE(kind.thread),
    eventType: 'BreakGlassLogin',
    additionalContext: Object.fromEntries(kind.context.map(field => [field, WHOLE(field)])),
  });
}

/**
 * The custom notification of a tamper pattern's events: what was changed, by
 * whom, when and from where, and the call's error code; the request
 * parameters and user agent as whole values.
 */
export function chatTamperInput(pattern: TamperPattern, role: WatchedRole): events.RuleTargetInput {
  const title = `Break-glass role ${role.roleName} in account <account>: <eventName> on ${pattern.subject}`;
  return customNotification(role, {
    title,
    description: [
      `*Changed:* ${pattern.subject}, by <eventName> (<eventSource>)`,
      '*Who:* <callerArn>',
      ...WHEN_FROM,
      '*Error code:* <errorCode> (blank: the call succeeded)',
      RECORDED,
    ].join('\n'),
    nextSteps: [
      'Unless this is a planned deploy of the break-glass stack (the caller is then its CloudFormation execution role), treat it as an attack on the alerting: revert the change and find the session that made it.',
      'The full request is in additionalContext.requestParameters and in CloudTrail event <eventId> (<region>).',
      revokeStep(role),
    ],
    keywords: ['break-glass', 'tamper', role.roleName, '<eventName>'],
    threadId: WHOLE('callerPrincipal'),
    eventType: 'BreakGlassTamper',
    additionalContext: {
      callerPrincipal: WHOLE('callerPrincipal'),
      requestParameters: WHOLE('requestParameters'),
      userAgent: WHOLE('userAgent'),
    },
  });
}

/** What differs between two custom notifications of the role; the rest of the format is fixed. */
interface NotificationParts {
  readonly title: string;
  readonly description: string;
  readonly nextSteps: string[];
  readonly keywords: string[];
  readonly threadId: string;
  readonly eventType: string;
  readonly additionalContext: { [field: string]: string };
}

/** A custom notification about the role, in the chat service's format; the title is its summary too. */
function customNotification(role: WatchedRole, parts: NotificationParts): events.RuleTargetInput {
  return notificationInput({
    version: NOTIFICATION.version,
    source: NOTIFICATION.source,
    id: '<eventId>',
    content: {
      textType: NOTIFICATION.textType,
      title: parts.title,
      description: parts.description,
      nextSteps: parts.nextSteps,
      keywords: parts.keywords,
    },
    metadata: {
      threadId: parts.threadId,
      summary: parts.title,
      eventType: parts.eventType,
      relatedResources: [role.roleArn],
      additionalContext: parts.additionalContext,
    },
  });
}

function actionLogStep(actionLog: ChatActionLog): string {
  return Lazy.string({
    produce: () => {
      const log = actionLog();
      return log !== undefined
        ? `See what the session did in the action log: CloudWatch Logs log group ${log.logGroupName}. `
          + `In CloudWatch Logs Insights, open the saved query ${log.queryName} (its folder holds the action log's other saved queries).`
        : 'See what the session did in CloudTrail Event history, by the session name, in each region it may have used (no action log is kept).';
    },
  });
}

/**
 * Revoking a role's sessions as the IAM console's "Revoke active sessions"
 * does: an inline policy `AWSRevokeOlderSessions` denying everything to
 * credentials issued before now (`aws:TokenIssueTime`), per "Revoke IAM role
 * temporary security credentials",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html.
 */
function revokeStep(role: WatchedRole): string {
  const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],'
    + '"Condition":{"DateLessThan":{"aws:TokenIssueTime":"\'"$NOW"\'"}}}]}';
  return 'If this use is not planned, revoke every session of the role, as the IAM console\'s Revoke active sessions does '
    + '(it changes the role, so a tamper alert follows): '
    + `\`NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ); aws iam put-role-policy --role-name ${role.roleName} --policy-name AWSRevokeOlderSessions --policy-document '${policy}'\``;
}

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
