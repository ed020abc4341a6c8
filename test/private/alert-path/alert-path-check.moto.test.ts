import { DeleteRuleCommand, DisableRuleCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTopicCommand, DeleteTopicCommand, SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { AlertPathBroken, handler, pathClients, sdkReaders } from '../../../src/private/alert-path/alert-path-check.lambda';
import { ALERT_PATH_SETTINGS_VARIABLE, AlertPathSettings } from '../../../src/private/alert-path/alert-path-settings';
import { provePath } from '../../../src/private/alert-path/prove-path';
import { scenarioApp } from '../../support/apps';
import { matchAll } from '../../support/event-ruler';
import { canaryHeartbeat } from '../../support/faults';
import { withMotoServer } from '../../support/moto-server';
import { deploy } from '../../support/scenario';

/**
 * The alert path check's reads, through its AWS SDK clients made as the
 * function makes them, against moto's emulation of EventBridge (rules and
 * targets), SNS (topic attributes and policy) and KMS (keys and their default
 * policy): the scenario's login rule, with its deployed pattern and state, and
 * a topic with the library's policy, proven whole, then broken one call at a
 * time as an administrator would. moto answers `TestEventPattern` with nothing
 * (its events responses leave it unimplemented), so the matching is Event
 * Ruler's, the matcher EventBridge runs, as in the offline tests.
 */
const ACCOUNT = '123456789012';
const eventRulerMatches = async (pattern: string, event: object) => matchAll([{ pattern: JSON.parse(pattern), event }])[0];
const REGION = 'us-east-2';

withMotoServer(moto => {
  const { app } = scenarioApp();
  const login = deploy(app).rules.find(rule => /LoginAlertAssumeRoleRule[0-9A-F]{8}$/.test(rule.id))!;
  // The scenario's role, in moto's account.
  const pattern = JSON.stringify(login.pattern).replace(/111122223333/g, ACCOUNT);
  const heartbeat = JSON.parse(JSON.stringify(canaryHeartbeat('BreakGlass-us-east-2-Canary', REGION).event).replace(/111122223333/g, ACCOUNT));

  async function seed(): Promise<{ settings: AlertPathSettings; topicArn: string; events: EventBridgeClient; sns: SNSClient }> {
    await moto.server.reset();
    const config = moto.server.clientConfig;
    const sns = new SNSClient(config);
    const events = new EventBridgeClient(config);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    await sns.send(new SetTopicAttributesCommand({
      TopicArn,
      AttributeName: 'Policy',
      AttributeValue: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Sid: 'BreakGlassRulesPublish',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: TopicArn,
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/*` } },
        }],
      }),
    }));
    await events.send(new PutRuleCommand({ Name: 'login', EventPattern: pattern, State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }));
    await events.send(new PutTargetsCommand({ Rule: 'login', Targets: [{ Id: 'Alert', Arn: TopicArn }] }));
    const settings: AlertPathSettings = {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/BreakGlass`,
      topics: [TopicArn!],
      groups: [{ rules: ['login'], topics: [0], allEvents: true, sample: 'AssumeRole' }],
    };
    return { settings, topicArn: TopicArn!, events, sns };
  }
  const readers = () => ({ ...sdkReaders(pathClients(moto.server.clientConfig)), matches: eventRulerMatches });
  const prove = async (settings: AlertPathSettings) => (await provePath(settings, readers(), heartbeat, REGION)).map(problem => problem.what);

  test('the path as made is whole: the login rule\'s live pattern, read from moto, matches a person\'s AssumeRole', async () => {
    const { settings } = await seed();
    expect(await prove(settings)).toEqual([]);
  });

  test('DisableRule, RemoveTargets, DeleteRule: each named', async () => {
    let seeded = await seed();
    await seeded.events.send(new DisableRuleCommand({ Name: 'login' }));
    expect(await prove(seeded.settings)).toEqual([expect.stringContaining('The rule login, which alerts people, is disabled')]);
    seeded = await seed();
    await seeded.events.send(new RemoveTargetsCommand({ Rule: 'login', Ids: ['Alert'] }));
    expect(await prove(seeded.settings)).toEqual([`The rule login no longer delivers to the topic ${seeded.topicArn}.`]);
    seeded = await seed();
    await seeded.events.send(new RemoveTargetsCommand({ Rule: 'login', Ids: ['Alert'] }));
    await seeded.events.send(new DeleteRuleCommand({ Name: 'login' }));
    expect(await prove(seeded.settings)).toEqual(['The rule login, which alerts people, does not exist.']);
  });

  test('a topic policy refusing EventBridge, the topic encrypted with a key whose default policy leaves EventBridge out, the topic deleted: each named', async () => {
    let seeded = await seed();
    await seeded.sns.send(new SetTopicAttributesCommand({
      // The policy replaced by one that lets CloudWatch alarms publish, and nobody else.
      TopicArn: seeded.topicArn,
      AttributeName: 'Policy',
      AttributeValue: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: seeded.topicArn }],
      }),
    }));
    expect(await prove(seeded.settings)).toEqual([expect.stringMatching(/does not let EventBridge publish for 1 of its 1 rules \(login\): no statement allows/)]);
    seeded = await seed();
    const { KeyMetadata } = await new KMSClient(moto.server.clientConfig).send(new CreateKeyCommand({}));
    await seeded.sns.send(new SetTopicAttributesCommand({ TopicArn: seeded.topicArn, AttributeName: 'KmsMasterKeyId', AttributeValue: KeyMetadata!.KeyId }));
    expect(await prove(seeded.settings)).toEqual([expect.stringContaining(`The key ${KeyMetadata!.KeyId} of the topic ${seeded.topicArn} does not let EventBridge encrypt`)]);
    seeded = await seed();
    await seeded.sns.send(new DeleteTopicCommand({ TopicArn: seeded.topicArn }));
    expect(await prove(seeded.settings)).toEqual([`The topic ${seeded.topicArn}, which the rules alert people through, does not exist.`]);
  });

  test('the handler, as Lambda runs it: proven, it returns; broken, it fails with every problem and its fix', async () => {
    const seeded = await seed();
    // No sample: the handler's clients would ask moto's TestEventPattern, which answers nothing.
    const settings = { ...seeded.settings, groups: seeded.settings.groups.map(({ sample: _sample, ...group }) => group) };
    const env = { ...process.env };
    Object.assign(process.env, {
      [ALERT_PATH_SETTINGS_VARIABLE]: JSON.stringify(settings),
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: moto.server.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });
    try {
      await expect(handler(heartbeat)).resolves.toBeUndefined();
      await seeded.events.send(new DisableRuleCommand({ Name: 'login' }));
      const failure = handler(heartbeat);
      await expect(failure).rejects.toBeInstanceOf(AlertPathBroken);
      await expect(failure).rejects.toThrow(/1 problem\(s\) on the path\.\n- The rule login, which alerts people, is disabled: it alerts nobody\. Enable it: aws events enable-rule --name login\./);
    } finally {
      process.env = env;
    }
  });
});
