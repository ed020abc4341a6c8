import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const JAR = path.join(__dirname, '..', 'ruler', 'target', 'event-ruler-harness.jar');
/** The class-data archive `ruler:build` writes after packaging the jar: the JVM starts in half the time. */
const CLASS_DATA = path.join(__dirname, '..', 'ruler', 'target', 'event-ruler-harness.jsa');
// Each run is short: the quick compiler alone starts faster, and a small heap keeps memory down.
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx512m'];

/** An EventBridge event pattern and an event to run it against. */
export interface RulerCase {
  /** The event pattern, as it would be given to an EventBridge rule. */
  readonly pattern: unknown;
  /** The event, as EventBridge would deliver it. */
  readonly event: unknown;
}

/**
 * What Event Ruler answered for each case this process has already run, by
 * the case's JSON: the same pattern and event always get the same answer.
 */
const answered = new Map<string, boolean>();

/**
 * Runs every case through Event Ruler; returns one boolean per case. Cases
 * not answered before in this process go to one JVM together.
 */
export function matchAll(cases: RulerCase[]): boolean[] {
  const keys = cases.map(c => JSON.stringify([c.pattern, c.event]));
  const unanswered = [...new Set(keys.filter(key => !answered.has(key)))];
  if (unanswered.length > 0) {
    let results: boolean[];
    try {
      results = runRuler(unanswered.map(key => {
        const [pattern, event] = JSON.parse(key);
        return { pattern, event };
      }));
    } catch (e) {
      // The harness numbers the cases it was sent: name the caller's.
      throw new Error((e as Error).message.replace(/case (\d+)/g, (_m, i: string) => `case ${keys.indexOf(unanswered[Number(i)])}`));
    }
    unanswered.forEach((key, i) => answered.set(key, results[i]));
  }
  return keys.map(key => answered.get(key)!);
}

/** Runs the cases through Event Ruler in one JVM. */
function runRuler(cases: RulerCase[]): boolean[] {
  if (!fs.existsSync(JAR)) {
    throw new Error('Event Ruler harness not built: run "npx projen ruler:build"');
  }
  // An archive older than the jar is ignored by the JVM; its warning would go to stdout, the answer's channel.
  const classData = fs.existsSync(CLASS_DATA) ? [`-XX:SharedArchiveFile=${CLASS_DATA}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off'] : [];
  const result = spawnSync('java', [...JVM_OPTIONS, ...classData, '-jar', JAR], {
    input: JSON.stringify(cases),
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`Event Ruler harness failed (exit ${result.status ?? result.signal}): ${result.stderr.trim()}`);
  }
  const results = JSON.parse(result.stdout) as boolean[];
  if (results.length !== cases.length) {
    throw new Error(`Event Ruler harness answered ${results.length} of ${cases.length} cases`);
  }
  return results;
}

/** Convenience for one case: whether Event Ruler matches the event to the pattern. */
export function matches(pattern: unknown, event: unknown): boolean {
  return matchAll([{ pattern, event }])[0];
}
