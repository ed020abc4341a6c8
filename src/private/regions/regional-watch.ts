import { Annotations, Aws, CfnResource, CfnStackSet, IResolvable, Lazy, Names, Resource, Stack, Stage, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { ForwardingAlarm, forwardingAlarmDeployStatements, forwardingAlarmArns, forwardingAlarmResources } from './forwarding-alarm';
import {
  FORWARD_RULE_ID, ForwardingNames, forwardingNames, ForwardingPatterns, forwardingRules, GUARD_RULE_ID, STACK_SET_PARAMETERS, STACK_SET_ROLE,
  stackSetTemplateBody,
} from './forwarding-template';
import { BreakGlassRegionOptions, RegionalDeployment, RegionalDeploymentKind } from '../../regional-deployment';
import { watchedRegions, WatchedRegions } from './watched-regions';
import { checkPatternSize } from '../detection/pattern-size';
import { DetectionPattern, WatchedRole, watchedRole } from '../detection/patterns';
import { acknowledgeWildcards } from '../nag-acknowledgements';
import { outermostBreakGlassScope } from '../scope';
import { throwOnDuplicates, validateEmails } from '../validation';

const WATCH_ID = 'Regions';

/** What a break-glass construct watches in every region. */
export interface WatchedPatterns {
  /** The construct's patterns for a role as a given template sees it, given the names of the forwarded regions' resources. */
  readonly patterns: (role: WatchedRole, names: ForwardingNames) => DetectionPattern[];
  /** The construct's patterns for the guard rule of every forwarded region. */
  readonly guardPatterns?: (names: ForwardingNames) => DetectionPattern[];
  /** Runs the construct's rules on the central bus, for events forwarded from other regions. */
  readonly watchBus: (bus: events.IEventBus, names: ForwardingNames) => void;
}

/** The role a regional watch is about, and where and how it watches. */
export interface RegionalWatchProps extends BreakGlassRegionOptions {
  readonly role: iam.IRole;
}

/**
 * Watches every region where break-glass events are recorded: a central event
 * bus in the home region, and in each other watched region forwarding rules
 * with the same patterns, deployed by a StackSet or by one stack per region.
 * One per outermost break-glass construct.
 */
export class RegionalWatch extends Construct {
  /**
   * Registers a construct's patterns with the regional watch of its outermost
   * break-glass construct, making that watch from `props` if there is none yet.
   */
  public static watch(scope: IConstruct, props: RegionalWatchProps, watched: WatchedPatterns): void {
    const emails = props.forwardingAlarmEmails ?? [];
    validateEmails('forwardingAlarmEmails', emails);
    throwOnDuplicates('forwardingAlarmEmails', emails, email => email.toLowerCase());
    const owner = outermostBreakGlassScope(scope);
    const watch = RegionalWatch.of(owner) ?? new RegionalWatch(owner as Construct, WATCH_ID, props);
    watch.add(watched);
  }

  /** The regional watch of the outermost break-glass construct of `scope`, if it has one yet. */
  public static of(scope: IConstruct): RegionalWatch | undefined {
    return outermostBreakGlassScope(scope).node.tryFindChild(WATCH_ID) as RegionalWatch | undefined;
  }

  /**
   * The alarm and topic of every forwarded region.
   *
   * @default - none, when no other region is watched
   */
  public readonly forwardingAlarm?: ForwardingAlarm;

  /**
   * The names of the watch's resources in every forwarded region.
   *
   * @default - none, when no other region is watched
   */
  public readonly forwardingNames?: ForwardingNames;

  private readonly regions: WatchedRegions;
  private readonly registrations: WatchedPatterns[] = [];
  private readonly centralBus?: events.EventBus;
  private readonly regionalStacks: Stack[] = [];

  private constructor(scope: Construct, id: string, private readonly props: RegionalWatchProps) {
    super(scope, id);
    this.regions = watchedRegions(this, props.regions ?? []);
    if (this.regions.optInLeftOut.length > 0) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:optInRegionsNotWatched',
        `regions: ['*'] watches the regions enabled by default, not the opt-in regions ${this.regions.optInLeftOut.join(', ')}: ` +
        'an assumption through the STS endpoint of an opt-in region the account has enabled would not alert. ' +
        'Name the opt-in regions the account has enabled beside \'*\', for example [\'*\', \'af-south-1\'].');
    }
    if (this.regions.forwarded.length === 0) {
      return;
    }
    this.centralBus = new events.EventBus(this, 'CentralBus', {
      eventBusName: Names.uniqueResourceName(this, { maxLength: 256, separator: '-' }),
      description: 'Break-glass events forwarded from every watched region',
    });
    this.forwardingNames = forwardingNames(this.physicalName);
    this.forwardingAlarm = this.createForwardingAlarm(this.forwardingNames, props.forwardingAlarmEmails ?? []);
    const deployment = props.regionalDeployment ?? RegionalDeployment.stackSet();
    if (deployment.kind === RegionalDeploymentKind.STACK_SET) {
      this.createStackSet(deployment);
    } else {
      this.createRegionalStacks();
    }
  }

  /**
   * The start of the names of the watch's resources in other regions: StackSet,
   * rules, alarms and topics. It ends with the home region, so the same app
   * deployed to two home regions of one account names its rules in a shared
   * forwarded region apart.
   */
  private get physicalName(): string {
    // At most 56 characters (with a 15-character region), so the rules' names keep within EventBridge's 64.
    return `BreakGlass-${Names.uniqueResourceName(this, { maxLength: 29, separator: '-' })}-${this.regions.home}`;
  }

  private createForwardingAlarm(names: ForwardingNames, emails: string[]): ForwardingAlarm {
    const name = names.alarm;
    if (emails.length === 0) {
      Annotations.of(this).addWarningV2('aws-break-glass-role:forwardingAlarmsUnsubscribed',
        `The alarm ${name} of the forwarding rule in ${this.regions.forwarded.join(', ')} notifies the topic ` +
        `${name} of its own region, which has no subscriber: a forwarding rule that stops delivering would tell nobody. ` +
        'Set forwardingAlarmEmails (or loginAlertEmails), or acknowledge this warning if you subscribe other endpoints to those topics.');
    }
    return { name, emails, homeRegion: this.regions.home };
  }

  private add(watched: WatchedPatterns): void {
    this.registrations.push(watched);
    if (!this.centralBus) {
      return;
    }
    watched.watchBus(this.centralBus, this.forwardingNames!);
    if (watched.guardPatterns) {
      for (const stack of this.regionalStacks.filter(s => !s.node.tryFindChild(GUARD_RULE_ID))) {
        this.regionalRule(stack, GUARD_RULE_ID);
      }
    }
  }

  /** What every region's rules watch for, with the role as a given template sees it. */
  private watchedFor(role: WatchedRole): ForwardingPatterns {
    const names = this.forwardingNames!;
    return {
      patterns: this.registrations.flatMap(r => r.patterns(role, names)),
      guardPatterns: this.registrations.flatMap(r => r.guardPatterns?.(names) ?? []),
    };
  }

  /** The central bus's ARN from any stack of the partition (it has a fixed name). */
  private centralBusArnFrom(): string {
    return `arn:${Aws.PARTITION}:events:${this.regions.home}:${Stack.of(this).account}:event-bus/${this.centralBus!.eventBusName}`;
  }

  private forwarderRole(scope: Construct): iam.Role {
    const role = new iam.Role(scope, 'ForwarderRole', {
      description: 'Lets EventBridge forward break-glass events to the central bus only',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [this.centralBusArnFrom()],
    }));
    return role;
  }

  private createStackSet(deployment: RegionalDeployment): void {
    const stack = Stack.of(this);
    const forwarderRole = this.forwarderRole(this);
    const options = deployment.stackSetOptions;
    const roles: { administration: iam.IRole; execution?: iam.Role; executionRoleName: string } = options.administrationRole
      ? { administration: options.administrationRole, executionRoleName: options.executionRoleName! }
      : this.stackSetRoles(forwarderRole);

    const stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: this.physicalName,
      description: 'Break-glass role: forwarding rules of every watched region other than the home region',
      permissionModel: 'SELF_MANAGED',
      administrationRoleArn: roles.administration.roleArn,
      executionRoleName: roles.executionRoleName,
      templateBody: Lazy.string({
        produce: () => stackSetTemplateBody(this.watchedFor(STACK_SET_ROLE), this.forwardingNames!, this.forwardingAlarm!),
      }),
      parameters: [
        { parameterKey: STACK_SET_PARAMETERS.centralBusArn, parameterValue: this.centralBus!.eventBusArn },
        { parameterKey: STACK_SET_PARAMETERS.forwarderRoleArn, parameterValue: forwarderRole.roleArn },
        { parameterKey: STACK_SET_PARAMETERS.roleArn, parameterValue: this.props.role.roleArn },
        { parameterKey: STACK_SET_PARAMETERS.roleName, parameterValue: this.props.role.roleName },
      ],
      operationPreferences: { regionConcurrencyType: 'PARALLEL', maxConcurrentPercentage: 100, failureToleranceCount: 0 },
      stackInstancesGroup: [{
        deploymentTargets: { accounts: [stack.account] },
        regions: this.regions.forwarded,
      }],
    });
    // Deployed values stand for the StackSet parameters: the home stack's role ARN and name.
    checkPatternSize(stackSet, () => (forwardingRules(this.watchedFor(watchedRole(this.props.role)), {
      centralBusArn: '', forwarderRoleArn: '',
    }, this.forwardingNames!)[FORWARD_RULE_ID] as any).Properties.EventPattern);
    // The roles' policies must be in place before StackSets uses them; the
    // execution role is named, not referenced, so it needs an explicit dependency too.
    const policies = [forwarderRole, roles.administration, roles.execution]
      .map(role => role?.node.tryFindChild('DefaultPolicy'))
      .filter((policy): policy is IConstruct => policy !== undefined);
    stackSet.node.addDependency(...policies, ...(roles.execution ? [roles.execution.node.defaultChild!] : []));
  }

  /**
   * An administration role CloudFormation assumes, allowed only to assume the
   * execution role; and an execution role trusting only it, allowed only to
   * manage the StackSet's stacks (`StackSet-*`), their rules, alarm and topic,
   * and to pass the forwarder role to EventBridge.
   */
  private stackSetRoles(forwarderRole: iam.Role): { administration: iam.Role; execution: iam.Role; executionRoleName: string } {
    const stack = Stack.of(this);
    const optInRegions = this.regions.forwarded.filter(region => RegionInfo.get(region).isOptInRegion);
    const administration = new iam.Role(this, 'StackSetAdministrationRole', {
      description: 'Lets CloudFormation StackSets deploy the break-glass forwarding rules',
      // Opt-in regions reach the role through their regional CloudFormation principal.
      assumedBy: new iam.CompositePrincipal(
        ...['cloudformation.amazonaws.com', ...optInRegions.map(region => `cloudformation.${region}.amazonaws.com`)]
          .map(service => new iam.ServicePrincipal(service)),
      ).withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
    });
    // IAM names are account-wide: the home region keeps two home regions' apps apart.
    const executionRoleName = `${Names.uniqueResourceName(this, { maxLength: 48, separator: '-' })}-${this.regions.home}`;
    const execution = new iam.Role(this, 'StackSetExecutionRole', {
      roleName: executionRoleName,
      description: 'Creates the break-glass forwarding rules in every watched region',
      assumedBy: new iam.ArnPrincipal(administration.roleArn),
    });
    administration.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [execution.roleArn],
    }));
    // A literal partition (the home region's), so the ARNs can be named in acknowledgements.
    const partition = RegionInfo.get(this.regions.home).partition!;
    const instanceStacks = `arn:${partition}:cloudformation:*:${stack.account}:stack/StackSet-*`;
    const names = this.forwardingNames!;
    const instanceRules = [names.forwardRule, names.guardRule].map(name => `arn:${partition}:events:*:${stack.account}:rule/${name}`);
    execution.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageStackSetInstanceStacks',
      // StackSets needs CloudFormation on the instance stacks it creates, all named StackSet-*.
      actions: ['cloudformation:*'],
      resources: [instanceStacks],
    }));
    execution.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageForwardingRules',
      // What the AWS::Events::Rule handlers call (create, read, update, delete; CloudFormation tags every rule).
      actions: ['events:DescribeRule', 'events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets',
        'events:ListTargetsByRule', 'events:TagResource', 'events:UntagResource', 'events:ListTagsForResource'],
      resources: instanceRules,
    }));
    execution.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PassForwarderRole',
      actions: ['iam:PassRole'],
      resources: [forwarderRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
    }));
    for (const statement of forwardingAlarmDeployStatements(this.forwardingAlarm!, partition, stack.account)) {
      execution.addToPrincipalPolicy(statement);
    }
    const policy = execution.node.findChild('DefaultPolicy');
    acknowledgeWildcards(policy, { actions: ['cloudformation:*'], resources: [instanceStacks] },
      'StackSets names each instance stack StackSet-<name>-<id>, in every forwarded region: the execution role is held to those names. ' +
      'StackSets needs CloudFormation actions on its instance stacks.');
    const alarmArns = forwardingAlarmArns(this.forwardingAlarm!, partition, stack.account);
    acknowledgeWildcards(policy, { resources: [...instanceRules, alarmArns.alarm, alarmArns.topic] },
      'The forwarding and guard rules, the alarm and its topic have one fixed name in every forwarded region: ' +
      'the execution role is held to those names.');
    acknowledgeWildcards(policy, { resources: ['*'] },
      'SNS authorizes Unsubscribe and GetSubscriptionAttributes on no resource type; CloudFormation calls them to remove a ' +
      'forwarding alarm subscription. They are allowed outside the home region only, away from the alert topic.');
    return { administration, execution, executionRoleName };
  }

  private createRegionalStacks(): void {
    const home = Stack.of(this);
    const stage = Stage.of(home);
    if (!stage) {
      throw new Error('RegionalDeployment.regionalStacks() needs the home stack inside an App or Stage.');
    }
    this.roleInRegionalStack();
    // Keeps the path hash, so two watches of one stack never share a stack name.
    const watchName = Names.uniqueResourceName(this, { maxLength: 40, separator: '' });
    for (const region of this.regions.forwarded) {
      const stack = new Stack(stage, `${home.artifactId}-${watchName}-${region}`, {
        env: { account: home.account, region },
        description: `Break-glass role: forwards ${region}'s break-glass events to ${this.regions.home}`,
      });
      stack.addStackDependency(home);
      this.forwarderRole(stack);
      this.regionalStacks.push(stack);
      const rule = this.regionalRule(stack, FORWARD_RULE_ID);
      checkPatternSize(rule, () => this.regionalRuleProperty(stack, FORWARD_RULE_ID, 'EventPattern'));
      for (const [logicalId, resource] of Object.entries(forwardingAlarmResources(this.forwardingAlarm!, FORWARD_RULE_ID))) {
        const { Type: type, Properties: properties } = resource as { Type: string; Properties: { [key: string]: unknown } };
        new CfnResource(stack, logicalId, { type, properties }).overrideLogicalId(logicalId);
      }
    }
  }

  /** A rule of a regional stack, whose properties are made at synth: the patterns of parts made after the watch are known only then. */
  private regionalRule(stack: Stack, logicalId: string): CfnResource {
    const rule = new CfnResource(stack, logicalId, {
      type: 'AWS::Events::Rule',
      properties: Object.fromEntries(['Name', 'Description', 'State', 'EventPattern', 'Targets']
        .map(key => [key, this.regionalRuleProperty(stack, logicalId, key)])),
    });
    rule.overrideLogicalId(logicalId);
    return rule;
  }

  private regionalRuleProperty(stack: Stack, logicalId: string, key: string): IResolvable {
    return Lazy.any({
      produce: () => (forwardingRules(this.watchedFor(this.roleInRegionalStack()), {
        centralBusArn: this.centralBusArnFrom(),
        forwarderRoleArn: (stack.node.findChild('ForwarderRole') as iam.Role).roleArn,
      }, this.forwardingNames!)[logicalId] as any).Properties[key],
    });
  }

  /** The role as another region's stack sees it: by name, never by a reference to the home stack. */
  private roleInRegionalStack(): WatchedRole {
    const role = this.props.role;
    const account = Stack.of(this).account;
    if (!Resource.isOwnedResource(role)) {
      return { roleArn: role.roleArn, roleName: role.roleName, account: role.env.account, partition: Aws.PARTITION };
    }
    const cfnRole = role.node.defaultChild as iam.CfnRole;
    if (cfnRole.roleName === undefined || Token.isUnresolved(cfnRole.roleName)) {
      throw new Error('RegionalDeployment.regionalStacks() needs the break-glass role\'s name at synth, because a stack in another region cannot read it from the home stack: set roleName, or use RegionalDeployment.stackSet().');
    }
    return {
      roleArn: `arn:${Aws.PARTITION}:iam::${account}:role${cfnRole.path ?? '/'}${cfnRole.roleName}`,
      roleName: cfnRole.roleName,
      account,
      partition: Aws.PARTITION,
    };
  }
}
