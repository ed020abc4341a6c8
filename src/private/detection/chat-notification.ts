import * as events from 'aws-cdk-lib/aws-events';
import { WatchedRole } from './patterns';
import { PlainTextInput } from './plain-text-input';

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
export const WHOLE = (field: string) => `\u0000${field}\u0000`;

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

/** What differs between two custom notifications of the role; the rest of the format is fixed. */
export interface NotificationParts {
  readonly title: string;
  readonly description: string;
  readonly nextSteps: string[];
  readonly keywords: string[];
  readonly threadId: string;
  readonly eventType: string;
  readonly additionalContext: { [field: string]: string };
}

/** A custom notification about the role, in the chat service's format; the title is its summary too. */
export function customNotification(role: WatchedRole, parts: NotificationParts): events.RuleTargetInput {
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
