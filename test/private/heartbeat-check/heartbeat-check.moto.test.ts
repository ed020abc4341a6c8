import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsPorts, checkClients } from '../../../src/private/heartbeat-check/heartbeat-check.lambda';
import { runCheck } from '../../../src/private/heartbeat-check/run-check';
import { CheckReport } from '../../../src/private/heartbeat-check/verdict';
import { canaryEvent, deployedHub, heartbeatLogEvent } from '../../support/heartbeat-records';
import { withMotoServer } from '../../support/moto-server';

/**
 * The organization's heartbeat check, its AWS SDK clients made as the function
 * makes them, against moto's emulation of AWS Organizations (nested units,
 * ListAccountsForParent in pages of 20), CloudWatch Logs (FilterLogEvents in
 * pages of 10,000 events, GetLogEvents, PutLogEvents) and SNS (Publish,
 * delivered to SQS queues subscribed to the topics, which the test reads).
 *
 * What moto cannot do stays with the in-repo fake (test/support/fake-aws.ts,
 * heartbeat-check.test.ts): faults (throttling, access denied, a report that
 * cannot be read), and time passing over hours, since moto stamps an account's
 * JoinedTimestamp, and refuses log events older than 14 days or over 2 hours
 * ahead, by its own clock. Here the times are offsets from the clock when the
 * test starts, so the outcome is the same whenever it runs. moto checks no IAM
 * permission: the function's policy is tested by test/support/iam-policy.ts.
 */

const MINUTE = 60_000;
/** More than one page of ListAccountsForParent (at most 20 accounts a page). */
const UNIT_ACCOUNTS = 23;
const REGIONS = ['us-east-1', 'us-east-2'];
/** A page of FilterLogEvents: at most 10,000 events (CloudWatch Logs API Reference; moto's too). */
const LOG_PAGE = 10_000;
/** Records sent in one PutLogEvents call, well within its 10,000 events and 1 MB. */
const LOG_BATCH = 2_000;

withMotoServer(moto => {

  /** The organization, heartbeats and topics, seeded through the SDK; what the check is told. */
  async function seed(start: number) {
    const config = moto.server.clientConfig;
    const organizations = new OrganizationsClient(config);
    const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { Roots } = await organizations.send(new ListRootsCommand({}));
    const root = Roots![0].Id!;
    const unit = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'workloads' }))).OrganizationalUnit!.Id!;
    const team = (await organizations.send(new CreateOrganizationalUnitCommand({ ParentId: unit, Name: 'team' }))).OrganizationalUnit!.Id!;
    const account = async (name: string, parent: string): Promise<string> => {
      const { CreateAccountStatus } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      const id = CreateAccountStatus!.AccountId!;
      if (parent !== root) {
        await organizations.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }));
      }
      return id;
    };
    const unitAccounts: string[] = [];
    for (let i = 0; i < UNIT_ACCOUNTS; i++) {
      unitAccounts.push(await account(`member${i}`, unit));
    }
    const teamAccounts = [await account('team0', team), await account('team1', team)];
    const outsider = await account('outside', root);

    const sns = new SNSClient(config);
    const sqs = new SQSClient(config);
    const topic = async (name: string) => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }));
      return { topicArn: TopicArn!, queueUrl: QueueUrl! };
    };
    const alert = await topic('alerts');
    const chat = await topic('chat');

    // The hub's settings, for this organization and its topics; moto's accounts joined as they were made, 10 minutes of grace.
    const { settings: deployed, heartbeatRule } = deployedHub();
    const settings = {
      ...deployed,
      organizationId: Organization!.Id!,
      organizationalUnits: [unit],
      regions: REGIONS,
      graceMinutes: 10,
      alertTopicArn: alert.topicArn,
      chatTopicArn: chat.topicArn,
    };

    // Every expected account beats in every region 20 minutes ago, but the last account of the unit (on the second page)
    // in us-east-1 and the second team account anywhere; the account outside the unit beats too. Before those, the
    // first account beat in us-east-2 a page of FilterLogEvents' worth of times: every other record is on the second page.
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogGroupCommand({ logGroupName: settings.heartbeatLogGroup }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: settings.heartbeatLogGroup, logStreamName: settings.reportStream }));
    const silentUnitAccount = unitAccounts[UNIT_ACCOUNTS - 1];
    const [, silentTeamAccount] = teamAccounts;
    const beating = [...unitAccounts, ...teamAccounts, outsider].flatMap(id => REGIONS.map(region => ({ id, region })))
      .filter(({ id, region }) => !(id === silentUnitAccount && region === 'us-east-1') && id !== silentTeamAccount);
    const earlier = Array.from({ length: LOG_PAGE }, (_, i) =>
      heartbeatLogEvent(heartbeatRule, settings.heartbeatLogGroup, canaryEvent(unitAccounts[0], 'us-east-2', start - 4 * 60 * MINUTE + i * 1000)));
    const latest = beating.map(({ id, region }, i) =>
      heartbeatLogEvent(heartbeatRule, settings.heartbeatLogGroup, canaryEvent(id, region, start - 20 * MINUTE + i * 1000)));
    const records = [...earlier, ...latest];
    const [{ logStreamName }] = records;
    await logs.send(new CreateLogStreamCommand({ logGroupName: settings.heartbeatLogGroup, logStreamName }));
    for (let i = 0; i < records.length; i += LOG_BATCH) {
      const written = await logs.send(new PutLogEventsCommand({
        logGroupName: settings.heartbeatLogGroup,
        logStreamName,
        logEvents: records.slice(i, i + LOG_BATCH).map(r => ({ timestamp: r.timestamp, message: r.message })),
      }));
      expect(written.rejectedLogEventsInfo).toBeUndefined();
    }

    return {
      settings, organizationId: Organization!.Id!, unitAccounts, teamAccounts, outsider, silentUnitAccount, silentTeamAccount, alert, chat, logs, sqs,
    };
  }

  /** What the queue subscribed to a topic received: SNS's envelope of each message. */
  async function received(sqs: SQSClient, queueUrl: string): Promise<Array<{ Subject?: string; Message: string }>> {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    return (Messages ?? []).map(m => JSON.parse(m.Body!));
  }

  test('an organization in nested units over two pages, its heartbeats over two, against moto: the silent account-regions alerted once to the topic and chat, the report kept and read back', async () => {
    const start = Date.now();
    const world = await seed(start);
    const { settings } = world;
    const clients = checkClients(moto.server.clientConfig);

    // Past the accounts' grace, 35 minutes after the heartbeats.
    const now = start + 15 * MINUTE;
    const verdict = await runCheck(settings, awsPorts(settings, clients), now);

    const expectedAccounts = [...world.unitAccounts, ...world.teamAccounts];
    expect(verdict.checked).toBe(expectedAccounts.length * REGIONS.length);
    const silent = [`${world.silentUnitAccount} us-east-1`, `${world.silentTeamAccount} us-east-1`, `${world.silentTeamAccount} us-east-2`].sort();
    expect(verdict.silent.map(pair => `${pair.account} ${pair.region}`).sort()).toEqual(silent);
    expect(verdict.unexpected).toEqual([world.outsider]);

    const [email, ...moreEmail] = await received(world.sqs, world.alert.queueUrl);
    expect(moreEmail).toEqual([]);
    expect(email.Subject).toBe(`Break-glass canary: 3 account-regions of ${world.organizationId} silent`);
    for (const pair of silent) {
      expect(email.Message).toContain(`  ${pair} since at least `);
    }
    expect(email.Message).toContain('Canaries beat in accounts the check does not expect');
    expect(email.Message).toContain(world.outsider);
    const [chat, ...moreChat] = await received(world.sqs, world.chat.queueUrl);
    expect(moreChat).toEqual([]);
    expect(JSON.parse(chat.Message)).toMatchObject({ version: '1.0', source: 'custom', content: { title: email.Subject } });

    const reports = { logGroupName: settings.heartbeatLogGroup, logStreamName: settings.reportStream };
    const { events } = await world.logs.send(new GetLogEventsCommand(reports));
    expect(events).toHaveLength(1);
    const report = JSON.parse(events![0].message!) as CheckReport;
    expect(report).toEqual(verdict.report);
    expect(Object.keys(report.silent).sort()).toEqual(silent);
    expect(Object.keys(report.expectedSince).sort()).toEqual([...expectedAccounts].sort());

    // The next run reads that report back: nothing changed, nothing published, a second report kept.
    const next = await runCheck(settings, awsPorts(settings, clients), now + 5 * MINUTE);
    expect(next.silent.every(pair => !pair.isNew)).toBe(true);
    expect(next.unexpected).toEqual([]);
    expect(await received(world.sqs, world.alert.queueUrl)).toEqual([]);
    expect(await received(world.sqs, world.chat.queueUrl)).toEqual([]);
    const after = await world.logs.send(new GetLogEventsCommand(reports));
    expect(after.events).toHaveLength(2);
  }, 120_000);
});
