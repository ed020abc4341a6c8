import { CloudWatchLogsClient, FilterLogEventsCommand, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  Account, DescribeOrganizationCommand, ListAccountsForParentCommand, ListChildrenCommand, ListRootsCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CheckSettings, readCheckSettings } from './check-settings';
import { HeartbeatRecord, parseHeartbeatRecord } from './heartbeat-record';
import { OrganizationAccount } from './organization-accounts';
import { CheckPorts, runCheck } from './run-check';
import { CheckReport } from './verdict';
import { allPages } from '../all-pages';

/** The clients a run calls through. */
export interface CheckClients {
  readonly organizations: OrganizationsClient;
  readonly logs: CloudWatchLogsClient;
  readonly sns: SNSClient;
}

/** Organizations allows few calls a second: its throttling is retried, with backoff, for up to 10 attempts. */
export const ORGANIZATIONS_MAX_ATTEMPTS = 10;

/**
 * The clients of the function's region (the SDK picks Organizations' own
 * endpoint: us-east-1 in the aws partition); `config` adds to each client's
 * configuration (a test's request handler and credentials).
 */
export function checkClients(config: { [key: string]: unknown } = {}): CheckClients {
  return {
    organizations: new OrganizationsClient({ maxAttempts: ORGANIZATIONS_MAX_ATTEMPTS, retryMode: 'adaptive', ...config }),
    logs: new CloudWatchLogsClient({ ...config }),
    sns: new SNSClient({ ...config }),
  };
}

/** An account's state: `State` where Organizations gives it, else the `Status` it replaced. */
function accountOf(account: Account): OrganizationAccount {
  const state = (account as { State?: string }).State ?? account.Status;
  if (!account.Id || !state || !account.JoinedTimestamp) {
    throw new Error(`Organizations listed an account without Id, State or JoinedTimestamp: ${JSON.stringify(account)}`);
  }
  return { id: account.Id, state, joined: account.JoinedTimestamp.getTime() };
}

/** The run's reads and writes through the AWS SDK. */
export function awsPorts(settings: CheckSettings, clients: CheckClients): CheckPorts {
  const { organizations, logs, sns } = clients;
  return {
    organization: {
      managementAccount: async () => {
        const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
        if (Organization?.Id !== settings.organizationId || !Organization.MasterAccountId) {
          throw new Error(`The organization is ${Organization?.Id}, not ${settings.organizationId}: the hub checks the organization it admits.`);
        }
        return Organization.MasterAccountId;
      },
      roots: () => allPages(async token => {
        const result = await organizations.send(new ListRootsCommand({ NextToken: token }));
        return { items: (result.Roots ?? []).map(root => root.Id!), next: result.NextToken };
      }),
      childUnits: parentId => allPages(async token => {
        const result = await organizations.send(new ListChildrenCommand({ ParentId: parentId, ChildType: 'ORGANIZATIONAL_UNIT', NextToken: token }));
        return { items: (result.Children ?? []).map(child => child.Id!), next: result.NextToken };
      }),
      accountsOf: parentId => allPages(async token => {
        const result = await organizations.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken: token }));
        return { items: (result.Accounts ?? []).map(accountOf), next: result.NextToken };
      }),
    },
    readHeartbeats: (since, until) => allPages<HeartbeatRecord>(async token => {
      const result = await logs.send(new FilterLogEventsCommand({
        logGroupName: settings.heartbeatLogGroup, startTime: since, endTime: until, nextToken: token,
      }));
      const records = (result.events ?? []).flatMap(event => {
        const record = parseHeartbeatRecord(event.message ?? '', event.timestamp ?? 0, event.ingestionTime ?? 0);
        return record ? [record] : [];
      });
      return { items: records, next: result.nextToken };
    }),
    readReport: async () => {
      const result = await logs.send(new GetLogEventsCommand({
        logGroupName: settings.heartbeatLogGroup, logStreamName: settings.reportStream, startFromHead: false, limit: 1,
      }));
      const last = result.events?.[result.events.length - 1];
      // A report that cannot be read is an error, never a first run: that would alert on every silent pair again, or miss some.
      return last ? JSON.parse(last.message!) as CheckReport : undefined;
    },
    writeReport: async report => {
      await logs.send(new PutLogEventsCommand({
        logGroupName: settings.heartbeatLogGroup,
        logStreamName: settings.reportStream,
        logEvents: [{ timestamp: Date.parse(report.time), message: JSON.stringify(report) }],
      }));
    },
    publish: async (topicArn, message, subject) => {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message, Subject: subject }));
    },
  };
}

let clients: CheckClients | undefined;

/**
 * The organization's heartbeat check, run by its schedule every canary
 * interval. An error fails the invocation, for the check's alarm.
 */
export async function handler(): Promise<void> {
  const settings = readCheckSettings(process.env);
  clients ??= checkClients();
  const verdict = await runCheck(settings, awsPorts(settings, clients), Date.now());
  // One line for the function's log: what was checked and found.
  console.log(JSON.stringify({
    checked: verdict.checked,
    silent: verdict.silent.length,
    newlySilent: verdict.silent.filter(pair => pair.isNew).length,
    recovered: verdict.recovered.length,
    impostors: verdict.impostors.length,
    unexpected: verdict.unexpected.length,
    inGrace: verdict.inGrace.length,
  }));
}
