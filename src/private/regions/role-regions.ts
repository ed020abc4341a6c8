import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * Where the break-glass role works: only in the watched regions, so that
 * nothing done with it goes unrecorded. Its trust refuses an assumption
 * requested of another region's STS endpoint, and its own policy denies its
 * actions there, but for the global services whose calls CloudTrail records
 * in the partition's global-events region (us-east-1), which is always watched.
 *
 * `aws:RequestedRegion` is "always included in the request context": it is the
 * region of the endpoint called, and IAM, with its one endpoint, is always
 * us-east-1 (IAM User Guide, AWS global condition context keys,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion).
 * An STS request is signed for the region of its endpoint: a regional endpoint's
 * call is recorded there, a call to the global endpoint (sts.amazonaws.com,
 * signed for us-east-1) "as calls to a global service", in us-east-1 (IAM User
 * Guide, Managing AWS STS in an AWS Region).
 */

/**
 * Actions a session may call whatever the requested region: the global
 * services whose one endpoint is in us-east-1 and whose calls CloudTrail
 * records there, as the IAM User Guide's example "AWS: Denies access to AWS
 * based on the requested Region" exempts them (CloudFront, IAM, Route 53,
 * Support, and, it says, budgets, organizations and waf), with the other
 * us-east-1 services of AWS Organizations' example SCP "Deny access to AWS
 * based on the requested AWS Region" (Cost Explorer, Health, Route 53
 * Domains, Shield)
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region).
 * Services whose global endpoint is in another region (Global Accelerator,
 * Chatbot and Device Farm in us-west-2) are left out: their calls are recorded
 * there, and are allowed only where that region is watched. So is all of STS
 * but `GetCallerIdentity`, which no policy can deny
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html):
 * chaining into another role through an unwatched region's endpoint would
 * go unrecorded.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  'iam:*',
  'organizations:*',
  'cloudfront:*',
  'route53:*',
  'route53domains:*',
  'waf:*',
  'shield:*',
  'support:*',
  'budgets:*',
  'ce:*',
  'health:*',
  'sts:GetCallerIdentity',
];

/** The actions by which a person obtains a session of the role. */
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

/**
 * The trust statement that refuses an assumption requested of an STS endpoint
 * outside `regions`, for every principal the trust admits (`principal`: the
 * account whose identities it admits). One deny, however many identities are
 * admitted, so the list of regions counts once toward IAM's limit on the trust.
 */
export function trustRegionStatement(regions: string[], principal: unknown): object {
  return {
    Sid: 'OnlyInWatchedRegions',
    Effect: 'Deny',
    Principal: { AWS: principal },
    Action: ASSUME_ACTIONS,
    Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
  };
}

/** The statement of the role's own policy that denies its actions outside `regions`, but for the global services'. */
export function unwatchedRegionsStatement(regions: string[]): object {
  return {
    Sid: 'OnlyInWatchedRegions',
    Effect: 'Deny',
    NotAction: [...GLOBAL_SERVICE_ACTIONS],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
  };
}

/** The role's own policy that denies its actions outside `regions`, as a policy document. */
export function unwatchedRegionsPolicy(regions: string[]): object {
  return { Version: '2012-10-17', Statement: [unwatchedRegionsStatement(regions)] };
}

/** The name of that policy, inline in the role. */
export const UNWATCHED_REGIONS_POLICY_NAME = 'OnlyInWatchedRegions';

/** What decides where a break-glass role may work. */
export interface RoleRegionsOptions {
  /** The watched regions: the home region first. */
  readonly watched: string[];
  /** The regions of the partition that are not watched. */
  readonly leftOut: string[];
  /** `denyUnwatchedRegions`, checked, with its default. */
  readonly deny: boolean;
  /** Whether the construct writes the role's policies: a created role, or an imported one with `canManageBreakGlassRole`. */
  readonly managed: boolean;
  /** Whether the construct writes the role's trust: a created role. */
  readonly trustManaged: boolean;
}

/**
 * Says on `scope`, as an acknowledgeable warning, where the role does not
 * work, or where it works unrecorded: the regions left out, named.
 */
export function warnOfUnwatchedRegions(scope: IConstruct, options: RoleRegionsOptions): void {
  if (options.leftOut.length === 0) {
    return;
  }
  const leftOut = options.leftOut.join(', ');
  const annotations = Annotations.of(scope);
  if (options.managed && options.deny) {
    annotations.addWarningV2('aws-break-glass-role:unwatchedRegionsDenied',
      `The break-glass role ${options.trustManaged ? 'is assumed, and acts,' : 'acts'} only where it is watched, so nothing done with it goes ` +
      `unrecorded: it is refused in ${leftOut}. To use it in one (an opt-in region enabled later, say), add that region to regions; ` +
      'else acknowledge this warning.' +
      (options.trustManaged ? '' : ' The imported role\'s trust is not changed: add to it a statement that refuses sts:AssumeRole ' +
        'when aws:RequestedRegion is not a watched region (see the README).'));
  } else if (options.managed) {
    annotations.addWarningV2('aws-break-glass-role:unwatchedRegionsAllowed',
      `denyUnwatchedRegions is false: a session of the break-glass role can act in ${leftOut}, and nothing it does there is recorded` +
      `${options.trustManaged ? ' (its trust still refuses an assumption requested there)' : ''}. ` +
      'Acknowledge this warning if you accept it, or leave denyUnwatchedRegions out.');
  } else {
    annotations.addWarningV2('aws-break-glass-role:unwatchedRegionsNotDenied',
      `The imported role's policies and trust are not changed (canManageBreakGlassRole is false): it can be assumed and act in ${leftOut}, ` +
      'where nothing is recorded. Give canManageBreakGlassRole: true, or add to the role the statements the README shows ' +
      '(a deny of its actions, but the global services\', and of its assumption, when aws:RequestedRegion is not a watched region).');
  }
}
