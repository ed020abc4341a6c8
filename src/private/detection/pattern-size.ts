import { Annotations, CfnElement, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { IConstruct } from 'constructs';

/** EventBridge's default quota on an event pattern's size, in characters. */
export const PATTERN_SIZE_QUOTA = 2048;
/** The most that quota can be raised to. */
export const PATTERN_SIZE_MAX = 4096;
/** What a deploy-time value (an ARN or name) is counted as: an IAM role ARN with a long path. */
const TOKEN_ESTIMATE = 'x'.repeat(96);
/** What the name of a rule on the default bus (its `Ref`) is counted as: EventBridge's longest rule name. */
const RULE_NAME_ESTIMATE = 'x'.repeat(64);

/**
 * Checks at synth that a rule's event pattern fits EventBridge's size quota:
 * warns over the default 2,048 characters, fails over the 4,096 maximum.
 * Values known only at deploy are counted at a generous length.
 */
export function checkPatternSize(rule: IConstruct, pattern: () => unknown): void {
  rule.node.addValidation({
    validate: () => {
      const stack = Stack.of(rule);
      const defaultBusRules = new Set(stack.node.findAll()
        .filter((c): c is events.CfnRule => events.CfnRule.isCfnRule(c) && c.eventBusName === undefined)
        .map(c => stack.resolve((c as CfnElement).logicalId)));
      const size = JSON.stringify(estimate(stack.resolve(pattern()), defaultBusRules)).length;
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

/**
 * The pattern with every CloudFormation intrinsic counted as a long string: the `Ref` of a rule on the default bus
 * (its name) as the longest rule name, anything else as a long ARN.
 */
function estimate(value: unknown, defaultBusRules: Set<string>): unknown {
  if (Array.isArray(value)) {
    return value.map(item => estimate(item, defaultBusRules));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
      const [fn, arg] = entries[0];
      return fn === 'Ref' && defaultBusRules.has(arg as string) ? RULE_NAME_ESTIMATE : TOKEN_ESTIMATE;
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, estimate(item, defaultBusRules)]));
  }
  return value;
}
