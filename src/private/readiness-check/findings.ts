import { PASSWORD_WARNING_DAYS, SAML_WARNING_DAYS } from './readiness-settings';

/**
 * The readiness check's verdict logic: what AWS answered about each listed
 * identity, the role and the topics (observations, read by the handler) in;
 * the problems found, each with who it stops and its fix, out. No I/O here.
 */

const DAY = 24 * 60 * 60 * 1000;

/** One problem: which, for whom, what is wrong and how to fix it. */
export interface Finding {
  /** The kind of problem: the README's finding table lists each. */
  readonly problem: string;
  /** The identity or resource it is about: `Username.iamUser('alice')`, the topic's ARN. */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
}

/** A finding's key: a problem of one subject is the same problem tomorrow, whatever its text says then. */
export function findingKey(finding: Pick<Finding, 'problem' | 'subject'>): string {
  return `${finding.problem} ${finding.subject}`;
}

/** What the policy simulator said of `sts:AssumeRole` on the role (IAM API Reference, EvaluationResult). */
export interface Simulation {
  /** `allowed`, `explicitDeny` or `implicitDeny`. */
  readonly decision: string;
  /** `AllowedByOrganizations` of `OrganizationsDecisionDetail`; absent when no SCP applies. */
  readonly allowedByOrganizations?: boolean;
  /** `AllowedByPermissionsBoundary` of `PermissionsBoundaryDecisionDetail`; absent without a boundary. */
  readonly allowedByPermissionsBoundary?: boolean;
  /** `SourcePolicyType`/`SourcePolicyId` of the `MatchedStatements`: the statements that decided. */
  readonly matchedStatements: Array<{ readonly type: string; readonly id: string }>;
}

/** What AWS answered about one IAM user. */
export interface UserObservation {
  readonly userName: string;
  readonly exists: boolean;
  /** MFA devices assigned to the user (ListMFADevices lists only those). */
  readonly mfaDevices: number;
  /** The console password (GetLoginProfile); absent: none. */
  readonly loginProfile?: { readonly passwordResetRequired: boolean };
  /** When the password expires (epoch ms; the credential report's `password_next_rotation`); absent: never. */
  readonly passwordExpires?: number;
  /** Ids of the user's active access keys. */
  readonly activeAccessKeys: string[];
  /** The simulated assumption; absent when the user does not exist. */
  readonly simulation?: Simulation;
}

/** What AWS answered about one federated (SAML) user's way in. */
export interface FederatedObservation {
  readonly sessionName: string;
  readonly role: string;
  readonly roleExists: boolean;
  /** The SAML providers the role's trust names, each with when its metadata expires (`ValidUntil`, epoch ms); absent: not found. */
  readonly samlProviders: Array<{ readonly arn: string; readonly validUntil?: number; readonly exists: boolean }>;
}

/** What IAM Identity Center answered about one of its users. */
export interface IdentityCenterObservation {
  readonly userName: string;
  readonly permissionSetName: string;
  readonly instanceFound: boolean;
  readonly permissionSetFound: boolean;
  readonly userFound: boolean;
  /** Assigned the permission set in the role's account, directly or through a group. */
  readonly assigned: boolean;
}

/** A topic's subscriptions (ListSubscriptionsByTopic: a pending one's ARN is `PendingConfirmation`). */
export interface TopicObservation {
  readonly topicArn: string;
  /** `alert` or `chat`. */
  readonly kind: string;
  readonly exists: boolean;
  readonly confirmed: number;
  readonly pending: number;
}

/** What was observed in one run. */
export interface Observations {
  readonly roleArn: string;
  /** Whether the role exists; absent when this account cannot read it (a member account's role). */
  readonly roleExists?: boolean;
  /** When the role was last used (GetRole `RoleLastUsed.LastUsedDate`, epoch ms); absent: never, or not readable. */
  readonly roleLastUsed?: number;
  /** Whether the role's last use was readable at all. */
  readonly roleLastUsedKnown: boolean;
  readonly users: UserObservation[];
  readonly federated: FederatedObservation[];
  readonly identityCenter: IdentityCenterObservation[];
  readonly topics: TopicObservation[];
}

/** What the judgement needs besides the observations. */
export interface Judgement {
  readonly now: number;
  readonly drillDays: number;
  readonly allowAccessKeys: boolean;
}

const user = (name: string) => `Username.iamUser('${name}')`;

/** Every problem the observations show, in a stable order. */
export function findings(observed: Observations, judgement: Judgement): Finding[] {
  const { now } = judgement;
  const found: Finding[] = [];
  const add = (problem: string, subject: string, message: string, fix: string) => found.push({ problem, subject, message, fix });
  const role = observed.roleArn;

  if (observed.roleExists === false) {
    add('role-missing', role, `The break-glass role ${role} does not exist: nobody can get in.`,
      'Deploy the break-glass stack again (the role was deleted outside it).');
  }

  for (const u of observed.users) {
    const who = user(u.userName);
    if (!u.exists) {
      add('user-missing', who, `The IAM user ${u.userName} does not exist: it cannot sign in.`,
        `Create the IAM user ${u.userName} with a console password and an MFA device, or remove it from usernames.`);
      continue;
    }
    if (u.mfaDevices === 0) {
      add('mfa-missing', who, `The IAM user ${u.userName} has no MFA device: the role's trust requires MFA, so it cannot assume the role.`,
        `Assign an MFA device to ${u.userName} (IAM console, Users, ${u.userName}, Security credentials, Assign MFA device).`);
    }
    if (!u.loginProfile) {
      add('password-missing', who, `The IAM user ${u.userName} has no console password: it cannot sign in to the console.`,
        `Give ${u.userName} a console password (IAM console, Users, ${u.userName}, Security credentials, Enable console access), kept where the README's runbook says.`);
    } else if (u.loginProfile.passwordResetRequired) {
      add('password-reset-required', who, `The console password of ${u.userName} must be reset at the next sign-in: in an emergency that is one more step, and a lost one locks the door.`,
        `Sign in as ${u.userName} now and set the new password, or clear "require reset" (aws iam update-login-profile --user-name ${u.userName} --no-password-reset-required).`);
    } else if (u.passwordExpires !== undefined && u.passwordExpires - now <= PASSWORD_WARNING_DAYS * DAY) {
      const days = Math.floor((u.passwordExpires - now) / DAY);
      add('password-expiring', who, days < 0
        ? `The console password of ${u.userName} expired on ${iso(u.passwordExpires)}.`
        : `The console password of ${u.userName} expires on ${iso(u.passwordExpires)}, in ${days} day${days === 1 ? '' : 's'}.`,
      `Sign in as ${u.userName} and change the password before it expires (the account's password policy sets its maximum age).`);
    }
    if (u.activeAccessKeys.length > 0 && !judgement.allowAccessKeys) {
      add('access-key', who, `The IAM user ${u.userName} has active access key${u.activeAccessKeys.length > 1 ? 's' : ''} ${u.activeAccessKeys.join(', ')}: ` +
        'a standing way in that no person holds in the open.',
      `Delete the key${u.activeAccessKeys.length > 1 ? 's' : ''} (aws iam delete-access-key --user-name ${u.userName} --access-key-id ${u.activeAccessKeys[0]}), ` +
        'or set allowAccessKeys if keys are the documented choice.');
    }
    if (u.simulation && u.simulation.decision !== 'allowed') {
      const denied = deniedBy(u.simulation);
      add('assume-denied', who, `The IAM user ${u.userName} cannot assume ${role}, even with MFA and a session named ${u.userName}: ` +
        `sts:AssumeRole is ${u.simulation.decision === 'explicitDeny' ? 'explicitly denied' : 'not allowed'} by ${denied.cause}.`, denied.fix(u.userName));
    }
  }

  for (const f of observed.federated) {
    const who = `Username.federated('${f.sessionName}', '${f.role}')`;
    if (!f.roleExists) {
      add('federated-role-missing', who, `The role ${f.role} that ${f.sessionName} arrives through does not exist.`,
        `Create the role ${f.role} trusting your SAML provider, or give the identity the role it arrives through.`);
      continue;
    }
    if (f.samlProviders.length === 0) {
      add('saml-provider-missing', who, `The role ${f.role} trusts no SAML provider of this account: ${f.sessionName} cannot arrive through it.`,
        `Add the SAML provider to the trust of ${f.role} (Principal Federated, Action sts:AssumeRoleWithSAML).`);
    }
    for (const provider of f.samlProviders) {
      if (!provider.exists) {
        add('saml-provider-missing', `${who} ${provider.arn}`, `The SAML provider ${provider.arn} that ${f.role} trusts does not exist.`,
          `Create the SAML provider ${provider.arn} from your identity provider's metadata, or correct the trust of ${f.role}.`);
      } else if (provider.validUntil !== undefined && provider.validUntil - now <= SAML_WARNING_DAYS * DAY) {
        add('saml-provider-expiring', `${who} ${provider.arn}`, provider.validUntil <= now
          ? `The SAML provider ${provider.arn} expired on ${iso(provider.validUntil)}: sign-ins through ${f.role} fail.`
          : `The SAML provider ${provider.arn} expires on ${iso(provider.validUntil)}, within ${SAML_WARNING_DAYS} days: then sign-ins through ${f.role} fail.`,
        `Upload your identity provider's new metadata (aws iam update-saml-provider --saml-provider-arn ${provider.arn} --saml-metadata-document file://metadata.xml).`);
      }
    }
  }

  for (const c of observed.identityCenter) {
    const who = `Username.identityCenter('${c.userName}', '${c.permissionSetName}')`;
    if (!c.instanceFound) {
      add('identity-center-missing', who, 'No IAM Identity Center instance was found in the region the check reads it from.',
        'Give the check identityCenterRegion, the region of your Identity Center instance.');
    } else if (!c.permissionSetFound) {
      add('permission-set-missing', who, `The permission set ${c.permissionSetName} does not exist in IAM Identity Center.`,
        `Create the permission set ${c.permissionSetName} and assign it to ${c.userName} in this account, or correct the identity.`);
    } else if (!c.userFound) {
      add('identity-center-user-missing', who, `IAM Identity Center has no user ${c.userName}.`,
        `Create the user ${c.userName} in IAM Identity Center (or your identity source), or correct the identity.`);
    } else if (!c.assigned) {
      add('assignment-missing', who, `${c.userName} is not assigned the permission set ${c.permissionSetName} in the role's account, directly or through a group.`,
        `Assign ${c.permissionSetName} to ${c.userName} (or a group of theirs) in the account (IAM Identity Center, AWS accounts, Assign users or groups).`);
    }
  }

  for (const t of observed.topics) {
    if (!t.exists) {
      add('topic-missing', t.topicArn, `The ${t.kind} topic ${t.topicArn} does not exist: alerts go nowhere.`,
        'Deploy the break-glass stack again (the topic was deleted outside it).');
    } else if (t.confirmed === 0) {
      add('no-subscriber', t.topicArn, `The ${t.kind} topic ${t.topicArn} has no confirmed subscription` +
        (t.pending > 0 ? ` (${t.pending} waiting for confirmation)` : '') + ': its alerts reach nobody.',
      t.pending > 0 ? 'Confirm the subscription: open the link in the email AWS Notifications sent to each subscriber (it expires after 3 days; then subscribe again).'
        : t.kind === 'chat' ? 'Map the chat topic to a channel in Amazon Q Developer in chat applications.'
          : 'Subscribe the security team to the alert topic (loginAlertEmails, or any SNS subscription), and confirm it.');
    }
  }

  if (observed.roleExists !== false && observed.roleLastUsedKnown
    && (observed.roleLastUsed === undefined || now - observed.roleLastUsed > judgement.drillDays * DAY)) {
    add('drill-due', role, observed.roleLastUsed === undefined
      ? `The break-glass role ${role} has never been used: nobody has proved the way in works.`
      : `The break-glass role ${role} was last used on ${iso(observed.roleLastUsed)}, more than ${judgement.drillDays} days ago.`,
    'Run the README\'s drill: each listed person assumes the role once, with MFA, and the alert is seen to arrive.');
  }
  return found;
}

/** Which policy denied the assumption, and its fix, from the simulator's answer. */
function deniedBy(simulation: Simulation): { cause: string; fix: (userName: string) => string } {
  if (simulation.allowedByOrganizations === false) {
    return {
      cause: 'a service control policy of the organization',
      fix: () => 'Exempt the break-glass role\'s users from the SCP that denies sts:AssumeRole (a condition on aws:PrincipalArn), from the management account.',
    };
  }
  if (simulation.allowedByPermissionsBoundary === false) {
    return {
      cause: 'the user\'s permissions boundary',
      fix: name => `Allow sts:AssumeRole on the role in the permissions boundary of ${name}, or remove the boundary (aws iam delete-user-permissions-boundary --user-name ${name}).`,
    };
  }
  const deciding = simulation.matchedStatements.filter(s => s.type !== 'none');
  if (simulation.decision === 'explicitDeny' && deciding.length > 0) {
    const where = deciding.map(s => (s.type === 'resource' ? 'the role\'s trust policy' : `the ${s.type} policy ${s.id}`)).join(', ');
    return { cause: `a Deny statement in ${where}`, fix: name => `Remove the Deny of sts:AssumeRole for ${name} in ${where}.` };
  }
  return {
    cause: 'no policy: neither an identity policy of the user allows sts:AssumeRole on the role, or the trust policy does not admit it',
    fix: name => `Grant ${name} sts:AssumeRole on the role (grantAssume, or an IAM policy), and keep ${name} in usernames so the trust admits it.`,
  };
}

function iso(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** What changed since the last verdict: problems new and problems gone; the previous absent on the first run. */
export interface Change {
  readonly current: Finding[];
  readonly added: Finding[];
  readonly resolved: Finding[];
  readonly firstRun: boolean;
}

/** The change from `previous` (keys) to `current`; undefined when nothing changed, so nothing is said twice. */
export function changeOf(previous: string[] | undefined, current: Finding[]): Change | undefined {
  const before = new Set(previous ?? []);
  const keys = new Set(current.map(findingKey));
  const added = current.filter(f => !before.has(findingKey(f)));
  const resolved = [...before].filter(key => !keys.has(key)).map(key => {
    const [problem, ...subject] = key.split(' ');
    return { problem, subject: subject.join(' '), message: '', fix: '' };
  });
  if (previous !== undefined && added.length === 0 && resolved.length === 0) {
    return undefined;
  }
  return { current, added, resolved, firstRun: previous === undefined };
}
