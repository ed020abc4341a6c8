import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/*
 * The role the event patterns are about, and how its ARNs are matched.
 */

/** The role the patterns are about, as the template that holds them sees it. */
export interface WatchedRole {
  /** The role's ARN; for the role of every account, as alerts write it, with `<account>` the event's account. */
  readonly roleArn: string;
  readonly roleName: string;
  /** Account the role belongs to; `ANY_ACCOUNT` for the role of that name in every account. */
  readonly account: string;
  readonly partition: string;
  /**
   * Whether the role's path is unknown (a role imported by name): it is then
   * matched by its name under any path, as IAM role names are unique in an account.
   */
  readonly anyPath?: boolean;
}

/**
 * The account of an organization's role: whichever account the event is from,
 * as an input template writes it.
 */
export const ANY_ACCOUNT = '<account>';

/**
 * The role named `roleName` in every account of a partition, as the
 * organization hub watches it: its events arrive from the member accounts.
 */
export function organizationRole(roleName: string, partition: string): WatchedRole {
  return { roleArn: `arn:${partition}:iam::${ANY_ACCOUNT}:role/${roleName}`, roleName, account: ANY_ACCOUNT, partition };
}

/**
 * Match the role's ARN as a caller writes it (`requestParameters.roleArn`)
 * or as CloudTrail records a session's issuer: both carry the role's path
 * (`role/ops/BreakGlassOps`). IAM compares role names case-insensitively, so a
 * caller must not slip past by case. The role of every account is matched by
 * the end of its ARN: `:role/NAME`, the colon keeping `XBreakGlass` and a role
 * under a path apart. A role imported by name, whose path the construct cannot
 * know, is matched by its name under the root or any path, in its account (a
 * wildcard: `/NAME` must follow the path whole); an imported ARN's path is used as given.
 */
export function roleArnMatchers(role: WatchedRole): object[] {
  if (role.account === ANY_ACCOUNT) {
    return [{ suffix: { 'equals-ignore-case': `:role/${role.roleName}` } }];
  }
  return [
    { 'equals-ignore-case': role.roleArn },
    ...(role.anyPath ? [{ wildcard: `arn:${role.partition}:iam::${role.account}:role/*/${role.roleName}` }] : []),
  ];
}

/**
 * Matches the ARN of a session of the role (`arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION`).
 * The trailing slash keeps `BreakGlassOld` from matching `BreakGlass`. For the
 * role of every account, a wildcard on the account: STS writes the role's name
 * as IAM holds it, which is `roleName` as the organization's StackSet creates it.
 */
export function sessionArnMatcher(role: WatchedRole): object {
  return role.account === ANY_ACCOUNT
    ? { wildcard: `arn:${role.partition}:sts::*:assumed-role/${role.roleName}/*` }
    : { prefix: { 'equals-ignore-case': `arn:${role.partition}:sts::${role.account}:assumed-role/${role.roleName}/` } };
}

/** Describes a role for patterns in its own stack. */
export function watchedRole(role: iam.IRole): WatchedRole {
  return {
    roleArn: role.roleArn,
    roleName: role.roleName,
    account: role.env.account ?? Stack.of(role).account,
    partition: Aws.PARTITION,
    anyPath: importedByName(role),
  };
}

/**
 * Whether `role` was imported by its name alone (`Role.fromRoleName`), which
 * writes its ARN at the root path, whatever path the role lives under: its
 * ARN is then the partition's and account's tokens joined to `:role/NAME`.
 */
function importedByName(role: iam.IRole): boolean {
  if (role instanceof iam.Role || Token.isUnresolved(role.roleName)) {
    return false;
  }
  const arn = Stack.of(role).resolve(role.roleArn);
  if (typeof arn === 'string' || !Array.isArray(arn?.['Fn::Join']?.[1])) {
    return false;
  }
  const parts: unknown[] = arn['Fn::Join'][1];
  const last = parts[parts.length - 1];
  return typeof last === 'string' && last.endsWith(`:role/${role.roleName}`);
}
