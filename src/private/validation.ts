import { Fn, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { LogActions } from '../log-actions';

// Pragmatic address check: one @, no spaces, a dotted domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// The start of a CloudTrail eventSource (`s3` in `s3.amazonaws.com`): lowercase letters, digits and dashes.
const SERVICE_PREFIX = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Throws unless every address is a plausible email address. */
export function validateEmails(prop: string, emails: string[]): void {
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !EMAIL.test(email)) {
      throw new Error(`${prop} has '${email}', which is not an email address: give addresses like security@example.com.`);
    }
  }
}

/** Throws unless every service is the lowercase start of a CloudTrail `eventSource`, such as `s3` or `cloudformation`. */
export function validateServices(prop: string, services: string[]): void {
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

/** A value as an error message shows it: strings quoted, anything else as JSON or its type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return String(value);
  }
  // A value class of the library says how it was made.
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.toString !== Object.prototype.toString) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
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

/** The list, after checking it is a list of strings (callers in other languages, or JavaScript, can pass anything). */
export function checkStrings(prop: string, values: unknown): string[] {
  if (!Array.isArray(values)) {
    throw new Error(`${prop} is ${describeValue(values)}, not a list: give a list of strings, such as ['a'].`);
  }
  const wrong = values.findIndex(value => typeof value !== 'string');
  if (wrong >= 0) {
    throw new Error(`${prop} has ${describeValue(values[wrong])}, which is not a string: give a list of strings.`);
  }
  return values as string[];
}

/**
 * The mode, after checking it is one of `LogActions` (JavaScript, or a caller
 * in another language, can pass any string).
 */
export function checkLogActions(mode: LogActions): LogActions {
  if (!Object.values(LogActions).includes(mode)) {
    throw new Error(`logActions is '${String(mode)}', not a LogActions member: give LogActions.ALL, LogActions.READ or LogActions.WRITE.`);
  }
  return mode;
}

/** The list, after checking it holds email addresses, each once (whatever their case). */
export function checkEmails(prop: string, values: unknown): string[] {
  const emails = checkStrings(prop, values);
  validateEmails(prop, emails);
  throwOnDuplicates(prop, emails, email => email.toLowerCase());
  return emails;
}
