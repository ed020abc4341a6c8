import { describeValue } from '../describe-value';
import { fitName, nameSafe } from '../readable-names';
import { forwardingNames, ForwardingNames } from '../regions/forwarding-template';

/** IAM role names: at most 64 of these characters. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** The longest role name whose organization names keep within EventBridge's 64 characters for rule names. */
const MAX_ROLE_NAME = 45;

/**
 * The names an organization's hub and member accounts agree on, made from
 * the role's name alone, so a hub and a role in two apps name them alike.
 */
export interface OrganizationNames extends ForwardingNames {
  /** The role in every member account. */
  readonly roleName: string;
  /** The hub's event bus. */
  readonly hubBus: string;
  /** How the role EventBridge uses in each region of every member account to put events on the hub's bus is named, before the region. */
  readonly forwarderRole: string;
  /** The StackSet that deploys the role and the forwarding to every member account. */
  readonly stackSet: string;
  /**
   * How the canary role of each region of every member account is named,
   * before `-REGION`: each region has its own, so no region waits for another's.
   */
  readonly canaryRolePrefix: string;
  /** The canary's schedule in every region of every member account. */
  readonly canarySchedule: string;
  /** The hub's check: its function, role, schedule rule and alarm, named from the role's name and the hub's region. */
  readonly hubCheck: string;
  /** The hub's alert path check: its function and role (`-HubAlertPath`, apart from a watch's `-AlertPath` in the same account). */
  readonly hubAlertPath: string;
}

/** The longest region name (`ap-southeast-5`) and its hyphen: what a per-region role name holds after its prefix. */
const REGION_SUFFIX = 15;

/**
 * The organization's names for `roleName` and the hub's region, after checking it is an IAM role name short
 * enough. The names shared with the member accounts keep the `BreakGlass-<roleName>` start they were deployed
 * with (renaming a member's StackSet, rules or queue would replace them in every account and region).
 */
export function organizationNames(roleName: unknown, hubRegion: string): OrganizationNames {
  if (typeof roleName !== 'string' || !ROLE_NAME.test(roleName)) {
    throw new Error(`roleName is ${describeValue(roleName)}, not an IAM role name: give 1 to ${MAX_ROLE_NAME} letters, digits and +=,.@_- such as 'BreakGlass'.`);
  }
  if (roleName.length > MAX_ROLE_NAME) {
    throw new Error(`roleName '${roleName}' is ${roleName.length} characters: the member accounts' rules are named ` +
      `BreakGlass-<roleName>-Forward, at most 64 characters, so give a roleName of at most ${MAX_ROLE_NAME}.`);
  }
  // Rule, queue and StackSet names hold letters, digits and hyphens: a role name's other characters give way.
  const prefix = `BreakGlass-${nameSafe(roleName, MAX_ROLE_NAME)}`;
  return {
    ...forwardingNames(prefix),
    roleName,
    hubBus: `${prefix}-Hub`,
    forwarderRole: `${roleName}-Fwd`,
    stackSet: `${prefix}-Organization`,
    canaryRolePrefix: fitName(`${roleName}-Canary`, 64 - REGION_SUFFIX),
    canarySchedule: `${prefix}-Canary`,
    hubCheck: fitName(`${nameSafe(roleName, MAX_ROLE_NAME)}-${hubRegion}-Check`, 64),
    hubAlertPath: fitName(`${nameSafe(roleName, MAX_ROLE_NAME)}-${hubRegion}-HubAlertPath`, 64),
  };
}
