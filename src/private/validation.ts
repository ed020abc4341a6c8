import { Fn, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describeValue } from './describe-value';
import { isFactoryMade } from './factory-made';
import { LogActions } from '../log-actions';
import { Username } from '../username';

// Pragmatic address check: one @, no spaces, a dotted domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// The start of a CloudTrail eventSource (`s3` in `s3.amazonaws.com`): lowercase letters, digits and dashes.
const SERVICE_PREFIX = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Throws unless `values` is a list of strings: JavaScript and the other
 * languages can hand in anything, and a list of something else must not
 * reach a policy or a pattern.
 */
export function validateStringList(prop: string, values: unknown, example: string): void {
  if (values === undefined) {
    return;
  }
  if (!Array.isArray(values)) {
    throw new Error(`${prop} is ${describeValue(values)}, not a list of strings: give a list such as [${example}].`);
  }
  values.forEach((value, index) => {
    if (typeof value !== 'string') {
      throw new Error(`${prop}[${index}] is ${describeValue(value)}, not a string: give strings only, such as [${example}].`);
    }
  });
}

/** Throws unless `value` is absent or a boolean: `'false'` or `0` from JavaScript must not be read as one. */
export function validateBoolean(prop: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new Error(`${prop} is ${describeValue(value)}, not a boolean: give true or false.`);
  }
}

/**
 * Throws unless `value` is absent or one of the enum's members: a JavaScript
 * caller can pass any string (`'read'`) where TypeScript wants a member.
 */
export function validateEnumMember(prop: string, value: unknown, members: { [name: string]: string }, enumName: string): void {
  if (value === undefined || Object.values(members).includes(value as string)) {
    return;
  }
  const names = Object.keys(members).map(name => `${enumName}.${name}`);
  throw new Error(`${prop} is ${describeValue(value)}, which is not a member of ${enumName}: ` +
    `give one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}.`);
}

/**
 * Throws unless `usernames` is a non-empty list of identities made by the
 * `Username` factories, each named once. A plain string or object, or one
 * made with `Object.create(Username.prototype)`, is refused: only the
 * factories check names and bind federated sessions to their role.
 */
export function validateUsernames(usernames: unknown): asserts usernames is Username[] {
  const factories = 'Username.iamUser(\'alice\'), Username.identityCenter(\'carol@example.com\', \'Admin\') or Username.federated(\'dave@example.com\', \'SamlRole\')';
  if (!Array.isArray(usernames)) {
    throw new Error(`usernames is ${describeValue(usernames)}, not a list of Username: give a list such as [${factories}].`);
  }
  if (usernames.length === 0) {
    throw new Error(`usernames must name at least one identity: give ${factories}.`);
  }
  usernames.forEach((username, index) => {
    if (!(username instanceof Username) || !isFactoryMade(username)) {
      throw new Error(`usernames[${index}] is ${describeValue(username)}, which is not made by a Username factory: ` +
        `make each identity with ${factories}.`);
    }
  });
  // IAM user names are unique regardless of case; a session is the same identity only through the same role.
  const seen = new Set<string>();
  for (const username of usernames as Username[]) {
    const grant = username._bind();
    const key = grant.userName !== undefined
      ? `user:${grant.userName.toLowerCase()}`
      : `session:${JSON.stringify(grant.roles)}:${grant.sessionName}`;
    if (seen.has(key) && !Token.isUnresolved(key)) {
      throw new Error(`usernames names ${username} twice: list each identity once.`);
    }
    seen.add(key);
  }
}

/** Throws unless every address is a plausible email address. */
export function validateEmails(prop: string, emails: string[]): void {
  validateStringList(prop, emails, '\'security@example.com\'');
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !EMAIL.test(email)) {
      throw new Error(`${prop} has '${email}', which is not an email address: give addresses like security@example.com.`);
    }
  }
}

/** Throws unless every service is the lowercase start of a CloudTrail `eventSource`, such as `s3` or `cloudformation`. */
export function validateServices(prop: string, services: string[]): void {
  validateStringList(prop, services, '\'s3\'');
  for (const service of services) {
    if (Token.isUnresolved(service)) {
      continue;
    }
    if (!SERVICE_PREFIX.test(service)) {
      const prefix = service.replace(/\.amazonaws\.com$/, '').toLowerCase();
      const hint = SERVICE_PREFIX.test(prefix)
        ? `write '${prefix}'`
        : 'use the lowercase name the service\'s CloudTrail eventSource starts with, such as \'s3\' or \'cloudformation\'';
      throw new Error(`${prop} has '${service}', which is not a service prefix: ${hint}.`);
    }
  }
  throwOnDuplicates(prop, services);
}

/** Throws unless every region is one `aws-cdk-lib/region-info` knows, or `*` (with opt-in regions beside it). */
export function validateRegions(prop: string, regions: string[]): void {
  validateStringList(prop, regions, '\'eu-west-1\'');
  const known = new Set(RegionInfo.regions.map(region => region.name));
  for (const region of regions) {
    if (Token.isUnresolved(region) || region === '*') {
      continue;
    }
    if (!known.has(region)) {
      throw new Error(`${prop} has '${region}', which is not a known AWS region: use a region code such as 'eu-west-1', or ['*'] for every region.`);
    }
  }
  const redundant = regions.filter(region => region !== '*' && !Token.isUnresolved(region) && !RegionInfo.get(region).isOptInRegion);
  if (regions.includes('*') && redundant.length > 0) {
    throw new Error(`${prop} names ${redundant.join(', ')} beside '*', which already watches every region enabled by default: beside '*', name only opt-in regions the account has enabled.`);
  }
  throwOnDuplicates(prop, regions);
}

/** Throws when a list names the same value twice. */
export function throwOnDuplicates(prop: string, values: string[], normalize: (value: string) => string = v => v): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (Token.isUnresolved(value)) {
      continue;
    }
    const key = normalize(value);
    if (seen.has(key)) {
      throw new Error(`${prop} names '${value}' twice: list each once.`);
    }
    seen.add(key);
  }
}

/**
 * The trail name in a trail ARN (`arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME`);
 * a token's name is taken from it at deploy.
 */
export function trailNameOf(prop: string, trailArn: string): string {
  if (Token.isUnresolved(trailArn)) {
    return Fn.select(1, Fn.split('/', trailArn));
  }
  const match = typeof trailArn === 'string' ? /^arn:[^:]+:cloudtrail:[^:]*:[^:]*:trail\/(.+)$/.exec(trailArn) : null;
  if (!match) {
    throw new Error(`${prop} has ${describeValue(trailArn)}, which is not a trail ARN: give arn:PARTITION:cloudtrail:REGION:ACCOUNT:trail/NAME.`);
  }
  return match[1];
}

/** The list, after checking it holds email addresses, each once (whatever their case). */
export function checkEmails(prop: string, emails: string[]): string[] {
  validateEmails(prop, emails);
  throwOnDuplicates(prop, emails, email => email.toLowerCase());
  return emails;
}

/** Throws unless `value` is an AWS Organizations organization id (`o-` and 10 to 32 lowercase letters or digits). */
export function validateOrganizationId(prop: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^o-[a-z0-9]{10,32}$/.test(value)) {
    throw new Error(`${prop} is ${describeValue(value)}, not an organization id: give the id AWS Organizations shows, such as 'o-a1b2c3d4e5'.`);
  }
}

/** Throws unless `value` is a 12-digit AWS account id. */
export function validateAccountId(prop: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) {
    throw new Error(`${prop} is ${describeValue(value)}, not an AWS account id: give the account's 12 digits as a string, such as '111122223333'.`);
  }
}

/**
 * Throws unless `values` is a non-empty list of organizational unit ids
 * (`ou-` …) or the organization's root id (`r-` …), each once.
 */
export function validateOrganizationalUnits(prop: string, values: unknown): asserts values is string[] {
  const example = '\'ou-ab12-cdefgh34\'';
  validateStringList(prop, values, example);
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`${prop} is ${describeValue(values)}: name at least one organizational unit, such as [${example}], or the root ('r-ab12') for every account.`);
  }
  for (const value of values as string[]) {
    if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(value)) {
      throw new Error(`${prop} has ${describeValue(value)}, not an organizational unit id: give ids such as [${example}], or the root ('r-ab12').`);
    }
  }
  throwOnDuplicates(prop, values as string[]);
}

/**
 * Checks what an action log records: `logActions` a member of `LogActions`
 * (a JavaScript caller can pass any string), `logServices` service names
 * and, when given, not empty: an empty list reads as "no service", yet
 * would record every service.
 */
export function validateLogActionsOptions(logActions: unknown, logServices: string[] | undefined): void {
  validateEnumMember('logActions', logActions, LogActions, 'LogActions');
  if (logServices?.length === 0) {
    throw new Error('logServices is empty: name the services to record, such as [\'s3\'], or leave logServices out to record every service.');
  }
  validateServices('logServices', logServices ?? []);
}

/**
 * Checks source identities: strings of 2 to 64 characters, letters, digits and
 * `_+=,.@-`, as STS accepts them
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, SourceIdentity).
 */
export function validateSourceIdentities(prop: string, values: string[] | undefined): void {
  validateStringList(prop, values, "'alice'");
  for (const value of values ?? []) {
    if (Token.isUnresolved(value)) {
      continue;
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(value)) {
      throw new Error(`${prop} has '${value}', which is not a source identity STS accepts: give 2 to 64 letters, digits or _+=,.@- such as 'alice'.`);
    }
  }
  throwOnDuplicates(prop, values ?? []);
}
