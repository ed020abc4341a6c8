import { Names } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/*
 * CloudWatch Logs Insights saved queries of the break-glass log groups. Each
 * log event is a CloudTrail event in its EventBridge envelope, so its fields
 * are `detail.*`; Logs Insights flattens JSON with dots (`detail.userIdentity.arn`)
 * and reads a JSON boolean as 1 or 0 (`detail.readOnly = 0` is a write).
 * Every query string is written here, once; the tests run their field paths
 * against the corpus events.
 */

/** A saved query: the construct id of its definition, the last part of its name, and the query. */
export interface SavedQuery {
  readonly id: string;
  readonly title: string;
  readonly query: logs.QueryStringProps;
}

/**
 * What each session of the role did, and who obtained it: one row per session,
 * known by its credentials' access key id, which the assumption record (as
 * `responseElements.credentials.accessKeyId`) and every action of the session
 * (as `userIdentity.accessKeyId`) carry. The session's earliest record is its
 * assumption, whose caller (`userIdentity.arn`) is the identity that obtained
 * it, whatever name the session was given; its latest is its last action, whose
 * caller is the session's own ARN. A session without an assumption record
 * (one signed in through the console, or assumed before the log began) names
 * only itself.
 *
 * A chain reads the same way: a session a break-glass session obtained by
 * assuming another role has, as its earliest record, that `AssumeRole` call,
 * whose caller is the break-glass session (`obtainedBy`) and whose access key
 * (`obtainedWith`) is the key of the break-glass session's own row, obtained in
 * turn by its person.
 */
export const SESSION_ACTIONS: SavedQuery = {
  id: 'SessionActionsQuery',
  title: 'What each session did',
  query: {
    fields: ['coalesce(detail.responseElements.credentials.accessKeyId, detail.userIdentity.accessKeyId) as session'],
    statsStatements: [
      'earliest(detail.userIdentity.arn) as obtainedBy, earliest(detail.userIdentity.accessKeyId) as obtainedWith, '
        + 'latest(detail.userIdentity.arn) as sessionArn, count(*) as records, '
        + 'count_distinct(detail.eventName) as distinctCalls, min(@timestamp) as firstRecord, max(@timestamp) as lastRecord by session',
    ],
    sort: 'firstRecord asc',
    limit: 10000,
  },
};

/** Every call that may have changed something, in order, with the session that made it. */
export const WRITES: SavedQuery = {
  id: 'WritesQuery',
  title: 'Writes by session',
  query: {
    fields: ['@timestamp', 'detail.userIdentity.arn', 'detail.eventSource', 'detail.eventName', 'detail.awsRegion', 'detail.errorCode', 'detail.eventID'],
    filterStatements: ['detail.readOnly = 0'],
    sort: '@timestamp asc',
    limit: 10000,
  },
};

/** Every call that failed (denied, throttled, invalid), in order: what the session tried and could not do. */
export const FAILED_CALLS: SavedQuery = {
  id: 'FailedCallsQuery',
  title: 'Failed calls',
  query: {
    fields: ['@timestamp', 'detail.userIdentity.arn', 'detail.eventSource', 'detail.eventName', 'detail.awsRegion', 'detail.errorCode', 'detail.errorMessage', 'detail.eventID'],
    filterStatements: ['ispresent(detail.errorCode)'],
    sort: '@timestamp asc',
    limit: 10000,
  },
};

/**
 * Every assumption of the role, attempt and console sign-in, newest first:
 * who, the session issued, the result and from where. A saved query keeps no
 * time range: pick the last day (or the alert's time) in the console.
 */
export const LOGINS: SavedQuery = {
  id: 'LoginsQuery',
  title: 'Assumptions and sign-ins',
  query: {
    fields: [
      '@timestamp', 'detail.eventName', 'detail.userIdentity.arn', 'detail.requestParameters.roleSessionName',
      'detail.responseElements.assumedRoleUser.arn', 'detail.errorCode', 'detail.sourceIPAddress', 'detail.awsRegion',
    ],
    sort: '@timestamp desc',
    limit: 10000,
  },
};

/** The queries of the action log: with only read-only calls recorded, no writes to list. */
export function actionQueries(recordsWrites: boolean): SavedQuery[] {
  return recordsWrites ? [SESSION_ACTIONS, WRITES, FAILED_CALLS] : [SESSION_ACTIONS, FAILED_CALLS];
}

/** The queries of the login log. */
export const LOGIN_QUERIES: SavedQuery[] = [LOGINS];

/**
 * The name of a part's saved query: `break-glass/<part>/<title>`, where
 * `<part>` is the part's unique name, as its log group's name has it
 * (`/aws/events/break-glass/<part>-LogGroup`). The console groups names by
 * `/`, so the break-glass queries sit together, one folder per part. Built
 * from the construct path, it is deterministic, unique per part and holds no
 * token.
 */
export function savedQueryName(part: Construct, query: SavedQuery): string {
  return `break-glass/${Names.uniqueResourceName(part, { maxLength: 180, separator: '-' })}/${query.title}`;
}

/** The query string as CloudWatch Logs stores it. */
export function queryString(query: SavedQuery): string {
  return new logs.QueryString(query.query).toString();
}

/** Saves `queries` for `logGroup`, as children of `part`. */
export function saveQueries(part: Construct, logGroup: logs.ILogGroup, queries: SavedQuery[]): logs.QueryDefinition[] {
  return queries.map(query => new logs.QueryDefinition(part, query.id, {
    queryDefinitionName: savedQueryName(part, query),
    queryString: new logs.QueryString(query.query),
    logGroups: [logGroup],
  }));
}
