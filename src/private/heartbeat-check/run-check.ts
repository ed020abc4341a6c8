import { checkMessage } from './check-message';
import { CheckSettings } from './check-settings';
import { HeartbeatRecord } from './heartbeat-record';
import { OrganizationReader, readOrganization } from './organization-accounts';
import { CheckReport, heartbeatLookBack, judge, Verdict } from './verdict';

/** What a run reads and writes, each call's every page read or written, every error thrown. */
export interface CheckPorts {
  readonly organization: OrganizationReader;
  /** The heartbeat log's records from `since` to `until` (epoch milliseconds). */
  readHeartbeats(since: number, until: number): Promise<HeartbeatRecord[]>;
  /** The latest report, or none before the first run. */
  readReport(): Promise<CheckReport | undefined>;
  writeReport(report: CheckReport): Promise<void>;
  publish(topicArn: string, message: string, subject?: string): Promise<void>;
}

/**
 * One run of the check: read the previous report, the organization and the
 * heartbeats, judge, publish what changed to the alert and chat topics, and
 * only then keep the report (so what could not be published is published by
 * the next run). Any error is thrown, for the function's alarm: the check
 * never concludes on what it could not read.
 */
export async function runCheck(settings: CheckSettings, ports: CheckPorts, now: number): Promise<Verdict> {
  const previous = await ports.readReport();
  const organization = await readOrganization(ports.organization, settings.organizationalUnits);
  const since = now - heartbeatLookBack(settings);
  const heartbeats = await ports.readHeartbeats(since, now);
  const verdict = judge(settings, { now, organization, heartbeats, since, previous });
  const message = checkMessage(settings, verdict);
  if (message) {
    await ports.publish(settings.alertTopicArn, message.text, message.subject);
    if (settings.chatTopicArn) {
      await ports.publish(settings.chatTopicArn, message.chat);
    }
  }
  await ports.writeReport(verdict.report);
  return verdict;
}
