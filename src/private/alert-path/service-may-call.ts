/**
 * Whether an AWS service principal may make a call under a resource policy (a
 * topic's, a key's), read the way IAM evaluates it, and what refuses when it
 * may not. Runtime code: it runs in the alert path check's function.
 *
 * An explicit Deny overrides any Allow, and with no Allow the call is refused
 * (IAM User Guide, "Policy evaluation logic":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * Each element of a statement reads yes, no, or unknown; a statement applies
 * when all read yes, cannot apply when one reads no, and may apply otherwise.
 * An Allow counts only when it surely applies; a Deny refuses when it may.
 */

/** A call a service principal makes on a resource. */
export interface ServiceCall {
  /** The service principal, such as `events.amazonaws.com`. */
  readonly service: string;
  /** Such as `sns:Publish`, `kms:GenerateDataKey` or `kms:Decrypt`. */
  readonly action: string;
  /** The topic's or key's ARN. */
  readonly resource: string;
  /** Condition keys of the request, e.g. aws:SourceArn (rule ARN), aws:SourceAccount, aws:SecureTransport 'true'. */
  readonly context: { readonly [key: string]: string };
}

/** Whether the call is allowed, and why not. */
export interface CallVerdict {
  /** true only when some Allow statement surely applies and no Deny statement may apply. */
  readonly allowed: boolean;
  /** Why not (empty when allowed): each statement that refuses or cannot be read, or that none allows. */
  readonly reasons: string[];
}

/**
 * Condition keys a service principal's request is known to carry only when
 * the context gives them: absent from the context, they are known absent
 * (and evaluated as IAM evaluates a missing key). A `*` ends a prefix. Any
 * other key missing from the context is unknown: its condition may go either way.
 */
export const KNOWN_KEYS: readonly string[] = [
  'aws:SourceArn', 'aws:SourceAccount', 'aws:SecureTransport', 'aws:PrincipalServiceName', 'aws:SourceOrgID',
  'aws:PrincipalOrgID', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:userid', 'aws:username', 'aws:PrincipalType',
  'kms:CallerAccount', 'kms:ViaService', 'kms:EncryptionContext:*',
];

type Reading = true | false | string;

/**
 * Reads `policy` (a policy document's JSON) for `call`. A policy that is
 * missing or not JSON with a `Statement` is never read as allowing.
 */
export function serviceMayCall(policy: string | undefined, call: ServiceCall): CallVerdict {
  const what = `${call.service} ${call.action}`;
  let statements: unknown[];
  try {
    const document = JSON.parse(policy ?? '');
    statements = [document.Statement ?? []].flat();
    if (statements.length === 0) {
      return { allowed: false, reasons: [`the policy has no statement, so nothing allows ${what}`] };
    }
  } catch {
    return { allowed: false, reasons: [`the policy is ${policy ? 'not a readable policy document' : 'empty'}, so nothing is known to allow ${what}`] };
  }
  const refusals: string[] = [];
  const uncounted: string[] = [];
  let allowed = false;
  statements.forEach((statement: any, index) => {
    const name = typeof statement?.Sid === 'string' && statement.Sid !== '' ? `statement "${statement.Sid}"` : `statement ${index}`;
    const effect = statement?.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') {
      refusals.push(`${name} has Effect ${JSON.stringify(effect)}, which the check cannot read`);
      return;
    }
    let reading: Reading;
    try {
      reading = applies(statement, call);
    } catch {
      // A malformed element (a Condition block that is not an object, say): never read as allowing, nor as harmless.
      reading = 'has a malformed element, which the check cannot evaluate';
    }
    if (effect === 'Allow') {
      allowed ||= reading === true;
      if (typeof reading === 'string') {
        uncounted.push(`${name} (Allow) ${reading}, so it is not counted as allowing`);
      }
    } else if (reading !== false) {
      refusals.push(reading === true ? `${name} (Deny) refuses ${what}` : `${name} (Deny) ${reading}`);
    }
  });
  if (!allowed) {
    return { allowed: false, reasons: [`no statement allows ${what} on ${call.resource}`, ...uncounted, ...refusals] };
  }
  return { allowed: refusals.length === 0, reasons: refusals };
}

const ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/** All of the statement's elements, read in turn: the first no decides; else the first unknown. */
function applies(statement: any, call: ServiceCall): Reading {
  const unknown = Object.keys(statement).find(element => !ELEMENTS.has(element));
  const readings: Array<() => Reading> = [
    () => (unknown === undefined ? true : `has element ${unknown}, which the check cannot evaluate`),
    () => principal(statement, call.service),
    () => listed(statement, 'Action', call.action, true),
    // A statement without Resource or NotResource (unusual, even in a key policy) is read as naming every resource.
    () => (statement.Resource === undefined && statement.NotResource === undefined ? true
      : listed(statement, 'Resource', call.resource, false, call.context)),
    ...Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys as object).map(([key, values]) => () => condition(operator, key, [values].flat(), call))),
  ];
  let result: Reading = true;
  for (const reading of readings.map(read => read())) {
    if (reading === false) {
      return false;
    }
    result = result === true ? reading : result;
  }
  return result;
}

/**
 * `Principal` names the service as `*`, `{ AWS: '*' }` or `{ Service: ... }`; an account, role or
 * user never is a service. `NotPrincipal` (IAM supports it only with Deny) names every principal but
 * those listed, so a service not in its `Service` list (nor `*`) is named (IAM User Guide, "AWS JSON
 * policy elements: NotPrincipal": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
function principal(statement: any, service: string): Reading {
  // Whether a principal element names the service; one naming it in another case reads unknown (no guess either way).
  const names = (value: any): Reading => {
    const services = [value?.Service].flat().filter(s => typeof s === 'string');
    if (value === '*' || [value?.AWS].flat().includes('*') || services.includes(service)) {
      return true;
    }
    return services.some(s => s.toLowerCase() === service.toLowerCase()) ? `names ${service} in another case, which the check cannot evaluate` : false;
  };
  if (statement.Principal !== undefined) {
    return names(statement.Principal);
  }
  if (statement.NotPrincipal === undefined) {
    return 'has no Principal, which the check cannot evaluate';
  }
  const excepted = names(statement.NotPrincipal);
  return typeof excepted === 'string' ? excepted : !excepted;
}

/** `Action` (case-insensitive) or `Resource` (case-sensitive) lists the value, with `*` and `?`; `Not...` lists it not. */
function listed(statement: any, element: string, value: string, ignoreCase: boolean, context?: ServiceCall['context']): Reading {
  const patterns = statement[element] ?? statement[`Not${element}`];
  if (patterns === undefined) {
    return `has no ${element}, which the check cannot evaluate`;
  }
  const resolved = [patterns].flat().map((pattern: string) => (context ? substitute(String(pattern), context) : String(pattern)));
  if (resolved.includes(null)) {
    return `names a policy variable in ${element}, which the check cannot evaluate`;
  }
  const found = resolved.some(pattern => typeof pattern === 'string' && glob(pattern, value, ignoreCase));
  return statement[element] !== undefined ? found : !found;
}

/**
 * Operators: whether the request's value matches one of the policy's values (a negated
 * operator holds when none does: IAM evaluates its values as NOR). Condition key names
 * ignore case. IAM User Guide, "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html),
 * and "Conditions with multiple context keys or values"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
 */
const MATCHES: { [operator: string]: (policy: string, actual: string) => boolean } = {
  StringEquals: (policy, actual) => policy === actual,
  StringEqualsIgnoreCase: (policy, actual) => policy.toLowerCase() === actual.toLowerCase(),
  StringLike: (policy, actual) => glob(policy, actual, false),
  // ArnEquals and ArnLike are documented alike: each of the six colon-separated parts matched on its own, with `*` and `?`.
  ArnEquals: arnLike,
  ArnLike: arnLike,
  Bool: (policy, actual) => policy.toLowerCase() === actual.toLowerCase(),
};
const NEGATED: { [operator: string]: string } = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/**
 * One operator on one key. A key known absent: `...IfExists` holds, a negated operator holds,
 * `Null: true` holds, any other does not; `ForAllValues:` holds on the empty set, `ForAnyValue:`
 * does not ("Single-valued vs. multivalued context keys":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 * A single-valued key's value is read as a one-element set.
 */
function condition(qualified: string, key: string, values: unknown[], call: ServiceCall): Reading {
  const [, set, operator, ifExists] = /^(ForAnyValue:|ForAllValues:)?(.*?)(IfExists)?$/.exec(qualified)!;
  const base = NEGATED[operator] ?? operator;
  if (!MATCHES[base] && operator !== 'Null') {
    return `uses condition operator ${qualified}, which the check cannot evaluate`;
  }
  const actual = lookup(call.context, key);
  if (actual === undefined) {
    if (!KNOWN_KEYS.some(known => glob(known, key, true))) {
      return `conditions on ${key}, which the check cannot evaluate for ${call.service}`;
    }
    return operator === 'Null' ? values.some(v => String(v).toLowerCase() === 'true')
      : set !== undefined ? set === 'ForAllValues:' : ifExists !== undefined || NEGATED[operator] !== undefined;
  }
  if (operator === 'Null') {
    return values.some(v => String(v).toLowerCase() === 'false');
  }
  const resolved = values.map(v => substitute(String(v), call.context));
  if (resolved.includes(null)) {
    return `conditions on a policy variable in ${key}, which the check cannot evaluate for ${call.service}`;
  }
  const matched = resolved.some(v => v !== undefined && MATCHES[base](v as string, actual));
  return NEGATED[operator] !== undefined ? !matched : matched;
}

/**
 * The context's value of a key: condition key names ignore case ("IAM JSON policy elements: Condition":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 */
function lookup(context: ServiceCall['context'], key: string): string | undefined {
  const name = Object.keys(context).find(k => k.toLowerCase() === key.toLowerCase());
  return name === undefined ? undefined : context[name];
}

/**
 * A value with its policy variables (`${aws:SourceAccount}`, `${*}`, `${?}`, `${$}`) replaced
 * ("IAM policy elements: Variables and tags": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * undefined when a variable's key is known absent (the value then matches nothing), null when it is unknown.
 */
function substitute(value: string, context: ServiceCall['context']): string | undefined | null {
  let absent = false;
  let unknown = false;
  const special: { [name: string]: string } = { '*': '\u0000', '?': '\u0001', '$': '$' };
  const replaced = value.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    const actual = special[name] ?? lookup(context, name);
    if (actual === undefined) {
      absent = true;
      unknown ||= !KNOWN_KEYS.some(known => glob(known, name, true));
    }
    return actual ?? '';
  });
  return unknown ? null : absent ? undefined : replaced;
}

function arnLike(pattern: string, arn: string): boolean {
  const split = (value: string) => {
    const parts = value.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const patternParts = split(pattern);
  const arnParts = split(arn);
  return patternParts !== undefined && arnParts !== undefined && patternParts.every((part, i) => glob(part, arnParts[i], false));
}

/** IAM wildcards: `*` any run of characters, `?` any one; `${*}` and `${?}` (here \u0000, \u0001) the characters themselves. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c === '\u0000' ? '\\*' : c === '\u0001' ? '\\?'
    : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}
