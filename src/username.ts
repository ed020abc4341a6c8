import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describeValue } from './private/describe-value';
import { constructedByFactory, FACTORY } from './private/factory-made';
import { TrustGrant } from './private/trust';

// IAM user names: up to 64 of letters, digits and `+=,.@_-`.
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
// Role session names: 2 to 64 of letters, digits and `+=,.@_-`. No `:`, so `*:NAME` in aws:userid is the whole session name.
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
// A role's name (1 to 64 of `+=,.@_-`, letters, digits), after its path's segments, if any, each ending in `/`.
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
// IAM Identity Center permission set names: 1 to 32 of letters, digits and `+=,.@_-`.
const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;

/**
 * Where IAM Identity Center creates a permission set's role in each account:
 * `role/aws-reserved/sso.amazonaws.com/[REGION/]AWSReservedSSO_PERMISSIONSET_SUFFIX`,
 * the region present unless the Identity Center instance is in us-east-1, the
 * suffix 16 hexadecimal characters
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html).
 */
const IDENTITY_CENTER_PATH = 'aws-reserved/sso.amazonaws.com';
// Exactly 16 `?`: a permission set whose name extends the bound one (`Admin_Evil` for `Admin`) has a longer rest.
const IDENTITY_CENTER_SUFFIX = '?'.repeat(16);

/**
 * An identity allowed to assume the break-glass role. Made by the static
 * factories only: a federated identity is always bound to the role it arrives
 * through, never admitted by its session name alone.
 *
 * @example
 * const usernames = [
 *   Username.iamUser('alice'),
 *   Username.identityCenter('carol@example.com', 'Admin'),
 * ];
 */
export class Username {
  /** @internal */
  public static readonly _factories = 'Username.iamUser(name), Username.fromUser(user), Username.federated(sessionName, roleName) ' +
    'or Username.identityCenter(userName, permissionSetName)';

  /**
   * An IAM user of the stack's account, by user name.
   *
   * Matched case-insensitively against `aws:username` in the role's trust policy,
   * which admits the user only in a session named after the user
   * (`sts:RoleSessionName` equal to `${aws:username}`), as the console's switch
   * role names it: `aws sts assume-role --role-session-name alice`.
   *
   * @param name the IAM user name, for example `alice`
   */
  public static iamUser(name: string): Username {
    const userName = check(name, IAM_USER_NAME, 'Username.iamUser(name)', 'an IAM user name is 1 to 64 letters, digits or any of +=,.@_-');
    return new Username(FACTORY, `Username.iamUser('${userName}')`, { userName });
  }

  /**
   * An IAM user construct or an imported user.
   *
   * @param user the IAM user; its user name is used
   */
  public static fromUser(user: iam.IUser): Username {
    const userName = check(user?.userName, IAM_USER_NAME, 'Username.fromUser(user)', 'an IAM user name is 1 to 64 letters, digits or any of +=,.@_-');
    return new Username(FACTORY, `Username.fromUser(${Token.isUnresolved(userName) ? user.node.path : `'${userName}'`})`, { userName });
  }

  /**
   * A federated user (SAML, or any role session) arriving through one role of
   * the stack's account, as `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
   *
   * The trust admits the session only through that role: it checks
   * `aws:PrincipalArn` (the ARN of the role the session arrives through) and
   * the session part of `aws:userid` (`ROLEID:SESSION`) together. A session
   * of the same name through any other role is refused, so a role that may
   * choose its session name (a CI role) cannot pose as this user.
   *
   * @param sessionName the role session name, for example `carol@example.com`
   * @param roleName the name of the role the session arrives through, for example
   * `SamlEngineers`; for a role with a path, the path after the first `/` then the
   * name, as in its ARN (`saml/SamlEngineers` for `arn:aws:iam::ACCOUNT:role/saml/SamlEngineers`)
   */
  public static federated(sessionName: string, roleName: string): Username {
    const session = check(sessionName, SESSION_NAME, 'Username.federated(sessionName, roleName): sessionName',
      'a role session name is 2 to 64 letters, digits or any of +=,.@_-');
    const role = check(roleName, ROLE_NAME, 'Username.federated(sessionName, roleName): roleName',
      'give the role\'s name, preceded by its path without the leading / when it has one (\'saml/Engineers\'); ' +
      'names and path segments are letters, digits or any of +=,.@_-');
    if (!Token.isUnresolved(role) && role.startsWith(`${IDENTITY_CENTER_PATH}/`)) {
      throw new Error(`Username.federated(sessionName, roleName): roleName '${role}' is an IAM Identity Center role, ` +
        'whose name changes when its permission set is reassigned: use Username.identityCenter(userName, permissionSetName).');
    }
    return new Username(FACTORY, `Username.federated('${session}', '${role}')`, {
      sessionName: session,
      roles: { operator: 'ArnEquals', resourceNames: [role] },
      federatedRole: role,
    });
  }

  /**
   * A user of IAM Identity Center arriving through a permission set's role.
   *
   * IAM Identity Center makes one role per permission set in each account it is
   * assigned to, `AWSReservedSSO_<permission set>_<16 hexadecimal characters>`
   * under the path `/aws-reserved/sso.amazonaws.com/` (followed by the
   * Identity Center's region, unless that is us-east-1), and names each
   * session after the user. The trust admits the user's session only through
   * that permission set's role, on either path, and whatever its suffix (which
   * changes when the permission set is reassigned).
   *
   * @param userName the user's name in IAM Identity Center, which names the session, for example `carol@example.com`
   * @param permissionSetName the permission set's name, for example `Admin`
   */
  public static identityCenter(userName: string, permissionSetName: string): Username {
    const session = check(userName, SESSION_NAME, 'Username.identityCenter(userName, permissionSetName): userName',
      'an IAM Identity Center user name names a role session: 2 to 64 letters, digits or any of +=,.@_-');
    const permissionSet = check(permissionSetName, PERMISSION_SET_NAME, 'Username.identityCenter(userName, permissionSetName): permissionSetName',
      'a permission set name is 1 to 32 letters, digits or any of +=,.@_-', false);
    const roleName = `AWSReservedSSO_${permissionSet}_${IDENTITY_CENTER_SUFFIX}`;
    return new Username(FACTORY, `Username.identityCenter('${session}', '${permissionSet}')`, {
      sessionName: session,
      permissionSetName: permissionSet,
      roles: { operator: 'ArnLike', resourceNames: [`${IDENTITY_CENTER_PATH}/${roleName}`, `${IDENTITY_CENTER_PATH}/*/${roleName}`] },
    });
  }

  private constructor(key: symbol, private readonly description: string, private readonly grant: TrustGrant) {
    constructedByFactory(this, key, Username);
  }

  /** The factory call that makes this identity, for messages. */
  public toString(): string {
    return this.description;
  }

  /**
   * What the identity adds to the trust policy.
   *
   * @internal
   */
  public _bind(): TrustGrant {
    return this.grant;
  }
}

/**
 * Returns `value` when it is a string matching `pattern` (or a token, checked
 * by CloudFormation), else throws naming the argument, the value and the rule.
 */
function check(value: unknown, pattern: RegExp, argument: string, rule: string, allowToken = true): string {
  if (typeof value !== 'string') {
    throw new Error(`${argument} got ${describeValue(value)}, which is not a string: give the name as a string.`);
  }
  if (allowToken && Token.isUnresolved(value)) {
    return value;
  }
  if (value.trim() === '') {
    throw new Error(`${argument} must not be blank: got '${value}'. Give the identity's name.`);
  }
  if (!pattern.test(value)) {
    throw new Error(`${argument} got '${value}', which is not valid: ${rule}.`);
  }
  return value;
}
