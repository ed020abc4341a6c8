import { Change, Finding } from './findings';

/** One change's message: to the alert topic (plain text, for email) and to the chat topic (a custom notification). */
export interface ReadinessMessage {
  /** SNS subjects hold at most 100 characters. */
  readonly subject: string;
  readonly text: string;
  readonly chat: string;
}

/** Amazon Q Developer in chat applications shows a description of a few thousand characters: the rest is in the email. */
const CHAT_DESCRIPTION_LIMIT = 3_500;

const listed = (found: Finding[]) => found.flatMap(f => [`- ${f.subject}: ${f.message}`, `  Fix: ${f.fix}`]);

/**
 * What a change of readiness says: the problems new since the last check
 * (what broke, for whom, the fix), those fixed, and those still open; or
 * that every identity can get in again.
 */
export function readinessMessage(roleArn: string, change: Change): ReadinessMessage {
  const open = change.current.length;
  const title = open > 0
    ? `Break-glass readiness: ${open} problem${open === 1 ? '' : 's'} with ${roleArn.split('/').pop()}`
    : `Break-glass readiness: every identity can get in to ${roleArn.split('/').pop()}`;
  const paragraphs: string[][] = [];
  if (open === 0) {
    paragraphs.push([change.firstRun
      ? `Every listed identity can assume the break-glass role ${roleArn}, and its alerts reach a confirmed subscriber.`
      : `Whole again: every listed identity can assume the break-glass role ${roleArn}, and its alerts reach a confirmed subscriber.`]);
  } else if (change.added.length > 0) {
    paragraphs.push([`The break-glass role ${roleArn} may not open when it is needed. New since the last check:`, ...listed(change.added)]);
  }
  if (change.resolved.length > 0) {
    paragraphs.push(['Fixed since the last check:', ...change.resolved.map(f => `- ${f.subject}: ${f.problem}`)]);
  }
  const still = change.current.filter(f => !change.added.includes(f));
  if (still.length > 0) {
    paragraphs.push(['Still open:', ...listed(still)]);
  }
  paragraphs.push(['The check runs on its schedule and speaks again only when this changes.']);
  const text = paragraphs.map(lines => lines.join('\n')).join('\n\n');
  const description = text.length <= CHAT_DESCRIPTION_LIMIT ? text
    : `${text.slice(0, CHAT_DESCRIPTION_LIMIT)}\n… (the rest is in the email of the alert topic)`;
  const chat = JSON.stringify({
    version: '1.0',
    source: 'custom',
    content: { textType: 'client-markdown', title, description },
    metadata: { threadId: `break-glass-readiness-${roleArn}`, eventType: 'BreakGlassReadiness' },
  });
  return { subject: title.slice(0, 100), text, chat };
}
