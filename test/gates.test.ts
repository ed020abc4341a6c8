import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BreakGlassRole, Deployer, LogActions, TrailSetup, Username } from '../src';
import { ENV } from './support/apps';
import { cfnLint, formatFindings } from './support/cfn-lint';
import { CfnTemplate, resolveCfn } from './support/cfn-resolve';
import { awsSolutionsFindings, cloudFormationValidateFindings } from './support/validation-plugins';
import { createExampleApp } from '../examples/app';
import { createOrganizationApp } from '../examples/organization';

/**
 * Security and validity gates on every template the construct can deploy:
 * the home stack and each StackSet body, for the defaults and for a
 * full-featured app.
 */

const APPS: Array<[string, () => App]> = [
  ['the defaults', () => {
    const app = new App();
    new BreakGlassRole(new Stack(app, 'Defaults', { env: ENV }), 'BreakGlass', { usernames: [Username.iamUser('alice')] });
    return app;
  }],
  ['a full-featured app', () => {
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
  }],
  ['the README example', () => createExampleApp()],
  ['the organization example', () => createOrganizationApp()],
];

/** Every template the app deploys, with the regions it is deployed in. */
function deployedTemplates(app: App): Array<[string, CfnTemplate, string[]]> {
  return app.synth().stacks.flatMap(artifact => {
    const template = artifact.template as CfnTemplate;
    const ctx = { account: artifact.environment.account, region: artifact.environment.region, partition: 'aws', template };
    const bodies = Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::CloudFormation::StackSet')
      .map(([id, r]): [string, CfnTemplate, string[]] => {
        const props = resolveCfn(r.Properties, ctx);
        return [`${artifact.stackName}/${id} body`, JSON.parse(props.TemplateBody), props.StackInstancesGroup.flatMap((g: any) => g.Regions)];
      });
    return [[artifact.stackName, template, [artifact.environment.region]] as [string, CfnTemplate, string[]], ...bodies];
  });
}

describe.each(APPS)('%s', (_name, build) => {
  test('cfn-lint finds no error or warning in any template it deploys', () => {
    const findings = deployedTemplates(build()).flatMap(([name, template, regions]) =>
      cfnLint(template, regions).filter(f => f.level !== 'Informational').map(f => ({ ...f, path: `${name}: ${f.path}` })));
    expect(formatFindings(findings)).toBe(formatFindings([]));
  });

  test('cdk-nag AwsSolutions finds nothing but the user\'s own AdministratorAccess choice', () => {
    const findings = awsSolutionsFindings(build())
      .filter(f => !(f.ruleId.startsWith('AwsSolutions-IAM4') && f.ruleId.includes('AdministratorAccess')));
    expect(findings.map(f => `${f.ruleId} ${f.path}`)).toEqual([]);
  });

  test('aws-cdk-lib\'s CloudFormation validation finds nothing in its stacks, not even a warning', () => {
    const findings = cloudFormationValidateFindings(build());
    expect(findings.map(f => `${f.ruleId} ${f.path}: ${f.message}`)).toEqual([]);
  });

  test('synthesizes twice to identical templates', () => {
    const render = () => JSON.stringify(build().synth().stacks.map(s => s.template));
    expect(render()).toEqual(render());
  });
});
