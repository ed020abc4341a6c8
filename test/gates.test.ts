import { cfnLint, formatFindings } from './support/cfn-lint';
import { deployedTemplates, GATE_APPS } from './support/gate-apps';
import { awsSolutionsFindings, cloudFormationValidateFindings } from './support/validation-plugins';

/**
 * Security and validity gates on every template the construct can deploy:
 * the home stack and each StackSet body, for the defaults and for a
 * full-featured app.
 */

/**
 * The checkov checks on encryption with a customer-managed key, and the property that fixes each
 * (checkov's CloudFormation checks SNSTopicEncryption, CloudWatchLogGroupKMSKey, SQSQueueEncryption).
 */
const CHECKOV_KEY_CHECKS: { [type: string]: { id: string; keyProperty: string } } = {
  'AWS::SNS::Topic': { id: 'CKV_AWS_26', keyProperty: 'KmsMasterKeyId' },
  'AWS::Logs::LogGroup': { id: 'CKV_AWS_158', keyProperty: 'KmsKeyId' },
  'AWS::SQS::Queue': { id: 'CKV_AWS_27', keyProperty: 'KmsMasterKeyId' },
};

test('checkov: with encryptionKey, the topic and every log group are encrypted with it: fixed, not answered', () => {
  const [, build] = GATE_APPS.find(([name]) => name === 'a full-featured app')!;
  const [[, template]] = deployedTemplates(build());
  const resources = Object.values(template.Resources as { [id: string]: any });
  const keyed = resources.filter(r => r.Type === 'AWS::SNS::Topic' || r.Type === 'AWS::Logs::LogGroup');
  expect(keyed.length).toBeGreaterThanOrEqual(4);
  for (const resource of keyed) {
    expect(resource.Properties.KmsMasterKeyId ?? resource.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
    expect(resource.Metadata?.checkov).toBeUndefined();
  }
});

describe.each(GATE_APPS)('%s', (_name, build) => {
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
