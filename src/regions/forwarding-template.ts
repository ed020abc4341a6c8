import { ForwardingAlarm, forwardingAlarmResources } from './forwarding-alarm';
import { ALL_MANAGEMENT_EVENTS, DetectionPattern, WatchedRole } from '../detection/patterns';

/** Values a forwarding template refers to: plain JSON, CloudFormation intrinsics or CDK tokens. */
export interface ForwardingTargets {
  /** ARN of the central event bus in the home region. */
  readonly centralBusArn: unknown;
  /** ARN of the role EventBridge uses to put events on the central bus. */
  readonly forwarderRoleArn: unknown;
}

/** The StackSet template's parameters, each standing for a value of the home stack. */
export const STACK_SET_PARAMETERS = {
  centralBusArn: 'CentralBusArn',
  forwarderRoleArn: 'ForwarderRoleArn',
  roleArn: 'BreakGlassRoleArn',
  roleName: 'BreakGlassRoleName',
};

/** The break-glass role as a StackSet template sees it: through its parameters. */
export const STACK_SET_ROLE: WatchedRole = {
  roleArn: `\${${STACK_SET_PARAMETERS.roleArn}}`,
  roleName: `\${${STACK_SET_PARAMETERS.roleName}}`,
  account: '${AWS::AccountId}',
  partition: '${AWS::Partition}',
};

/** Logical id of the one forwarding rule of a region. */
export const FORWARD_RULE_ID = 'ForwardRule';

/**
 * The region's one forwarding rule, as a CloudFormation resource: on the
 * default bus, matching any of the patterns (`$or`), in the
 * all-management-events state when any pattern needs read-only events, putting
 * every match on the central bus. One rule, not one per pattern, so an event
 * two patterns match (an action that also tampers) is forwarded once.
 */
export function forwardingRules(patterns: DetectionPattern[], targets: ForwardingTargets): { [logicalId: string]: unknown } {
  return {
    [FORWARD_RULE_ID]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: 'Break-glass: forwards this region\'s break-glass events to the home region',
        State: patterns.some(p => p.readOnlyEvents) ? ALL_MANAGEMENT_EVENTS : 'ENABLED',
        EventPattern: patterns.length === 1 ? patterns[0].pattern : { $or: patterns.map(p => p.pattern) },
        Targets: [{ Id: 'CentralBus', Arn: targets.centralBusArn, RoleArn: targets.forwarderRoleArn }],
      },
    },
  };
}

/**
 * The StackSet template: the forwarding rule, whose role values come from
 * parameters so the body is plain JSON (a string that names a parameter or a
 * pseudo parameter becomes `Fn::Sub`), and the rule's delivery-health alarm.
 */
export function stackSetTemplateBody(patterns: DetectionPattern[], alarm: ForwardingAlarm): string {
  const parameters = Object.fromEntries(Object.values(STACK_SET_PARAMETERS).map(name => [name, { Type: 'String' }]));
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Break-glass role: forwards this region\'s break-glass events to the home region, and raises an alarm when it cannot',
    Parameters: parameters,
    Resources: {
      ...substitute(forwardingRules(patterns, {
        centralBusArn: { Ref: STACK_SET_PARAMETERS.centralBusArn },
        forwarderRoleArn: { Ref: STACK_SET_PARAMETERS.forwarderRoleArn },
      })) as object,
      ...forwardingAlarmResources(alarm, FORWARD_RULE_ID),
    },
  });
}

function substitute(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.includes('${') ? { 'Fn::Sub': value } : value;
  }
  if (Array.isArray(value)) {
    return value.map(substitute);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item)]));
  }
  return value;
}
