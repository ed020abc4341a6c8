import { CfnStackSet, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { forwarderRole } from './forwarder-role';
import { forwardingAlarmArns, forwardingAlarmDeployStatements } from './forwarding-alarm';
import { ForwardingContext, ForwardingDeployment } from './forwarding-context';
import { CANARY_ROLE_PARAMETER, FORWARD_RULE_ID, forwardingRules, STACK_SET_PARAMETERS, STACK_SET_ROLE, stackSetTemplateBody } from './forwarding-template';
import { canaryDeployStatements, canaryScheduleArns } from '../canary/canary';
import { checkPatternSize } from '../detection/pattern-size';
import { watchedRole } from '../detection/patterns';
import { acknowledgeWildcards } from '../nag-acknowledgements';
import { fitName } from '../readable-names';

/** An existing StackSet administration role and the name of the execution role it assumes. */
export interface StackSetRoles {
  readonly administrationRole: iam.IRole;
  readonly executionRoleName: string;
}

/**
 * Deploys the forwarding rules with a self-managed StackSet of the home stack,
 * one instance per forwarded region, with an inline template whose role values
 * come from parameters.
 */
export function deployByStackSet(ctx: ForwardingContext, existingRoles?: StackSetRoles): ForwardingDeployment {
  const stack = Stack.of(ctx.scope);
  const forwarder = forwarderRole(ctx.scope, ctx.centralBusArnByName(), fitName(`${ctx.namePrefix}-Forwarder`, 64));
  const roles: { administration: iam.IRole; execution?: iam.Role; executionRoleName: string } = existingRoles
    ? { administration: existingRoles.administrationRole, executionRoleName: existingRoles.executionRoleName }
    : stackSetRoles(ctx, forwarder);

  const stackSet = new CfnStackSet(ctx.scope, 'StackSet', {
    stackSetName: ctx.namePrefix,
    description: 'Break-glass role: forwarding rules of every watched region other than the home region',
    permissionModel: 'SELF_MANAGED',
    administrationRoleArn: roles.administration.roleArn,
    executionRoleName: roles.executionRoleName,
    templateBody: Lazy.string({
      produce: () => stackSetTemplateBody(ctx.forwardedPatterns(STACK_SET_ROLE), ctx.names, ctx.alarm, ctx.canary?.settings),
    }),
    parameters: [
      { parameterKey: STACK_SET_PARAMETERS.centralBusArn, parameterValue: ctx.centralBus.eventBusArn },
      { parameterKey: STACK_SET_PARAMETERS.forwarderRoleArn, parameterValue: forwarder.roleArn },
      { parameterKey: STACK_SET_PARAMETERS.roleArn, parameterValue: ctx.role.roleArn },
      { parameterKey: STACK_SET_PARAMETERS.roleName, parameterValue: ctx.role.roleName },
      ...(ctx.canary ? [{ parameterKey: CANARY_ROLE_PARAMETER, parameterValue: ctx.canary.roleArn }] : []),
    ],
    operationPreferences: { regionConcurrencyType: 'PARALLEL', maxConcurrentPercentage: 100, failureToleranceCount: 0 },
    stackInstancesGroup: [{
      deploymentTargets: { accounts: [stack.account] },
      regions: ctx.regions.forwarded,
    }],
  });
  // Deployed values stand for the StackSet parameters: the home stack's role ARN and name.
  checkPatternSize(stackSet, () => forwardingRules(ctx.forwardedPatterns(watchedRole(ctx.role)), {
    centralBusArn: '', forwarderRoleArn: '',
  }, ctx.names)[FORWARD_RULE_ID].Properties.EventPattern);
  // The roles' policies must be in place before StackSets uses them; the
  // execution role is named, not referenced, so it needs an explicit dependency too.
  const policies = [forwarder, roles.administration, roles.execution]
    .map(role => role?.node.tryFindChild('DefaultPolicy'))
    .filter((policy): policy is IConstruct => policy !== undefined);
  stackSet.node.addDependency(...policies, ...(roles.execution ? [roles.execution.node.defaultChild!] : []));
  return { stackSetName: ctx.namePrefix, stackRegions: [ctx.regions.home] };
}

/**
 * An administration role CloudFormation assumes, allowed only to assume the
 * execution role; and an execution role trusting only it, allowed only to
 * manage the StackSet's stacks (`StackSet-*`), their rules and dead-letter queue, and their alarm
 * and topic (without the canary) or the canary's schedule (with it), and to
 * pass the forwarder role to EventBridge and the canary role to the Scheduler.
 */
function stackSetRoles(ctx: ForwardingContext, forwarder: iam.Role): { administration: iam.Role; execution: iam.Role; executionRoleName: string } {
  const scope = ctx.scope;
  const stack = Stack.of(scope);
  const optInRegions = ctx.regions.forwarded.filter(region => RegionInfo.get(region).isOptInRegion);
  const administration = new iam.Role(scope, 'StackSetAdministrationRole', {
    description: 'Lets CloudFormation StackSets deploy the break-glass forwarding rules',
    // Opt-in regions reach the role through their regional CloudFormation principal.
    assumedBy: new iam.CompositePrincipal(
      ...['cloudformation.amazonaws.com', ...optInRegions.map(region => `cloudformation.${region}.amazonaws.com`)]
        .map(service => new iam.ServicePrincipal(service)),
    ).withConditions({ StringEquals: { 'aws:SourceAccount': stack.account } }),
  });
  // IAM names are account-wide: the names' start holds the home region, which keeps two home regions' apps apart.
  const executionRoleName = fitName(`${ctx.namePrefix}-StackSetExecution`, 64);
  const execution = new iam.Role(scope, 'StackSetExecutionRole', {
    roleName: executionRoleName,
    description: 'Creates the break-glass forwarding rules in every watched region',
    assumedBy: new iam.ArnPrincipal(administration.roleArn),
  });
  administration.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['sts:AssumeRole'],
    resources: [execution.roleArn],
  }));
  // A literal partition (the home region's), so the ARNs can be named in acknowledgements.
  const partition = RegionInfo.get(ctx.regions.home).partition!;
  const instanceStacks = `arn:${partition}:cloudformation:*:${stack.account}:stack/StackSet-*`;
  const instanceRules = [ctx.names.forwardRule, ctx.names.guardRule].map(name => `arn:${partition}:events:*:${stack.account}:rule/${name}`);
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
  const deadLetterQueue = `arn:${partition}:sqs:*:${stack.account}:${ctx.names.deadLetterQueue}`;
  execution.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ManageDeadLetterQueue',
    // What the AWS::SQS::Queue and AWS::SQS::QueuePolicy handlers call.
    actions: ['sqs:CreateQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:DeleteQueue',
      'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:ListQueueTags'],
    resources: [deadLetterQueue],
  }));
  execution.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'PassForwarderRole',
    actions: ['iam:PassRole'],
    resources: [forwarder.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
  }));
  const alarm = ctx.alarm;
  for (const statement of alarm ? forwardingAlarmDeployStatements(alarm, partition, stack.account) : []) {
    execution.addToPrincipalPolicy(statement);
  }
  for (const statement of ctx.canary ? canaryDeployStatements(ctx.canary.settings, ctx.canary.roleArn, partition, stack.account) : []) {
    execution.addToPrincipalPolicy(statement);
  }
  const policy = execution.node.findChild('DefaultPolicy');
  acknowledgeWildcards(policy, { actions: ['cloudformation:*'], resources: [instanceStacks] },
    'StackSets names each instance stack StackSet-<name>-<id>, in every forwarded region: the execution role is held to those names. ' +
    'StackSets needs CloudFormation actions on its instance stacks.');
  const alarmArns = alarm ? forwardingAlarmArns(alarm, partition, stack.account) : undefined;
  const scheduleArns = ctx.canary ? [canaryScheduleArns(ctx.canary.settings, partition, stack.account)] : [];
  const namedEverywhere = [...instanceRules, deadLetterQueue, ...(alarmArns ? [alarmArns.alarm, alarmArns.topic] : []), ...scheduleArns];
  acknowledgeWildcards(policy, { resources: namedEverywhere },
    'The forwarding and guard rules, the dead-letter queue, the alarm and its topic, and the canary\'s schedule have one fixed name in every forwarded region: ' +
    'the execution role is held to those names.');
  if (alarm) {
    acknowledgeWildcards(policy, { resources: ['*'] },
      'SNS authorizes Unsubscribe and GetSubscriptionAttributes on no resource type; CloudFormation calls them to remove a ' +
      'forwarding alarm subscription. They are allowed outside the home region only, away from the alert topic.');
  }
  return { administration, execution, executionRoleName };
}
