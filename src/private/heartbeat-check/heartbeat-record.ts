/**
 * What the hub's heartbeat rule writes to the heartbeat log for each canary
 * attempt of a member account: one line of values whose characters cannot
 * break it (an account id, a region, two ARNs), taken from the CloudTrail
 * event by the rule's input transformer. The check reads them back with
 * `parseHeartbeatRecord`; both sides use this one definition.
 */
export const HEARTBEAT_RECORD_PATHS = {
  account: '$.detail.recipientAccountId',
  region: '$.detail.awsRegion',
  issuer: '$.detail.userIdentity.sessionContext.sessionIssuer.arn',
  roleArn: '$.detail.requestParameters.roleArn',
  time: '$.time',
} as const;

/** The record's text, with the transformer's placeholders. */
export const HEARTBEAT_RECORD_TEMPLATE = 'heartbeat <account> <region> <issuer> <roleArn>';

/** One canary attempt, as the heartbeat log holds it. */
export interface HeartbeatRecord {
  /** The account CloudTrail recorded the attempt in. */
  readonly account: string;
  /** The region CloudTrail recorded it in. */
  readonly region: string;
  /** The role whose session made the attempt. */
  readonly issuerArn: string;
  /** The role the attempt was at. */
  readonly roleArn: string;
  /** When the attempt was made (the log event's timestamp), in epoch milliseconds. */
  readonly time: number;
  /** When the heartbeat log received it, in epoch milliseconds. */
  readonly ingested: number;
}

const RECORD = /^heartbeat (\d{12}) ([a-z0-9-]+) (arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@\/-]+) (arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@\/-]+)$/;

/** A record of the heartbeat log, or undefined for a line that is not one (the check's own reports). */
export function parseHeartbeatRecord(message: string, time: number, ingested: number): HeartbeatRecord | undefined {
  const match = RECORD.exec(message.trim());
  if (!match) {
    return undefined;
  }
  const [, account, region, issuerArn, roleArn] = match;
  return { account, region, issuerArn, roleArn, time, ingested };
}
