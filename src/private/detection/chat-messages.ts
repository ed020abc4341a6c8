import { Lazy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { customNotification, WHOLE } from './chat-notification';
import { LoginDetector, WatchedRole } from './patterns';
import { TamperPattern } from './tamper-patterns';

/*
 * What the chat notifications say: one entry per login detector, the tamper
 * notification, and the next steps (where the session's actions are recorded,
 * how to revoke its sessions). The format they are written in, and which
 * fields may go where, is chat-notification.ts's.
 */

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
