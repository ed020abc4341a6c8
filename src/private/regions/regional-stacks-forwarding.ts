import { Aws, CfnResource, IResolvable, Lazy, Names, Resource, Stack, Stage, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { forwarderRole } from './forwarder-role';
import { forwardingAlarmResources } from './forwarding-alarm';
import { ForwardingContext, ForwardingDeployment } from './forwarding-context';
import { DEAD_LETTER_IDS, deadLetterQueueResources, FORWARD_RULE_ID, forwardingRules, GUARD_RULE_ID, RuleResource } from './forwarding-template';
import { ASSUME_ROLE_TARGET, CANARY_SCHEDULE_ID, canaryRoleArnByName, canaryScheduleResource, CANARY_SESSION_NAME } from '../canary/canary';
import { checkPatternSize } from '../detection/pattern-size';
import { WatchedRole } from '../detection/patterns';
import { fitName } from '../readable-names';

type RuleLogicalId = typeof FORWARD_RULE_ID | typeof GUARD_RULE_ID;

/**
 * Deploys the forwarding rules with one small stack per forwarded region, in
 * the home stack's app and depending on it. A stack cannot read another
 * region's attributes, so the role is named by its name, known at synth.
 */
export function deployByRegionalStacks(ctx: ForwardingContext): ForwardingDeployment {
  const home = Stack.of(ctx.scope);
  const stage = Stage.of(home);
  if (!stage) {
    throw new Error('RegionalDeployment.regionalStacks() needs the home stack inside an App or Stage.');
  }
  const role = roleInRegionalStack(ctx.role, home.account);
  // Keeps the path hash, so two watches of one stack never share a stack name.
  const watchName = Names.uniqueResourceName(ctx.scope, { maxLength: 40, separator: '' });
  ctx.regions.forwarded.forEach(region => {
    const stack = new Stack(stage, `${home.artifactId}-${watchName}-${region}`, {
      env: { account: home.account, region },
      description: `Break-glass role: forwards ${region}'s break-glass events to ${ctx.regions.home}`,
    });
    stack.addStackDependency(home);
    const forwarder = forwarderRole(stack, ctx.centralBusArnByName(), fitName(`${ctx.namePrefix}-Forwarder-${region}`, 64));
    const rule = regionalRule(ctx, stack, role, forwarder, FORWARD_RULE_ID);
    checkPatternSize(rule, () => ruleOf(ctx, role, forwarder, FORWARD_RULE_ID).Properties.EventPattern);
    const resources = {
      ...deadLetterQueueResources(ctx.names.deadLetterQueue, [FORWARD_RULE_ID, GUARD_RULE_ID]),
      ...(ctx.alarm ? forwardingAlarmResources(ctx.alarm, DEAD_LETTER_IDS.queue) : {}),
      // IAM roles are global: the canary role of the home stack, by its fixed name.
      ...(ctx.canary ? {
        [CANARY_SCHEDULE_ID]: canaryScheduleResource(ctx.canary.settings, {
          roleArn: canaryRoleArnByName(ctx.canary.settings, home.account),
          input: stack.toJsonString({ RoleArn: role.roleArn, RoleSessionName: CANARY_SESSION_NAME }),
          targetArn: `arn:${Aws.PARTITION}:scheduler:::${ASSUME_ROLE_TARGET}`,
        }),
      } : {}),
    };
    for (const [logicalId, resource] of Object.entries(resources)) {
      const made = new CfnResource(stack, logicalId, { type: resource.Type, properties: resource.Properties });
      made.overrideLogicalId(logicalId);
      for (const [key, value] of Object.entries(resource.Metadata ?? {})) {
        made.addMetadata(key, value);
      }
    }
    regionalRule(ctx, stack, role, forwarder, GUARD_RULE_ID);
  });
  return { stackRegions: [ctx.regions.home, ...ctx.regions.forwarded] };
}

/** A rule of a regional stack, whose properties are made at synth from the rules the StackSet body is made of. */
function regionalRule(ctx: ForwardingContext, stack: Stack, role: WatchedRole, forwarder: iam.IRole, logicalId: RuleLogicalId): CfnResource {
  const property = (key: keyof RuleResource['Properties']): IResolvable => Lazy.any({
    produce: () => ruleOf(ctx, role, forwarder, logicalId).Properties[key],
  });
  const rule = new CfnResource(stack, logicalId, {
    type: 'AWS::Events::Rule',
    properties: Object.fromEntries((['Name', 'Description', 'State', 'EventPattern', 'Targets'] as const).map(key => [key, property(key)])),
  });
  rule.overrideLogicalId(logicalId);
  return rule;
}

function ruleOf(ctx: ForwardingContext, role: WatchedRole, forwarder: iam.IRole, logicalId: RuleLogicalId): RuleResource {
  const rules = forwardingRules(ctx.forwardedPatterns(role), {
    centralBusArn: ctx.centralBusArnByName(),
    forwarderRoleArn: forwarder.roleArn,
  }, ctx.names);
  const rule = rules[logicalId];
  if (!rule) {
    throw new Error(`no ${logicalId} in the forwarding rules`);
  }
  return rule;
}

/** The role as another region's stack sees it: by name, never by a reference to the home stack. */
function roleInRegionalStack(role: iam.IRole, account: string): WatchedRole {
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
