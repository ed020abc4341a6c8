import { Change, Finding } from './findings';
import { FunctionMessage, functionMessage } from '../function-message';

const listed = (found: Finding[]) => found.flatMap(f => [`- ${f.subject}: ${f.message}`, `  Fix: ${f.fix}`]);

/**
 * What a change of readiness says: the problems new since the last check
 * (what broke, for whom, the fix), those fixed, and those still open; or
 * that every identity can get in again.
 */
export function readinessMessage(roleArn: string, change: Change): FunctionMessage {
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
  return functionMessage(title, paragraphs, { threadId: `break-glass-readiness-${roleArn}`, eventType: 'BreakGlassReadiness' });
}
