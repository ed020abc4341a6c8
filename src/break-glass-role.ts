import { Annotations, CfnOutput, Duration, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BreakGlassDeployer } from './break-glass-deployer';
import { BreakGlassLogActions } from './break-glass-log-actions';
import { BreakGlassLoginAlert } from './break-glass-login-alert';
import { BreakGlassTamperAlert } from './break-glass-tamper-alert';
import { Deployer } from './deployer';
import { LogActions } from './log-actions';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { BreakGlassRegionOptions, RegionalDeploymentKind } from './regional-deployment';
import { registerChatActionLog } from './private/detection/chat-notification';
import { RegionalWatch } from './private/regions/regional-watch';
import { watchedRegions } from './private/regions/watched-regions';
import { markBreakGlassScope } from './private/scope';
import { applyTrailSetup, TrailSetup } from './trail-setup';
import { trustConditions, validateTrustPolicySize } from './private/trust-policy';
import { Username, UsernameKind } from './username';
import { throwOnDuplicates } from './private/validation';

/**
 * Properties of `BreakGlassRole`.
 */
export interface BreakGlassRoleProps extends BreakGlassLogGroupOptions, BreakGlassRegionOptions {
  /**
   * The identities allowed to assume the role: at least one. The trust policy
   * admits only these, by name. Each also needs `sts:AssumeRole` on the role in
   * its own IAM policy (see `grantAssume`).
   */
  readonly usernames: Username[];

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
   * Physical name of a created role.
   *
   * @default - CloudFormation generates a name
   */
  readonly roleName?: string;

  /**
   * Managed policies of a created role.
   *
   * @default - AdministratorAccess when `policyStatements` is also absent, with a warning
   */
  readonly managedPolicies?: iam.IManagedPolicy[];

  /**
   * Inline statements of a created role.
   *
   * @default - AdministratorAccess when `managedPolicies` is also absent, with a warning
   */
  readonly policyStatements?: iam.PolicyStatement[];

  /**
   * Longest session of a created role, from 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;

  /**
   * Whether IAM users must have signed in with MFA to assume the role.
   *
   * @default true
   */
  readonly requireMfa?: boolean;

  /**
   * The topic alerts are published to.
   *
   * @default - a new topic, TLS enforced
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * A topic mapped to chat channels by Amazon Q Developer in chat applications
   * (Slack, Microsoft Teams, Amazon Chime): every alert, tamper alert and
   * delivery-health alarm also reaches it, in the chat service's custom
   * notification format. See `BreakGlassLoginAlertProps.chatTopic`.
   *
   * @default - no chat notifications
   */
  readonly chatTopic?: sns.ITopic;

  /**
   * Email addresses subscribed to the alert topic.
   *
   * @default - no email subscription
   */
  readonly loginAlertEmails?: string[];

  /**
   * Alert text with `<field>` placeholders; see `BreakGlassLoginAlertProps.message`.
   *
   * @default - a readable text naming who, which role, what, when, where from and the result
   */
  readonly message?: string;

  /**
   * Also write every login event to a log group.
   *
   * @default false
   */
  readonly createLoginLogGroup?: boolean;

  /**
   * Record actions done with the role.
   *
   * @default - no action logging, unless `logServices` is given (then `ALL` for those services)
   */
  readonly logActions?: LogActions;

  /**
   * Only record actions of these services, by the name their CloudTrail
   * `eventSource` starts with (`'s3'` keeps `s3.amazonaws.com`, `'cloudformation'`).
   *
   * @default - every service, when `logActions` is set
   */
  readonly logServices?: string[];

  /**
   * The CloudTrail trail the events come from. Without one, a warning explains
   * that EventBridge only receives CloudTrail events where a trail logs them.
   *
   * @default - none is made, and a warning is raised
   */
  readonly trail?: TrailSetup;

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
   * subscriptions, the log groups, the key, a trail made here), and alarm when
   * a rule fails to deliver. See `BreakGlassTamperAlert`.
   *
   * @default true
   */
  readonly tamperAlerts?: boolean;
}

const MIN_SESSION = Duration.hours(1);
const MAX_SESSION = Duration.hours(12);

/**
 * An emergency "break-glass" role that few identities may assume, that alerts
 * whenever it is assumed or an attempt is made, and that can record what is
 * done with it.
 *
 * @example
 * new BreakGlassRole(this, 'BreakGlass', {
 *   usernames: [Username.iamUser('alice'), Username.federated('carol@example.com')],
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
   * The trail the construct made.
   *
   * @default - none, unless `trail` is `TrailSetup.createTrail()`
   */
  public readonly trail?: cloudtrail.Trail;

  /**
   * The tamper alert and its delivery-health alarms.
   *
   * @default - none, when `tamperAlerts` is false
   */
  public readonly tamperAlert?: BreakGlassTamperAlert;

  /**
   * The deployer and its policy.
   *
   * @default - none, unless `deployer` is given
   */
  public readonly deployer?: BreakGlassDeployer;

  /** Whether the construct may change the role's policies and tags. */
  public readonly canManageBreakGlassRole: boolean;

  constructor(scope: Construct, id: string, props: BreakGlassRoleProps) {
    super(scope, id);
    markBreakGlassScope(this);
    validateUsernames(props.usernames);
    const requireMfa = props.requireMfa ?? true;
    validateTrustPolicySize(props.usernames, requireMfa);

    if (props.role) {
      rejectCreationPropsWithImportedRole(props);
      this.role = props.role;
      Annotations.of(this).addWarningV2('aws-break-glass-role:importedRoleTrust',
        'The imported role\'s trust policy is not changed: make sure it admits only the identities in usernames.');
    } else {
      this.role = this.createRole(props, requireMfa);
    }
    this.canManageBreakGlassRole = props.canManageBreakGlassRole ?? !props.role;

    this.trail = applyTrailSetup(this, props.trail);
    // Children see the trail decision already made here.
    const childTrail = TrailSetup.existingTrail();

    // Chat notifications name the action log, set up below.
    registerChatActionLog(this, () => this.actionLogGroup?.logGroupName);
    this.loginAlert = new BreakGlassLoginAlert(this, 'LoginAlert', {
      ...props,
      chatTopic: props.chatTopic,
      role: this.role,
      trail: childTrail,
    });
    this.alertTopic = this.loginAlert.alertTopic;

    if (props.logActions !== undefined || props.logServices !== undefined) {
      this.actionLogging = new BreakGlassLogActions(this, 'LogActions', {
        ...props,
        role: this.role,
        trail: childTrail,
      });
    }

    if (props.tamperAlerts ?? true) {
      // Last of the watching parts: it protects the rules and log groups made above.
      this.tamperAlert = new BreakGlassTamperAlert(this, 'TamperAlert', {
        role: this.role,
        alertTopic: this.alertTopic,
        chatTopic: props.chatTopic,
        rules: this.rules,
        logGroups: [this.loginLogGroup, this.actionLogGroup].filter((g): g is logs.ILogGroup => g !== undefined),
        encryptionKey: props.encryptionKey,
        trailArns: this.trail ? [this.trail.trailArn] : undefined,
        regions: props.regions,
        regionalDeployment: props.regionalDeployment,
      });
    }

    if (props.deployer) {
      this.deployer = new BreakGlassDeployer(this, 'Deployer', {
        deployer: props.deployer,
        breakGlassRole: this.role,
        canManageBreakGlassRole: this.canManageBreakGlassRole,
        regions: this.deployedRegions(props),
      });
    }

    new CfnOutput(this, 'RoleArn', { description: 'The break-glass role', value: this.role.roleArn });
    new CfnOutput(this, 'AlertTopicArn', { description: 'Topic of break-glass alerts', value: this.alertTopic.topicArn });
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
   * Name of the topic that, in each forwarded region (every watched region but
   * the home region), the alarm on that region's forwarding rule notifies.
   * `forwardingAlarmEmails` are subscribed to it; subscribe other endpoints to
   * `arn:PARTITION:sns:REGION:ACCOUNT:NAME` in each region.
   *
   * @default - none, when no region other than the home region is watched
   */
  public get forwardingAlarmTopicName(): string | undefined {
    return RegionalWatch.of(this)?.forwardingAlarm?.name;
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

  /** The regions `cdk deploy` deploys stacks to: the home region, and each forwarded one with regional stacks. */
  private deployedRegions(props: BreakGlassRoleProps): string[] {
    const regions = watchedRegions(this, props.regions ?? []);
    return props.regionalDeployment?.kind === RegionalDeploymentKind.REGIONAL_STACKS
      ? [regions.home, ...regions.forwarded]
      : [regions.home];
  }

  private createRole(props: BreakGlassRoleProps, requireMfa: boolean): iam.Role {
    const maxSessionDuration = props.maxSessionDuration ?? MIN_SESSION;
    validateSessionDuration(maxSessionDuration);
    const [first, ...rest] = trustConditions(props.usernames, requireMfa);
    const role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: 'Break-glass role: emergency access, alerted on every assumption',
      assumedBy: new iam.AccountRootPrincipal().withConditions(first),
      maxSessionDuration,
      managedPolicies: props.managedPolicies,
    });
    for (const conditions of rest) {
      role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [new iam.AccountRootPrincipal()],
        conditions,
      }));
    }
    for (const statement of props.policyStatements ?? []) {
      role.addToPolicy(statement);
    }
    if (!props.managedPolicies && !props.policyStatements) {
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
      Annotations.of(this).addWarningV2('aws-break-glass-role:adminAccess',
        'The break-glass role gets AdministratorAccess because neither managedPolicies nor policyStatements is given. ' +
        'Give the policies an emergency needs, or acknowledge this warning.');
    }
    return role;
  }
}

function validateUsernames(usernames: Username[]): void {
  if (usernames.length === 0) {
    throw new Error('usernames must name at least one identity: give Username.iamUser(\'alice\') or Username.federated(\'carol@example.com\').');
  }
  // IAM user names are unique regardless of case.
  throwOnDuplicates('usernames', usernames.map(u => `${u.kind}:${u.name}`),
    key => (key.startsWith(UsernameKind.IAM_USER) ? key.toLowerCase() : key));
}

function rejectCreationPropsWithImportedRole(props: BreakGlassRoleProps): void {
  const given = (['roleName', 'managedPolicies', 'policyStatements', 'maxSessionDuration'] as const)
    .filter(prop => props[prop] !== undefined);
  if (given.length > 0) {
    throw new Error(`role is an existing role, so ${given.join(', ')} cannot apply: set ${given.length > 1 ? 'them' : 'it'} on that role where it is defined, or drop role to create one.`);
  }
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
