/**
 * A request's condition keys, such as `aws:RequestedRegion`. A key set to
 * `null` is known to be absent from the request (an IAM user has no
 * `aws:userid` of a role session's shape, a role session no `aws:username`);
 * a key missing from the object is one the test did not think of, and throws.
 */
export type IamContext = { readonly [key: string]: string | null };

/** A request as an identity policy sees it. */
export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: IamContext;
}

/** A request to assume a role, as the role's trust policy sees it. */
export interface TrustRequest {
  /** The caller's ARN: `arn:aws:iam::ACCOUNT:user/NAME` or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  readonly principal: string;
  readonly action: string;
  readonly context: IamContext;
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

/**
 * Whether a resolved role trust policy lets a principal assume the role: some
 * Allow statement matches the caller (by `Principal`), the action and the
 * conditions, and no Deny does. Models `Principal: { AWS }` as an account
 * (`arn:PARTITION:iam::ACCOUNT:root` or the 12-digit ID: any principal of that
 * account) or an exact principal ARN; any other principal throws.
 */
export function trustPolicyAllows(statements: any[], request: TrustRequest): boolean {
  const matching = statements.filter(statement => trustMatches(statement, request));
  return matching.some(s => s.Effect === 'Allow') && !matching.some(s => s.Effect === 'Deny');
}

const KNOWN_ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Condition']);
const KNOWN_TRUST_ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'Principal', 'Condition']);

function matches(statement: any, request: IamRequest): boolean {
  rejectUnknown(statement, KNOWN_ELEMENTS);
  return actionMatches(statement, request.action)
    && [statement.Resource].flat().some((resource: string) => glob(resource, request.resource, false))
    && conditionsHold(statement, request.context);
}

/** `Action`: the request's action is one listed; `NotAction`: it is none of those listed. Exactly one of them, as IAM requires. */
function actionMatches(statement: any, action: string): boolean {
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    throw new Error('a statement needs exactly one of Action and NotAction');
  }
  const listed = [statement.Action ?? statement.NotAction].flat().some((pattern: string) => glob(pattern, action, true));
  return statement.Action !== undefined ? listed : !listed;
}

function trustMatches(statement: any, request: TrustRequest): boolean {
  rejectUnknown(statement, KNOWN_TRUST_ELEMENTS);
  return principalMatches(statement.Principal, request.principal)
    && actionMatches(statement, request.action)
    && conditionsHold(statement, request.context);
}

function rejectUnknown(statement: any, known: Set<string>): void {
  const unknown = Object.keys(statement).filter(key => !known.has(key));
  if (unknown.length > 0) {
    throw new Error(`policy element ${unknown.join(', ')} is not modelled`);
  }
}

function principalMatches(principal: any, caller: string): boolean {
  const kinds = Object.keys(principal ?? {});
  if (typeof principal !== 'object' || kinds.length !== 1 || kinds[0] !== 'AWS') {
    throw new Error(`principal ${JSON.stringify(principal)} is not modelled`);
  }
  const callerAccount = caller.split(':')[4];
  return [principal.AWS].flat().some((value: string) => {
    const account = /^(\d{12})$/.exec(value)?.[1] ?? /^arn:[\w-]+:iam::(\d{12}):root$/.exec(value)?.[1];
    if (account !== undefined) {
      return account === callerAccount;
    }
    if (/^arn:[\w-]+:(iam|sts)::\d{12}:[^*?]+$/.test(value)) {
      return value === caller;
    }
    throw new Error(`principal ${value} is not modelled`);
  });
}

function conditionsHold(statement: any, context: IamContext): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) => conditionHolds(operator, keys as object, context));
}

/**
 * Each operator: whether it holds for the policy's values and the request's
 * value, and what it gives when the key is absent (false, but for the
 * negated operators, as IAM evaluates them).
 */
const OPERATORS: { [operator: string]: { holds: (values: string[], actual: string) => boolean; whenAbsent: boolean } } = {
  StringEquals: { holds: (values, actual) => values.includes(actual), whenAbsent: false },
  StringNotEquals: { holds: (values, actual) => !values.includes(actual), whenAbsent: true },
  // ...IfExists: as the operator where the key is present, true where it is absent.
  StringEqualsIfExists: { holds: (values, actual) => values.includes(actual), whenAbsent: true },
  StringEqualsIgnoreCase: { holds: (values, actual) => values.some(value => value.toLowerCase() === actual.toLowerCase()), whenAbsent: false },
  StringLike: { holds: (values, actual) => values.some(value => glob(value, actual, false)), whenAbsent: false },
  // IAM documents ArnEquals and ArnLike alike: each of the six colon-separated parts matched on its own, case-sensitively, with * and ?.
  ArnEquals: { holds: (values, actual) => values.some(value => arnLike(value, actual)), whenAbsent: false },
  ArnLike: { holds: (values, actual) => values.some(value => arnLike(value, actual)), whenAbsent: false },
  Bool: { holds: (values, actual) => values.some(value => boolValue(value) === boolValue(actual)), whenAbsent: false },
};

function conditionHolds(operator: string, keys: object, context: IamContext): boolean {
  const modelled = OPERATORS[operator];
  if (!modelled) {
    throw new Error(`condition operator ${operator} is not modelled`);
  }
  return Object.entries(keys).every(([key, expected]) => {
    const actual = context[key];
    if (actual === undefined) {
      throw new Error(`condition key ${key} is not in the request's context`);
    }
    const values = [expected].flat().map((value: string) => withPolicyVariables(value, context));
    // A value naming a policy variable the request lacks matches nothing.
    return actual === null ? modelled.whenAbsent : modelled.holds(values.filter((v): v is string => v !== undefined), actual);
  });
}

/**
 * A condition value with each policy variable (`${aws:username}`) replaced by the request's value of that key;
 * undefined when the request lacks one (IAM: the variable's element does not match).
 */
function withPolicyVariables(value: string, context: IamContext): string | undefined {
  let missing = false;
  const replaced = value.replace(/\$\{([^}]+)\}/g, (_match, key: string) => {
    const actual = context[key];
    if (actual === undefined) {
      throw new Error(`policy variable \${${key}} is not in the request's context`);
    }
    missing ||= actual === null;
    return actual ?? '';
  });
  return missing ? undefined : replaced;
}

function arnLike(pattern: string, arn: string): boolean {
  const split = (value: string) => {
    const parts = value.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const patternParts = split(pattern);
  const arnParts = split(arn);
  if (patternParts === undefined) {
    throw new Error(`ARN pattern ${pattern} is not an ARN`);
  }
  return arnParts !== undefined && patternParts.every((part, index) => glob(part, arnParts[index], false));
}

function boolValue(value: string): boolean {
  if (!/^(true|false)$/i.test(value)) {
    throw new Error(`Bool value ${value} is not modelled`);
  }
  return value.toLowerCase() === 'true';
}

/** IAM wildcard matching: `*` any run of characters, `?` any one; actions ignore case. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** A request as a resource's policy sees it: who calls, and in what context. */
export interface ResourceRequest extends IamRequest {
  /** The caller's ARN. */
  readonly principal: string;
}

/**
 * Whether a resolved resource policy (an event bus's, a topic's) allows a
 * request: some Allow statement matches the caller, the action, the resource
 * and the conditions, and no Deny does. Models `Principal: "*"` (and
 * `{ AWS: "*" }`) as anyone, to be narrowed by conditions, and
 * `{ Service: NAME }` as the service of that name calling, besides what
 * `trustPolicyAllows` models.
 */
export function resourcePolicyAllows(statements: any[], request: ResourceRequest): boolean {
  const matching = statements.filter(statement => {
    rejectUnknown(statement, KNOWN_RESOURCE_ELEMENTS);
    const anyone = statement.Principal === '*' || (typeof statement.Principal === 'object' && statement.Principal.AWS === '*');
    // A service principal, such as `events.amazonaws.com`, is the caller of that name.
    const service = typeof statement.Principal === 'object' && Object.keys(statement.Principal).join() === 'Service';
    const caller = service ? [statement.Principal.Service].flat().includes(request.principal)
      : anyone || principalMatches(statement.Principal, request.principal);
    return caller && matches(withoutPrincipal(statement), request);
  });
  return matching.some(s => s.Effect === 'Allow') && !matching.some(s => s.Effect === 'Deny');
}

const KNOWN_RESOURCE_ELEMENTS = new Set([...KNOWN_TRUST_ELEMENTS, 'Resource']);

function withoutPrincipal(statement: any): any {
  const { Principal: _principal, ...rest } = statement;
  return rest;
}
