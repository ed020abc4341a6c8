import * as iam from 'aws-cdk-lib/aws-iam';

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

/** How the forwarding rules reach their regions. */
export enum RegionalDeploymentKind {
  /** A self-managed CloudFormation StackSet created by the home stack. */
  STACK_SET = 'STACK_SET',
  /** One small stack per region, in the same app as the home stack. */
  REGIONAL_STACKS = 'REGIONAL_STACKS',
}

/**
 * How the forwarding rules of the watched regions other than the home region
 * are deployed.
 */
export class RegionalDeployment {
  /**
   * A self-managed CloudFormation StackSet, created by the home stack with an
   * inline template, with one instance per watched region: one `cdk deploy`
   * covers every region.
   */
  public static stackSet(options: StackSetDeploymentOptions = {}): RegionalDeployment {
    if ((options.administrationRole === undefined) !== (options.executionRoleName === undefined)) {
      throw new Error('RegionalDeployment.stackSet(options): give administrationRole and executionRoleName together (the one must trust the other), or neither to have both created.');
    }
    return new RegionalDeployment(RegionalDeploymentKind.STACK_SET, options);
  }

  /**
   * One small stack per watched region, added to the home stack's app and
   * depending on it: deploy them with `cdk deploy --all`. The role's name must
   * be known at synth (`roleName`, or a role imported by name or ARN), since a
   * stack cannot read another region's attributes.
   */
  public static regionalStacks(): RegionalDeployment {
    return new RegionalDeployment(RegionalDeploymentKind.REGIONAL_STACKS, {});
  }

  protected constructor(
    /** How the forwarding rules are deployed. */
    public readonly kind: RegionalDeploymentKind,
    /** The StackSet options, for `STACK_SET`. */
    public readonly stackSetOptions: StackSetDeploymentOptions,
  ) {}
}

/**
 * Where a break-glass construct watches, and how.
 */
export interface BreakGlassRegionOptions {
  /**
   * Regions to watch besides the home region (the stack's) and the region where
   * the partition records global events (us-east-1 in `aws`). `['*']` is every
   * region of the stack's partition that is enabled by default; name the
   * opt-in regions the account has enabled beside it (`['*', 'af-south-1']`).
   *
   * @default - the home region and us-east-1
   */
  readonly regions?: string[];

  /**
   * How the forwarding rules of the other watched regions are deployed.
   *
   * @default RegionalDeployment.stackSet()
   */
  readonly regionalDeployment?: RegionalDeployment;

  /**
   * Email addresses told when a forwarding rule of another watched region
   * fails to deliver to the home region. Each forwarded region has a CloudWatch
   * alarm on its forwarding rule's `FailedInvocations`, which can only notify a
   * topic of its own region: every address is subscribed to that topic in every
   * forwarded region, and confirms each subscription. With none, a warning says
   * the alarms notify nobody.
   *
   * @default - the `loginAlertEmails` of the construct that has them (`BreakGlassRole`, `BreakGlassLoginAlert`); none otherwise
   */
  readonly forwardingAlarmEmails?: string[];
}
