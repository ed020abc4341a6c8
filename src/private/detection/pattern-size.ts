import { Annotations, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** EventBridge's default quota on an event pattern's size, in characters. */
export const PATTERN_SIZE_QUOTA = 2048;
/** The most that quota can be raised to. */
export const PATTERN_SIZE_MAX = 4096;
/** What a deploy-time value (an ARN or name) is counted as: an IAM role ARN with a long path. */
const TOKEN_ESTIMATE = 'x'.repeat(96);

/**
 * Checks at synth that a rule's event pattern fits EventBridge's size quota:
 * warns over the default 2,048 characters, fails over the 4,096 maximum.
 * Values known only at deploy are counted at a generous length.
 */
export function checkPatternSize(rule: IConstruct, pattern: () => unknown): void {
  rule.node.addValidation({
    validate: () => {
      const size = JSON.stringify(estimate(Stack.of(rule).resolve(pattern()))).length;
      if (size > PATTERN_SIZE_MAX) {
        return [`The event pattern of ${rule.node.path} is about ${size} characters, over EventBridge's ${PATTERN_SIZE_MAX}-character maximum: ` +
          'watch fewer services (logServices) or split the role\'s parts into separate constructs.'];
      }
      if (size > PATTERN_SIZE_QUOTA) {
        Annotations.of(rule).addWarningV2('aws-break-glass-role:patternSize',
          `The event pattern is about ${size} characters, over EventBridge's default quota of ${PATTERN_SIZE_QUOTA}: ` +
          `raise the "Event pattern size" quota to ${PATTERN_SIZE_MAX} in every watched region before deploying.`);
      }
      return [];
    },
  });
}

/** The pattern with every CloudFormation intrinsic counted as a long string. */
function estimate(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(estimate);
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return TOKEN_ESTIMATE;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, estimate(item)]));
  }
  return value;
}
