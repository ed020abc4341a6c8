/** A request as an identity policy sees it. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  /** The request's condition keys, such as `aws:RequestedRegion`. */
  readonly context: { [key: string]: string };
}

/**
 * Whether resolved identity-policy statements allow a request: some Allow
 * statement matches it and no Deny does. Models Action, Resource and the
 * string condition operators; any other element or operator throws, so a
 * policy the model cannot read never passes by accident.
 */
export function policyAllows(statements: any[], request: IamRequest): boolean {
  const matching = statements.filter(statement => matches(statement, request));
  return matching.some(s => s.Effect === 'Allow') && !matching.some(s => s.Effect === 'Deny');
}

const KNOWN_ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);

function matches(statement: any, request: IamRequest): boolean {
  const unknown = Object.keys(statement).filter(key => !KNOWN_ELEMENTS.has(key));
  if (unknown.length > 0) {
    throw new Error(`policy element ${unknown.join(', ')} is not modelled`);
  }
  return [statement.Action].flat().some((action: string) => glob(action, request.action, true))
    && [statement.Resource].flat().some((resource: string) => glob(resource, request.resource, false))
    && Object.entries(statement.Condition ?? {}).every(([operator, keys]) => conditionHolds(operator, keys as object, request));
}

const OPERATORS: { [operator: string]: (values: string[], actual: string) => boolean } = {
  StringEquals: (values, actual) => values.includes(actual),
  StringNotEquals: (values, actual) => !values.includes(actual),
  StringLike: (values, actual) => values.some(value => glob(value, actual, false)),
};

function conditionHolds(operator: string, keys: object, request: IamRequest): boolean {
  const holds = OPERATORS[operator];
  if (!holds) {
    throw new Error(`condition operator ${operator} is not modelled`);
  }
  return Object.entries(keys).every(([key, expected]) => {
    const actual = request.context[key];
    if (actual === undefined) {
      throw new Error(`condition key ${key} is not in the request's context`);
    }
    return holds([expected].flat(), actual);
  });
}

/** IAM wildcard matching: `*` any run of characters, `?` any one; actions ignore case. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}
