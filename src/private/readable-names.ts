import { createHash } from 'crypto';
import { Names, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The longest start of the names a watch gives its resources in other
 * regions: the longest suffix (`-Forward`) keeps rule names within
 * EventBridge's 64 characters, and `-Canary` the canary role's within IAM's.
 */
const MAX_BASE = 54;

/** The role's name, where it is known at synthesis: a role imported by name, or created with `roleName`. */
export function roleNameAtSynth(role: iam.IRole): string | undefined {
  if (!Token.isUnresolved(role.roleName)) {
    return role.roleName;
  }
  const cfnRole = role.node.defaultChild;
  return cfnRole instanceof iam.CfnRole && typeof cfnRole.roleName === 'string' && !Token.isUnresolved(cfnRole.roleName)
    ? cfnRole.roleName : undefined;
}

/**
 * How the names a person reads of a watch's resources start: the role's name and the home region
 * (`BreakGlass-us-east-2`), so two home regions watching one role name theirs apart in a shared region.
 * The names must suit every service's rules, the strictest being a StackSet's (a letter, then letters,
 * digits and hyphens): a role name's other characters (`+=,.@_`) become hyphens, and the name then ends
 * with a hash of the role's, so two such roles stay apart. A role whose name is known only at deploy gives
 * way to the watch's path (`BreakGlass-<path>-<home>`).
 */
export function watchNameBase(watch: Construct, role: iam.IRole, homeRegion: string): string {
  const roleName = roleNameAtSynth(role);
  if (roleName === undefined) {
    return `BreakGlass-${Names.uniqueResourceName(watch, { maxLength: MAX_BASE - 12 - homeRegion.length, separator: '-' })}-${homeRegion}`;
  }
  const safe = nameSafe(roleName, MAX_BASE);
  return fitName(`${/^[A-Za-z]/.test(safe) ? safe : `BreakGlass-${safe}`}-${homeRegion}`, MAX_BASE);
}

/**
 * A role's name as other services' names may hold it, in at most `max` characters: as it is when it has only
 * letters, digits and hyphens and fits, else with its other characters (`+=,.@_`) made hyphens, cut to fit and
 * ended with a hash of the role's name, so two roles stay apart.
 */
export function nameSafe(roleName: string, max: number): string {
  if (/^[A-Za-z0-9-]+$/.test(roleName) && roleName.length <= max) {
    return roleName;
  }
  const whole = hash(roleName);
  return `${roleName.replace(/[^A-Za-z0-9-]/g, '-').slice(0, max - whole.length - 1)}-${whole}`;
}

/** `name` as it is when it fits in `max` characters, else cut and ended with a hash of the whole, so two cut names stay apart. */
export function fitName(name: string, max: number): string {
  if (name.length <= max) {
    return name;
  }
  const whole = hash(name);
  return `${name.slice(0, max - whole.length - 1)}-${whole}`;
}

/** Eight hexadecimal digits that tell names apart. */
function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8).toUpperCase();
}
