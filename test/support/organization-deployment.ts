import { ORGANIZATION, organizationApp, SCENARIO } from './apps';
import { CfnContext, CfnTemplate, resolveCfn } from './cfn-resolve';
import { Breakage, DeployedQueue, DeployedRule, queuesOfTemplate, rulesOfTemplate } from './eventbridge-model';
import { resourcePolicyAllows } from './iam-policy';
import { BreakGlassOrganizationHub, BreakGlassOrganizationRole } from '../../src';

export interface OrganizationDeployment {
  readonly hub: BreakGlassOrganizationHub;
  readonly organization: BreakGlassOrganizationRole;
  readonly hubTemplate: CfnTemplate;
  readonly hubCtx: CfnContext;
  /** The StackSet body, as every member account and region deploys it. */
  readonly body: CfnTemplate;
  readonly memberCtx: (account: string, region: string) => CfnContext;
  /** The hub's rules, and the body's in every member account and region. */
  readonly rules: DeployedRule[];
  readonly queues: DeployedQueue[];
  readonly busAdmits: NonNullable<Breakage['busAdmits']>;
  readonly regions: string[];
  readonly topicArn: string;
  readonly heartbeatLogArn: string;
}

/**
 * The organization test app deployed: the hub in the security account, the
 * StackSet body in every member account and region (pseudo parameters and
 * conditions resolved), and the hub bus's policy, as the IAM model reads it.
 */
export function organizationDeployment(roleOverrides = {}): OrganizationDeployment {
  const { app, hub, organization } = organizationApp(roleOverrides, {}, true);
  const hubTemplate = app.synth().getStackByName('Hub').template as CfnTemplate;
  const hubCtx = { account: ORGANIZATION.security, region: SCENARIO.home, partition: SCENARIO.partition, template: hubTemplate };
  const body = JSON.parse(organization.templateBody) as CfnTemplate;
  const memberCtx = (account: string, region: string) => ({ account, region, partition: SCENARIO.partition, template: body });
  const members = ORGANIZATION.members.flatMap(account => organization.watchedRegions.map(region => ({ account, region })));
  const busPolicy = Object.values(hubTemplate.Resources).filter(r => r.Type === 'AWS::Events::EventBusPolicy')
    .map(r => resolveCfn(r.Properties.Statement, hubCtx));
  const organizationOf = (account: string) =>
    ([...ORGANIZATION.members, ORGANIZATION.security].includes(account) ? ORGANIZATION.id : ORGANIZATION.outsiderOrganizationId);
  const ref = (type: string, contains: string) =>
    String(resolveCfn({ Ref: Object.entries(hubTemplate.Resources).find(([id, r]) => r.Type === type && id.includes(contains))![0] }, hubCtx));
  return {
    hub,
    organization,
    hubTemplate,
    hubCtx,
    body,
    memberCtx,
    rules: [
      ...rulesOfTemplate(hubTemplate, hubCtx).map(rule => ({ ...rule, account: ORGANIZATION.security })),
      ...members.flatMap(({ account, region }) => rulesOfTemplate(body, memberCtx(account, region)).map(rule => ({ ...rule, account }))),
    ],
    queues: [
      ...queuesOfTemplate(hubTemplate, hubCtx),
      ...members.flatMap(({ account, region }) => queuesOfTemplate(body, memberCtx(account, region))),
    ],
    busAdmits: ({ busArn, roleArn, fromAccount }) => resourcePolicyAllows(busPolicy, {
      principal: roleArn ?? `arn:aws:iam::${fromAccount}:root`,
      action: 'events:PutEvents',
      resource: busArn,
      context: { 'aws:PrincipalOrgID': organizationOf(fromAccount) },
    }),
    regions: organization.watchedRegions,
    topicArn: ref('AWS::SNS::Topic', 'HubTopic'),
    heartbeatLogArn: `arn:aws:logs:${SCENARIO.home}:${ORGANIZATION.security}:log-group:${ref('AWS::Logs::LogGroup', 'CanaryHeartbeatLogGroup')}`,
  };
}
