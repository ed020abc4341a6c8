import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  BreakGlassDeliveryHealth, BreakGlassDeployer, BreakGlassLogActions, BreakGlassLoginAlert, BreakGlassOrganizationHub,
  BreakGlassOrganizationRole, BreakGlassReadinessCheck, BreakGlassRole, BreakGlassTamperAlert, BreakGlassWatch, Deployer, LogActions,
  RegionalDeployment, StackSetCallAs, TrailSetup, Username,
} from '../src';

/**
 * Every public construct, factory and prop of the library, each given a value other than its
 * default, in one app that synthesizes. The Python, Java, Go and C# consumers build the same
 * app from their package and must synthesize exactly its templates: a prop their binding drops
 * or changes shows as a difference. Stacks:
 *
 * - `Parts`: the parts used on their own, sharing one `BreakGlassWatch`, and the deployer made
 *   by each `Deployer` factory;
 * - `Alone`: the parts given watch options instead of a watch, for two roles: one watched with
 *   the canary, one with forwarding alarms;
 * - `Role`: a `BreakGlassRole` over a role it creates, every prop set, in regional stacks;
 * - `Imported`: a `BreakGlassRole` over an existing role, through a StackSet and a new trail,
 *   with forwarding alarms;
 * - `Hub`, `Management`: an organization hub and role, every prop set, and a role given a hub
 *   of another app; `Identity`, the readiness check of the identity account; `QuietHub`, a hub
 *   without the canary.
 */
export function createEveryPartApp(outdir?: string): App {
  const app = new App({ outdir });
  const env = (account: string) => ({ account, region: 'us-east-2' });

  const parts = new Stack(app, 'Parts', { env: env('111122223333') });
  const role = iam.Role.fromRoleName(parts, 'Role', 'BreakGlass');
  const key = new kms.Key(parts, 'Key', { enableKeyRotation: true });
  const alerts = new sns.Topic(parts, 'Alerts', { topicName: 'break-glass-alerts' });
  const chat = new sns.Topic(parts, 'Chat', { topicName: 'break-glass-chat' });
  const secondChannel = events.EventBus.fromEventBusArn(parts, 'SecondChannel', 'arn:aws:events:us-east-2:222233334444:event-bus/break-glass');
  const watch = new BreakGlassWatch(parts, 'Watch', {
    role,
    regions: ['eu-west-1', 'ap-southeast-2'],
    regionalDeployment: RegionalDeployment.stackSet({
      administrationRole: iam.Role.fromRoleName(parts, 'Administration', 'AWSCloudFormationStackSetAdministrationRole'),
      executionRoleName: 'AWSCloudFormationStackSetExecutionRole',
    }),
    forwardingAlarmEmails: ['oncall@example.com'],
    canary: false,
    trail: TrailSetup.existingTrail('arn:aws:cloudtrail:us-east-2:111122223333:trail/main'),
    secondChannelBus: secondChannel,
    managementAccount: true,
    alarmTopic: alerts,
    chatTopic: chat,
    retention: logs.RetentionDays.ONE_YEAR,
    logGroupRemovalPolicy: RemovalPolicy.DESTROY,
    encryptionKey: key,
  });
  const loginAlert = new BreakGlassLoginAlert(parts, 'LoginAlert', {
    role,
    watch,
    alertTopic: alerts,
    chatTopic: chat,
    loginAlertEmails: ['security@example.com'],
    message: 'The break-glass role was used.',
    createLoginLogGroup: true,
    retention: logs.RetentionDays.ONE_YEAR,
    logGroupRemovalPolicy: RemovalPolicy.DESTROY,
    encryptionKey: key,
  });
  const logActions = new BreakGlassLogActions(parts, 'LogActions', {
    role,
    watch,
    logActions: LogActions.WRITE,
    logServices: ['s3', 'iam'],
    sourceIdentities: ['alice'],
    retention: logs.RetentionDays.TWO_YEARS,
    logGroupRemovalPolicy: RemovalPolicy.SNAPSHOT,
    encryptionKey: key,
  });
  const readiness = new BreakGlassReadinessCheck(parts, 'ReadinessCheck', {
    role,
    usernames: [Username.iamUser('alice'), Username.federated('dave', 'Operators'), Username.identityCenter('carol@example.com', 'Admin')],
    alertTopic: alerts,
    chatTopic: chat,
    watch,
    identityCenterRegion: 'us-east-1',
    allowAccessKeys: true,
    readinessInterval: Duration.hours(12),
    drillInterval: Duration.days(30),
    retention: logs.RetentionDays.ONE_YEAR,
    logGroupRemovalPolicy: RemovalPolicy.DESTROY,
    encryptionKey: key,
  });
  new BreakGlassTamperAlert(parts, 'TamperAlert', {
    role,
    watch,
    functions: [readiness.function],
    alertTopic: alerts,
    chatTopic: chat,
    rules: loginAlert.rules,
    eventBuses: [events.EventBus.fromEventBusName(parts, 'Bus', 'audit')],
    logGroups: [logActions.actionLogGroup],
    keys: [key],
    trailArns: ['arn:aws:cloudtrail:us-east-2:111122223333:trail/audit'],
    deliveryHealth: false,
    queryDefinitions: logActions.actionQueries,
    usernames: [Username.iamUser('alice'), Username.federated('dave', 'Operators')],
  });
  new BreakGlassDeliveryHealth(parts, 'DeliveryHealth', {
    deadLetterQueue: new sqs.Queue(parts, 'DeadLetters', { enforceSSL: true, encryptionMasterKey: key }),
    alarmTopic: alerts,
    chatTopic: chat,
    alarmName: 'break-glass-dead-letters',
  });
  new BreakGlassDeployer(parts, 'NewUser', {
    deployer: Deployer.newUser('deployer'),
    breakGlassRole: role,
    canManageBreakGlassRole: true,
    bootstrapQualifier: 'abc123def',
    allowSessionTags: true,
    bootstrapRegions: ['eu-west-1'],
  });
  const deployers: Array<[string, Deployer]> = [
    ['NewRole', Deployer.newRole()],
    ['ExistingUser', Deployer.existingUser('ci')],
    ['ExistingRole', Deployer.existingRole('ci-deploy')],
    ['FromUser', Deployer.fromUser(new iam.User(parts, 'Ci'))],
    ['FromRole', Deployer.fromRole(new iam.Role(parts, 'CiRole', { assumedBy: new iam.AccountRootPrincipal() }))],
  ];
  for (const [id, deployer] of deployers) {
    new BreakGlassDeployer(parts, id, { deployer });
  }

  const alone = new Stack(app, 'Alone', { env: env('111122223333') });
  const aloneTopic = new sns.Topic(alone, 'Alerts');
  const aloneChannel = events.EventBus.fromEventBusArn(alone, 'SecondChannel', 'arn:aws:events:us-east-2:222233334444:event-bus/break-glass');
  // With the canary: each part gives the same watch options, and they share the watch they make.
  const canaried = iam.Role.fromRoleName(alone, 'Canaried', 'Canaried');
  new BreakGlassLoginAlert(alone, 'CanariedLoginAlert', {
    role: canaried,
    alertTopic: aloneTopic,
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.regionalStacks(),
    canaryInterval: Duration.hours(2),
    secondChannelBus: aloneChannel,
    managementAccount: true,
    trail: TrailSetup.existingTrail(),
  });
  new BreakGlassLogActions(alone, 'CanariedLogActions', {
    role: canaried,
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.regionalStacks(),
    canaryInterval: Duration.hours(2),
    secondChannelBus: aloneChannel,
    managementAccount: true,
    trail: TrailSetup.existingTrail(),
  });
  new BreakGlassTamperAlert(alone, 'CanariedTamperAlert', {
    role: canaried,
    alertTopic: aloneTopic,
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.regionalStacks(),
    canaryInterval: Duration.hours(2),
    secondChannelBus: aloneChannel,
    managementAccount: true,
    trail: TrailSetup.existingTrail(),
  });
  // With forwarding alarms instead of the canary.
  const forwarded = iam.Role.fromRoleName(alone, 'Forwarded', 'Forwarded');
  new BreakGlassLoginAlert(alone, 'ForwardedLoginAlert', {
    role: forwarded,
    alertTopic: aloneTopic,
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.stackSet(),
    canary: false,
    forwardingAlarmEmails: ['oncall@example.com'],
  });
  new BreakGlassLogActions(alone, 'ForwardedLogActions', {
    role: forwarded,
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.stackSet(),
    canary: false,
    forwardingAlarmEmails: ['oncall@example.com'],
  });
  new BreakGlassTamperAlert(alone, 'ForwardedTamperAlert', {
    role: forwarded,
    alertTopic: aloneTopic,
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.stackSet(),
    canary: false,
    forwardingAlarmEmails: ['oncall@example.com'],
  });
  new BreakGlassWatch(alone, 'Watch', {
    role: iam.Role.fromRoleName(alone, 'Watched', 'Watched'),
    canaryInterval: Duration.minutes(30),
  });

  const roleStack = new Stack(app, 'Role', { env: env('111122223333') });
  new BreakGlassRole(roleStack, 'BreakGlass', {
    usernames: [
      Username.iamUser('alice'),
      Username.fromUser(iam.User.fromUserName(roleStack, 'Bob', 'bob')),
      Username.federated('dave', 'Operators'),
      Username.identityCenter('carol@example.com', 'Admin'),
    ],
    roleName: 'Emergency',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::evidence/*'] })],
    maxSessionDuration: Duration.hours(2),
    requireMfa: false,
    denyUnwatchedRegions: false,
    alertTopic: new sns.Topic(roleStack, 'Alerts'),
    chatTopic: new sns.Topic(roleStack, 'Chat'),
    loginAlertEmails: ['security@example.com'],
    message: 'Emergency access was used.',
    createLoginLogGroup: true,
    logActions: LogActions.READ,
    logServices: ['ec2'],
    retention: logs.RetentionDays.THREE_MONTHS,
    logGroupRemovalPolicy: RemovalPolicy.DESTROY,
    encryptionKey: new kms.Key(roleStack, 'Key', { enableKeyRotation: true }),
    regions: ['eu-west-1'],
    regionalDeployment: RegionalDeployment.regionalStacks(),
    canaryInterval: Duration.hours(6),
    trail: TrailSetup.createTrail({ trailName: 'break-glass' }),
    secondChannelBus: events.EventBus.fromEventBusArn(roleStack, 'SecondChannel', 'arn:aws:events:us-east-2:222233334444:event-bus/break-glass'),
    managementAccount: true,
    canManageBreakGlassRole: false,
    deployer: Deployer.newRole(),
    tamperAlerts: false,
    readinessInterval: Duration.hours(12),
    drillInterval: Duration.days(30),
  });

  const imported = new Stack(app, 'Imported', { env: env('111122223333') });
  new BreakGlassRole(imported, 'BreakGlass', {
    role: iam.Role.fromRoleName(imported, 'Existing', 'Existing'),
    usernames: [Username.iamUser('alice')],
    regions: ['*'],
    regionalDeployment: RegionalDeployment.stackSet(),
    canary: false,
    forwardingAlarmEmails: ['oncall@example.com'],
    trail: TrailSetup.createTrail(),
    canManageBreakGlassRole: true,
    denyUnwatchedRegions: true,
    readinessCheck: false,
  });

  const hubStack = new Stack(app, 'Hub', { env: env('222233334444') });
  const hub = new BreakGlassOrganizationHub(hubStack, 'Hub', {
    organizationId: 'o-a1b2c3d4e5',
    roleName: 'BreakGlass',
    organizationalUnits: ['ou-ab12-workload1', 'r-ab12'],
    regions: ['eu-west-1'],
    tamperAlerts: false,
    alertTopic: new sns.Topic(hubStack, 'Alerts'),
    chatTopic: new sns.Topic(hubStack, 'Chat'),
    loginAlertEmails: ['security@example.com'],
    message: 'A break-glass role of the organization was used.',
    createLoginLogGroup: true,
    logActions: LogActions.WRITE,
    logServices: ['iam'],
    retention: logs.RetentionDays.ONE_YEAR,
    logGroupRemovalPolicy: RemovalPolicy.DESTROY,
    encryptionKey: new kms.Key(hubStack, 'Key', { enableKeyRotation: true }),
    canaryInterval: Duration.hours(4),
  });

  const management = new Stack(app, 'Management', { env: env('999988887777') });
  const organization = new BreakGlassOrganizationRole(management, 'Organization', {
    hub,
    organizationalUnits: ['ou-ab12-workload1', 'r-ab12'],
    trustedAccount: '111122223333',
    regions: ['eu-west-1'],
    callAs: StackSetCallAs.DELEGATED_ADMIN,
    canary: true,
    canaryInterval: Duration.hours(4),
    usernames: [Username.iamUser('alice'), Username.federated('dave', 'Operators')],
    roleName: 'BreakGlass',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::evidence/*'] })],
    maxSessionDuration: Duration.hours(2),
    requireMfa: false,
    denyUnwatchedRegions: false,
  });
  new BreakGlassOrganizationRole(management, 'OtherApp', {
    hub: BreakGlassOrganizationHub.fromAttributes(management, 'OtherHub', {
      account: '222233334444',
      region: 'us-east-2',
      roleName: 'Other',
      organizationalUnits: ['ou-ab12-sandbox01'],
      regions: ['eu-west-1'],
      canary: true,
      canaryInterval: Duration.hours(3),
    }),
    trustedAccount: '111122223333',
    usernames: [Username.identityCenter('carol@example.com', 'Admin')],
    roleName: 'Other',
  });
  // The identity account's check of the member accounts' role, with a topic of its own.
  const identity = new Stack(app, 'Identity', { env: env('111122223333') });
  new BreakGlassReadinessCheck(identity, 'ReadinessCheck', {
    role: iam.Role.fromRoleArn(identity, 'MemberRole', 'arn:aws:iam::444455556666:role/BreakGlass'),
    trustPolicy: organization.memberTrustPolicy,
    usernames: [Username.iamUser('alice'), Username.federated('dave', 'Operators')],
    alertEmails: ['security@example.com'],
  });
  new BreakGlassOrganizationHub(new Stack(app, 'QuietHub', { env: env('222233334444') }), 'Hub', {
    organizationId: 'o-a1b2c3d4e5',
    roleName: 'Quiet',
    canary: false,
  });
  return app;
}
