import { Match, Template } from 'aws-cdk-lib/assertions';
import { provePath } from '../../../src/private/alert-path/prove-path';
import { deployedPath, PathChanges, pathReaders } from '../../support/alert-path-model';
import { ORGANIZATION, SCENARIO, organizationApp } from '../../support/apps';
import { CfnTemplate } from '../../support/cfn-resolve';
import { rulesOfTemplate } from '../../support/eventbridge-model';

/**
 * The organization hub's alert path check: each run of its canary check's schedule (a scheduled event, in the
 * security account) proves the hub's login and tamper rules on its bus and default bus, and its topics, as the
 * hub stack deploys them, with the login rules' live patterns judged by Event Ruler.
 */
const { app, hubStack } = organizationApp({}, {}, true);
const path = deployedPath(app);
// The hub stack's rules, in the security account (the member accounts' StackSet rules are not the hub's).
const hubTemplate = app.synth().getStackByName(hubStack.stackName).template as CfnTemplate;
const hubContext = { account: ORGANIZATION.security, region: SCENARIO.home, partition: SCENARIO.partition, template: hubTemplate };
const deployment = { rules: rulesOfTemplate(hubTemplate, hubContext) };
// A run of the check's schedule, as EventBridge delivers a scheduled event.
const scheduled = { id: '3f5e1c2a-9b7d-4e8f-a1b2-c3d4e5f60718', account: ORGANIZATION.security, time: '2026-11-12T10:00:00Z', region: SCENARIO.home };
const prove = (changes: PathChanges = {}) => provePath(path.settings, pathReaders(path, deployment.rules, changes), scheduled, SCENARIO.home);
const hubRules = deployment.rules;

test('the check runs at each run of the canary check\'s schedule, named after the role and the hub\'s region', () => {
  const template = Template.fromStack(hubStack);
  const name = `${SCENARIO.roleName}-${SCENARIO.home}-HubAlertPath`;
  template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name });
  template.hasResourceProperties('AWS::IAM::Role', { RoleName: name });
  template.hasResourceProperties('AWS::Events::Rule', {
    Name: `${SCENARIO.roleName}-${SCENARIO.home}-Check`,
    ScheduleExpression: 'rate(1 hour)',
    Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertPathFunction'), 'Arn'] } })]),
  });
  expect(path.account).toBe(ORGANIZATION.security);
});

test('the hub\'s path as deployed is whole: every login rule matches a member account\'s person\'s attempt', async () => {
  expect(path.settings.groups.filter(group => group.sample).length).toBe(4);
  expect(await prove()).toEqual([]);
});

test('each hub rule that alerts people, disabled or emptied, is named; the hub topic refusing EventBridge is named', async () => {
  const alerting = hubRules.filter(rule => rule.targets.some(target => target.arn === path.settings.topics[0]));
  expect(alerting.length).toBeGreaterThanOrEqual(4 + 5);
  for (const rule of alerting) {
    expect((await prove({ disabledRules: [rule.arn] })).map(p => p.what)).toEqual([expect.stringContaining(`${rule.name}`)]);
    expect((await prove({ emptiedRules: [rule.arn] })).length).toBe(2);
  }
  expect((await prove({ deniedTopics: [path.settings.topics[0]] })).map(p => p.what))
    .toEqual([expect.stringMatching(/^The policy of the topic .* does not let EventBridge publish/)]);
});
