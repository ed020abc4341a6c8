/*
 * Over 300 lines for one concept: the facade's public surface (props, attributes and grantAssume, documented in
 * place) and the order in which it hands its watch and topics to its parts. The parts do the work.
 */
import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BreakGlassDeployer } from './break-glass-deployer';
import { BreakGlassLogActions, BreakGlassLogActionsOptions } from './break-glass-log-actions';
import { BreakGlassLoginAlert, BreakGlassLoginAlertOptions, BreakGlassLoginAlertProps } from './break-glass-login-alert';
import { BreakGlassReadinessCheck } from './break-glass-readiness-check';
import { BreakGlassReadinessOptions } from './break-glass-readiness-options';
import { BreakGlassRoleOptions } from './break-glass-role-options';
import { BreakGlassTamperAlert } from './break-glass-tamper-alert';
import { BreakGlassWatch } from './break-glass-watch';
import { BreakGlassWatchOptions } from './break-glass-watch-options';
import { Deployer } from './deployer';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { UNWATCHED_REGIONS_POLICY_NAME, unwatchedRegionsPolicy, warnOfUnwatchedRegions } from './private/regions/role-regions';
import { watchedRegions } from './private/regions/watched-regions';
import { checkTrust, roleDefinition } from './private/role-definition';
import { sourceIdentitiesOf, trustConditions, trustPolicyDocument } from './private/trust-policy';
import { validateBoolean } from './private/validation';
import { watchOptions } from './private/watch-options';

/**
 * Properties of `BreakGlassRole`.
 */
export interface BreakGlassRoleProps extends BreakGlassRoleOptions,
  BreakGlassLoginAlertOptions, BreakGlassLogActionsOptions, BreakGlassLogGroupOptions, BreakGlassWatchOptions, BreakGlassReadinessOptions {
  /**
   * An existing role to outfit with alerts and action logging instead of
   * creating one. Its trust policy is not changed: CloudFormation cannot change
   * a role it does not manage.
   *
   * @default - a new role
   */
  readonly role?: iam.IRole;

  /**
   * Whether the construct, and the deployer, may change the role's policies
   * and tags. Never its trust, for the deployer.
   *
   * @default - true for a created role, false for an imported `role`
   */
  readonly canManageBreakGlassRole?: boolean;

  /**
   * An identity that deploys this app with least privilege: it may assume the
   * CDK bootstrap roles and, with `canManageBreakGlassRole`, manage the role's
   * policies and tags, never its trust.
   *
   * @default - no deployer permissions are made
   */
  readonly deployer?: Deployer;

  /**
   * Alert when anyone changes what the alerting depends on (the role's trust
   * and policies, the rules, the central bus and StackSet, the topic and its
   * subscriptions, the log groups, the dead-letter queues, the key, a trail
   * made here). See `BreakGlassTamperAlert`.
   *
   * @default true
   */
  readonly tamperAlerts?: boolean;

  /**
   * Prove on a schedule (`readinessInterval`) that each listed identity can
   * still assume the role, and say so when that changes. See `BreakGlassReadinessCheck`.
   *
   * @default true
   */
  readonly readinessCheck?: boolean;
}

/**
 * An emergency "break-glass" role that few identities may assume, that alerts
 * whenever it is assumed or an attempt is made, and that can record what is
 * done with it.
 *
 * @example
 * new BreakGlassRole(this, 'BreakGlass', {
 *   usernames: [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')],
 *   loginAlertEmails: ['security@example.com'],
 *   logActions: LogActions.WRITE,
 *   trail: TrailSetup.existingTrail(),
 * });
 */
export class BreakGlassRole extends Construct {
  /** The break-glass role. */
  public readonly role: iam.IRole;

  /** The topic alerts are published to. */
  public readonly alertTopic: sns.ITopic;

  /** The login alert: its rules and, when asked for, its log group. */
  public readonly loginAlert: BreakGlassLoginAlert;

  /**
   * The action logging.
   *
   * @default - none, unless `logActions` or `logServices` is given
   */
  public readonly actionLogging?: BreakGlassLogActions;

  /**
   * The tamper alert.
   *
   * @default - none, when `tamperAlerts` is false
   */
  public readonly tamperAlert?: BreakGlassTamperAlert;

  /**
   * The readiness check.
   *
   * @default - none, when `readinessCheck` is false
   */
  public readonly readinessCheck?: BreakGlassReadinessCheck;

  /**
   * The deployer and its policy.
   *
   * @default - none, unless `deployer` is given
   */
  public readonly deployer?: BreakGlassDeployer;

  /** Whether the construct may change the role's policies and tags. */
  public readonly canManageBreakGlassRole: boolean;

  /** What the role's parts share: the watched regions, the central bus and forwarding, the log policy and the trail. */
  public readonly watch: BreakGlassWatch;

  constructor(scope: Construct, id: string, props: BreakGlassRoleProps) {
    super(scope, id);
    // Resolved as the watch made below resolves them: the role is assumed, and acts, only there.
    const regions = watchedRegions(this, props.regions);
    const watched = [regions.home, ...regions.forwarded];
    if (props.role) {
      checkTrust(props);
      rejectCreationPropsWithImportedRole(props);
      this.role = props.role;
      Annotations.of(this).addWarningV2('aws-break-glass-role:importedRoleTrust',
        'The imported role\'s trust policy is not changed: make sure it admits only the identities in usernames.');
    } else {
      const role = this.createRole(props, watched);
      // The watch's id, `Default`, would otherwise compete with `Resource` for the default child.
      this.node.defaultChild = role;
      this.role = role;
    }
    this.canManageBreakGlassRole = props.canManageBreakGlassRole ?? !props.role;
    const denyUnwatchedRegions = props.denyUnwatchedRegions ?? true;
    if (props.role && this.canManageBreakGlassRole && denyUnwatchedRegions) {
      new iam.Policy(this, 'OnlyInWatchedRegions', {
        roles: [props.role],
        document: iam.PolicyDocument.fromJson(unwatchedRegionsPolicy(watched)),
      });
    }
    warnOfUnwatchedRegions(this, {
      watched, leftOut: regions.leftOut, deny: denyUnwatchedRegions, managed: this.canManageBreakGlassRole, trustManaged: !props.role,
    });

    const logGroupOptions: BreakGlassLogGroupOptions = {
      retention: props.retention,
      logGroupRemovalPolicy: props.logGroupRemovalPolicy,
      encryptionKey: props.encryptionKey,
    };

    // The login alert makes the role's watch once its topic exists: the watch's alarms notify that topic.
    this.loginAlert = new RoleLoginAlert(this, 'LoginAlert', {
      role: this.role,
      ...watchOptions(props),
      alertTopic: props.alertTopic,
      chatTopic: props.chatTopic,
      loginAlertEmails: props.loginAlertEmails,
      message: props.message,
      createLoginLogGroup: props.createLoginLogGroup,
      ...logGroupOptions,
    });
    this.watch = this.loginAlert.watch;
    this.alertTopic = this.loginAlert.alertTopic;

    if (props.logActions !== undefined || props.logServices !== undefined) {
      this.actionLogging = new BreakGlassLogActions(this, 'LogActions', {
        role: this.role,
        watch: this.watch,
        logActions: props.logActions,
        logServices: props.logServices,
        sourceIdentities: sourceIdentitiesOf(props.usernames),
        ...logGroupOptions,
      });
    }

    validateBoolean('readinessCheck', props.readinessCheck);
    if (props.readinessCheck ?? true) {
      this.readinessCheck = new BreakGlassReadinessCheck(this, 'ReadinessCheck', {
        role: this.role,
        usernames: props.usernames,
        alertTopic: this.alertTopic,
        chatTopic: props.chatTopic,
        watch: this.watch,
        readinessInterval: props.readinessInterval,
        drillInterval: props.drillInterval,
        ...logGroupOptions,
      });
    }

    if (props.tamperAlerts ?? true) {
      // Last of the watching parts: it protects the rules and log groups made above.
      this.tamperAlert = new BreakGlassTamperAlert(this, 'TamperAlert', {
        role: this.role,
        watch: this.watch,
        alertTopic: this.alertTopic,
        chatTopic: props.chatTopic,
        usernames: props.usernames,
        rules: [...this.rules, ...(this.readinessCheck ? [this.readinessCheck.schedule] : [])],
        functions: this.readinessCheck ? [this.readinessCheck.function] : undefined,
        logGroups: [this.loginLogGroup, this.actionLogGroup].filter((g): g is logs.ILogGroup => g !== undefined),
        queryDefinitions: [...this.loginQueries, ...this.actionQueries],
        keys: props.encryptionKey ? [props.encryptionKey] : undefined,
      });
    }

    if (props.deployer) {
      this.deployer = new BreakGlassDeployer(this, 'Deployer', {
        deployer: props.deployer,
        breakGlassRole: this.role,
        canManageBreakGlassRole: this.canManageBreakGlassRole,
        bootstrapRegions: this.watch.stackRegions,
      });
    }
  }

  /** The rules the construct watches with, in the home region. */
  public get rules(): events.IRule[] {
    return [...this.loginAlert.rules, ...(this.actionLogging?.rules ?? []), ...(this.tamperAlert?.rules ?? [])];
  }

  /**
   * The log group holding every action done with the role.
   *
   * @default - none, unless action logging is on
   */
  public get actionLogGroup(): logs.ILogGroup | undefined {
    return this.actionLogging?.actionLogGroup;
  }

  /**
   * The log group holding every login event.
   *
   * @default - none, unless `createLoginLogGroup` is true
   */
  public get loginLogGroup(): logs.ILogGroup | undefined {
    return this.loginAlert.loginLogGroup;
  }

  /**
   * The CloudWatch Logs Insights saved queries of the action log: `What each
   * session did`, `Writes by session` (unless only read-only calls are
   * recorded) and `Failed calls`, named `break-glass/<part>/<title>`.
   *
   * @default - none, unless action logging is on
   */
  public get actionQueries(): logs.QueryDefinition[] {
    return this.actionLogging?.actionQueries ?? [];
  }

  /**
   * The CloudWatch Logs Insights saved queries of the login log:
   * `Assumptions and sign-ins`, named `break-glass/<part>/<title>`.
   *
   * @default - none, unless `createLoginLogGroup` is true
   */
  public get loginQueries(): logs.QueryDefinition[] {
    return this.loginAlert.loginQueries;
  }

  /**
   * Lets `grantee` call `sts:AssumeRole` on the role, through its own IAM
   * policy. The role's trust policy still admits only `usernames`.
   */
  public grantAssume(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sts:AssumeRole'],
      resourceArns: [this.role.roleArn],
    });
  }

  /** The role, trusting `usernames` only through the STS endpoints of the `watched` regions, and, unless told otherwise, acting only there. */
  private createRole(props: BreakGlassRoleProps, watched: string[]): iam.Role {
    const { requireMfa, maxSessionDuration, administratorAccess } = roleDefinition(this, props, watched);
    const stack = Stack.of(this);
    const roleArnOf = (resourceName: string) => stack.formatArn({
      service: 'iam', region: '', resource: 'role', resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const conditions = trustConditions(props.usernames, requireMfa, roleArnOf);
    const accountRoot = new iam.AccountRootPrincipal();
    const role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: 'Break-glass role: emergency access, alerted on every assumption',
      // The whole trust is written below, as the organization's member accounts have it; this, its first statement, stands alone.
      assumedBy: accountRoot.withConditions(conditions[0]),
      maxSessionDuration,
      managedPolicies: props.managedPolicies,
      inlinePolicies: (props.denyUnwatchedRegions ?? true)
        ? { [UNWATCHED_REGIONS_POLICY_NAME]: iam.PolicyDocument.fromJson(unwatchedRegionsPolicy(watched)) }
        : undefined,
    });
    (role.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument',
      trustPolicyDocument(conditions, accountRoot.arn, watched));
    for (const statement of props.policyStatements ?? []) {
      role.addToPolicy(statement);
    }
    if (administratorAccess) {
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    }
    return role;
  }
}

function rejectCreationPropsWithImportedRole(props: BreakGlassRoleProps): void {
  const given = (['roleName', 'managedPolicies', 'policyStatements', 'maxSessionDuration'] as const)
    .filter(prop => props[prop] !== undefined);
  if (given.length > 0) {
    throw new Error(`role is an existing role, so ${given.join(', ')} cannot apply: set ${given.length > 1 ? 'them' : 'it'} on that role where it is defined, or drop role to create one.`);
  }
}

/**
 * The login alert of a `BreakGlassRole`, which makes the role's watch beside itself (`Default`, which keeps
 * the watch out of its resources' logical ids: they stay those of the role's own children) once the alert
 * topic exists, and gives the watch that topic and the chat topic for its alarms.
 */
class RoleLoginAlert extends BreakGlassLoginAlert {
  /** @internal */
  protected _watchOf(props: BreakGlassLoginAlertProps, emails: string[]): BreakGlassWatch {
    return new BreakGlassWatch(this.node.scope as Construct, 'Default', {
      ...watchOptions(props, emails),
      retention: props.retention,
      logGroupRemovalPolicy: props.logGroupRemovalPolicy,
      encryptionKey: props.encryptionKey,
      alarmTopic: this.alertTopic,
      chatTopic: props.chatTopic,
      role: props.role,
    });
  }
}
