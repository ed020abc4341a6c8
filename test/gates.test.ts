import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BreakGlassRole, Deployer, LogActions, RegionalDeployment, TrailSetup, Username } from '../src';
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

/**
 * The checkov checks on encryption with a customer-managed key, and the property that fixes each
 * (checkov's CloudFormation checks SNSTopicEncryption, CloudWatchLogGroupKMSKey, SQSQueueEncryption).
 */
const CHECKOV_KEY_CHECKS: { [type: string]: { id: string; keyProperty: string } } = {
  'AWS::SNS::Topic': { id: 'CKV_AWS_26', keyProperty: 'KmsMasterKeyId' },
  'AWS::Logs::LogGroup': { id: 'CKV_AWS_158', keyProperty: 'KmsKeyId' },
  'AWS::SQS::Queue': { id: 'CKV_AWS_27', keyProperty: 'KmsMasterKeyId' },
};

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

test('checkov: with encryptionKey, the topic and every log group are encrypted with it: fixed, not answered', () => {
  const [, build] = APPS.find(([name]) => name === 'a full-featured app')!;
  const [[, template]] = deployedTemplates(build());
  const resources = Object.values(template.Resources as { [id: string]: any });
  const keyed = resources.filter(r => r.Type === 'AWS::SNS::Topic' || r.Type === 'AWS::Logs::LogGroup');
  expect(keyed.length).toBeGreaterThanOrEqual(4);
  for (const resource of keyed) {
    expect(resource.Properties.KmsMasterKeyId ?? resource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    expect(resource.Metadata?.checkov).toBeUndefined();
  }
});

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

  test('checkov: a topic, log group or queue without a customer-managed key answers its finding in checkov\'s metadata; one with a key answers nothing', () => {
    const unanswered: string[] = [];
    let answered = 0;
    for (const [name, template] of deployedTemplates(build())) {
      for (const [id, resource] of Object.entries(template.Resources) as Array<[string, any]>) {
        const check = CHECKOV_KEY_CHECKS[resource.Type];
        if (!check) {
          continue;
        }
        const keyed = resource.Properties?.[check.keyProperty] !== undefined;
        const skips: Array<{ id: string; comment: string }> = resource.Metadata?.checkov?.skip ?? [];
        const answer = skips.find(skip => skip.id === check.id);
        if (keyed ? answer !== undefined : !(answer && answer.comment.length > 40)) {
          unanswered.push(`${name}/${id} (${resource.Type}) ${keyed ? 'has a key and still answers' : 'does not answer'} ${check.id}`);
        }
        answered += answer ? 1 : 0;
      }
    }
    expect(unanswered).toEqual([]);
    expect(answered).toBeGreaterThan(0);
  });

  test('synthesizes twice to identical templates', () => {
    const render = () => JSON.stringify(build().synth().stacks.map(s => s.template));
    expect(render()).toEqual(render());
  });
});
