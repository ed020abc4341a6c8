import { Readable } from 'stream';
import { checkClients, CheckClients } from '../../src/private/heartbeat-check/heartbeat-check.lambda';

/**
 * AWS as the heartbeat check's SDK clients see it, offline: AWS Organizations
 * (JSON 1.1: DescribeOrganization, ListRoots, ListChildren,
 * ListAccountsForParent, in pages of at most 20 as its API allows),
 * CloudWatch Logs (JSON 1.1: FilterLogEvents in pages, GetLogEvents,
 * PutLogEvents) and SNS (query protocol: Publish), answering the real SDK
 * clients' HTTP requests, with faults a test sets. The shapes are the APIs'
 * (AWS Organizations API Reference, Amazon CloudWatch Logs API Reference,
 * Amazon SNS API Reference).
 */
export interface FakeAccount {
  readonly Id: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, ... */
  readonly State: string;
  /** Epoch seconds, as the JSON protocol writes timestamps. */
  readonly JoinedTimestamp: number;
}

export interface FakeOrganization {
  readonly id: string;
  readonly managementAccount: string;
  readonly rootId: string;
  /** Each root's or unit's child units and accounts. */
  readonly parents: { [parentId: string]: { units: string[]; accounts: FakeAccount[] } };
}

export interface FakeLogEvent {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
}

/** A fault: answer a call with this error instead (`undefined`: answer it). */
export type Fault = (service: 'organizations' | 'logs' | 'sns', operation: string, attempt: number) =>
{ status: number; type: string; message: string } | undefined;

// The SDK runs here on this machine's Node.js, whose version it warns about; the function runs on Lambda's Node.js 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PAGE = 20;
/** FilterLogEvents returns up to 10,000 events, and 1 MB, a page. */
const LOG_PAGE = 10_000;

export class FakeAws {
  public readonly logEvents: FakeLogEvent[] = [];
  public readonly published: Array<{ topicArn: string; message: string; subject?: string }> = [];
  public readonly calls: string[] = [];
  public fault?: Fault;

  constructor(public organization: FakeOrganization, private readonly now: () => number) {}

  /** The check's clients, as the function makes them, talking to this fake. */
  public clients(): CheckClients {
    return checkClients({
      region: 'us-east-2',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      requestHandler: { handle: (request: any) => this.handle(request) },
    });
  }

  private async handle(request: any): Promise<{ response: object }> {
    const body = requestBody(request);
    const target = request.headers['x-amz-target'] as string | undefined;
    const service = request.hostname.startsWith('organizations.') ? 'organizations' : request.hostname.startsWith('logs.') ? 'logs' : 'sns';
    const operation = target ? target.split('.')[1] : new URLSearchParams(body).get('Action')!;
    this.calls.push(`${service}:${operation}`);
    const attempt = this.calls.filter(call => call === `${service}:${operation}`).length;
    const fault = this.fault?.(service, operation, attempt);
    if (fault) {
      return service === 'sns'
        ? reply(fault.status, 'text/xml', `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.type}</Code><Message>${fault.message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`)
        : reply(fault.status, 'application/x-amz-json-1.1', JSON.stringify({ __type: fault.type, Message: fault.message }));
    }
    if (service === 'sns') {
      const form = new URLSearchParams(body);
      this.published.push({ topicArn: form.get('TopicArn')!, message: form.get('Message')!, subject: form.get('Subject') ?? undefined });
      return reply(200, 'text/xml', '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        `<MessageId>m-${this.published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`);
    }
    const input = JSON.parse(body || '{}');
    if (input.ParentId !== undefined && !this.organization.parents[input.ParentId]) {
      return reply(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'ParentNotFoundException', Message: 'We can\'t find a root or OU with the ParentId that you specified.' }));
    }
    const json = (value: unknown) => reply(200, 'application/x-amz-json-1.1', JSON.stringify(value));
    const org = this.organization;
    switch (`${service}:${operation}`) {
      case 'organizations:DescribeOrganization':
        return json({ Organization: { Id: org.id, MasterAccountId: org.managementAccount, Arn: `arn:aws:organizations::${org.managementAccount}:organization/${org.id}` } });
      case 'organizations:ListRoots':
        return json({ Roots: [{ Id: org.rootId, Name: 'Root' }] });
      case 'organizations:ListChildren':
        return json(page(org.parents[input.ParentId].units.map(Id => ({ Id, Type: 'ORGANIZATIONAL_UNIT' })), input.NextToken, 'Children'));
      case 'organizations:ListAccountsForParent':
        return json(page(org.parents[input.ParentId].accounts.map(account => ({
          ...account,
          Arn: `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${account.Id}`,
          Name: `account-${account.Id}`,
          Email: `aws+${account.Id}@example.com`,
          JoinedMethod: 'CREATED',
        })), input.NextToken, 'Accounts'));
      case 'logs:FilterLogEvents': {
        const matching = this.logEvents.filter(e => e.logGroupName === input.logGroupName
          && (input.startTime === undefined || e.timestamp >= input.startTime) && (input.endTime === undefined || e.timestamp <= input.endTime));
        const start = Number(input.nextToken ?? 0);
        const events = matching.slice(start, start + LOG_PAGE).map(e => ({
          logStreamName: e.logStreamName, timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message, eventId: `${e.timestamp}`,
        }));
        return json({ events, ...(start + LOG_PAGE < matching.length ? { nextToken: String(start + LOG_PAGE) } : {}) });
      }
      case 'logs:GetLogEvents': {
        const stream = this.logEvents.filter(e => e.logGroupName === input.logGroupName && e.logStreamName === input.logStreamName)
          .sort((a, b) => a.timestamp - b.timestamp);
        const events = (input.startFromHead ? stream.slice(0, input.limit) : stream.slice(-(input.limit ?? 10_000)))
          .map(e => ({ timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message }));
        return json({ events, nextForwardToken: 'f/1', nextBackwardToken: 'b/1' });
      }
      case 'logs:PutLogEvents':
        for (const event of input.logEvents) {
          const { logGroupName, logStreamName } = input;
          this.logEvents.push({ logGroupName, logStreamName, timestamp: event.timestamp, ingestionTime: this.now(), message: event.message });
        }
        return json({});
      default:
        return reply(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'UnknownOperationException', Message: `${service}:${operation}` }));
    }
  }

}

function page(items: unknown[], token: string | undefined, key: string): object {
  const start = Number(token ?? 0);
  return { [key]: items.slice(start, start + PAGE), ...(start + PAGE < items.length ? { NextToken: String(start + PAGE) } : {}) };
}

/** An SDK request's body as text: the SDK sends a string, or bytes that warn when read as a string. */
export function requestBody(request: any): string {
  return request.body instanceof Uint8Array
    ? Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf-8') : String(request.body ?? '');
}

/** An HTTP answer as the SDK's request handler returns it. */
export function reply(statusCode: number, contentType: string, body: string): { response: object } {
  return { response: { statusCode, headers: { 'content-type': contentType }, body: Readable.from([Buffer.from(body)]) } };
}
