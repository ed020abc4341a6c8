import { SampleKind } from './alert-path-settings';

/**
 * A person's attempt on the break-glass role, as CloudTrail records it and
 * EventBridge delivers it, made from the canary's heartbeat that started the
 * check: same account, time and role, recorded in `region`, by an IAM user of
 * the account (the canary's identity is the one thing the login rules leave
 * out). `TestEventPattern` needs `id`, `account`, `source`, `time`, `region`,
 * `resources` and `detail-type` (Amazon EventBridge API Reference,
 * TestEventPattern); the detail is shaped as the recorded events the login
 * rules are tested on (an `AssumeRole` by an IAM user, a console `SwitchRole`
 * and `ConsoleLogin` into the role).
 */
export function sampleAttempt(kind: SampleKind, heartbeat: HeartbeatEvent, roleArn: string, region: string): object {
  const account = heartbeat.account;
  const partition = roleArn.split(':')[1];
  const roleName = roleArn.split('/').pop();
  const person = 'break-glass-alert-path-check';
  const envelope = (detailType: string, source: string, detail: object) => ({
    'version': '0',
    'id': heartbeat.id,
    'detail-type': detailType,
    source,
    account,
    'time': heartbeat.time,
    region,
    'resources': [],
    'detail': { eventVersion: '1.08', ...detail, awsRegion: region, eventTime: heartbeat.time, recipientAccountId: account, managementEvent: true },
  });
  if (kind === 'AssumeRole' || kind === 'AssumeRoleFailed') {
    const failed = kind === 'AssumeRoleFailed';
    return envelope('AWS API Call via CloudTrail', 'aws.sts', {
      userIdentity: { type: 'IAMUser', arn: `arn:${partition}:iam::${account}:user/${person}`, accountId: account, userName: person },
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      sourceIPAddress: '203.0.113.24',
      userAgent: 'aws-cli/2',
      ...(failed ? { errorCode: 'AccessDenied', errorMessage: 'not authorized to perform: sts:AssumeRole' } : {}),
      requestParameters: { roleArn, roleSessionName: person },
      responseElements: failed ? null : { assumedRoleUser: { arn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${person}` } },
      readOnly: true,
      eventType: 'AwsApiCall',
      eventCategory: 'Management',
    });
  }
  return envelope('AWS Console Sign In via CloudTrail', 'aws.signin', {
    userIdentity: { type: 'AssumedRole', arn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${person}`, accountId: account },
    eventSource: 'signin.amazonaws.com',
    eventName: kind,
    sourceIPAddress: '203.0.113.24',
    requestParameters: null,
    responseElements: { [kind]: 'Success' },
    eventType: 'AwsConsoleSignIn',
    eventCategory: 'Management',
  });
}

/** The fields of the heartbeat (an EventBridge event) the samples are made from. */
export interface HeartbeatEvent {
  readonly id: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
}
