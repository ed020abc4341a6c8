import {
  GenerateCredentialReportCommand, GetAccountPasswordPolicyCommand, GetCredentialReportCommand, GetLoginProfileCommand, GetRoleCommand,
  GetSAMLProviderCommand, GetUserCommand, IAMClient, ListAccessKeysCommand, ListMFADevicesCommand, SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetUserIdCommand, IdentitystoreClient, IsMemberInGroupsCommand } from '@aws-sdk/client-identitystore';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DescribePermissionSetCommand, ListAccountAssignmentsCommand, ListInstancesCommand, ListPermissionSetsCommand, SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { parseCredentialReport } from './credential-report';
import { FederatedObservation, IdentityCenterObservation, Observations, Simulation, TopicObservation, UserObservation } from './findings';
import { ReadinessSettings } from './readiness-settings';
import { allPages } from '../all-pages';

/**
 * What the readiness check reads from AWS, each call read-only, with AWS's
 * own answers (IAM, IAM Identity Center, identity store and SNS API
 * References) turned into observations for `findings`.
 */
export interface ReadinessReaders {
  readonly iam: IAMClient;
  readonly sns: SNSClient;
  /** In the Identity Center instance's region. */
  readonly ssoAdmin: SSOAdminClient;
  readonly identityStore: IdentitystoreClient;
}

/** Whether an error is AWS's answer that the thing asked about does not exist. */
function notFound(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return ['NoSuchEntityException', 'NoSuchEntity', 'NotFoundException', 'NotFound', 'ResourceNotFoundException'].includes(name);
}

/** The call's answer, or `undefined` when AWS answers that the thing does not exist; any other error is thrown. */
async function unlessMissing<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (notFound(error)) {
      return undefined;
    }
    throw error;
  }
}

const CREDENTIAL_REPORT_ATTEMPTS = 10;

/** When each user's password next expires, from the credential report (generated first; IAM takes seconds). */
async function passwordRotations(iam: IAMClient, wait: (ms: number) => Promise<void>): Promise<Map<string, number | undefined>> {
  for (let attempt = 1; ; attempt++) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') {
      break;
    }
    if (attempt >= CREDENTIAL_REPORT_ATTEMPTS) {
      throw new Error(`IAM's credential report is still ${State} after ${attempt} attempts.`);
    }
    await wait(2_000);
  }
  const { Content } = await iam.send(new GetCredentialReportCommand({}));
  const rows = parseCredentialReport(Buffer.from(Content ?? new Uint8Array()).toString('utf-8'));
  return new Map(rows.map(row => [row.user.toLowerCase(), row.passwordNextRotation]));
}

/** The role's parts: its account, partition and name, from its ARN. */
function roleParts(roleArn: string): { partition: string; account: string; name: string } {
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!match) {
    throw new Error(`The role ARN ${roleArn} is not an IAM role's ARN.`);
  }
  return { partition: match[1], account: match[2], name: match[3] };
}

/** The policy simulator's answer for `sts:AssumeRole` on the role, as the user would call it: with MFA, the session named after it. */
async function simulate(iam: IAMClient, settings: ReadinessSettings, userArn: string, userName: string, trustPolicy: string): Promise<Simulation> {
  const role = roleParts(settings.roleArn);
  const context = (key: string, type: 'string' | 'boolean', value: string) => ({ ContextKeyName: key, ContextKeyType: type, ContextKeyValues: [value] });
  const result = await iam.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: userArn,
    ActionNames: ['sts:AssumeRole'],
    ResourceArns: [settings.roleArn],
    ResourcePolicy: trustPolicy,
    ResourceOwner: `arn:${role.partition}:iam::${role.account}:root`,
    ContextEntries: [
      context('aws:MultiFactorAuthPresent', 'boolean', 'true'),
      context('aws:username', 'string', userName),
      context('aws:PrincipalArn', 'string', userArn),
      context('sts:RoleSessionName', 'string', userName),
      context('aws:RequestedRegion', 'string', settings.region),
    ],
  }));
  const evaluation = result.EvaluationResults?.[0];
  if (!evaluation) {
    throw new Error(`The policy simulator gave no result for ${userArn}.`);
  }
  return {
    decision: evaluation.EvalDecision ?? 'implicitDeny',
    allowedByOrganizations: evaluation.OrganizationsDecisionDetail?.AllowedByOrganizations,
    allowedByPermissionsBoundary: evaluation.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
    matchedStatements: (evaluation.MatchedStatements ?? []).map(s => ({ type: s.SourcePolicyType ?? 'none', id: s.SourcePolicyId ?? '' })),
  };
}

async function observeUser(readers: ReadinessReaders, settings: ReadinessSettings, userName: string,
  trustPolicy: string | undefined, rotations: () => Promise<Map<string, number | undefined> | undefined>): Promise<UserObservation> {
  const { iam } = readers;
  const user = await unlessMissing(() => iam.send(new GetUserCommand({ UserName: userName })));
  if (!user?.User?.Arn) {
    return { userName, exists: false, mfaDevices: 0, activeAccessKeys: [] };
  }
  const mfa = await iam.send(new ListMFADevicesCommand({ UserName: userName }));
  const profile = await unlessMissing(() => iam.send(new GetLoginProfileCommand({ UserName: userName })));
  const keys = await allPages(async token => {
    const page = await iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: token }));
    return { items: page.AccessKeyMetadata ?? [], next: page.IsTruncated ? page.Marker : undefined };
  });
  const passwordExpires = profile ? (await rotations())?.get(userName.toLowerCase()) : undefined;
  return {
    userName,
    exists: true,
    mfaDevices: (mfa.MFADevices ?? []).length,
    ...(profile?.LoginProfile ? { loginProfile: { passwordResetRequired: profile.LoginProfile.PasswordResetRequired === true } } : {}),
    ...(passwordExpires !== undefined ? { passwordExpires } : {}),
    activeAccessKeys: keys.filter(key => key.Status === 'Active').map(key => key.AccessKeyId!),
    ...(trustPolicy !== undefined ? { simulation: await simulate(iam, settings, user.User.Arn, userName, trustPolicy) } : {}),
  };
}

/** The SAML providers a trust policy admits (`Principal.Federated`). */
function samlProvidersOf(trustPolicy: string): string[] {
  const statements = [JSON.parse(trustPolicy).Statement ?? []].flat();
  return [...new Set(statements.flatMap((s: any) => [s.Principal?.Federated ?? []].flat())
    .filter((arn: unknown): arn is string => typeof arn === 'string' && arn.includes(':saml-provider/')))];
}

async function observeFederated(iam: IAMClient, sessionName: string, rolePath: string): Promise<FederatedObservation> {
  const roleName = rolePath.split('/').pop()!;
  const role = await unlessMissing(() => iam.send(new GetRoleCommand({ RoleName: roleName })));
  if (!role?.Role) {
    return { sessionName, role: rolePath, roleExists: false, samlProviders: [] };
  }
  const providers = samlProvidersOf(decodeURIComponent(role.Role.AssumeRolePolicyDocument ?? '{}'));
  const samlProviders = await Promise.all(providers.map(async arn => {
    const provider = await unlessMissing(() => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })));
    return { arn, exists: provider !== undefined, ...(provider?.ValidUntil ? { validUntil: provider.ValidUntil.getTime() } : {}) };
  }));
  return { sessionName, role: rolePath, roleExists: true, samlProviders };
}

async function observeIdentityCenter(readers: ReadinessReaders, account: string,
  users: ReadinessSettings['identityCenter']): Promise<IdentityCenterObservation[]> {
  if (users.length === 0) {
    return [];
  }
  const { ssoAdmin, identityStore } = readers;
  const instance = (await ssoAdmin.send(new ListInstancesCommand({}))).Instances?.[0];
  if (!instance?.InstanceArn || !instance.IdentityStoreId) {
    return users.map(u => ({ ...u, instanceFound: false, permissionSetFound: false, userFound: false, assigned: false }));
  }
  const { InstanceArn, IdentityStoreId } = instance;
  const setArns = await allPages(async token => {
    const page = await ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn, NextToken: token }));
    return { items: page.PermissionSets ?? [], next: page.NextToken };
  });
  const sets = new Map<string, string>();
  for (const arn of setArns) {
    const described = await ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }));
    sets.set(described.PermissionSet?.Name ?? '', arn);
  }
  return Promise.all(users.map(async ({ userName, permissionSetName }) => {
    const base = { userName, permissionSetName, instanceFound: true };
    const PermissionSetArn = sets.get(permissionSetName);
    if (!PermissionSetArn) {
      return { ...base, permissionSetFound: false, userFound: false, assigned: false };
    }
    const user = await unlessMissing(() => identityStore.send(new GetUserIdCommand({
      IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName } },
    })));
    if (!user?.UserId) {
      return { ...base, permissionSetFound: true, userFound: false, assigned: false };
    }
    const assignments = await allPages(async token => {
      const page = await ssoAdmin.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId: account, PermissionSetArn, NextToken: token }));
      return { items: page.AccountAssignments ?? [], next: page.NextToken };
    });
    const direct = assignments.some(a => a.PrincipalType === 'USER' && a.PrincipalId === user.UserId);
    const groups = assignments.filter(a => a.PrincipalType === 'GROUP').map(a => a.PrincipalId!);
    const byGroup = !direct && groups.length > 0 && ((await identityStore.send(new IsMemberInGroupsCommand({
      IdentityStoreId, MemberId: { UserId: user.UserId }, GroupIds: groups,
    }))).Results ?? []).some(r => r.MembershipExists === true);
    return { ...base, permissionSetFound: true, userFound: true, assigned: direct || byGroup };
  }));
}

async function observeTopic(sns: SNSClient, topicArn: string, kind: string): Promise<TopicObservation> {
  const arns = await unlessMissing(() => allPages(async token => {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }));
    return { items: (page.Subscriptions ?? []).map(s => s.SubscriptionArn ?? ''), next: page.NextToken };
  }));
  if (arns === undefined) {
    return { topicArn, kind, exists: false, confirmed: 0, pending: 0 };
  }
  // A subscription waiting for confirmation has the ARN `PendingConfirmation` (SNS API Reference, Subscription).
  return { topicArn, kind, exists: true, confirmed: arns.filter(arn => arn.startsWith('arn:')).length, pending: arns.filter(arn => arn === 'PendingConfirmation').length };
}

/** Everything one run observes. */
export async function observe(settings: ReadinessSettings, readers: ReadinessReaders, wait: (ms: number) => Promise<void>): Promise<Observations> {
  const { iam } = readers;
  const role = roleParts(settings.roleArn);
  // The role of this account is read; a member account's role (an organization) is known by its rendered trust.
  const got = settings.trustPolicy === undefined ? await unlessMissing(() => iam.send(new GetRoleCommand({ RoleName: role.name }))) : undefined;
  const document = got?.Role?.AssumeRolePolicyDocument;
  const trustPolicy = settings.trustPolicy ?? (document ? decodeURIComponent(document) : undefined);
  let rotations: Promise<Map<string, number | undefined> | undefined> | undefined;
  const expiring = async () => {
    const policy = await unlessMissing(() => iam.send(new GetAccountPasswordPolicyCommand({})));
    return policy?.PasswordPolicy?.ExpirePasswords ? passwordRotations(iam, wait) : undefined;
  };
  const users: UserObservation[] = [];
  for (const userName of settings.users) {
    users.push(await observeUser(readers, settings, userName, trustPolicy, () => (rotations ??= expiring())));
  }
  const federated: FederatedObservation[] = [];
  for (const f of settings.federated) {
    federated.push(await observeFederated(iam, f.sessionName, f.role));
  }
  const topics = [await observeTopic(readers.sns, settings.alertTopicArn, 'alert'),
    ...(settings.chatTopicArn ? [await observeTopic(readers.sns, settings.chatTopicArn, 'chat')] : [])];
  const lastUsed = got?.Role?.RoleLastUsed?.LastUsedDate;
  return {
    roleArn: settings.roleArn,
    ...(settings.trustPolicy === undefined ? { roleExists: got !== undefined } : {}),
    ...(lastUsed ? { roleLastUsed: lastUsed.getTime() } : {}),
    roleLastUsedKnown: settings.trustPolicy === undefined,
    users,
    federated,
    identityCenter: await observeIdentityCenter(readers, role.account, settings.identityCenter),
    topics,
  };
}
