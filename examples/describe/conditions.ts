/** A CloudFormation condition where a template is deployed: true, false, or undefined when it cannot be told from the template. */
export type Truth = boolean | undefined;

/** What conditions are evaluated with: the pseudo parameters known where the template is deployed. */
export interface ConditionContext {
  readonly account: string;
  readonly region: string;
}

/**
 * Evaluates the condition `name` of a template's `Conditions` section: Fn::Equals,
 * Fn::Not, Fn::And, Fn::Or and Condition over literals and Ref to AWS::Region,
 * AWS::AccountId (when it is a known account) and AWS::Partition; anything else is unknown.
 */
export function evaluateCondition(conditions: { [name: string]: unknown }, name: string, context: ConditionContext): Truth {
  const seen = new Set<string>();
  const named = (condition: string): Truth => {
    if (seen.has(condition) || !(condition in conditions)) {
      return undefined;
    }
    seen.add(condition);
    try {
      return truth(conditions[condition]);
    } finally {
      seen.delete(condition);
    }
  };
  const truth = (expression: any): Truth => {
    const [fn, args] = Object.entries(expression ?? {})[0] ?? [];
    const operands: any[] = Array.isArray(args) ? args : [];
    switch (fn) {
      case 'Fn::Equals':
        return equals(operandValue(operands[0], context), operandValue(operands[1], context));
      case 'Fn::Not':
        return negate(truth(operands[0]));
      case 'Fn::And':
        return all(operands.map(truth));
      case 'Fn::Or':
        return negate(all(operands.map(operand => negate(truth(operand)))));
      case 'Condition':
        return named(String(args));
      default:
        return undefined;
    }
  };
  return named(name);
}

/** A literal, or a pseudo parameter known where the template is deployed; undefined otherwise. */
function operandValue(operand: unknown, context: ConditionContext): string | undefined {
  if (typeof operand === 'string' || typeof operand === 'number' || typeof operand === 'boolean') {
    return String(operand);
  }
  const ref = (operand as any)?.Ref;
  const known: { [name: string]: string | undefined } = {
    'AWS::Region': context.region,
    'AWS::AccountId': /^\d{12}$/.test(context.account) ? context.account : undefined,
    'AWS::Partition': 'aws',
  };
  return typeof ref === 'string' ? known[ref] : undefined;
}

function equals(a: string | undefined, b: string | undefined): Truth {
  return a === undefined || b === undefined ? undefined : a === b;
}

function negate(value: Truth): Truth {
  return value === undefined ? undefined : !value;
}

/** True when every value is, false when one is not, otherwise unknown. */
function all(values: Truth[]): Truth {
  return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
}
