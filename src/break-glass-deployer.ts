import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { Deployer } from './deployer';
import { requireFactoryMade } from './private/factory-made';
import { validateStringList } from './private/validation';

/** The qualifier `cdk bootstrap` uses unless told otherwise. */
const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

// The bootstrap template's own rule for its `Qualifier` parameter (AllowedPattern).
// Its default staging bucket `cdk-QUALIFIER-assets-...` further needs lowercase.
const BOOTSTRAP_QUALIFIER = /^[A-Za-z0-9_-]{1,10}$/;

/**
 * The CDK bootstrap roles the CDK CLI assumes to deploy an app without container images.
 * Not the CloudFormation execution role: only CloudFormation assumes that one.
 */
const BOOTSTRAP_ROLES = ['deploy-role', 'file-publishing-role', 'lookup-role'];

/**
 * What the deployer may do to the break-glass role with `canManageBreakGlassRole`:
 * change its permissions and tags, and read them back. Never its trust.
 */
const MANAGE_ROLE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListRolePolicies',
  'iam:ListAttachedRolePolicies',
  'iam:ListRoleTags',
];

/**
 * Properties of a `BreakGlassDeployer`.
 */
export interface BreakGlassDeployerProps {
  /**
   * The identity that deploys: a new or existing role or user.
   */
  readonly deployer: Deployer;

  /**
   * The break-glass role, which the deployer may manage with `canManageBreakGlassRole`.
   *
   * The deployer never gets a permission that lets it into this role.
   *
   * @default - no break-glass role; the deployer only gets the deploy permissions
   */
  readonly breakGlassRole?: iam.IRole;

  /**
   * May the deployer manage the break-glass role's policies and tags?
   *
   * If true, the deployer may attach and detach managed policies, put and delete
   * inline policies, tag and untag the break-glass role, and read those back, on
   * that role's ARN only. It may never change the role's trust policy, pass,
   * delete or re-create the role. Requires `breakGlassRole`.
   *
   * @default false
   */
  readonly canManageBreakGlassRole?: boolean;

  /**
   * The qualifier of the CDK bootstrap stack the app is deployed with
   * (`cdk bootstrap --qualifier`): 1-10 letters, digits, `_` or `-`
   * (lowercase letters and digits with the default staging bucket name).
   *
   * @default - the qualifier of the stack's synthesizer, which is the
   * `@aws-cdk/core:bootstrapQualifier` context value or else `hnb659fds`
   */
  readonly bootstrapQualifier?: string;

  /**
   * Also allow `sts:TagSession` on the CDK bootstrap roles.
   *
   * The CDK CLI passes session tags only when the stack synthesizer sets `Tags` in
   * `deployRoleAdditionalOptions`, `fileAssetPublishingRoleAdditionalOptions` or
   * `lookupRoleAdditionalOptions` (bootstrap version 22 or later trusts it).
   *
   * @default false
   */
  readonly allowSessionTags?: boolean;

  /**
   * The regions the app deploys stacks to, whose CDK bootstrap roles the
   * deployer may assume (those of no other region). `BreakGlassRole` gives its
   * watch's `stackRegions`.
   *
   * @default - the stack's region
   */
  readonly bootstrapRegions?: string[];
}

/**
 * Least-privilege permissions to deploy the break-glass app with the AWS CDK.
 *
 * The deployer may assume this account's CDK bootstrap deploy, file-publishing and
 * lookup roles (`cdk-QUALIFIER-ROLE-ACCOUNT-REGION`, in the regions the app
 * deploys to), and nothing else: not the CloudFormation
 * execution role, not `role/cdk-*` as a whole, not the break-glass role.
 * Regional forwarding rules deployed by the default CloudFormation StackSet are
 * created by the home stack's CloudFormation execution role, so the deployer needs
 * nothing more for them.
 *
 * The bootstrap deploy role hands every template to the bootstrap's CloudFormation
 * execution role (`AdministratorAccess` unless bootstrapped with
 * `--cloudformation-execution-policies`), so scope that role down too if the
 * deployer must not be able to change the break-glass role through a template.
 *
 * With `canManageBreakGlassRole`, the deployer may also manage the break-glass
 * role's policies and tags, never its trust.
 *
 * @example
 * declare const stack: Stack;
 * declare const breakGlassRole: iam.IRole;
 * new BreakGlassDeployer(stack, 'Deployer', {
 *   deployer: Deployer.newRole(),
 *   breakGlassRole,
 *   canManageBreakGlassRole: true,
 * });
 */
export class BreakGlassDeployer extends Construct implements iam.IGrantable {
  /**
   * The identity that deploys.
   */
  public readonly identity: iam.IIdentity;

  /**
   * The principal to grant further permissions to.
   */
  public readonly grantPrincipal: iam.IPrincipal;

  /**
   * The deployer's role, created by `Deployer.newRole()` or imported; undefined for a user.
   */
  public readonly role?: iam.IRole;

  /**
   * The deployer's user, created by `Deployer.newUser()` or imported; undefined for a role.
   */
  public readonly user?: iam.IUser;

  /**
   * The inline policy holding the deployer's permissions, attached to its identity.
   */
  public readonly policy: iam.Policy;

  /**
   * The CDK bootstrap qualifier the deploy permissions are for.
   */
  public readonly bootstrapQualifier: string;

  constructor(scope: Construct, id: string, props: BreakGlassDeployerProps) {
    super(scope, id);
    requireFactoryMade('deployer', props.deployer, Deployer);

    if (props.canManageBreakGlassRole && !props.breakGlassRole) {
      throw new Error('canManageBreakGlassRole is true but breakGlassRole is not given; pass the breakGlassRole the deployer may manage, or set canManageBreakGlassRole to false.');
    }

    const stack = Stack.of(this);
    const qualifier = props.bootstrapQualifier ?? stack.synthesizer.bootstrapQualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER;
    if (props.bootstrapQualifier !== undefined && !Token.isUnresolved(qualifier) && !BOOTSTRAP_QUALIFIER.test(qualifier)) {
      throw new Error(`bootstrapQualifier '${qualifier}' is not a CDK bootstrap qualifier; use the value given to 'cdk bootstrap --qualifier': 1-10 letters, digits, '_' or '-' (default '${DEFAULT_BOOTSTRAP_QUALIFIER}').`);
    }
    this.bootstrapQualifier = qualifier;

    const binding = props.deployer._bind(this);
    if (props.breakGlassRole) {
      assertNotBreakGlassRole(binding.role, props.breakGlassRole);
    }
    this.identity = binding.identity;
    this.grantPrincipal = binding.identity.grantPrincipal;
    this.role = binding.role;
    this.user = binding.user;

    // `force` makes an identity that cannot take the policy (another account, immutable)
    // a synth error rather than a silently dropped policy.
    this.policy = new iam.Policy(this, 'Policy', { force: true });
    validateStringList('bootstrapRegions', props.bootstrapRegions, '\'eu-west-1\'');
    // Each region names the bootstrap roles of that region: a wildcard would reach every region's.
    const known = new Set(RegionInfo.regions.map(region => region.name));
    for (const region of props.bootstrapRegions ?? []) {
      if (!Token.isUnresolved(region) && !known.has(region)) {
        throw new Error(`bootstrapRegions has '${region}', which is not a region code: name each region the app deploys stacks to, ` +
          'such as \'eu-west-1\'; the deployer may assume the CDK bootstrap roles of these regions alone.');
      }
    }
    const regions = props.bootstrapRegions ?? [stack.region];
    const bootstrapRoles = BOOTSTRAP_ROLES.flatMap((role) => regions.map((region) => stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: `cdk-${qualifier}-${role}-${stack.account}-${region}`,
    })));
    this.policy.addStatements(new iam.PolicyStatement({
      sid: 'AssumeCdkBootstrapRoles',
      actions: props.allowSessionTags ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'],
      resources: bootstrapRoles,
    }));
    if (props.canManageBreakGlassRole && props.breakGlassRole) {
      this.policy.addStatements(new iam.PolicyStatement({
        sid: 'ManageBreakGlassRolePolicies',
        actions: MANAGE_ROLE_ACTIONS,
        resources: [props.breakGlassRole.roleArn],
      }));
    }
    this.identity.attachInlinePolicy(this.policy);
  }
}

/** The deployer must not be the break-glass role: it would deploy with emergency powers. */
function assertNotBreakGlassRole(deployerRole: iam.IRole | undefined, breakGlassRole: iam.IRole): void {
  if (!deployerRole) {
    return;
  }
  const sameName = !Token.isUnresolved(deployerRole.roleName)
    && !Token.isUnresolved(breakGlassRole.roleName)
    && deployerRole.roleName === breakGlassRole.roleName;
  if (deployerRole === breakGlassRole || sameName) {
    throw new Error(`deployer is the break-glass role ('${deployerRole.node.path}'); deploy with another identity, e.g. Deployer.newRole().`);
  }
}
