import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { DeployerBinding } from './private/deployer-binding';
import { describeValue } from './private/describe-value';
import { constructedByFactory, FACTORY } from './private/factory-made';

// IAM: role and user names are 1-64 characters of letters, digits and `+=,.@_-`.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
const IAM_NAME_MAX_LENGTH = 64;
const IAM_NAME_CHARS = /^[\w+=,.@-]+$/;

/** Where a construct is, for messages; any value another language hands in is described. */
function pathOf(construct: IConstruct): string {
  const path = (construct as Partial<IConstruct> | undefined)?.node?.path;
  return typeof path === 'string' ? path : describeValue(construct);
}

/**
 * Validates an IAM user or role name given to a factory. Tokens are checked at deploy time by IAM.
 */
function validateIamName(factory: string, argument: string, kind: 'user' | 'role', name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const call = `Deployer.${factory}(${argument})`;
  if (name.trim() === '') {
    throw new Error(`${call}: ${argument} is blank ('${name}'); give the name of an IAM ${kind}, e.g. 'cdk-deployer'.`);
  }
  if (name.length > IAM_NAME_MAX_LENGTH) {
    throw new Error(`${call}: ${argument} '${name}' is ${name.length} characters long; an IAM ${kind} name has at most ${IAM_NAME_MAX_LENGTH}. Use a shorter name.`);
  }
  if (!IAM_NAME_CHARS.test(name)) {
    const pathHint = name.includes('/')
      ? ` For a ${kind} with a path, import it yourself and use Deployer.${kind === 'role' ? 'fromRole(iam.Role.fromRoleArn(...))' : 'fromUser(iam.User.fromUserArn(...))'}.`
      : '';
    throw new Error(`${call}: ${argument} '${name}' has characters IAM does not allow in a ${kind} name; use only letters, digits and + = , . @ _ -.${pathHint}`);
  }
}

/**
 * The identity that deploys the break-glass app with the AWS CDK.
 *
 * That identity gets least privilege: it may assume this account's CDK bootstrap
 * deploy, file-publishing and lookup roles, and nothing that lets it into the
 * break-glass role. Pick one of the static factories; existing users and roles are
 * imported by name, never re-created.
 *
 * @example
 * declare const app: App;
 * const stack = new Stack(app, 'BreakGlass');
 * new BreakGlassDeployer(stack, 'Deployer', {
 *   deployer: Deployer.existingRole('github-actions-deployer'),
 * });
 */
export class Deployer {
  /** @internal */
  public static readonly _factories = 'Deployer.newRole(), Deployer.newUser(userName), Deployer.existingRole(roleName), ' +
    'Deployer.existingUser(userName), Deployer.fromRole(role) or Deployer.fromUser(user)';

  /**
   * Create a new IAM role for deploying.
   *
   * The role trusts this account: any identity of the account whose own IAM policy
   * allows `sts:AssumeRole` on it may assume it, and no other.
   * CloudFormation names the role.
   */
  public static newRole(): Deployer {
    return new Deployer(FACTORY, 'Deployer.newRole()', (scope) => {
      const role = new iam.Role(scope, 'Role', {
        assumedBy: new iam.AccountRootPrincipal(),
        description: 'Deploys the break-glass app with the AWS CDK bootstrap roles',
      });
      return { identity: role, role };
    });
  }

  /**
   * Create a new IAM user for deploying.
   *
   * The user gets no console password and no access keys: the user's administrator
   * creates them out of band, so no secret ever passes through a template.
   *
   * @param userName the IAM user name to create, 1-64 characters of letters, digits and `+=,.@_-`
   */
  public static newUser(userName: string): Deployer {
    validateIamName('newUser', 'userName', 'user', userName);
    return new Deployer(FACTORY, `Deployer.newUser('${userName}')`, (scope) => {
      const user = new iam.User(scope, 'User', { userName });
      return { identity: user, user };
    });
  }

  /**
   * Use an IAM user that already exists in this account, imported by name.
   *
   * @param userName the name of the existing IAM user (without a path)
   */
  public static existingUser(userName: string): Deployer {
    validateIamName('existingUser', 'userName', 'user', userName);
    return new Deployer(FACTORY, `Deployer.existingUser('${userName}')`, (scope) => {
      const user = iam.User.fromUserName(scope, 'ImportedUser', userName);
      return { identity: user, user };
    });
  }

  /**
   * Use an IAM role that already exists in this account, imported by name.
   *
   * @param roleName the name of the existing IAM role (without a path)
   */
  public static existingRole(roleName: string): Deployer {
    validateIamName('existingRole', 'roleName', 'role', roleName);
    return new Deployer(FACTORY, `Deployer.existingRole('${roleName}')`, (scope) => {
      const role = iam.Role.fromRoleName(scope, 'ImportedRole', roleName);
      return { identity: role, role };
    });
  }

  /**
   * Use an IAM user you already hold a reference to.
   *
   * @param user the deploying user; it must accept inline policies (same account)
   */
  public static fromUser(user: iam.IUser): Deployer {
    return new Deployer(FACTORY, `Deployer.fromUser(${pathOf(user)})`, () => ({ identity: user, user }));
  }

  /**
   * Use an IAM role you already hold a reference to.
   *
   * @param role the deploying role; it must accept inline policies (same account, mutable)
   */
  public static fromRole(role: iam.IRole): Deployer {
    return new Deployer(FACTORY, `Deployer.fromRole(${pathOf(role)})`, () => ({ identity: role, role }));
  }

  /**
   * Use the static factories instead.
   */
  private constructor(key: symbol, private readonly description: string, private readonly binder: (scope: Construct) => DeployerBinding) {
    constructedByFactory(this, key, Deployer);
  }

  /** How the deployer was made, as its factory call. */
  public toString(): string {
    return this.description;
  }

  /**
   * Create or import the deploying identity under `scope`.
   *
   * @internal
   */
  public _bind(scope: Construct): DeployerBinding {
    return this.binder(scope);
  }
}
