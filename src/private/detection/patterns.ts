import { roleArnMatchers, sessionArnMatcher, WatchedRole } from './watched-role';
import { LogActions } from '../../log-actions';
import { SampleKind } from '../alert-path/alert-path-settings';

// The role the patterns are about: where every pattern's importer finds it.
export { ANY_ACCOUNT, organizationRole, watchedRole } from './watched-role';
export type { WatchedRole } from './watched-role';

/**
 * An EventBridge event pattern as it stands in a template
 * (`detail-type`, not `detailType`), so one definition serves every rule.
 */
export type EventPatternJson = { [key: string]: unknown };

/**
 * The rule state that lets a rule receive read-only management events.
 * `AssumeRole*` events are read-only: a rule in plain `ENABLED` state never sees them.
 */
export const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** The detail-type of CloudTrail's API call events. */
export const API_CALL = 'AWS API Call via CloudTrail';
const CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';

/** Events that carry a role ARN in `requestParameters`. */
export const ASSUME_ROLE_EVENTS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'];

/** Where the outcome of a login event is recorded. */
export enum LoginEventFamily {
  /** STS `AssumeRole*` calls. */
  STS = 'STS',
  /** Console sign-in events into a role session. */
  SIGNIN = 'SIGNIN',
}

/** A pattern one rule runs, wherever it is deployed. */
export interface DetectionPattern {
  /** Construct id of the rule that runs it. */
  readonly id: string;
  /** Rule description. */
  readonly description: string;
  readonly pattern: EventPatternJson;
  /** Whether the rule must receive read-only management events. */
  readonly readOnlyEvents: boolean;
}

/**
 * One kind of login into the role: its pattern and how its `<result>` reads.
 */
export interface LoginDetector extends DetectionPattern {
  readonly family: LoginEventFamily;
  /** The person's attempt the detector's rule must match, as the alert path check makes it. */
  readonly attempt: SampleKind;
  /** Path of the outcome in the event; absent where the pattern implies `Success`. */
  readonly resultPath?: string;
}

/**
 * Every way the role can be assumed, or tried: one detector each so that
 * `<result>` can name the outcome from the right place.
 */
/**
 * How the canary's sessions are known, by their role (`sessionIssuer`): in one
 * account, the canary role's exact ARN; across an organization, where each
 * member account and region has a canary role of its own, the start of their
 * names, and the hub's check judges every attempt so named (a role of that
 * name in another account, or in another region, is reported there).
 */
export interface CanaryIssuer {
  readonly roleArn?: string;
  readonly roleNamePrefix?: string;
}

/** The canary's sessions, as a `sessionIssuer` pattern, or with `anything-but` for every other session. */
function canaryIssuerPattern(canary: CanaryIssuer, others: boolean): object {
  const is = (matcher: unknown) => (others ? { 'anything-but': matcher } : matcher);
  return canary.roleArn !== undefined
    ? { arn: [is(canary.roleArn)] }
    : { userName: [is({ prefix: canary.roleNamePrefix })] };
}

/** The field `canaryIssuerPattern` reads, to match sessions without it. */
function canaryIssuerField(canary: CanaryIssuer): string {
  return canary.roleArn !== undefined ? 'arn' : 'userName';
}

export function loginDetectors(role: WatchedRole, canary?: CanaryIssuer): LoginDetector[] {
  const roleArn = roleArnMatchers(role);
  const assumeRole = (errorCodeExists: boolean): EventPatternJson => ({
    'source': ['aws.sts'],
    'detail-type': [API_CALL],
    'detail': {
      eventName: ASSUME_ROLE_EVENTS,
      requestParameters: { roleArn },
      errorCode: [{ exists: errorCodeExists }],
      // The canary's own denied attempts are heartbeats, not alerts: only its
      // identity is left out. `anything-but` matches no event that lacks the
      // field (IAM users, AssumeRoleWithSAML), so those match the other branch.
      ...(errorCodeExists && canary !== undefined ? {
        $or: [
          { userIdentity: { sessionContext: { sessionIssuer: canaryIssuerPattern(canary, true) } } },
          { userIdentity: { sessionContext: { sessionIssuer: { [canaryIssuerField(canary)]: [{ exists: false }] } } } },
        ],
      } : {}),
    },
  });
  const signIn = (eventName: string): EventPatternJson => ({
    'source': ['aws.signin'],
    'detail-type': [CONSOLE_SIGN_IN],
    'detail': {
      eventName: [eventName],
      userIdentity: { arn: [sessionArnMatcher(role)] },
    },
  });
  return [
    {
      id: 'AssumeRoleRule',
      attempt: 'AssumeRole',
      description: 'Break-glass role assumed (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity)',
      family: LoginEventFamily.STS,
      readOnlyEvents: true,
      pattern: assumeRole(false),
    },
    {
      id: 'AssumeRoleFailedRule',
      attempt: 'AssumeRoleFailed',
      description: 'Break-glass role: a failed attempt to assume it',
      family: LoginEventFamily.STS,
      readOnlyEvents: true,
      pattern: assumeRole(true),
      resultPath: '$.detail.errorCode',
    },
    {
      id: 'SwitchRoleRule',
      attempt: 'SwitchRole',
      description: 'Break-glass role: console switch into it',
      family: LoginEventFamily.SIGNIN,
      readOnlyEvents: true,
      pattern: signIn('SwitchRole'),
      resultPath: '$.detail.responseElements.SwitchRole',
    },
    {
      id: 'ConsoleLoginRule',
      attempt: 'ConsoleLogin',
      description: 'Break-glass role: console sign-in with it',
      family: LoginEventFamily.SIGNIN,
      readOnlyEvents: true,
      pattern: signIn('ConsoleLogin'),
      resultPath: '$.detail.responseElements.ConsoleLogin',
    },
  ];
}

/**
 * The canary's own denied attempts to assume the role: its heartbeats. The
 * identity is matched exactly (the session's issuer, the canary role), not by
 * the session name, which any caller can pick. With `region`, only those
 * recorded in that region.
 */
export function heartbeatPattern(role: WatchedRole, canaryRoleArn: string, region?: string): DetectionPattern {
  return {
    id: 'HeartbeatRule',
    description: 'Break-glass canary: its denied attempt to assume the role, the heartbeat of the region that recorded it',
    readOnlyEvents: true,
    pattern: {
      'source': ['aws.sts'],
      'detail-type': [API_CALL],
      'detail': {
        eventName: ['AssumeRole'],
        requestParameters: { roleArn: [{ 'equals-ignore-case': role.roleArn }] },
        errorCode: [{ exists: true }],
        userIdentity: { sessionContext: { sessionIssuer: { arn: [canaryRoleArn] } } },
        // The region CloudTrail recorded: forwarding keeps it, whichever bus the event is on.
        ...(region ? { awsRegion: [region] } : {}),
      },
    },
  };
}

/**
 * Across an organization: every denied attempt at the role of any member
 * account by a session of a role named as the canaries, which the login
 * alerts leave out. The hub's check keeps the canaries' own as heartbeats of
 * their account and region, and reports any other.
 */
export function organizationHeartbeatPattern(role: WatchedRole, canaryRoleNamePrefix: string): DetectionPattern {
  const failures = loginDetectors(role).find(detector => detector.id === 'AssumeRoleFailedRule')!.pattern;
  return {
    id: 'HeartbeatRule',
    description: 'Break-glass canary: a denied attempt to assume the role by a canary of a member account, a heartbeat of its account and region',
    readOnlyEvents: true,
    pattern: {
      ...failures,
      detail: {
        ...(failures.detail as object),
        userIdentity: { sessionContext: { sessionIssuer: canaryIssuerPattern({ roleNamePrefix: canaryRoleNamePrefix }, false) } },
      },
    },
  };
}

/**
 * Request fields through which a call passes a role to a service (and so needs
 * `iam:PassRole`), as the services' CloudTrail events record them: Lambda's
 * `role`, CloudFormation's `roleARN`, ECS's `executionRoleArn`, CodeBuild's
 * `serviceRole`, EC2's `iamInstanceProfile`, and the `roleArn` of most others.
 */
export const PASSED_ROLE_FIELDS = ['role', 'roleArn', 'roleARN', 'executionRoleArn', 'serviceRole', 'iamInstanceProfile'];

/**
 * Sessions chained from the role's: a session a break-glass session obtains
 * with `AssumeRole` is issued by the other role, so it is known only by the
 * source identity AWS carries across the chain
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html):
 * those of the listed people, or, to forward them from another region, any.
 */
export interface ChainedSessions {
  /** The source identities a break-glass session can carry: its people's names. */
  readonly sourceIdentities?: string[];
  /** Every session that carries a source identity (the central bus's rules pick the people's). */
  readonly anySourceIdentity?: boolean;
}

/**
 * Actions done with the role: any session it issued, whatever session name
 * the caller chose (a name is the caller's to pick, so matching it is evadable),
 * and the sessions chained from it that carry one of `chained`'s source
 * identities. Whatever the mode and services, every `AssumeRole*` call of
 * those sessions (read-only, so `WRITE` adds it, in the all-management-events
 * state) and every write that passes a role: each is a way out of what the log
 * keeps, and the `AssumeRole` record names the chained session's access key.
 *
 * @param services event sources to keep, as service prefixes (`s3`); empty keeps all
 */
export function actionPattern(role: WatchedRole, mode: LogActions, services: string[], chained: ChainedSessions = {}): DetectionPattern {
  const sessions: object[] = [{ sessionContext: { sessionIssuer: { arn: roleArnMatchers(role) } } }];
  if (chained.anySourceIdentity) {
    sessions.push({ sessionContext: { sourceIdentity: [{ exists: true }] } });
  } else if (chained.sourceIdentities && chained.sourceIdentities.length > 0) {
    sessions.push({ sessionContext: { sourceIdentity: chained.sourceIdentities } });
  }
  const detail: { [key: string]: unknown } = { userIdentity: sessions.length === 1 ? sessions[0] : { $or: sessions } };
  if (mode !== LogActions.ALL || services.length > 0) {
    const kept = {
      ...(mode !== LogActions.ALL ? { readOnly: [mode === LogActions.READ] } : {}),
      ...(services.length > 0 ? { eventSource: services.map(service => `${service}.amazonaws.com`) } : {}),
    };
    detail.$or = [
      kept,
      { eventSource: ['sts.amazonaws.com'], eventName: ASSUME_ROLE_EVENTS },
      // A write that passes a role: kept here unless the mode and services keep every write already.
      ...(mode === LogActions.READ || services.length > 0
        ? [{ readOnly: [false], requestParameters: { $or: PASSED_ROLE_FIELDS.map(field => ({ [field]: [{ exists: true }] })) } }]
        : []),
    ];
  }
  return {
    id: 'Rule',
    description: `Break-glass role: record ${mode} actions`,
    pattern: { 'detail-type': [API_CALL], detail },
    // The `AssumeRole*` calls are read-only: every mode needs them.
    readOnlyEvents: true,
  };
}

/**
 * Each successful assumption of the role, recorded beside the actions: its
 * caller is the identity that obtained the session, and its credentials' access
 * key id is the one every action of that session carries, whatever the
 * session's name, so the saved queries can name who did what.
 */
export function assumptionRecordPattern(role: WatchedRole): DetectionPattern {
  const assumed = loginDetectors(role).find(detector => detector.id === 'AssumeRoleRule')!;
  return {
    id: 'AssumptionsRule',
    description: 'Break-glass role: record each assumption, which names who obtained each session',
    readOnlyEvents: true,
    pattern: assumed.pattern,
  };
}

/**
 * The login detectors as another region forwards them: any outcome of an
 * `AssumeRole*` call, and either console sign-in. The central bus's rules
 * tell them apart, so the forwarding pattern stays small.
 */
export function loginForwardingPatterns(role: WatchedRole): DetectionPattern[] {
  const detectors = loginDetectors(role);
  const byId = (id: string) => detectors.find(detector => detector.id === id)!;
  const assumeRole = byId('AssumeRoleRule');
  const { errorCode: _anyOutcome, ...assumeRoleDetail } = assumeRole.pattern.detail as { [key: string]: unknown };
  const switchRole = byId('SwitchRoleRule');
  return [
    { ...assumeRole, pattern: { ...assumeRole.pattern, detail: assumeRoleDetail } },
    {
      ...switchRole,
      id: 'ConsoleSignInRule',
      pattern: { ...switchRole.pattern, detail: { ...(switchRole.pattern.detail as object), eventName: ['SwitchRole', 'ConsoleLogin'] } },
    },
  ];
}
