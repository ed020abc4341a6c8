import { Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges, for policy-checking tools such as cdk-nag, each wildcard a
 * policy of the construct needs, one finding at a time (`AwsSolutions-IAM5[...]`),
 * with the reason it is needed. A resource holding a token (an env-agnostic
 * account) cannot be named in an acknowledgement and is left to the user.
 */
export function acknowledgeWildcards(scope: IConstruct, wildcards: { actions?: string[]; resources?: string[] }, reason: string): void {
  const findings = [
    ...(wildcards.actions ?? []).map(action => `Action::${action}`),
    ...(wildcards.resources ?? []).filter(resource => !Token.isUnresolved(resource)).map(resource => `Resource::${resource}`),
  ];
  Validations.of(scope).acknowledge(...findings.map(finding => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })));
}

/** Acknowledges, for policy-checking tools such as cdk-nag, the finding `id` on `scope`, with the reason it does not apply. */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
