import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ENV } from './apps';
import { CfnTemplate, resolveCfn } from './cfn-resolve';
import { createExampleApp } from '../../examples/app';
import { createOrganizationApp } from '../../examples/organization';
import { BreakGlassRole, Deployer, LogActions, RegionalDeployment, TrailSetup, Username } from '../../src';

/** A break-glass role with every feature on: identities of two kinds, emails, every action, a login log, every region, a trail, a deployer and a key. */
export function fullFeaturedApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Full', { env: ENV });
  new BreakGlassRole(stack, 'BreakGlass', {
    usernames: [Username.iamUser('alice'), Username.identityCenter('carol@example.com', 'Admin')],
    loginAlertEmails: ['security@example.com'],
    logActions: LogActions.ALL,
    createLoginLogGroup: true,
    regions: ['*'],
    trail: TrailSetup.createTrail(),
    deployer: Deployer.newRole(),
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
  });
  return app;
}

/**
 * The apps the template gates (cfn-lint, cdk-nag, aws-cdk-lib's validation,
 * checkov) run on: the defaults, a full-featured app, both examples, and
 * forwarding alarms in regional stacks.
 */
export const GATE_APPS: Array<[string, () => App]> = [
  ['the defaults', () => {
    const app = new App();
    new BreakGlassRole(new Stack(app, 'Defaults', { env: ENV }), 'BreakGlass', { usernames: [Username.iamUser('alice')] });
    return app;
  }],
  ['a full-featured app', fullFeaturedApp],
  ['the README example', () => createExampleApp()],
  ['forwarding alarms in regional stacks (canary: false)', () => {
    const app = new App();
    new BreakGlassRole(new Stack(app, 'Regional', { env: ENV }), 'BreakGlass', {
      roleName: 'BreakGlass',
      usernames: [Username.iamUser('alice')],
      loginAlertEmails: ['security@example.com'],
      regions: ['eu-west-1'],
      canary: false,
      regionalDeployment: RegionalDeployment.regionalStacks(),
      trail: TrailSetup.existingTrail(),
    });
    return app;
  }],
  ['the organization example', () => createOrganizationApp()],
];

/** One template an app deploys: its name (the stack's, or `stack/StackSet body`), the template, and the regions it goes to. */
export type DeployedTemplate = [name: string, template: CfnTemplate, regions: string[]];

/** Every template the app deploys: each stack's, and the body of each StackSet in it, with the regions it is deployed in. */
export function deployedTemplates(app: App): DeployedTemplate[] {
  return app.synth().stacks.flatMap(artifact => {
    const template = artifact.template as CfnTemplate;
    const ctx = { account: artifact.environment.account, region: artifact.environment.region, partition: 'aws', template };
    const bodies = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::StackSet')
      .map(([id, r]): DeployedTemplate => {
        const props = resolveCfn(r.Properties, ctx);
        return [`${artifact.stackName}/${id} body`, JSON.parse(props.TemplateBody), props.StackInstancesGroup.flatMap((g: any) => g.Regions)];
      });
    return [[artifact.stackName, template, [artifact.environment.region]] as DeployedTemplate, ...bodies];
  });
}
