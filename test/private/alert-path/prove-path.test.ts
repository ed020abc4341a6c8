import { provePath } from '../../../src/private/alert-path/prove-path';
import { deployedPath, PathChanges, pathReaders } from '../../support/alert-path-model';
import { SCENARIO, scenarioApp } from '../../support/apps';
import { canaryHeartbeat } from '../../support/faults';
import { deploy } from '../../support/scenario';

/**
 * The alert path check's proof, run on the scenario's app (eu-west-1 watched, a chat topic) as deployed, with
 * the home region's real-shaped heartbeat, each login rule's live pattern judged by Event Ruler on a person's
 * attempt, and one fault at a time as an administrator's single call would leave the account.
 */
const { app, breakGlass } = scenarioApp({ regions: ['eu-west-1'] }, true);
const deployment = deploy(app);
const path = deployedPath(app);
const heartbeat = canaryHeartbeat(breakGlass.watch._canary!.settings.name, SCENARIO.home).event;
const prove = (changes: PathChanges = {}) => provePath(path.settings, pathReaders(path, deployment.rules, changes), heartbeat, SCENARIO.home);

const home = deployment.rules.filter(rule => rule.region === SCENARIO.home);
const alertTopic = Object.keys(path.topics).find(arn => arn.includes('LoginAlertTopic'))!;
const chatTopic = Object.keys(path.topics).find(arn => arn.endsWith(':break-glass-chat'))!;

test('the path as deployed is whole: every rule, topic and pattern proven, nothing said', async () => {
  expect(await prove()).toEqual([]);
});

test('the check reads every login rule of both buses and every tamper rule, with the alert and chat topics', () => {
  const named = path.settings.groups.flatMap(group => group.rules.map(rule => `${group.bus ?? 'default'}/${rule}`));
  const alerting = home.filter(rule => rule.targets.some(target => target.arn === alertTopic));
  expect(named.sort()).toEqual(alerting.map(rule => `${rule.bus}/${rule.name}`).sort());
  expect(alerting.length).toBeGreaterThanOrEqual(8 + 10);
  expect(path.settings.topics.sort()).toEqual([alertTopic, chatTopic].sort());
});

describe.each(['AssumeRole', 'AssumeRoleFailed', 'SwitchRole', 'ConsoleLogin'])('the %s login rule', kind => {
  const rules = home.filter(rule => rule.id.includes(`LoginAlert${kind}Rule`) || rule.id.includes(`LoginAlertCentral${kind}Rule`));

  test('is one rule on each bus, each matching a person\'s attempt of its kind', () => {
    expect(rules.map(rule => rule.bus)).toEqual(['default', path.settings.groups.find(group => group.bus)!.bus]);
  });

  test.each(['disabled', 'emptied', 'deleted', 'narrowed'])('%s on either bus: the check names it and the fix', async change => {
    for (const rule of rules) {
      const changes: PathChanges = {
        disabledRules: change === 'disabled' ? [rule.arn] : [],
        emptiedRules: change === 'emptied' ? [rule.arn] : [],
        deletedRules: change === 'deleted' ? [rule.arn] : [],
      };
      const readers = pathReaders(path, change === 'narrowed'
        ? deployment.rules.map(r => (r.arn === rule.arn ? { ...r, pattern: { ...r.pattern, source: ['aws.nothing'] } } : r))
        : deployment.rules, changes);
      const problems = await provePath(path.settings, readers, heartbeat, SCENARIO.home);
      const expected = {
        disabled: [/is disabled: it alerts nobody/],
        emptied: [new RegExp(`no longer delivers to the topic ${alertTopic}`), new RegExp(`no longer delivers to the topic ${chatTopic}`)],
        deleted: [/does not exist/],
        narrowed: [new RegExp(`no longer matches a person's ${kind} on the role`)],
      }[change]!;
      expect(problems.map(problem => problem.what)).toEqual(expected.map(what => expect.stringMatching(what)));
      expect(problems.every(problem => problem.what.includes(rule.name))).toBe(true);
    }
  });
});

test('a tamper rule disabled or emptied is named too', async () => {
  const tamper = home.filter(rule => rule.name.startsWith('BreakGlass-us-east-2-Tamper-'));
  expect(tamper.length).toBeGreaterThan(5);
  for (const rule of tamper) {
    expect((await prove({ disabledRules: [rule.arn] })).map(p => p.what)).toEqual([expect.stringContaining(`${rule.name}, which alerts people, is disabled`)]);
  }
});

test('a rule of read-only events set back to plain ENABLED no longer sees AssumeRole: named', async () => {
  const rule = home.find(r => r.bus === 'default' && r.id.includes('LoginAlertAssumeRoleRule'))!;
  const readers = pathReaders(path, deployment.rules.map(r => (r.arn === rule.arn ? { ...r, state: 'ENABLED' } : r)));
  expect((await provePath(path.settings, readers, heartbeat, SCENARIO.home)).map(p => p.what))
    .toEqual([expect.stringContaining('is in the state ENABLED: it no longer receives read-only events')]);
});

test('the alert topic\'s policy denying EventBridge, the topic deleted, or encrypted with the AWS managed key: named', async () => {
  const denied = await prove({ deniedTopics: [alertTopic] });
  // Judged for each rule: one problem, naming the statement that refuses them.
  const rules = path.settings.groups.reduce((n, group) => n + group.rules.length, 0);
  expect(denied.map(p => p.what))
    .toEqual([expect.stringMatching(new RegExp(`^The policy of the topic ${alertTopic} does not let EventBridge publish for ${rules} of its ${rules} rules .*Silence`))]);
  expect((await prove({ deletedTopics: [chatTopic] })).map(p => p.what)).toEqual([`The topic ${chatTopic}, which the rules alert people through, does not exist.`]);
  expect((await prove({ awsManagedKeyTopics: [alertTopic] })).map(p => p.what))
    .toEqual([expect.stringMatching(/^The key alias\/aws\/sns of the topic .* does not let EventBridge encrypt alerts for it \(kms:GenerateDataKey: .*kms:Decrypt: /)]);
});

test('a topic given a key the check may not read: named, with the error', async () => {
  const readers = pathReaders(path, deployment.rules, { awsManagedKeyTopics: [alertTopic] });
  const denied = { ...readers, key: async () => { throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }); } };
  expect((await provePath(path.settings, denied, heartbeat, SCENARIO.home)).map(p => p.what))
    .toEqual([`The topic ${alertTopic} is encrypted with the key alias/aws/sns, which the check cannot read (AccessDeniedException): ` +
      'it is not the key the stack gave the topic, and EventBridge may not be allowed to use it.']);
});

test('a statement denying EventBridge for one rule alone (its aws:SourceArn) is found: each rule is judged', async () => {
  const rule = home.find(r => r.name.endsWith('-Tamper-Topic'))!;
  const readers = pathReaders(path, deployment.rules);
  const topic = (await readers.topic(alertTopic))!;
  const policy = JSON.parse(topic.policy!);
  policy.Statement.push({
    Effect: 'Deny',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sns:Publish',
    Resource: alertTopic,
    Condition: { ArnEquals: { 'aws:SourceArn': rule.arn } },
  });
  const narrowed = {
    ...readers, topic: async (arn: string) => (arn === alertTopic ? { ...topic, policy: JSON.stringify(policy) } : readers.topic(arn)),
  };
  const rules = path.settings.groups.reduce((n, group) => n + group.rules.length, 0);
  expect((await provePath(path.settings, narrowed, heartbeat, SCENARIO.home)).map(p => p.what))
    .toEqual([expect.stringContaining(`does not let EventBridge publish for 1 of its ${rules} rules (${rule.name})`)]);
});
