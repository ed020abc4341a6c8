import { LogActions } from '../../log-actions';
import { Username } from '../../username';
import { ASSUME_ROLE_TARGET, assumeRoleInput, canaryScheduleResource } from '../canary/canary';
import { actionPattern, loginDetectors, loginForwardingPatterns, organizationRole, WatchedRole } from '../detection/patterns';
import { tamperPatterns } from '../detection/tamper-patterns';
import { GuardedRoles } from '../detection/tamper-targets';
import {
  deadLetterQueueResources, FORWARD_RULE_ID, forwardingRules, ForwardingPatterns, GUARD_RULE_ID, substitute,
} from '../regions/forwarding-template';
import { UNWATCHED_REGIONS_POLICY_NAME, unwatchedRegionsPolicy } from '../regions/role-regions';
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
  canaryRole: 'CanaryRole',
  canarySchedule: 'CanarySchedule',
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
  /** Every region the role is deployed to watch: it is assumed only through their STS endpoints. */
  readonly watchedRegions: string[];
  /** Whether the role's own policy denies its actions outside `watchedRegions`, but for the global services'. */
  readonly denyUnwatchedRegions: boolean;
  /**
   * Minutes between two attempts of the canary in every region.
   *
   * @default - no canary
   */
  readonly canaryIntervalMinutes?: number;
}

/**
 * What every region of every member account forwards to the hub: the
 * account's own role's logins (any outcome), actions and changes; failed
 * attempts at the role of any account, which CloudTrail records only in the
 * caller's account when the role is in another one; and changes to the guard
 * rule. The guard rule forwards changes to the forwarding rule, which cannot
 * see its own disabling or deletion, and to the region's dead-letter queue.
 */
export function memberPatterns(names: OrganizationNames, canary: boolean): ForwardingPatterns {
  const own = memberRole(names.roleName);
  const anyAccountFailure = loginDetectors(organizationRole(names.roleName, '${AWS::Partition}'))
    .find(detector => detector.id === 'AssumeRoleFailedRule')!;
  return {
    patterns: [
      ...loginForwardingPatterns(own),
      anyAccountFailure,
      actionPattern(own, LogActions.ALL, []),
      ...tamperPatterns({ role: own, guardedRoles: organizationGuardedRoles(names, canary), guardRuleName: names.guardRule }),
    ],
    guardPatterns: [
      ...tamperPatterns({
        stackSetInstancesOf: names.stackSet,
        forwardRuleName: names.forwardRule,
        deadLetterQueueNames: [names.deadLetterQueue],
        canaryScheduleName: canary ? names.canarySchedule : undefined,
      }),
    ],
  };
}

/**
 * The roles the organization's alerting depends on: each member region's
 * forwarder role, and with the canary each member region's canary role, by
 * the start of their names, and the hub's check role (whose changes reach the
 * hub when the security account is a member, or when the hub is in the region
 * IAM records them in).
 */
export function organizationGuardedRoles(names: OrganizationNames, canary: boolean): GuardedRoles {
  return canary
    ? {
      names: [names.hubCheck],
      namePrefixes: [`${names.canaryRolePrefix}-`, `${names.forwarderRole}-`],
      subject: 'the canary, forwarder or hub\'s check roles',
    }
    : { names: [], namePrefixes: [`${names.forwarderRole}-`], subject: 'the forwarder roles' };
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
  const canary = props.canaryIntervalMinutes !== undefined;
  const rules = forwardingRules(memberPatterns(names, canary), {
    centralBusArn: props.hubBusArn,
    forwarderRoleArn: { 'Fn::GetAtt': [MEMBER_IDS.forwarderRole, 'Arn'] },
  }, names);
  const trustedRoot = `arn:\${AWS::Partition}:iam::${props.trustedAccount}:root`;
  const policies = [
    ...(props.inlinePolicy ? [{ PolicyName: 'BreakGlass', PolicyDocument: props.inlinePolicy }] : []),
    ...(props.denyUnwatchedRegions
      ? [{ PolicyName: UNWATCHED_REGIONS_POLICY_NAME, PolicyDocument: unwatchedRegionsPolicy(props.watchedRegions) }] : []),
  ];
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
          AssumeRolePolicyDocument: trustPolicyDocument(conditions, trustedRoot, props.watchedRegions),
          ...(props.managedPolicyArns.length > 0 ? { ManagedPolicyArns: props.managedPolicyArns } : {}),
          ...(policies.length > 0 ? { Policies: policies } : {}),
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
      ...(props.canaryIntervalMinutes !== undefined ? memberCanary(names, props.canaryIntervalMinutes) : {}),
    },
  }) as object;
}

/**
 * The canary of a member account's region: a role of that region that the
 * break-glass role's trust does not admit, and a schedule that tries, as it,
 * to assume the break-glass role every interval. Its denied attempt travels
 * the path a person's does to the hub, and ends as that account-region's heartbeat.
 */
function memberCanary(names: OrganizationNames, intervalMinutes: number): object {
  const roleArn = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${names.roleName}`;
  return {
    [MEMBER_IDS.canaryRole]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: `${names.canaryRolePrefix}-\${AWS::Region}`,
        Description: 'Break-glass canary: tries, and fails, to assume the break-glass role in this region',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } },
          }],
        },
        // Its own policy allows the attempt, so the denial is the break-glass role's trust: widen it, and the attempt alerts as an assumption.
        Policies: [{
          PolicyName: 'AttemptBreakGlassRole',
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] },
        }],
      },
    },
    [MEMBER_IDS.canarySchedule]: canaryScheduleResource({ name: names.canarySchedule, intervalMinutes }, {
      roleArn: { 'Fn::GetAtt': [MEMBER_IDS.canaryRole, 'Arn'] },
      input: assumeRoleInput(roleArn),
      targetArn: `arn:\${AWS::Partition}:scheduler:::${ASSUME_ROLE_TARGET}`,
    }),
  };
}
