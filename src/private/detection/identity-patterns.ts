import { Token } from 'aws-cdk-lib';
import { API_CALL, DetectionPattern, EventPatternJson } from './patterns';
import { ROLE_TAMPER_EVENTS } from './tamper-kinds';

// Own rules are named `<tamper alert's base, up to 50>-<id less Rule>`: ids of at most 12 characters more keep within 64.
import type { Username } from '../../username';

/**
 * Changes to the emergency identities themselves: the quiet way in is to
 * prepare a listed identity first (an access key, an MFA device, a password),
 * and the loud way out is to lock it (a boundary, a deleted device). IAM
 * records every one of these calls in us-east-1 (IAM User Guide, "Logging IAM
 * and AWS STS API calls with AWS CloudTrail").
 *
 * The request shapes, as CloudTrail records them (`requestParameters` holds
 * the API's parameters in camel case, IAM API Reference):
 * - a change made to a user by someone names it: `userName`; `UpdateUser`
 *   adds `newUserName` (a rename);
 * - a change a user makes to itself may leave `UserName` out ("IAM determines
 *   the user name implicitly based on the AWS access key ID signing the
 *   request", IAM API Reference, CreateAccessKey, UpdateAccessKey,
 *   DeleteAccessKey, UpdateLoginProfile...): the user is then only in
 *   `userIdentity.userName` and `requestParameters` is null;
 * - `ChangePassword` is made by the user alone and records no user name in
 *   `requestParameters` (null: the passwords are not logged), only in
 *   `userIdentity`;
 * - `DeleteVirtualMFADevice` names only the device, `serialNumber`
 *   (`arn:aws:iam::ACCOUNT:mfa/[PATH/]NAME`, the name chosen when it was made).
 */

/** IAM calls that change a user's credentials, MFA, permissions, groups, name or existence, naming it by `userName`. */
export const USER_CHANGE_EVENTS = [
  'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey',
  'CreateLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile',
  'EnableMFADevice', 'DeactivateMFADevice', 'ResyncMFADevice',
  'AttachUserPolicy', 'DetachUserPolicy', 'PutUserPolicy', 'DeleteUserPolicy',
  'PutUserPermissionsBoundary', 'DeleteUserPermissionsBoundary',
  'AddUserToGroup', 'RemoveUserFromGroup',
  'UpdateUser', 'DeleteUser',
];

/** IAM calls a user makes to itself, naming no user in `requestParameters`. */
export const SELF_CHANGE_EVENTS = [...USER_CHANGE_EVENTS, 'ChangePassword'];

/** IAM calls that delete a virtual MFA device, by its `serialNumber`. */
export const MFA_DEVICE_EVENTS = ['DeleteVirtualMFADevice'];

/** IAM calls that change or remove a SAML provider, by its `sAMLProviderArn`. */
export const SAML_PROVIDER_EVENTS = ['UpdateSAMLProvider', 'DeleteSAMLProvider'];

/** A pattern of changes to listed identities, and where in its events the changed identity is named. */
export interface IdentityPattern extends DetectionPattern {
  /** What was changed, for the alert text: "the listed IAM user". */
  readonly subject: string;
  /** Path of the changed identity's name in the event, for the alert text. */
  readonly identityPath: string;
}

/** The identities of `usernames` the patterns can name: IAM users, and the roles federated users arrive through. */
export interface ListedIdentities {
  readonly userNames: string[];
  /** Names of the roles SAML users arrive through, without their paths (IAM's calls name a role by name alone). */
  readonly federatedRoleNames: string[];
}

/** The IAM users and federated roles of `usernames`. */
export function listedIdentities(usernames: Username[]): ListedIdentities {
  const grants = usernames.map(username => username._bind());
  return {
    userNames: grants.flatMap(grant => (grant.userName !== undefined ? [grant.userName] : [])),
    federatedRoleNames: grants.flatMap(grant => (grant.federatedRole !== undefined ? [lastSegment(grant.federatedRole)] : [])),
  };
}

function lastSegment(path: string): string {
  return Token.isUnresolved(path) ? path : path.split('/').pop()!;
}

function iamCall(detail: { [key: string]: unknown }): EventPatternJson {
  return { 'detail-type': [API_CALL], 'detail': { eventSource: ['iam.amazonaws.com'], ...detail } };
}

/** IAM user names are unique regardless of case, and IAM accepts any case in a call. */
const anyCase = (names: string[]) => names.map(name => ({ 'equals-ignore-case': name }));

/**
 * The patterns of changes to the listed identities, by anyone (the user
 * included), successful or not; none when nothing listed can be named.
 *
 * IAM Identity Center users are left to the readiness check: their roles
 * (`AWSReservedSSO_*`) are changed by Identity Center itself whenever a
 * permission set is provisioned, and their users and assignments are changed
 * in the Identity Center instance's account, not in this one.
 */
export function identityPatterns(identities: ListedIdentities): IdentityPattern[] {
  const patterns: IdentityPattern[] = [];
  const users = identities.userNames;
  if (users.length > 0) {
    patterns.push({
      id: 'IdentityUserRule',
      description: 'Break-glass identities: a listed IAM user\'s credentials, MFA, permissions, groups, name or existence changed',
      subject: 'the listed IAM user',
      identityPath: '$.detail.requestParameters.userName',
      readOnlyEvents: false,
      pattern: iamCall({
        $or: [
          { eventName: USER_CHANGE_EVENTS, requestParameters: { userName: anyCase(users) } },
          // A rename that gives another user a listed name gives it the door.
          { eventName: ['UpdateUser'], requestParameters: { newUserName: anyCase(users) } },
        ],
      }),
    });
    patterns.push({
      id: 'IdentitySelfRule',
      description: 'Break-glass identities: a listed IAM user changed its own password, access keys or MFA',
      subject: 'the listed IAM user (by itself)',
      identityPath: '$.detail.userIdentity.userName',
      readOnlyEvents: false,
      pattern: iamCall({
        eventName: SELF_CHANGE_EVENTS,
        userIdentity: { type: ['IAMUser'], userName: anyCase(users) },
        // Named, the change is about the user it names: `IdentityUserRule`'s, when that user is listed.
        requestParameters: { userName: [{ exists: false }] },
      }),
    });
    patterns.push({
      id: 'IdentityMfaRule',
      description: 'Break-glass identities: a listed IAM user\'s virtual MFA device deleted',
      subject: 'the virtual MFA device',
      identityPath: '$.detail.requestParameters.serialNumber',
      readOnlyEvents: false,
      // Matched when the device is named after the user; a device of any name must be deactivated before it can be
      // deleted (IAM API Reference, DeleteVirtualMFADevice), and DeactivateMFADevice names the user.
      pattern: iamCall({
        eventName: MFA_DEVICE_EVENTS,
        requestParameters: { serialNumber: users.map(name => ({ suffix: { 'equals-ignore-case': `/${name}` } })) },
      }),
    });
  }
  const roles = identities.federatedRoleNames;
  if (roles.length > 0) {
    patterns.push({
      id: 'IdentitySamlRule',
      description: 'Break-glass identities: the role federated users arrive through, or a SAML provider, changed',
      subject: 'the federated role or SAML provider',
      identityPath: '$.detail.requestParameters',
      readOnlyEvents: false,
      pattern: iamCall({
        $or: [
          { eventName: ROLE_TAMPER_EVENTS, requestParameters: { roleName: anyCase(roles) } },
          // The role's trust names its provider, which the template cannot read: any provider of the account.
          { eventName: SAML_PROVIDER_EVENTS },
        ],
      }),
    });
  }
  return patterns;
}

/**
 * What every watched region forwards for the identity patterns, whichever
 * identities are listed: every IAM call that changes something (IAM records
 * them in us-east-1 only). Fixed and short, so the forwarding rule's pattern
 * keeps within EventBridge's 2,048-character default quota and does not
 * depend on the parts or the identities; the central bus's rules select the
 * listed ones. IAM's changes are few (deploys, people): forwarding them costs
 * cents a year at EventBridge's price of cross-region events.
 */
export function identityForwardingPattern(): DetectionPattern {
  return {
    id: 'IdentityForwarding',
    description: 'Changes made through IAM',
    readOnlyEvents: false,
    pattern: iamCall({ readOnly: [false] }),
  };
}
