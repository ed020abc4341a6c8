import { count, item, Item, list } from './outline';
import { CfnResource, Placement, resourcesOfType } from './template';

/** Each IAM role of the placement: who may assume it, what it may do, how long a session lasts. */
export function describeRoles(placement: Placement): Item[] {
  return resourcesOfType(placement, 'AWS::IAM::Role').map(([id, role]) => {
    const props = role.Properties ?? {};
    const what = typeof props.Description === 'string' ? ` (${props.Description})` : '';
    return item(`IAM role ${placement.nameOf(id)}${what}`, [
      item(`may be assumed by: ${trust(placement, props.AssumeRolePolicyDocument)}`),
      item(`can: ${permissions(placement, id, role)}`),
      ...(props.MaxSessionDuration !== undefined ? [item(`a session lasts at most ${duration(Number(props.MaxSessionDuration))}`)] : []),
    ]);
  });
}

function trust(placement: Placement, document: any): string {
  const statements: any[] = document?.Statement ?? [];
  const allows = statements.filter(statement => statement.Effect !== 'Deny');
  // A deny of every other region's STS endpoint narrows where the others admit, as the role's trust has it.
  const regions: string[] | undefined = statements.filter(statement => statement.Effect === 'Deny')
    .map(statement => statement.Condition?.StringNotEquals?.['aws:RequestedRegion']).find(Boolean);
  const where = regions ? `, only through the STS endpoints of ${count([regions].flat().length, 'watched region')}` : '';
  return allows.length ? allows.map(statement => trustStatement(placement, statement)).join('; ') + where : 'no one (an empty trust policy)';
}

function trustStatement(placement: Placement, statement: any): string {
  const condition = statement.Condition ?? {};
  const mfa = condition.Bool?.['aws:MultiFactorAuthPresent'] === 'true' ? ', with MFA' : '';
  const users = condition.StringEqualsIgnoreCase?.['aws:username'] ?? condition.StringEquals?.['aws:username'];
  if (users) {
    return `IAM users ${list([users].flat().map(placement.resolve))} of ${trustedAccount(placement, statement.Principal?.AWS)}${mfa}`;
  }
  const sessions: string[] | undefined = condition.StringLike?.['aws:userid'];
  if (sessions) {
    const roles = [condition.ArnLike?.['aws:PrincipalArn'] ?? condition.ArnEquals?.['aws:PrincipalArn']].flat().map(placement.resolve);
    return `${list(sessions.map(s => s.replace(/^\*:/, '')))} ${federatedThrough(roles)}`;
  }
  const principal = statement.Principal ?? {};
  if (principal.Service) {
    return `the service ${list([principal.Service].flat().map(placement.resolve))}`;
  }
  const aws = [principal.AWS].flat().map(placement.resolve).map(arn => arn.replace(/^arn:aws:iam::(\d+):root$/, 'any identity of account $1 its own policy allows'));
  return `${list(aws)}${Object.keys(condition).length ? ' (with conditions)' : ''}`;
}

/** `account 111122223333`: the account of a principal `arn:…:iam::ACCOUNT:root`, else the placement's own. */
function trustedAccount(placement: Placement, principal: unknown): string {
  const account = /^arn:[\w-]+:iam::([^:]+):root$/.exec(placement.resolve(principal))?.[1] ?? placement.account;
  return /^\d+$/.test(account) ? `account ${account}` : 'the account itself';
}

/** `through IAM Identity Center permission set Admin`, or `through role saml/Engineers`. */
function federatedThrough(roleArns: string[]): string {
  const names = [...new Set(roleArns.map(arn => arn.replace(/^.*:role\//, '')))];
  const permissionSets = [...new Set(names.map(name => /AWSReservedSSO_(.+)_\?+$/.exec(name)?.[1]).filter(Boolean))];
  if (permissionSets.length > 0 && permissionSets.length === new Set(names.map(n => n.replace(/^.*\//, ''))).size) {
    return `through IAM Identity Center permission set ${list(permissionSets as string[])}`;
  }
  return `through role ${list(names, 3)}`;
}

function permissions(placement: Placement, roleId: string, role: CfnResource): string {
  const managed: string[] = (role.Properties?.ManagedPolicyArns ?? []).map(placement.resolve)
    .map((arn: string) => arn.replace(/^arn:aws:iam::aws:policy\//, '').replace(/^arn:aws:iam::\d+:policy\//, '') + ' (managed policy)');
  const statements = [
    ...(role.Properties?.Policies ?? []).flatMap((policy: any) => policy.PolicyDocument?.Statement ?? []),
    ...attachedPolicies(placement, roleId).flatMap(policy => policy.Properties?.PolicyDocument?.Statement ?? []),
  ];
  const inline = statements.map(statement => summarizeStatement(placement, statement));
  const all = [...managed, ...inline];
  return all.length ? all.join('; ') : 'nothing yet (no policy)';
}

function attachedPolicies(placement: Placement, roleId: string): CfnResource[] {
  return resourcesOfType(placement, 'AWS::IAM::Policy').map(([, policy]) => policy)
    .filter(policy => (policy.Properties?.Roles ?? []).some((r: any) => r?.Ref === roleId));
}

/** `sts:AssumeRole on role BreakGlass`, `3 actions (events:PutRule, …) on 2 resources`. */
function summarizeStatement(placement: Placement, statement: any): string {
  const actions: string[] = [statement.Action ?? statement.NotAction].flat().map(String);
  const regions = statement.Condition?.StringNotEquals?.['aws:RequestedRegion'];
  if (statement.Effect === 'Deny' && statement.NotAction !== undefined && regions !== undefined) {
    return `nothing outside ${count([regions].flat().length, 'watched region')} but ${count(actions.length, 'global action')} (${list(actions, 2)})`;
  }
  const resources: string[] = [statement.Resource ?? '*'].flat().map(r => placement.resolve(r));
  const effect = statement.Effect === 'Deny' ? 'never ' : '';
  const what = actions.length <= 3 ? list(actions) : `${count(actions.length, 'action')} (${list(actions, 2)})`;
  const where = resources.length === 1 ? (resources[0] === '*' ? 'any resource' : resources[0]) : count(resources.length, 'resource');
  return `${effect}${what} on ${where}`;
}

function duration(seconds: number): string {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? count(hours, 'hour') : count(Math.round(seconds / 60), 'minute');
}
