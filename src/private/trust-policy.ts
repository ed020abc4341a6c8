import { Token } from 'aws-cdk-lib';
import { trustRegionStatement } from './regions/role-regions';
import { TrustGrant } from './trust';
import { Username } from '../username';

/** The IAM policy variable an IAM user's session name must equal: the user's own name. */
export const SESSION_NAMED_AS_USER = '${aws:username}';

/** IAM's default limit on a role trust policy, in characters without white space. */
export const TRUST_POLICY_LIMIT = 2048;

/** A stand-in account root, the length of a real one, to measure the policy. */
const SAMPLE_ACCOUNT_ROOT = 'arn:aws:iam::123456789012:root';
/** A stand-in for the role ARNs' account part, the length of a real one, to measure the policy. */
const sampleRoleArn = (resourceName: string) => `arn:aws:iam::123456789012:role/${resourceName}`;

/** Makes the ARN of a role of the stack's account from what follows `role/` (its path and name). */
export type RoleArnOf = (resourceName: string) => string;

/**
 * The conditions of each trust statement: one for IAM users (by `aws:username`,
 * case-insensitive, with MFA when required, and only for a session named as
 * the user, so the session's ARN names its person) and one for each role that role
 * sessions arrive through, checking the role (`aws:PrincipalArn`) and the
 * session name (`aws:userid` is `ROLEID:SESSION` for a role session) in the same
 * statement, so a session is admitted only through the role it is bound to.
 * Every statement has a condition: none admits the whole account.
 *
 * `aws:PrincipalArn` of a role session is the ARN of the role, with its path, not the session's ARN
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn);
 * `aws:userid` of a role session is `ROLEID:SESSIONNAME`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable).
 * `sts:RoleSessionName` equal to `${aws:username}` is the IAM User Guide's own
 * example for that key, requiring IAM users to name the session after themselves
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname);
 * the console's switch role names an IAM user's session after the user.
 *
 * No statement requires a source identity: the console's switch role cannot
 * set one, and a session that carries one can chain only into roles that trust
 * `sts:SetSourceIdentity`. An IAM user who sets one must give their own name,
 * as the IAM User Guide's example binds it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
 */
export function trustConditions(usernames: Username[], requireMfa: boolean, roleArnOf: RoleArnOf): Array<{ [operator: string]: unknown }> {
  const grants: TrustGrant[] = usernames.map(username => username._bind());
  const conditions: Array<{ [operator: string]: unknown }> = [];
  const iamUsers = grants.flatMap(grant => (grant.userName !== undefined ? [grant.userName] : []));
  if (iamUsers.length > 0) {
    conditions.push({
      StringEqualsIgnoreCase: { 'aws:username': iamUsers },
      StringEquals: { 'sts:RoleSessionName': SESSION_NAMED_AS_USER },
      StringEqualsIfExists: { 'sts:SourceIdentity': SESSION_NAMED_AS_USER },
      ...(requireMfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : {}),
    });
  }
  // One statement per arriving role, listing the sessions bound to it, in the order first named.
  const byRole = new Map<string, { operator: string; resourceNames: string[]; sessions: string[] }>();
  for (const grant of grants) {
    if (grant.roles === undefined || grant.sessionName === undefined) {
      continue;
    }
    const key = JSON.stringify(grant.roles);
    const entry = byRole.get(key) ?? { ...grant.roles, sessions: [] };
    entry.sessions.push(`*:${grant.sessionName}`);
    byRole.set(key, entry);
  }
  for (const { operator, resourceNames, sessions } of byRole.values()) {
    const roleArns = resourceNames.map(roleArnOf);
    conditions.push({
      [operator]: { 'aws:PrincipalArn': roleArns.length === 1 ? roleArns[0] : roleArns },
      StringLike: { 'aws:userid': sessions },
    });
  }
  return conditions;
}

/**
 * The actions each statement admits: the assumption, and the source identity
 * a caller may set, or carries from a session that has one. A source identity
 * persists across role chaining, and then the trust of the role chained into
 * must allow `sts:SetSourceIdentity`, or the assumption fails
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms):
 * without it, a person whose identity provider sets one would be locked out.
 */
export const TRUSTED_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity'];

/**
 * A trust policy that lets the account `accountRoot` assume the role under each
 * of these conditions, one statement each; with `regions`, only through the
 * STS endpoints of those regions (`aws:RequestedRegion`).
 */
export function trustPolicyDocument(conditions: Array<{ [operator: string]: unknown }>, accountRoot: unknown, regions?: string[]): object {
  return {
    Version: '2012-10-17',
    Statement: [
      ...conditions.map(condition => ({
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: TRUSTED_ACTIONS,
        Condition: condition,
      })),
      ...(regions ? [trustRegionStatement(regions, accountRoot)] : []),
    ],
  };
}

/** The length IAM counts for a trust policy made of these conditions, and the regions it admits. */
export function trustPolicyLength(conditions: Array<{ [operator: string]: unknown }>, regions?: string[]): number {
  return JSON.stringify(trustPolicyDocument(conditions, SAMPLE_ACCOUNT_ROOT, regions)).length;
}

/**
 * Throws when the trust policy for these identities, admitting them in
 * `regions`, is over IAM's limit, saying how many of them fit.
 */
export function validateTrustPolicySize(usernames: Username[], requireMfa: boolean, regions?: string[]): void {
  const lengthOf = (some: Username[]) => trustPolicyLength(trustConditions(some, requireMfa, sampleRoleArn), regions);
  const length = lengthOf(usernames);
  if (length <= TRUST_POLICY_LIMIT) {
    return;
  }
  let fit = usernames.length - 1;
  while (fit > 0 && lengthOf(usernames.slice(0, fit)) > TRUST_POLICY_LIMIT) {
    fit--;
  }
  throw new Error(
    `usernames: the role's trust policy for these ${usernames.length} identities is ${length} characters, ` +
    `over IAM's default limit of ${TRUST_POLICY_LIMIT}. The first ${fit} of them fit: list fewer identities, ` +
    'or shorter names, or grant access through a group of federated users' +
    (regions && regions.length > 0 ? `; the ${regions.length} watched regions the trust admits count too.` : '.'));
}

/**
 * The source identities the role's people can carry: an IAM user's name, which
 * the trust binds, and a federated person's session name, which their
 * identity provider may set as theirs. Those STS would not take are left out.
 */
export function sourceIdentitiesOf(usernames: Username[]): string[] | undefined {
  const names = usernames.map(username => username._bind()).map(grant => grant.userName ?? grant.sessionName)
    .filter((name): name is string => name !== undefined && !Token.isUnresolved(name) && /^[\w+=,.@-]{2,64}$/.test(name));
  const unique = [...new Set(names)];
  return unique.length > 0 ? unique : undefined;
}
