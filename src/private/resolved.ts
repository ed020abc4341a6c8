import { Stack } from 'aws-cdk-lib';

/** A value as `stack` resolves it, as text: two values, tokens or not, are one where their keys are equal. */
export function resolvedKey(stack: Stack, value: unknown): string {
  return JSON.stringify(stack.resolve(value));
}

/** Whether two values, tokens or not, resolve alike in `stack`. */
export function resolveAlike(stack: Stack, a: unknown, b: unknown): boolean {
  return a === b || resolvedKey(stack, a) === resolvedKey(stack, b);
}
