import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validateTrustPolicySize } from './trust-policy';
import { validateBoolean, validateUsernames } from './validation';
import type { BreakGlassRoleOptions } from '../break-glass-role-options';

const MIN_SESSION = Duration.hours(1);
const MAX_SESSION = Duration.hours(12);

/** A created break-glass role's options, checked, with their defaults. */
export interface RoleDefinition {
  readonly requireMfa: boolean;
  readonly maxSessionDuration: Duration;
  /** Whether the role gets AdministratorAccess: neither managed policies nor statements are given. */
  readonly administratorAccess: boolean;
}

/**
 * Checks who may assume the role (its identities, MFA, the trust policy's
 * size with the `regions` it admits them in, when the construct writes it),
 * and says whether IAM users need MFA.
 */
export function checkTrust(props: BreakGlassRoleOptions, regions?: string[]): boolean {
  validateUsernames(props.usernames);
  validateBoolean('requireMfa', props.requireMfa);
  validateBoolean('denyUnwatchedRegions', props.denyUnwatchedRegions);
  const requireMfa = props.requireMfa ?? true;
  validateTrustPolicySize(props.usernames, requireMfa, regions);
  return requireMfa;
}

/**
 * Checks the options of a role to create (who may assume it, in `regions`, its
 * session length) and, when it gets AdministratorAccess, warns on `scope`.
 */
export function roleDefinition(scope: IConstruct, props: BreakGlassRoleOptions, regions: string[]): RoleDefinition {
  const requireMfa = checkTrust(props, regions);
  const maxSessionDuration = props.maxSessionDuration ?? MIN_SESSION;
  validateSessionDuration(maxSessionDuration);
  const administratorAccess = !props.managedPolicies && !props.policyStatements;
  if (administratorAccess) {
    Annotations.of(scope).addWarningV2('aws-break-glass-role:adminAccess',
      'The break-glass role gets AdministratorAccess because neither managedPolicies nor policyStatements is given. ' +
      'Give the policies an emergency needs, or acknowledge this warning.');
  }
  return { requireMfa, maxSessionDuration, administratorAccess };
}

function validateSessionDuration(duration: Duration): void {
  if (Token.isUnresolved(duration.toSeconds())) {
    return;
  }
  const seconds = duration.toSeconds();
  if (seconds < MIN_SESSION.toSeconds() || seconds > MAX_SESSION.toSeconds()) {
    throw new Error(`maxSessionDuration is ${duration.toHumanString()}, outside IAM's range: give between Duration.hours(1) and Duration.hours(12).`);
  }
}
