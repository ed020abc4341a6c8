/*
 * Over 300 lines for one concept: the hub's public surface (its interface, its attributes when imported,
 * its props and attributes, each documented in place). What it makes is made by src/private/organization/
 * (hub-bus, hub-logs, hub-rules, hub-safeguards, organization-canary-check, hub-alert-path).
 */
import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { BreakGlassLogActionsOptions } from './break-glass-log-actions';
import { BreakGlassLoginAlertOptions } from './break-glass-login-alert';
import { BreakGlassOrganizationCanaryOptions } from './break-glass-organization-canary-options';
import { BreakGlassOrganizationMembers } from './break-glass-organization-members';
import { BreakGlassDeliveryHealth } from './delivery-health';
import { BreakGlassLogGroupOptions } from './log-group-options';
import { canaryMinutesOf } from './private/canary/canary';
import { DeadLetterQueue } from './private/delivery/dead-letter-queue';
import { DEFAULT_MESSAGE, validateMessage } from './private/detection/alert-message';
import { alertTopic } from './private/detection/alert-topic';
import { LazyEventsLogWriter } from './private/detection/events-log-group-policy';
import { organizationRole } from './private/detection/patterns';
import { hubAlertPath } from './private/organization/hub-alert-path';
import { hubBus } from './private/organization/hub-bus';
import { hubLogs } from './private/organization/hub-logs';
import { hubRules } from './private/organization/hub-rules';
import { hubSafeguards } from './private/organization/hub-safeguards';
import { OrganizationCanaryCheck } from './private/organization/organization-canary-check';
import { organizationNames, OrganizationNames } from './private/organization/organization-names';
import { watchedRegions } from './private/regions/watched-regions';
import {
  checkEmails, validateAccountId, validateBoolean, validateLogActionsOptions, validateOrganizationalUnits, validateOrganizationId,
} from './private/validation';

/**
 * The organization's hub, as a `BreakGlassOrganizationRole` needs it: where its
 * bus is, and the role name it watches.
 */
export interface IBreakGlassOrganizationHub extends IConstruct {
  /** The security account the hub is in. */
  readonly account: string;
  /** The hub's region: every member account's events are delivered there. */
  readonly region: string;
  /** The name of the break-glass role in every member account. */
  readonly roleName: string;
  /** ARN of the hub's event bus, which the member accounts forward to. */
  readonly centralBusArn: string;
  /**
   * What the hub expects of the member accounts (regions, organizational units, canary), which a
   * `BreakGlassOrganizationRole` given none of its own deploys.
   *
   * @default - not known: a hub imported without them
   */
  readonly members?: BreakGlassOrganizationMembers;
}

/**
 * A hub made in another app, by what it was made with.
 */
export interface BreakGlassOrganizationHubAttributes {
  /** The security account the hub is in. */
  readonly account: string;
  /** The hub's region. */
  readonly region: string;
  /** The hub's `roleName`. */
  readonly roleName: string;

  /**
   * The hub's `organizationalUnits`, for the `BreakGlassOrganizationRole` to deploy to.
   *
   * @default - not known, unless `regions`, `canary` or `canaryInterval` is given (then every account of the organization)
   */
  readonly organizationalUnits?: string[];

  /**
   * The hub's `regions`, for the `BreakGlassOrganizationRole` to deploy to.
   *
   * @default - not known, unless `organizationalUnits`, `canary` or `canaryInterval` is given (then `['*']`)
   */
  readonly regions?: string[];

  /**
   * The hub's `canary`, for the `BreakGlassOrganizationRole` to run.
   *
   * @default - not known, unless `organizationalUnits`, `regions` or `canaryInterval` is given (then true)
   */
  readonly canary?: boolean;

  /**
   * The hub's `canaryInterval`, for the `BreakGlassOrganizationRole` to run its canary at.
   *
   * @default - not known, unless `organizationalUnits`, `regions` or `canary` is given (then one hour)
   */
  readonly canaryInterval?: Duration;
}

/**
 * Properties of `BreakGlassOrganizationHub`.
 */
export interface BreakGlassOrganizationHubProps
  extends BreakGlassLoginAlertOptions, BreakGlassLogActionsOptions, BreakGlassLogGroupOptions, BreakGlassOrganizationCanaryOptions {
  /**
   * The organization whose accounts may put events on the hub's bus
   * (`aws:PrincipalOrgID`), as AWS Organizations shows it: `o-` and 10 to 32
   * letters or digits.
   */
  readonly organizationId: string;

  /**
   * The name of the break-glass role in every member account, as
   * `BreakGlassOrganizationRole` creates it: at most 45 characters.
   */
  readonly roleName: string;

  /**
   * The organizational units the `BreakGlassOrganizationRole` deploys to, as
   * its `organizationalUnits` (`ou-…`, or a root `r-…`): the canary check
   * expects a heartbeat from every active account in them and in their child
   * units, at any depth, but the management account.
   *
   * @default - every account of the organization
   */
  readonly organizationalUnits?: string[];

  /**
   * The regions the `BreakGlassOrganizationRole` watches, as its `regions`:
   * the canary check expects a heartbeat from each of them in every account.
   *
   * @default ['*'], as `BreakGlassOrganizationRole`'s default: every region of the partition enabled by default
   */
  readonly regions?: string[];

  /**
   * Alert when anyone changes what the hub depends on (its bus and rules,
   * the alert topic and its subscriptions, the log groups, its dead-letter
   * queue), or, in a member account, the role, its forwarding rules or its
   * dead-letter queue; and alarm when the hub's dead-letter queue holds what a
   * hub rule could not deliver.
   *
   * @default true
   */
  readonly tamperAlerts?: boolean;
}

/**
 * The security account's side of a break-glass role in every account of an
 * organization: an event bus that admits events only from the
 * organization's accounts, and on it the rules that alert on every
 * assumption or attempt of the role `roleName` in any member account, record
 * what is done with it, and alert on changes to the role and its forwarding.
 * Alerts name the account. Deploy it in the security (audit) account's home
 * region; `BreakGlassOrganizationRole` puts the role and the forwarding in
 * every member account.
 *
 * @example
 * new BreakGlassOrganizationHub(this, 'Hub', {
 *   organizationId: 'o-a1b2c3d4e5',
 *   roleName: 'BreakGlass',
 *   loginAlertEmails: ['security@example.com'],
 *   logActions: LogActions.WRITE,
 * });
 */
export class BreakGlassOrganizationHub extends Construct implements IBreakGlassOrganizationHub {
  /**
   * A hub made in another app, for a `BreakGlassOrganizationRole`: its bus's
   * ARN follows from the account, the region and the role name.
   */
  public static fromAttributes(scope: Construct, id: string, attrs: BreakGlassOrganizationHubAttributes): IBreakGlassOrganizationHub {
    return new ImportedOrganizationHub(scope, id, attrs);
  }

  /** The security account the hub is in. */
  public readonly account: string;

  /** The hub's region: every member account's events are delivered there. */
  public readonly region: string;

  /** The name of the break-glass role in every member account. */
  public readonly roleName: string;

  /** ARN of the hub's event bus, which the member accounts forward to: plain text, no token. */
  public readonly centralBusArn: string;

  /** The organization whose accounts may put events on the bus. */
  public readonly organizationId: string;

  /** Name of the rule that forwards break-glass events to the hub in every region of every member account. */
  public readonly forwardRuleName: string;

  /** Name of the rule that watches the forwarding rule in every region of every member account. */
  public readonly guardRuleName: string;

  /** The bus every member account's events arrive on. */
  public readonly centralBus: events.IEventBus;

  /** The topic alerts are published to. */
  public readonly alertTopic: sns.ITopic;

  /**
   * The SQS queue where every hub rule keeps what it could not deliver (after
   * retrying for at most 5 minutes): encrypted, 14 days, written to only by
   * those rules. Each member account's region has a queue of its own for its
   * forwarding and guard rules.
   */
  public readonly deadLetterQueue: sqs.IQueue;

  /** The rules that alert, record and guard: on the hub's bus and, for the hub's own safeguards, on the default bus. */
  public readonly rules: events.IRule[];

  /**
   * The log group every login event is written to.
   *
   * @default - none, unless `createLoginLogGroup` is true
   */
  public readonly loginLogGroup?: logs.ILogGroup;

  /**
   * The log group the actions done with the role, in every member account, are written to.
   *
   * @default - none, unless `logActions` or `logServices` is given
   */
  public readonly actionLogGroup?: logs.ILogGroup;

  /** The saved CloudWatch Logs Insights queries of the login log; none without it. */
  public readonly loginQueries: logs.QueryDefinition[];

  /** The saved CloudWatch Logs Insights queries of the action log; none without it. */
  public readonly actionQueries: logs.QueryDefinition[];

  /**
   * The alarm on the hub's dead-letter queue.
   *
   * @default - none, when `tamperAlerts` is false
   */
  public readonly deliveryHealth?: BreakGlassDeliveryHealth;

  /** Every region the canary check expects a heartbeat from in each account: the hub's region first, then the others, sorted. */
  public readonly watchedRegions: string[];

  /**
   * The organizational units whose accounts the canary check expects.
   *
   * @default - every account of the organization
   */
  public readonly organizationalUnits?: string[];

  /**
   * Time between two canary attempts and two runs of the check.
   *
   * @default - none, with `canary: false`
   */
  public readonly canaryInterval?: Duration;

  /**
   * What the hub expects of the member accounts: its `watchedRegions`, `organizationalUnits` and
   * `canaryInterval`, which its `BreakGlassOrganizationRole` deploys when given none of its own.
   */
  public readonly members?: BreakGlassOrganizationMembers;

  /**
   * The log group of every member canary's heartbeats, and of the check's reports.
   *
   * @default - none, with `canary: false`
   */
  public readonly heartbeatLogGroup?: logs.ILogGroup;

  /**
   * The alarm that goes off when the canary check fails or does not run for two intervals.
   *
   * @default - none, with `canary: false`
   */
  public readonly canaryCheckAlarm?: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: BreakGlassOrganizationHubProps) {
    super(scope, id);
    validateOrganizationId('organizationId', props.organizationId);
    const stack = Stack.of(this);
    const { account, region, partition } = hubEnvironment(stack, this);
    const names = organizationNames(props.roleName, region);
    const emails = checkEmails('loginAlertEmails', props.loginAlertEmails ?? []);
    validateMessage(props.message ?? DEFAULT_MESSAGE);
    validateBoolean('tamperAlerts', props.tamperAlerts);
    validateLogActionsOptions(props.logActions, props.logServices);
    if (props.organizationalUnits !== undefined) {
      validateOrganizationalUnits('organizationalUnits', props.organizationalUnits);
    }
    const intervalMinutes = canaryMinutesOf(props);

    this.account = account;
    this.region = region;
    this.roleName = names.roleName;
    this.organizationId = props.organizationId;
    this.forwardRuleName = names.forwardRule;
    this.guardRuleName = names.guardRule;
    this.centralBusArn = hubBusArn(partition, region, account, names);
    const regions = watchedRegions(this, props.regions, region);
    this.watchedRegions = [regions.home, ...regions.forwarded];
    this.organizationalUnits = props.organizationalUnits;
    this.canaryInterval = intervalMinutes !== undefined ? Duration.minutes(intervalMinutes) : undefined;
    this.members = { regions: this.watchedRegions, organizationalUnits: this.organizationalUnits, canaryInterval: this.canaryInterval };
    const role = organizationRole(names.roleName, partition);

    const bus = hubBus(this, names, props.organizationId);
    this.centralBus = bus;
    this.alertTopic = alertTopic(this, props, emails);
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters');
    this.deadLetterQueue = deadLetters.queue;
    const logWriter = new LazyEventsLogWriter(this);
    const hubLogGroups = hubLogs(this, props, logWriter);
    this.loginLogGroup = hubLogGroups.loginLogGroup;
    this.actionLogGroup = hubLogGroups.actionLogGroup;
    this.loginQueries = hubLogGroups.loginQueries;
    this.actionQueries = hubLogGroups.actionQueries;

    const destinations = { alertTopic: this.alertTopic, chatTopic: props.chatTopic, role, deadLetters, names };
    const busRules = hubRules(this, {
      ...destinations,
      message: props.message,
      logActions: props.logActions,
      logServices: props.logServices,
      bus,
      logs: hubLogGroups,
      canary: intervalMinutes !== undefined,
    });
    this.rules = [...busRules.all];

    const check = intervalMinutes !== undefined ? new OrganizationCanaryCheck(this, 'Canary', {
      ...destinations,
      organizationId: props.organizationId,
      partition,
      organizationalUnits: props.organizationalUnits ?? [],
      regions: this.watchedRegions,
      intervalMinutes,
      eventBus: bus,
      logWriter,
      logOptions: props,
      advice: canaryAdvice(names, this.centralBusArn),
    }) : undefined;
    if (check) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:organizationsAccessNeeded',
        `The canary check lists the accounts of ${props.organizationId} from the security account ${account}, which AWS Organizations allows only ` +
        'to the management account and to accounts a delegation policy names. In the management account, add a statement to the organization\'s ' +
        `resource policy letting ${account} call organizations:DescribeOrganization, ListRoots, ListChildren and ListAccountsForParent ` +
        '(README, "The organization proves itself"), then acknowledge this warning. Until then every run fails and the check\'s alarm goes off.');
      this.rules.push(check.heartbeatRule);
      this.heartbeatLogGroup = check.heartbeatLogGroup;
      this.canaryCheckAlarm = check.alarm;
    }

    let safeguardRules: events.Rule[] = [];
    if (props.tamperAlerts ?? true) {
      const safeguards = hubSafeguards(this, {
        ...destinations,
        bus,
        deadLetterQueue: this.deadLetterQueue,
        logGroups: [this.loginLogGroup, this.actionLogGroup, check?.heartbeatLogGroup],
        queryDefinitions: [...this.loginQueries, ...this.actionQueries],
        logPolicyName: logWriter.policyName,
        encryptionKey: props.encryptionKey,
        check: check !== undefined,
      });
      safeguardRules = safeguards.rules;
      this.rules.push(...safeguards.rules);
      this.deliveryHealth = safeguards.deliveryHealth;
    }

    if (check) {
      // Each run of the check proves the hub's own path: its login and tamper rules, and the topics they alert.
      hubAlertPath(check, {
        ...destinations,
        retention: props.retention,
        logGroupRemovalPolicy: props.logGroupRemovalPolicy,
        encryptionKey: props.encryptionKey,
        partition,
        account,
        logins: busRules.logins,
        tamperRules: [...busRules.members, ...safeguardRules],
        deadLetterQueue: this.deadLetterQueue,
      });
    }
  }
}

/** A hub of another app, known by its attributes. */
class ImportedOrganizationHub extends Construct implements IBreakGlassOrganizationHub {
  public readonly account: string;
  public readonly region: string;
  public readonly roleName: string;
  public readonly centralBusArn: string;
  public readonly members?: BreakGlassOrganizationMembers;

  constructor(scope: Construct, id: string, attrs: BreakGlassOrganizationHubAttributes) {
    super(scope, id);
    validateAccountId('account', attrs.account);
    const partition = typeof attrs.region === 'string' ? RegionInfo.get(attrs.region).partition : undefined;
    if (!partition) {
      throw new Error(`region is ${JSON.stringify(attrs.region)}, not a region aws-cdk-lib/region-info knows: give the hub stack's region, such as 'us-east-2'.`);
    }
    const names = organizationNames(attrs.roleName, attrs.region);
    this.account = attrs.account;
    this.region = attrs.region;
    this.roleName = names.roleName;
    this.centralBusArn = hubBusArn(partition, attrs.region, attrs.account, names);
    if ([attrs.organizationalUnits, attrs.regions, attrs.canary, attrs.canaryInterval].some(value => value !== undefined)) {
      if (attrs.organizationalUnits !== undefined) {
        validateOrganizationalUnits('organizationalUnits', attrs.organizationalUnits);
      }
      const regions = watchedRegions(this, attrs.regions, attrs.region);
      const intervalMinutes = canaryMinutesOf(attrs);
      this.members = {
        regions: [regions.home, ...regions.forwarded],
        organizationalUnits: attrs.organizationalUnits,
        canaryInterval: intervalMinutes !== undefined ? Duration.minutes(intervalMinutes) : undefined,
      };
    }
  }
}

/** The hub stack's account, region and partition, which member accounts name as plain text. */
function hubEnvironment(stack: Stack, hub: IConstruct): { account: string; region: string; partition: string } {
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw new Error(`The stack of ${hub.node.path} has no account or region (env-agnostic): member accounts forward to the hub's bus by ` +
      'its ARN, so the hub needs both. Give the stack env: { account, region } of the security account\'s home region.');
  }
  const partition = RegionInfo.get(stack.region).partition;
  if (!partition) {
    throw new Error(`The stack's region '${stack.region}' is unknown to aws-cdk-lib/region-info: use a known region, or upgrade aws-cdk-lib.`);
  }
  return { account: stack.account, region: stack.region, partition };
}

function hubBusArn(partition: string, region: string, account: string, names: OrganizationNames): string {
  return `arn:${partition}:events:${region}:${account}:event-bus/${names.hubBus}`;
}

/** What to check, named, when an account-region is silent: the alert's last paragraph. */
function canaryAdvice(names: OrganizationNames, busArn: string): string {
  return 'In each silent account and region, check: that a trail records its management events; that the schedule ' +
    `${names.canarySchedule} is enabled; that the rules ${names.forwardRule} and ${names.guardRule} are enabled and deliver to ${busArn} ` +
    `(the forwarder role ${names.forwarderRole}-REGION, the hub bus's policy); and, in the management account, the StackSet ${names.stackSet}'s ` +
    `instance there. What could not be delivered is kept in that region's queue ${names.deadLetterQueue}. At the hub: the heartbeat rule and log.`;
}
