import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  BreakGlassOrganizationHub, BreakGlassOrganizationHubProps, BreakGlassOrganizationRole, BreakGlassOrganizationRoleProps,
  BreakGlassRole, BreakGlassRoleProps, LogActions, TrailSetup, Username,
} from '../../src';

/**
 * The apps the tests synthesize, built in one place. The corpus scenario
 * (test/events/corpus/README.md) is account 111122223333, home region us-east-2.
 */
export const SCENARIO = {
  account: '111122223333',
  home: 'us-east-2',
  roleName: 'BreakGlass',
  partition: 'aws',
};

/** The scenario's account and home region, as a stack's `env`. */
export const ENV = { account: SCENARIO.account, region: SCENARIO.home };

/** The scenario's account. */
export const ACCOUNT = SCENARIO.account;

/** The name of the chat topic `scenarioApp(…, true)` makes. */
export const CHAT_TOPIC_NAME = 'break-glass-chat';

/** An empty stack of a new app. */
export function testStack(id = 'Home', env: { account?: string; region?: string } = ENV): Stack {
  return new Stack(new App(), id, { env });
}

/** An empty stack and the break-glass role imported into it by name, for the parts used on their own. */
export function stackWithRole(roleName = SCENARIO.roleName): { stack: Stack; role: iam.IRole } {
  const stack = testStack();
  return { stack, role: iam.Role.fromRoleName(stack, 'Role', roleName) };
}

/** A home stack in `region` holding a break-glass role named `BreakGlass`, for alice, with `props`. */
export function homeStack(region: string, props: Partial<BreakGlassRoleProps> = {}): { app: App; stack: Stack; breakGlass: BreakGlassRole } {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: { account: SCENARIO.account, region } });
  const breakGlass = new BreakGlassRole(stack, 'BreakGlass', {
    roleName: SCENARIO.roleName,
    usernames: [Username.iamUser('alice')],
    trail: TrailSetup.existingTrail(),
    ...props,
  });
  return { app, stack, breakGlass };
}

/**
 * The corpus scenario's app, with `overrides` applied to the construct's props
 * and, with `chat`, a topic named `CHAT_TOPIC_NAME` made in the stack as `chatTopic`.
 */
export function scenarioApp(overrides: Partial<BreakGlassRoleProps> = {}, chat = false): { app: App; stack: Stack; breakGlass: BreakGlassRole } {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: ENV });
  const chatTopic = chat ? { chatTopic: new sns.Topic(stack, 'ChatTopic', { topicName: CHAT_TOPIC_NAME }) } : {};
  const breakGlass = new BreakGlassRole(stack, 'BreakGlass', {
    ...chatTopic,
    roleName: SCENARIO.roleName,
    usernames: [Username.iamUser('alice'), Username.iamUser('bob'), Username.identityCenter('carol@example.com', 'Admin')],
    loginAlertEmails: ['security@example.com'],
    logActions: LogActions.ALL,
    trail: TrailSetup.existingTrail(),
    ...overrides,
  });
  return { app, stack, breakGlass };
}

/**
 * The corpus scenario's app with its topics encrypted by a customer-managed
 * key made in the stack as `Key`.
 */
export function encryptedScenarioApp(): { app: App; stack: Stack; breakGlass: BreakGlassRole; key: kms.Key } {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: ENV });
  const key = new kms.Key(stack, 'Key');
  const breakGlass = new BreakGlassRole(stack, 'BreakGlass', {
    roleName: SCENARIO.roleName,
    usernames: [Username.iamUser('alice')],
    loginAlertEmails: ['security@example.com'],
    trail: TrailSetup.existingTrail(),
    encryptionKey: key,
  });
  return { app, stack, breakGlass, key };
}

/**
 * The organization scenario: a hub in the security account, and the role in
 * the member accounts, trusting people of the identity account, which is a
 * member too. The outsider is an account of another organization.
 */
export const ORGANIZATION = {
  id: 'o-a1b2c3d4e5',
  security: '222233334444',
  management: '999988887777',
  identity: SCENARIO.account,
  members: [SCENARIO.account, '444455556666', '555566667777'],
  outsider: '777788889999',
  outsiderOrganizationId: 'o-zz9y8x7w6v',
  organizationalUnits: ['ou-ab12-workload1'],
};

/**
 * The organization scenario's app: the hub and the organization's role, each
 * in its stack; with `chat`, a topic named `CHAT_TOPIC_NAME` made in the hub's
 * stack as its `chatTopic`.
 */
export function organizationApp(
  roleOverrides: Partial<BreakGlassOrganizationRoleProps> = {},
  hubOverrides: Partial<BreakGlassOrganizationHubProps> = {},
  chat = false,
): { app: App; hub: BreakGlassOrganizationHub; organization: BreakGlassOrganizationRole; hubStack: Stack; managementStack: Stack } {
  const app = new App();
  const hubStack = new Stack(app, 'Hub', { env: { account: ORGANIZATION.security, region: SCENARIO.home } });
  const chatTopic = chat ? { chatTopic: new sns.Topic(hubStack, 'ChatTopic', { topicName: CHAT_TOPIC_NAME }) } : {};
  const hub = new BreakGlassOrganizationHub(hubStack, 'Hub', {
    ...chatTopic,
    organizationId: ORGANIZATION.id,
    roleName: SCENARIO.roleName,
    loginAlertEmails: ['security@example.com'],
    logActions: LogActions.ALL,
    // The hub expects what the StackSet deploys.
    organizationalUnits: roleOverrides.organizationalUnits ?? ORGANIZATION.organizationalUnits,
    regions: roleOverrides.regions,
    canary: roleOverrides.canary,
    canaryInterval: roleOverrides.canaryInterval,
    ...hubOverrides,
  });
  const managementStack = new Stack(app, 'Management', { env: { account: ORGANIZATION.management, region: 'us-east-1' } });
  const organization = new BreakGlassOrganizationRole(managementStack, 'Organization', {
    hub,
    organizationalUnits: ORGANIZATION.organizationalUnits,
    trustedAccount: ORGANIZATION.identity,
    usernames: [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')],
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    ...roleOverrides,
  });
  return { app, hub, organization, hubStack, managementStack };
}
