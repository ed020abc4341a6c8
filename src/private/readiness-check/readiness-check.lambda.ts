import { CloudWatchLogsClient, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { Change, changeOf, Finding, findingKey, findings } from './findings';
import { observe, ReadinessReaders } from './observe';
import { readinessMessage } from './readiness-message';
import { ReadinessSettings, readReadinessSettings } from './readiness-settings';

/** The clients a run calls through. */
export interface ReadinessClients extends ReadinessReaders {
  readonly logs: CloudWatchLogsClient;
}

/**
 * The clients of the function's region, and IAM Identity Center's and its
 * identity store's of the instance's region; `config` adds to each client's
 * configuration (a test's request handler and credentials).
 */
export function readinessClients(identityCenterRegion: string, config: { [key: string]: unknown } = {}): ReadinessClients {
  return {
    iam: new IAMClient({ ...config }),
    sns: new SNSClient({ ...config }),
    logs: new CloudWatchLogsClient({ ...config }),
    ssoAdmin: new SSOAdminClient({ ...config, region: identityCenterRegion }),
    identityStore: new IdentitystoreClient({ ...config, region: identityCenterRegion }),
  };
}

/** The verdict kept between runs: when, and the problems found, by key. */
export interface KeptVerdict {
  readonly time: string;
  readonly problems: string[];
}

/** What a run found, and what it said. */
export interface ReadinessRun {
  readonly findings: Finding[];
  /** Undefined when nothing changed since the last verdict: nothing was published. */
  readonly change?: Change;
}

/**
 * One run: observe, judge, compare with the kept verdict, publish the change
 * (once, to the alert topic and the chat topic), then keep the new verdict.
 * Any error fails the run, before the verdict is kept, so the next run says it.
 */
export async function runReadiness(settings: ReadinessSettings, clients: ReadinessClients, now: number,
  wait: (ms: number) => Promise<void> = ms => new Promise(resolve => setTimeout(resolve, ms))): Promise<ReadinessRun> {
  const observed = await observe(settings, clients, wait);
  const found = findings(observed, { now, drillDays: settings.drillDays, allowAccessKeys: settings.allowAccessKeys });
  const kept = await clients.logs.send(new GetLogEventsCommand({
    logGroupName: settings.logGroup, logStreamName: settings.verdictStream, startFromHead: false, limit: 1,
  }));
  const last = kept.events?.[kept.events.length - 1];
  // A verdict that cannot be read is an error, never a first run: that would say everything again, or forget.
  const previous = last ? (JSON.parse(last.message!) as KeptVerdict).problems : undefined;
  const change = changeOf(previous, found);
  if (change) {
    const message = readinessMessage(settings.roleArn, change);
    await clients.sns.send(new PublishCommand({ TopicArn: settings.alertTopicArn, Message: message.text, Subject: message.subject }));
    if (settings.chatTopicArn) {
      await clients.sns.send(new PublishCommand({ TopicArn: settings.chatTopicArn, Message: message.chat }));
    }
    const verdict: KeptVerdict = { time: new Date(now).toISOString(), problems: found.map(findingKey) };
    await clients.logs.send(new PutLogEventsCommand({
      logGroupName: settings.logGroup, logStreamName: settings.verdictStream, logEvents: [{ timestamp: now, message: JSON.stringify(verdict) }],
    }));
  }
  return { findings: found, change };
}

let clients: ReadinessClients | undefined;

/** The readiness check, run by its schedule. An error fails the invocation, for the watch's dead-letter queue and the alarm. */
export async function handler(): Promise<void> {
  const settings = readReadinessSettings(process.env);
  clients ??= readinessClients(settings.identityCenterRegion);
  const run = await runReadiness(settings, clients, Date.now());
  // One line for the function's log: what was found, and whether it was said.
  console.log(JSON.stringify({ problems: run.findings.map(findingKey), published: run.change !== undefined }));
}
