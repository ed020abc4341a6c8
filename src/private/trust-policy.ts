import { Username, UsernameKind } from '../username';

/** IAM's default limit on a role trust policy, in characters without white space. */
export const TRUST_POLICY_LIMIT = 2048;

/** A stand-in account root, the length of a real one, to measure the policy. */
const SAMPLE_ACCOUNT_ROOT = 'arn:aws:iam::123456789012:root';

/**
 * The conditions of each trust statement: one for IAM users (by `aws:username`,
 * case-insensitive, with MFA when required) and one for federated users (by the
 * session part of `aws:userid`). Every statement has a condition: none admits
 * the whole account.
 */
export function trustConditions(usernames: Username[], requireMfa: boolean): Array<{ [operator: string]: unknown }> {
  const namesOf = (kind: UsernameKind) => usernames.filter(u => u.kind === kind).map(u => u.name);
  const iamUsers = namesOf(UsernameKind.IAM_USER);
  const federated = namesOf(UsernameKind.FEDERATED);
  const conditions: Array<{ [operator: string]: unknown }> = [];
  if (iamUsers.length > 0) {
    conditions.push({
      StringEqualsIgnoreCase: { 'aws:username': iamUsers },
      ...(requireMfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : {}),
    });
  }
  if (federated.length > 0) {
    conditions.push({ StringLike: { 'aws:userid': federated.map(name => `*:${name}`) } });
  }
  return conditions;
}

/** The length IAM counts for a trust policy made of these conditions. */
export function trustPolicyLength(conditions: Array<{ [operator: string]: unknown }>): number {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: conditions.map(condition => ({
      Effect: 'Allow',
      Principal: { AWS: SAMPLE_ACCOUNT_ROOT },
      Action: 'sts:AssumeRole',
      Condition: condition,
    })),
  }).length;
}

/**
 * Throws when the trust policy for these identities is over IAM's limit,
 * saying how many of them fit.
 */
export function validateTrustPolicySize(usernames: Username[], requireMfa: boolean): void {
  const length = trustPolicyLength(trustConditions(usernames, requireMfa));
  if (length <= TRUST_POLICY_LIMIT) {
    return;
  }
  let fit = usernames.length - 1;
  while (fit > 0 && trustPolicyLength(trustConditions(usernames.slice(0, fit), requireMfa)) > TRUST_POLICY_LIMIT) {
    fit--;
  }
  throw new Error(
    `usernames: the role's trust policy for these ${usernames.length} identities is ${length} characters, ` +
    `over IAM's default limit of ${TRUST_POLICY_LIMIT}. The first ${fit} of them fit: list fewer identities, ` +
    'or shorter names, or grant access through a group of federated users.');
}
