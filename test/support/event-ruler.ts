import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const JAR = path.join(__dirname, '..', 'ruler', 'target', 'event-ruler-harness.jar');

/** An EventBridge event pattern and an event to run it against. */
export interface RulerCase {
  /** The event pattern, as it would be given to an EventBridge rule. */
  readonly pattern: unknown;
  /** The event, as EventBridge would deliver it. */
  readonly event: unknown;
}

/** Runs every case through Event Ruler in one JVM; returns one boolean per case. */
export function matchAll(cases: RulerCase[]): boolean[] {
  if (!fs.existsSync(JAR)) {
    throw new Error('Event Ruler harness not built: run "npx projen ruler:build"');
  }
  const result = spawnSync('java', ['-jar', JAR], {
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
  return JSON.parse(result.stdout) as boolean[];
}

/** Convenience for one case: whether Event Ruler matches the event to the pattern. */
export function matches(pattern: unknown, event: unknown): boolean {
  return matchAll([{ pattern, event }])[0];
}
