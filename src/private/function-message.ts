/**
 * What the construct's functions (the readiness check, the organization's
 * canary check) say when they speak: the same text to the alert topic, for
 * email, and as a custom notification to the chat topic.
 */

/** One message: to the alert topic (plain text, for email) and to the chat topic (a custom notification). */
export interface FunctionMessage {
  /** SNS subjects hold at most 100 characters. */
  readonly subject: string;
  readonly text: string;
  readonly chat: string;
}

/** Amazon Q Developer in chat applications shows a description of a few thousand characters: the rest is in the email. */
const CHAT_DESCRIPTION_LIMIT = 3_500;

/** The message of `title` and `paragraphs` (each a list of lines), its chat notification threaded and typed by `metadata`. */
export function functionMessage(title: string, paragraphs: string[][], metadata: { threadId: string; eventType: string }): FunctionMessage {
  const text = paragraphs.map(lines => lines.join('\n')).join('\n\n');
  const description = text.length <= CHAT_DESCRIPTION_LIMIT ? text
    : `${text.slice(0, CHAT_DESCRIPTION_LIMIT)}\n… (the rest is in the email of the alert topic)`;
  const chat = JSON.stringify({
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title, description },
    metadata: { threadId: metadata.threadId, eventType: metadata.eventType },
  });
  return { subject: title.slice(0, 100), text, chat };
}
