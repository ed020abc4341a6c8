import { Stack } from 'aws-cdk-lib';

/** Intrinsics a value may keep in a template every member account deploys: pseudo parameters and the functions that join them. */
const PORTABLE_FUNCTIONS = new Set(['Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split']);

/**
 * `value` resolved for a template of its own, deployed in other accounts: text,
 * or intrinsics of pseudo parameters only (`AWS::Partition`, `AWS::AccountId`,
 * which there mean the member account). A reference to a resource of the
 * stack cannot be resolved there.
 *
 * @throws naming `prop` when `value` refers to the stack's resources or parameters
 */
export function portableValue(stack: Stack, prop: string, value: unknown): unknown {
  const resolved = stack.resolve(value);
  const check = (item: unknown): void => {
    if (Array.isArray(item)) {
      item.forEach(check);
      return;
    }
    if (item === null || typeof item !== 'object') {
      return;
    }
    const entries = Object.entries(item);
    const [key, arg] = entries.length === 1 ? entries[0] : [undefined, undefined];
    if (key === 'Ref' && typeof arg === 'string' && arg.startsWith('AWS::')) {
      return;
    }
    if (key === 'Ref' || (key !== undefined && key.startsWith('Fn::') && !PORTABLE_FUNCTIONS.has(key))) {
      throw new Error(`${prop} refers to ${JSON.stringify(item)}, a value of the stack ${stack.stackName}: every member account deploys ` +
        'the same template, where it does not exist. Give text, such as a managed policy ARN that exists in every member account.');
    }
    if (key === 'Fn::Sub' && typeof arg === 'string' && /\$\{(?!AWS::)/.test(arg)) {
      throw new Error(`${prop} refers to ${JSON.stringify(item)}, a value of the stack ${stack.stackName}: give text, or pseudo parameters only.`);
    }
    entries.forEach(([, v]) => check(v));
  };
  check(resolved);
  return resolved;
}
