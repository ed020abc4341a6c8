import { Annotations, Aws, CfnStackSet, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BreakGlassOrganizationCanaryOptions } from './break-glass-organization-canary-options';
import { IBreakGlassOrganizationHub } from './break-glass-organization-hub';
import { BreakGlassOrganizationMembers } from './break-glass-organization-members';
import { BreakGlassRoleOptions } from './break-glass-role-options';
import { canaryMinutesOf } from './private/canary/canary';
import { describeValue } from './private/describe-value';
import { checkPatternSize } from './private/detection/pattern-size';
import { memberPatterns, memberTemplate, STACK_SET_BODY_LIMIT } from './private/organization/member-template';
import { organizationNames } from './private/organization/organization-names';
import { portableValue } from './private/organization/portable-value';
import { FORWARD_RULE_ID, forwardingRules } from './private/regions/forwarding-template';
import { warnOfUnwatchedRegions } from './private/regions/role-regions';
import { watchedRegions } from './private/regions/watched-regions';
import { roleDefinition } from './private/role-definition';
import { trustConditions, trustPolicyDocument } from './private/trust-policy';
import { validateAccountId, validateEnumMember, validateOrganizationalUnits } from './private/validation';

/** Who creates and manages a service-managed StackSet. */
export enum StackSetCallAs {
  /** The organization's management account. */
  SELF = 'SELF',
  /** A StackSets delegated administrator account of the organization. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/**
 * Properties of `BreakGlassOrganizationRole`.
 */
export interface BreakGlassOrganizationRoleProps extends BreakGlassRoleOptions, BreakGlassOrganizationCanaryOptions {
  /**
   * The hub the member accounts forward to: the `BreakGlassOrganizationHub`
   * of the same app, or `BreakGlassOrganizationHub.fromAttributes` for a hub
   * of another app. The hub's region is the member accounts' home region.
   */
  readonly hub: IBreakGlassOrganizationHub;

  /**
   * The organizational units whose accounts get the role, and their child
   * units' accounts (`ou-…`), or the organization's root (`r-…`) for every
   * account. Accounts that join them get it; accounts that leave lose it.
   * Given and other than the hub's, it is refused.
   *
   * @default - the hub's `organizationalUnits` (`hub.members`); a hub that names none needs them here
   */
  readonly organizationalUnits?: string[];

  /**
   * The account that holds the identities in `usernames`: the role trusts
   * only them, in this account.
   */
  readonly trustedAccount: string;

  /**
   * Regions to watch in every member account besides the hub's region and
   * the region where the partition records global events (us-east-1 in
   * `aws`), as `BreakGlassWatchOptions.regions`: `['*']` is every region of
   * the partition that is enabled by default. Given and other than the hub's,
   * it is refused. The role is assumed, and acts, only in the watched regions.
   *
   * @default - the hub's regions (`hub.members`); for a hub imported without them, `['*']`
   */
  readonly regions?: string[];

  /**
   * Whether the StackSet is created by the management account or by a
   * StackSets delegated administrator.
   *
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;
}

/**
 * A break-glass role in every account of some organizational units, through
 * a service-managed CloudFormation StackSet with automatic deployment. In each
 * account: the role (created once, in the hub's region) trusting only
 * `usernames` of `trustedAccount`, and in every watched region the rules that
 * forward its logins, its failed attempts, the actions done with it and
 * changes to it to the hub's bus, in the all-management-events state, through
 * a forwarder role of that region.
 *
 * Deploy it in the organization's management account, or in a StackSets
 * delegated administrator account with `callAs`. A service-managed StackSet
 * never deploys to the management account: cover it with a `BreakGlassRole`
 * of its own.
 *
 * The regions, the organizational units and the canary are the hub's
 * (`hub.members`) unless given here: given once, at the hub, they are what the
 * StackSet deploys and what the hub's check expects. Given here too, they must
 * be the hub's, or the role is refused.
 *
 * @example
 * declare const hub: BreakGlassOrganizationHub;
 * new BreakGlassOrganizationRole(this, 'Role', {
 *   hub,
 *   trustedAccount: '111122223333',
 *   usernames: [Username.iamUser('alice')],
 * });
 */
export class BreakGlassOrganizationRole extends Construct {
  /** The StackSet that deploys the role and the forwarding to every account. */
  public readonly stackSet: CfnStackSet;

  /** The StackSet's name. */
  public readonly stackSetName: string;

  /** The role's name in every member account. */
  public readonly roleName: string;

  /** Every region the StackSet deploys to in each account: the hub's region first, then the others, sorted. */
  public readonly watchedRegions: string[];

  /** The StackSet's template, the same for every account and region. */
  public readonly templateBody: string;

  /**
   * The role's trust policy in every member account, as the StackSet defines
   * it: for a `BreakGlassReadinessCheck` in the trusted account, which cannot
   * read a member account's role (`trustPolicy`).
   */
  public readonly memberTrustPolicy: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: BreakGlassOrganizationRoleProps) {
    super(scope, id);
    const hub = props.hub;
    if (hub === undefined || hub === null || typeof hub.centralBusArn !== 'string' || typeof hub.roleName !== 'string') {
      throw new Error(`hub is ${describeValue(hub)}, not an organization hub: give the BreakGlassOrganizationHub, or BreakGlassOrganizationHub.fromAttributes(...) for a hub of another app.`);
    }
    if (props.roleName !== undefined && props.roleName !== hub.roleName) {
      throw new Error(`roleName is ${describeValue(props.roleName)}, but the hub ${hub.node.path} watches the role '${hub.roleName}': ` +
        'a role of another name would never alert. Leave roleName out (it is the hub\'s), or give the hub the same roleName.');
    }
    const names = organizationNames(hub.roleName, hub.region);
    const members = hub.members;
    const units = props.organizationalUnits ?? members?.organizationalUnits;
    if (units === undefined) {
      throw new Error(`organizationalUnits is not given, and the hub ${hub.node.path} names none (it expects every account of the organization${members ? '' : ', or was imported without them'}): ` +
        'give the role the organizational units to deploy to (the root r-… for every account), or give them to the hub.');
    }
    validateOrganizationalUnits('organizationalUnits', units);
    validateAccountId('trustedAccount', props.trustedAccount);
    validateEnumMember('callAs', props.callAs, StackSetCallAs, 'StackSetCallAs');
    const regions = watchedRegions(this, props.regions ?? members?.regions, hub.region);
    this.watchedRegions = [regions.home, ...regions.forwarded];
    const definition = roleDefinition(this, props, this.watchedRegions);
    if (Token.isUnresolved(definition.maxSessionDuration.toSeconds())) {
      throw new Error('maxSessionDuration is a value known only at deploy: every member account\'s template is plain text, so give a Duration such as Duration.hours(2).');
    }
    const denyUnwatchedRegions = props.denyUnwatchedRegions ?? true;
    warnOfUnwatchedRegions(this, {
      watched: this.watchedRegions, leftOut: regions.leftOut, deny: denyUnwatchedRegions, managed: true, trustManaged: true,
    });
    const canaryGiven = props.canary !== undefined || props.canaryInterval !== undefined;
    const intervalMinutes = canaryGiven || !members ? canaryMinutesOf(props) : members.canaryInterval?.toMinutes();
    if (members) {
      checkHubExpects(hub, members, { canaryIntervalMinutes: intervalMinutes, regions: this.watchedRegions, organizationalUnits: units });
    }
    this.roleName = names.roleName;
    this.stackSetName = names.stackSet;

    const stack = Stack.of(this);
    const body = memberTemplate({
      names,
      hubBusArn: hub.centralBusArn,
      roleRegion: regions.home,
      trustedAccount: props.trustedAccount,
      usernames: props.usernames,
      definition,
      managedPolicyArns: definition.administratorAccess
        ? [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess' }]
        : (props.managedPolicies ?? []).map((policy, i) => portableValue(stack, `managedPolicies[${i}]`, policy.managedPolicyArn)),
      inlinePolicy: props.policyStatements && props.policyStatements.length > 0 ? {
        Version: '2012-10-17',
        Statement: props.policyStatements.map((statement, i) => portableValue(stack, `policyStatements[${i}]`, statement.toStatementJson())),
      } : undefined,
      canaryIntervalMinutes: intervalMinutes,
      watchedRegions: this.watchedRegions,
      denyUnwatchedRegions,
    });
    this.templateBody = JSON.stringify(body);
    // The same trust, with the partition of whichever stack renders it.
    this.memberTrustPolicy = iam.PolicyDocument.fromJson(trustPolicyDocument(
      trustConditions(props.usernames, definition.requireMfa, resourceName => `arn:${Aws.PARTITION}:iam::${props.trustedAccount}:role/${resourceName}`),
      `arn:${Aws.PARTITION}:iam::${props.trustedAccount}:root`, this.watchedRegions));
    const size = Buffer.byteLength(this.templateBody, 'utf-8');
    if (size > STACK_SET_BODY_LIMIT) {
      throw new Error(`The member accounts' template is ${size} bytes, over CreateStackSet's ${STACK_SET_BODY_LIMIT}-byte limit on an inline body: ` +
        'give fewer policyStatements (or a managed policy instead), or fewer usernames.');
    }

    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: this.stackSetName,
      description: `Break-glass role ${names.roleName} in every account of ${units.join(', ')}, forwarding to the hub in ${hub.account} ${hub.region}`,
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs ?? StackSetCallAs.SELF,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      templateBody: this.templateBody,
      // Each region's stack stands alone, so regions and accounts deploy in parallel;
      // one account that fails (a role of that name already there) holds none of the others back.
      operationPreferences: { regionConcurrencyType: 'PARALLEL', maxConcurrentPercentage: 100, failureTolerancePercentage: 100 },
      stackInstancesGroup: [{
        deploymentTargets: { organizationalUnitIds: units },
        regions: this.watchedRegions,
      }],
    });
    // Counted with a member account's id and partition in place of the pseudo parameters.
    checkPatternSize(this.stackSet, () => JSON.parse(JSON.stringify(
      forwardingRules(memberPatterns(names, intervalMinutes !== undefined), { centralBusArn: '', forwarderRoleArn: '' }, names)[FORWARD_RULE_ID].Properties.EventPattern)
      .replace(/\$\{AWS::AccountId\}/g, '111122223333').replace(/\$\{AWS::Partition\}/g, 'aws-us-gov')));

    Annotations.of(this).addWarningV2('aws-break-glass-role:managementAccountNotCovered',
      'A service-managed StackSet never deploys to the organization\'s management account, even when it is in an organizational unit ' +
      'it targets: that account gets no break-glass role and no forwarding. Cover it with a BreakGlassRole of its own, alerting the same people, ' +
      'then acknowledge this warning.');
  }
}

/**
 * A hub that says what it expects (of the same app, or imported with its
 * members) must expect what the StackSet deploys: the canary on or off alike,
 * the same interval, regions and units. Otherwise it would report healthy
 * accounts silent, or never check some. (A hub imported without them reports
 * heartbeats from accounts it does not expect, and alerts on a region's
 * canary it does not know as an attempt.)
 */
function checkHubExpects(
  hub: IBreakGlassOrganizationHub, expected: BreakGlassOrganizationMembers,
  role: { canaryIntervalMinutes?: number; regions: string[]; organizationalUnits: string[] },
): void {
  const hubMinutes = expected.canaryInterval?.toMinutes();
  const fix = `Leave canary, canaryInterval, regions and organizationalUnits out of the BreakGlassOrganizationRole (it takes the hub's), or give the hub ${hub.node.path} the same.`;
  if (hubMinutes !== role.canaryIntervalMinutes) {
    const say = (minutes?: number) => (minutes === undefined ? 'no canary' : `a canary every ${minutes} minutes`);
    throw new Error(`The hub expects ${say(hubMinutes)}, but the StackSet would run ${say(role.canaryIntervalMinutes)}. ${fix}`);
  }
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);
  if (role.canaryIntervalMinutes !== undefined && !same(expected.regions, role.regions)) {
    throw new Error(`The hub expects heartbeats from ${expected.regions.join(', ')}, but the StackSet deploys to ${role.regions.join(', ')}. ${fix}`);
  }
  const hubUnits = expected.organizationalUnits;
  const everyAccount = hubUnits === undefined && role.organizationalUnits.every(unit => unit.startsWith('r-'));
  if (role.canaryIntervalMinutes !== undefined && !everyAccount && !(hubUnits && same(hubUnits, role.organizationalUnits))) {
    throw new Error(`The hub expects the accounts of ${hubUnits ? hubUnits.join(', ') : 'the whole organization'}, but the StackSet deploys to ` +
      `${role.organizationalUnits.join(', ')}. ${fix}`);
  }
}
