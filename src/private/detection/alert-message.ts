import { Lazy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { LoginDetector, LoginEventFamily } from './patterns';
import { PlainTextInput } from './plain-text-input';
import { TamperPattern } from './tamper-patterns';

/**
 * Where each `<field>` of an alert message comes from: a path in the event,
 * per event family where they differ.
 */
const FIELD_PATHS: { [field: string]: { [family in LoginEventFamily]: string } } = {
  username: same('$.detail.userIdentity.arn'),
  principal: same('$.detail.userIdentity.principalId'),
  account: same('$.account'),
  eventTime: same('$.detail.eventTime'),
  region: same('$.detail.awsRegion'),
  eventName: same('$.detail.eventName'),
  eventSource: same('$.detail.eventSource'),
  eventId: same('$.detail.eventID'),
  requestId: same('$.detail.requestID'),
  ip: same('$.detail.sourceIPAddress'),
  userAgent: same('$.detail.userAgent'),
  roleArn: {
    [LoginEventFamily.STS]: '$.detail.requestParameters.roleArn',
    // A console sign-in names the role only inside the session ARN: the watched role it is.
    [LoginEventFamily.SIGNIN]: '',
  },
  sessionName: {
    [LoginEventFamily.STS]: '$.detail.requestParameters.roleSessionName',
    // `ROLE_ID:SESSION_NAME`: sign-in events carry the session name only there.
    [LoginEventFamily.SIGNIN]: '$.detail.userIdentity.principalId',
  },
  mfa: {
    [LoginEventFamily.STS]: '$.detail.userIdentity.sessionContext.attributes.mfaAuthenticated',
    [LoginEventFamily.SIGNIN]: '$.detail.additionalEventData.MFAUsed',
  },
  result: same(''),
};

/** Every field a `message` may use, in the order the docs list them. */
export const MESSAGE_FIELDS = Object.keys(FIELD_PATHS);

/** The text subscribers get when no `message` is given. */
export const DEFAULT_MESSAGE = [
  'Break-glass role <roleArn>: <eventName> <result>.',
  'Who: <username> (principal <principal>, session <sessionName>, MFA <mfa>)',
  'When: <eventTime>',
  'Where from: <ip> using <userAgent>',
  'Recorded: <eventSource> in <region> of account <account>, event <eventId>, request <requestId>',
].join('\n');

/**
 * The names of the saved queries a login alert points to, known once the app
 * is built (action logging is set up after the login alert): of what each
 * session did (action log) and of every login (login log).
 */
export type AlertQueries = () => { readonly sessions?: string; readonly logins?: string };

/**
 * The default message's next step: which CloudWatch Logs Insights saved
 * queries to open, on a line of its own; empty when there are none (no
 * action log, no login log).
 */
export function queriesStep(queries: AlertQueries): string {
  return Lazy.string({
    produce: () => {
      const { sessions, logins } = queries();
      const open = [sessions, logins].filter((name): name is string => name !== undefined);
      return open.length > 0 ? `\nNext: in CloudWatch Logs Insights, open the saved quer${open.length > 1 ? 'ies' : 'y'} ${open.join(' and ')}.` : '';
    },
  });
}

// `<word>`: a placeholder. Any other `<` is plain text.
const PLACEHOLDER = /<([A-Za-z][A-Za-z0-9]*)>/g;

/**
 * Checks a message for unknown `<field>`s.
 *
 * @throws naming the unknown fields and listing the valid ones
 */
export function validateMessage(message: string): void {
  const unknown = [...message.matchAll(PLACEHOLDER)]
    .map(match => match[1])
    .filter(field => !(field in FIELD_PATHS));
  if (unknown.length > 0) {
    throw new Error(
      `message uses unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(f => `<${f}>`).join(', ')}: ` +
      `valid fields are ${MESSAGE_FIELDS.map(f => `<${f}>`).join(', ')}. ` +
      'Remove it, or write it without angle brackets to keep it as text.');
  }
}

/**
 * The rule input that renders `message` for events of one detector: an input
 * transformer whose template is the message as plain text (no JSON quotes), with
 * `<result>` and, for sign-ins, `<roleArn>` filled in where the pattern decides them.
 */
export function alertInput(message: string, detector: LoginDetector, roleArn: string): events.RuleTargetInput {
  const inputPathsMap: { [field: string]: string } = {};
  const inputTemplate = message.replace(PLACEHOLDER, (_placeholder, field: string) => {
    if (field === 'result') {
      return detector.resultPath ? use(inputPathsMap, field, detector.resultPath) : 'Success';
    }
    const path = FIELD_PATHS[field][detector.family];
    if (field === 'roleArn' && !path) {
      // The role of every account of an organization names the event's account.
      if (roleArn.includes('<account>')) {
        use(inputPathsMap, 'account', FIELD_PATHS.account[detector.family]);
      }
      return roleArn;
    }
    return use(inputPathsMap, field, path);
  });
  return new PlainTextInput(inputTemplate, inputPathsMap);
}

function use(inputPathsMap: { [field: string]: string }, field: string, path: string): string {
  inputPathsMap[field] = path;
  return `<${field}>`;
}

function same(path: string): { [family in LoginEventFamily]: string } {
  return { [LoginEventFamily.STS]: path, [LoginEventFamily.SIGNIN]: path };
}

/** Where each tamper alert field comes from in a CloudTrail event. */
const TAMPER_FIELDS: { [field: string]: string } = {
  eventName: '$.detail.eventName',
  username: '$.detail.userIdentity.arn',
  eventTime: '$.detail.eventTime',
  ip: '$.detail.sourceIPAddress',
  userAgent: '$.detail.userAgent',
  requestParameters: '$.detail.requestParameters',
  errorCode: '$.detail.errorCode',
  eventSource: '$.detail.eventSource',
  region: '$.detail.awsRegion',
  account: '$.account',
  eventId: '$.detail.eventID',
};

/**
 * The alert text: what was changed (the call and its parameters, as JSON), by
 * whom, when and from where, and whether it failed.
 */
function tamperMessage(subject: string): string {
  return [
    `Break-glass safeguard changed: <eventName> on ${subject}.`,
    'Who: <username>',
    'When: <eventTime>',
    'Where from: <ip> using <userAgent>',
    'Request: <requestParameters>',
    'Error code: <errorCode> (none: the call succeeded)',
    'Recorded: <eventSource> in <region> of account <account>, event <eventId>',
    'Unless this is a planned change (a deploy of the break-glass stack), treat it as an attack on the alerting.',
  ].join('\n');
}

export function tamperInput(pattern: TamperPattern): events.RuleTargetInput {
  return new PlainTextInput(tamperMessage(pattern.subject), TAMPER_FIELDS);
}

/**
 * The alert text of a change to a listed identity: the change, the identity
 * it changed (where the pattern's events name it), who made it, and the
 * request, by whom, when and from where, and whether it failed.
 */
function identityMessage(subject: string): string {
  return [
    `Break-glass identity changed: <eventName> on ${subject} <identity>.`,
    'Who made it: <username>',
    'When: <eventTime>',
    'Where from: <ip> using <userAgent>',
    'Request: <requestParameters>',
    'Error code: <errorCode> (none: the call succeeded)',
    'Recorded: <eventSource> in <region> of account <account>, event <eventId>',
    'An emergency identity is being prepared (a way in) or locked (the door closed): unless this change is planned, ' +
    'undo it and find who made it; the readiness check reports whether the identity can still get in.',
  ].join('\n');
}

/** The rule input of a change to a listed identity, naming the identity from where the pattern's events hold it. */
export function identityInput(pattern: { readonly subject: string; readonly identityPath: string }): events.RuleTargetInput {
  return new PlainTextInput(identityMessage(pattern.subject), { ...TAMPER_FIELDS, identity: pattern.identityPath });
}
