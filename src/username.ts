import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * How an identity allowed to assume the break-glass role signs in.
 */
export enum UsernameKind {
  /** An IAM user of the account, matched by its user name. */
  IAM_USER = 'IAM_USER',
  /**
   * A federated (IAM Identity Center or SAML) user, matched by the session
   * name of the role session it arrives with.
   */
  FEDERATED = 'FEDERATED',
}

// IAM user names: up to 64 of letters, digits and `+=,.@_-`.
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
// Role session names: 2 to 64 of letters, digits and `+=,.@-` (and `_`).
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * An identity allowed to assume the break-glass role.
 *
 * @example
 * const usernames = [
 *   Username.iamUser('alice'),
 *   Username.federated('carol@example.com'),
 * ];
 */
export class Username {
  /**
   * An IAM user of the stack's account, by user name.
   *
   * Matched case-insensitively against `aws:username` in the role's trust policy.
   *
   * @param name the IAM user name, for example `alice`
   */
  public static iamUser(name: string): Username {
    return new Username(UsernameKind.IAM_USER, check(name, IAM_USER_NAME, 'Username.iamUser(name)',
      'an IAM user name is 1 to 64 letters, digits or any of +=,.@_-'));
  }

  /**
   * An IAM user construct or an imported user.
   *
   * @param user the IAM user; its user name is used
   */
  public static fromUser(user: iam.IUser): Username {
    return new Username(UsernameKind.IAM_USER, check(user.userName, IAM_USER_NAME, 'Username.fromUser(user)',
      'an IAM user name is 1 to 64 letters, digits or any of +=,.@_-'));
  }

  /**
   * A federated user (IAM Identity Center or SAML), by the role session name it
   * arrives with, as in `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` — often an email.
   *
   * Matched against the session part of `aws:userid` (`*:SESSION`).
   *
   * @param sessionName the role session name, for example `carol@example.com`
   */
  public static federated(sessionName: string): Username {
    return new Username(UsernameKind.FEDERATED, check(sessionName, SESSION_NAME, 'Username.federated(sessionName)',
      'a role session name is 2 to 64 letters, digits or any of +=,.@_-'));
  }

  /**
   * @param kind how the identity signs in
   * @param name the IAM user name or the federated session name
   */
  protected constructor(
    /** How the identity signs in. */
    public readonly kind: UsernameKind,
    /** The IAM user name or the federated session name. */
    public readonly name: string,
  ) {}
}

function check(value: string, pattern: RegExp, argument: string, rule: string): string {
  if (Token.isUnresolved(value)) {
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
