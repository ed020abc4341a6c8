import { reply, requestBody } from './fake-aws';
import { readinessClients, ReadinessClients } from '../../src/private/readiness-check/readiness-check.lambda';

/**
 * AWS as the readiness check's SDK clients see it, offline: IAM and SNS
 * (query protocol, XML answers), IAM Identity Center (`SWBExternalService`)
 * , its identity store (`AWSIdentityStore`) and CloudWatch Logs (JSON 1.1),
 * answering the real SDK clients' HTTP requests with the shapes of the IAM,
 * SNS, IAM Identity Center, Identity Store and CloudWatch Logs API References:
 * a missing user, login profile, role, password policy or SAML provider is
 * IAM's `NoSuchEntity` (404), a missing topic SNS's `NotFound` (404), a
 * missing identity-store user `ResourceNotFoundException`.
 */
export interface FakeUser {
  readonly mfaDevices: string[];
  /** The console password; absent: none. */
  readonly loginProfile?: { readonly passwordResetRequired: boolean };
  readonly accessKeys: Array<{ readonly id: string; readonly status: 'Active' | 'Inactive' }>;
  /** The credential report's `password_next_rotation` (ISO time, or `N/A`). */
  readonly passwordNextRotation: string;
  /** What the policy simulator answers for `sts:AssumeRole` (the EvaluationResult member, as XML). */
  readonly simulation: string;
}

export interface FakeIdentityCenter {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly permissionSets: Array<{ readonly arn: string; readonly name: string }>;
  readonly users: Array<{ readonly userName: string; readonly userId: string }>;
  readonly groups: { readonly [groupId: string]: string[] };
  readonly assignments: Array<{ readonly accountId: string; readonly permissionSetArn: string; readonly principalType: 'USER' | 'GROUP'; readonly principalId: string }>;
}

export interface FakeReadinessState {
  readonly account: string;
  readonly users: { [name: string]: FakeUser };
  readonly roles: { [name: string]: { readonly trust: object; readonly lastUsed?: string } };
  readonly samlProviders: { [arn: string]: { readonly validUntil: string } };
  /** The account's password policy; absent: none. */
  readonly passwordPolicy?: { readonly expirePasswords: boolean; readonly maxPasswordAge?: number };
  /** Each topic's subscription ARNs (`PendingConfirmation` for one not confirmed). */
  readonly topics: { [arn: string]: string[] };
  readonly identityCenter?: FakeIdentityCenter;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** An allowed simulation, by the user's identity policy. */
export const ALLOWED = simulation('allowed', '<MatchedStatements><member><SourcePolicyId>assume-break-glass</SourcePolicyId><SourcePolicyType>user</SourcePolicyType>' +
  '<StartPosition><Line>1</Line><Column>38</Column></StartPosition><EndPosition><Line>1</Line><Column>160</Column></EndPosition></member></MatchedStatements>');

/** An EvaluationResult member of `sts:AssumeRole` with `decision` and the details given as XML. */
export function simulation(decision: string, details: string): string {
  return `<member><EvalActionName>sts:AssumeRole</EvalActionName><EvalResourceName>ROLE</EvalResourceName><EvalDecision>${decision}</EvalDecision>` +
    `${details}<MissingContextValues/><EvalDecisionDetails/></member>`;
}

export class FakeReadinessAws {
  public readonly logEvents: Array<{ logGroupName: string; logStreamName: string; timestamp: number; message: string }> = [];
  public readonly published: Array<{ topicArn: string; message: string; subject?: string }> = [];
  public readonly calls: string[] = [];

  constructor(public state: FakeReadinessState) {}

  /** The check's clients, as the function makes them, talking to this fake. */
  public clients(): ReadinessClients {
    return readinessClients('us-east-1', {
      region: 'us-east-2',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      requestHandler: { handle: (request: any) => this.handle(request) },
    });
  }

  private async handle(request: any): Promise<{ response: object }> {
    const body = requestBody(request);
    const target = request.headers['x-amz-target'] as string | undefined;
    const host: string = request.hostname;
    const service = host.startsWith('iam.') ? 'iam' : host.startsWith('sns.') ? 'sns' : host.startsWith('logs.') ? 'logs'
      : host.startsWith('identitystore.') ? 'identitystore' : 'sso';
    const form = new URLSearchParams(body);
    const operation = target ? target.split('.')[1] : form.get('Action')!;
    this.calls.push(`${service}:${operation}${service === 'sso' || service === 'identitystore' ? `@${host.split('.')[1]}` : ''}`);
    if (service === 'iam') {
      return this.iam(operation, form);
    }
    if (service === 'sns') {
      return this.sns(operation, form);
    }
    const input = JSON.parse(body || '{}');
    const json = (value: unknown) => reply(200, 'application/x-amz-json-1.1', JSON.stringify(value));
    const center = this.state.identityCenter;
    switch (`${service}:${operation}`) {
      case 'logs:GetLogEvents':
        return json({
          events: this.logEvents.filter(e => e.logGroupName === input.logGroupName && e.logStreamName === input.logStreamName)
            .slice(-(input.limit ?? 10_000)).map(e => ({ timestamp: e.timestamp, ingestionTime: e.timestamp, message: e.message })),
          nextForwardToken: 'f/1',
          nextBackwardToken: 'b/1',
        });
      case 'logs:PutLogEvents':
        this.logEvents.push(...input.logEvents.map((e: any) => ({ ...e, logGroupName: input.logGroupName, logStreamName: input.logStreamName })));
        return json({});
      case 'sso:ListInstances':
        return json({ Instances: center ? [{ InstanceArn: center.instanceArn, IdentityStoreId: center.identityStoreId, Status: 'ACTIVE', OwnerAccountId: this.state.account }] : [] });
      case 'sso:ListPermissionSets':
        return json({ PermissionSets: center!.permissionSets.map(set => set.arn) });
      case 'sso:DescribePermissionSet': {
        const set = center!.permissionSets.find(s => s.arn === input.PermissionSetArn)!;
        return json({ PermissionSet: { Name: set.name, PermissionSetArn: set.arn, SessionDuration: 'PT1H', CreatedDate: 1767225600 } });
      }
      case 'sso:ListAccountAssignments':
        return json({
          AccountAssignments: center!.assignments.filter(a => a.accountId === input.AccountId && a.permissionSetArn === input.PermissionSetArn)
            .map(a => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId })),
        });
      case 'identitystore:GetUserId': {
        const user = center!.users.find(u => u.userName === input.AlternateIdentifier.UniqueAttribute.AttributeValue);
        return user ? json({ UserId: user.userId, IdentityStoreId: center!.identityStoreId })
          : reply(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'ResourceNotFoundException', Message: 'USER not found.', ResourceType: 'USER' }));
      }
      case 'identitystore:IsMemberInGroups':
        return json({
          Results: input.GroupIds.map((groupId: string) => ({
            GroupId: groupId,
            MemberId: { UserId: input.MemberId.UserId },
            MembershipExists: (center!.groups[groupId] ?? []).includes(input.MemberId.UserId),
          })),
        });
      default:
        return reply(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'UnknownOperationException', Message: `${service}:${operation}` }));
    }
  }

  private iam(operation: string, form: URLSearchParams): { response: object } {
    const { account } = this.state;
    const ok = (result: string) => reply(200, 'text/xml', `<${operation}Response xmlns="${IAM_NS}"><${operation}Result>${result}</${operation}Result>` +
      `<ResponseMetadata><RequestId>r-${this.calls.length}</RequestId></ResponseMetadata></${operation}Response>`);
    const missing = (what: string) => reply(404, 'text/xml', `<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>` +
      `<Message>${what}</Message></Error><RequestId>r-${this.calls.length}</RequestId></ErrorResponse>`);
    const userName = form.get('UserName') ?? '';
    const user = this.state.users[userName];
    const userArn = `arn:aws:iam::${account}:user/${userName}`;
    switch (operation) {
      case 'GetUser':
        return user ? ok(`<User><Path>/</Path><UserName>${userName}</UserName><UserId>AIDAEXAMPLE${userName.toUpperCase()}</UserId><Arn>${userArn}</Arn>` +
          '<CreateDate>2026-01-05T10:00:00Z</CreateDate></User>') : missing(`The user with name ${userName} cannot be found.`);
      case 'ListMFADevices':
        return ok(`<IsTruncated>false</IsTruncated><MFADevices>${user.mfaDevices.map(serial =>
          `<member><UserName>${userName}</UserName><SerialNumber>${serial}</SerialNumber><EnableDate>2026-01-05T10:05:00Z</EnableDate></member>`).join('')}</MFADevices>`);
      case 'GetLoginProfile':
        return user.loginProfile ? ok(`<LoginProfile><UserName>${userName}</UserName><CreateDate>2026-01-05T10:02:00Z</CreateDate>` +
          `<PasswordResetRequired>${user.loginProfile.passwordResetRequired}</PasswordResetRequired></LoginProfile>`)
          : missing(`Login Profile for User ${userName} cannot be found.`);
      case 'ListAccessKeys':
        return ok(`<AccessKeyMetadata>${user.accessKeys.map(key => `<member><UserName>${userName}</UserName><AccessKeyId>${key.id}</AccessKeyId>` +
          `<Status>${key.status}</Status><CreateDate>2026-02-01T09:00:00Z</CreateDate></member>`).join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`);
      case 'GetAccountPasswordPolicy': {
        const policy = this.state.passwordPolicy;
        return policy ? ok('<PasswordPolicy><MinimumPasswordLength>14</MinimumPasswordLength><RequireSymbols>true</RequireSymbols><RequireNumbers>true</RequireNumbers>' +
          '<RequireUppercaseCharacters>true</RequireUppercaseCharacters><RequireLowercaseCharacters>true</RequireLowercaseCharacters>' +
          `<AllowUsersToChangePassword>true</AllowUsersToChangePassword><ExpirePasswords>${policy.expirePasswords}</ExpirePasswords>` +
          `${policy.maxPasswordAge ? `<MaxPasswordAge>${policy.maxPasswordAge}</MaxPasswordAge>` : ''}</PasswordPolicy>`)
          : missing(`The Password Policy with domain name ${account} cannot be found.`);
      }
      case 'GenerateCredentialReport':
        return ok('<State>COMPLETE</State><Description>No report exists. Starting a new report generation task</Description>');
      case 'GetCredentialReport': {
        const header = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
          'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
          'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
          'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
        const rows = [`<root_account>,arn:aws:iam::${account}:root,2026-01-01T00:00:00+00:00,not_supported,2026-03-01T00:00:00+00:00,not_supported,not_supported,true,` +
          'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
        ...Object.entries(this.state.users).map(([name, u]) => `${name},arn:aws:iam::${account}:user/${name},2026-01-05T10:00:00+00:00,` +
          `${u.loginProfile ? 'true' : 'false'},N/A,2026-01-05T10:02:00+00:00,${u.passwordNextRotation},${u.mfaDevices.length > 0},` +
          'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A')];
        return ok(`<Content>${Buffer.from([header, ...rows].join('\n')).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat>` +
          '<GeneratedTime>2026-12-07T06:00:00Z</GeneratedTime>');
      }
      case 'SimulatePrincipalPolicy': {
        const name = form.get('PolicySourceArn')!.split('/').pop()!;
        return ok(`<IsTruncated>false</IsTruncated><EvaluationResults>${this.state.users[name].simulation.replace('ROLE', form.get('ResourceArns.member.1')!)}</EvaluationResults>`);
      }
      case 'GetRole': {
        const roleName = form.get('RoleName')!;
        const role = this.state.roles[roleName];
        return role ? ok(`<Role><Path>/</Path><RoleName>${roleName}</RoleName><RoleId>AROAEXAMPLE${roleName.toUpperCase()}</RoleId>` +
          `<Arn>arn:aws:iam::${account}:role/${roleName}</Arn><CreateDate>2026-01-05T10:00:00Z</CreateDate>` +
          `<AssumeRolePolicyDocument>${encodeURIComponent(JSON.stringify(role.trust))}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration>` +
          `<RoleLastUsed>${role.lastUsed ? `<LastUsedDate>${role.lastUsed}</LastUsedDate><Region>us-east-2</Region>` : ''}</RoleLastUsed></Role>`)
          : missing(`The role with name ${roleName} cannot be found.`);
      }
      case 'GetSAMLProvider': {
        const provider = this.state.samlProviders[form.get('SAMLProviderArn')!];
        return provider ? ok('<SAMLMetadataDocument>&lt;EntityDescriptor/&gt;</SAMLMetadataDocument><CreateDate>2025-12-01T00:00:00Z</CreateDate>' +
          `<ValidUntil>${provider.validUntil}</ValidUntil>`) : missing(`Manifest not found for arn ${form.get('SAMLProviderArn')}`);
      }
      default:
        return reply(400, 'text/xml', `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${operation}</Message></Error></ErrorResponse>`);
    }
  }

  private sns(operation: string, form: URLSearchParams): { response: object } {
    const topicArn = form.get('TopicArn')!;
    if (operation === 'Publish') {
      this.published.push({ topicArn, message: form.get('Message')!, subject: form.get('Subject') ?? undefined });
      return reply(200, 'text/xml', `<PublishResponse xmlns="${SNS_NS}"><PublishResult><MessageId>m-${this.published.length}</MessageId></PublishResult>` +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>');
    }
    const subscriptions = this.state.topics[topicArn];
    if (!subscriptions) {
      return reply(404, 'text/xml', '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>');
    }
    return reply(200, 'text/xml', `<ListSubscriptionsByTopicResponse xmlns="${SNS_NS}"><ListSubscriptionsByTopicResult><Subscriptions>` +
      subscriptions.map(arn => `<member><TopicArn>${topicArn}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${arn}</SubscriptionArn>` +
        `<Owner>${this.state.account}</Owner><Endpoint>security@example.com</Endpoint></member>`).join('') +
      '</Subscriptions></ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>');
  }
}
