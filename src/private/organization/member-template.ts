import { LogActions } from '../../log-actions';
import { Username } from '../../username';
import { actionPattern, loginDetectors, loginForwardingPatterns, organizationRole, WatchedRole } from '../detection/patterns';
import { deadLetterQueueTamperPattern, forwardingRuleTamperPattern, roleTamperPattern } from '../detection/tamper-patterns';
import {
  deadLetterQueueResources, FORWARD_RULE_ID, forwardingRules, ForwardingPatterns, GUARD_RULE_ID, substitute,
} from '../regions/forwarding-template';
import { RoleDefinition } from '../role-definition';
import { trustConditions, trustPolicyDocument } from '../trust-policy';
import { OrganizationNames } from './organization-names';

/** CreateStackSet's limit on an inline template body, in bytes. */
export const STACK_SET_BODY_LIMIT = 51_200;

/** Logical ids of the member template's resources, and the name of its one condition. */
export const MEMBER_IDS = {
  role: 'BreakGlassRole',
  forwarderRole: 'ForwarderRole',
  forwardRule: FORWARD_RULE_ID,
  guardRule: GUARD_RULE_ID,
  roleRegion: 'RoleRegion',
} as const;

/** The break-glass role of the member account a template is deployed to, as the template sees it. */
function memberRole(roleName: string): WatchedRole {
  return {
    roleArn: `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}`,
    roleName,
    account: '${AWS::AccountId}',
    partition: '${AWS::Partition}',
  };
}

/** What every member account gets. */
export interface MemberTemplateProps {
  readonly names: OrganizationNames;
  /** ARN of the hub's event bus: plain text, the same in every account. */
  readonly hubBusArn: string;
  /** The region the role is created in, once per account (IAM is global). */
  readonly roleRegion: string;
  /** The account that holds the identities allowed to assume the role. */
  readonly trustedAccount: string;
  readonly usernames: Username[];
  readonly definition: RoleDefinition;
  /** The role's managed policy ARNs, resolved: text, or intrinsics of pseudo parameters only. */
  readonly managedPolicyArns: unknown[];
  /** The role's inline policy document, resolved as the ARNs; none without statements. */
  readonly inlinePolicy?: unknown;
}

/**
 * What every region of every member account forwards to the hub: the
 * account's own role's logins (any outcome), actions and changes; failed
 * attempts at the role of any account, which CloudTrail records only in the
 * caller's account when the role is in another one; and changes to the guard
 * rule. The guard rule forwards changes to the forwarding rule, which cannot
 * see its own disabling or deletion, and to the region's dead-letter queue.
 */
export function memberPatterns(names: OrganizationNames): ForwardingPatterns {
  const own = memberRole(names.roleName);
  const anyAccountFailure = loginDetectors(organizationRole(names.roleName, '${AWS::Partition}'))
    .find(detector => detector.id === 'AssumeRoleFailedRule')!;
  return {
    patterns: [
      ...loginForwardingPatterns(own),
      anyAccountFailure,
      actionPattern(own, LogActions.ALL, []),
      roleTamperPattern(own),
      forwardingRuleTamperPattern('guard', names.guardRule),
    ],
    guardPatterns: [forwardingRuleTamperPattern('forwarding', names.forwardRule), deadLetterQueueTamperPattern([names.deadLetterQueue])],
  };
}

/**
 * The template of every member account and region, as JSON: in the role's
 * region, the break-glass role trusting only `usernames` of the trusted
 * account; in every region, a forwarder role of its own (so no region waits
 * for another's, whatever order StackSets deploys them in) and the
 * forwarding and guard rules putting events on the hub's bus, keeping what
 * they cannot put there in the region's dead-letter queue. Values of the
 * account and region are pseudo parameters, so one body serves every account.
 */
export function memberTemplate(props: MemberTemplateProps): object {
  const { names } = props;
  const forwarderRoleName = `${names.forwarderRole}-\${AWS::Region}`;
  const rules = forwardingRules(memberPatterns(names), {
    centralBusArn: props.hubBusArn,
    forwarderRoleArn: { 'Fn::GetAtt': [MEMBER_IDS.forwarderRole, 'Arn'] },
  }, names);
  const trustedRoot = `arn:\${AWS::Partition}:iam::${props.trustedAccount}:root`;
  const conditions = trustConditions(props.usernames, props.definition.requireMfa,
    resourceName => `arn:\${AWS::Partition}:iam::${props.trustedAccount}:role/${resourceName}`);
  return substitute({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Break-glass role ${names.roleName}: the role, and the forwarding of its events to the organization's hub`,
    Conditions: {
      [MEMBER_IDS.roleRegion]: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, props.roleRegion] },
    },
    Resources: {
      [MEMBER_IDS.role]: {
        Type: 'AWS::IAM::Role',
        Condition: MEMBER_IDS.roleRegion,
        Properties: {
          RoleName: names.roleName,
          Description: 'Break-glass role: emergency access, alerted on every assumption',
          MaxSessionDuration: props.definition.maxSessionDuration.toSeconds(),
          AssumeRolePolicyDocument: trustPolicyDocument(conditions, trustedRoot),
          ...(props.managedPolicyArns.length > 0 ? { ManagedPolicyArns: props.managedPolicyArns } : {}),
          ...(props.inlinePolicy ? { Policies: [{ PolicyName: 'BreakGlass', PolicyDocument: props.inlinePolicy }] } : {}),
        },
      },
      [MEMBER_IDS.forwarderRole]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: forwarderRoleName,
          Description: 'Lets EventBridge put this region\'s break-glass events on the organization hub\'s bus',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: {
                StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' },
                // Its own region's forwarding and guard rules only.
                ArnEquals: {
                  'aws:SourceArn': [names.forwardRule, names.guardRule]
                    .map(rule => `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${rule}`),
                },
              },
            }],
          },
          Policies: [{
            PolicyName: 'PutEventsOnHubBus',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: props.hubBusArn }],
            },
          }],
        },
      },
      ...rules,
      ...deadLetterQueueResources(names.deadLetterQueue, Object.keys(rules)),
    },
  }) as object;
}
