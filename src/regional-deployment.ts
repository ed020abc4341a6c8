import * as iam from 'aws-cdk-lib/aws-iam';
import { constructedByFactory, FACTORY } from './private/factory-made';
import { ForwardingContext, ForwardingDeployment } from './private/regions/forwarding-context';
import { deployByRegionalStacks } from './private/regions/regional-stacks-forwarding';
import { deployByStackSet } from './private/regions/stack-set-forwarding';

/**
 * Options of the StackSet that deploys the forwarding rules.
 */
export interface StackSetDeploymentOptions {
  /**
   * An existing StackSet administration role (trusted by CloudFormation, allowed
   * to assume the execution role).
   *
   * @default - a role limited to assuming the execution role is created
   */
  readonly administrationRole?: iam.IRole;

  /**
   * Name of an existing StackSet execution role in this account, trusted by
   * the administration role. Give it with `administrationRole`.
   *
   * @default - a role limited to managing the StackSet's stacks and forwarding rules is created
   */
  readonly executionRoleName?: string;
}

/**
 * How the forwarding rules of the watched regions other than the home region
 * are deployed.
 */
export class RegionalDeployment {
  /** @internal */
  public static readonly _factories = 'RegionalDeployment.stackSet() or RegionalDeployment.regionalStacks()';

  /**
   * A self-managed CloudFormation StackSet, created by the home stack with an
   * inline template, with one instance per watched region: one `cdk deploy`
   * covers every region.
   */
  public static stackSet(options: StackSetDeploymentOptions = {}): RegionalDeployment {
    const { administrationRole, executionRoleName } = options;
    if ((administrationRole === undefined) !== (executionRoleName === undefined)) {
      throw new Error('RegionalDeployment.stackSet(options): give administrationRole and executionRoleName together (the one must trust the other), or neither to have both created.');
    }
    const roles = administrationRole && executionRoleName ? { administrationRole, executionRoleName } : undefined;
    return new RegionalDeployment(FACTORY, ctx => deployByStackSet(ctx, roles), 'stackSet', roles ? [administrationRole, executionRoleName] : []);
  }

  /**
   * One small stack per watched region, added to the home stack's app and
   * depending on it: deploy them with `cdk deploy --all`. The role's name must
   * be known at synth (`roleName`, or a role imported by name or ARN), since a
   * stack cannot read another region's attributes.
   */
  public static regionalStacks(): RegionalDeployment {
    return new RegionalDeployment(FACTORY, deployByRegionalStacks, 'regionalStacks', []);
  }

  private constructor(
    key: symbol,
    private readonly deploy: (ctx: ForwardingContext) => ForwardingDeployment,
    /** The factory that made it. */
    private readonly factory: string,
    /** The roles given to it, if any. */
    private readonly roles: unknown[],
  ) {
    constructedByFactory(this, key, RegionalDeployment);
  }

  /** How the deployment was made, as its factory. */
  public toString(): string {
    return `RegionalDeployment.${this.factory}()`;
  }

  /**
   * Whether `other` deploys the same way: parts that share a watch may each name it.
   *
   * @internal
   */
  public _equals(other: unknown): boolean {
    return other instanceof RegionalDeployment && other.factory === this.factory
      && other.roles.length === this.roles.length && other.roles.every((role, i) => role === this.roles[i]);
  }

  /**
   * Whether the forwarding rules are deployed by a StackSet (named as the watch's resources start).
   *
   * @internal
   */
  public get _byStackSet(): boolean {
    return this.factory === 'stackSet';
  }

  /**
   * Deploys the forwarding rules this way.
   *
   * @internal
   */
  public _bind(ctx: ForwardingContext): ForwardingDeployment {
    return this.deploy(ctx);
  }
}
