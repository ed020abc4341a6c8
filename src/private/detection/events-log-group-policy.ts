import { Lazy, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { resolvedKey } from '../resolved';

/** What lets EventBridge write to log groups. */
export interface EventsLogWriter {
  /** Lets EventBridge write to `logGroup`. */
  allow(logGroup: logs.ILogGroup): void;
}

/**
 * The one `AWS::Logs::ResourcePolicy` that lets EventBridge write to every log
 * group of a watch. Accounts have a small quota of resource policies per
 * region (10), so all the log groups of the parts sharing a watch share one.
 * Its name is known from the start; the resource is made with the first log
 * group, and lists them sorted, whichever part made each first.
 */
export class EventsLogGroupPolicy extends Construct implements EventsLogWriter {
  /** The policy's name. */
  public readonly policyName: string;
  private readonly logGroups: logs.ILogGroup[] = [];

  /** `policyName`: a name a person reads (a watch's starts with the role's name and home region); without it, one from the construct's path. */
  constructor(scope: Construct, id: string, policyName?: string) {
    super(scope, id);
    this.policyName = policyName ?? Names.uniqueResourceName(this, { maxLength: 255 });
  }

  /** Whether any log group needs the policy, so that it is made. */
  public get made(): boolean {
    return this.logGroups.length > 0;
  }

  /** Lets EventBridge write to `logGroup`. */
  public allow(logGroup: logs.ILogGroup): void {
    if (this.logGroups.length === 0) {
      this.makeResource();
    }
    this.logGroups.push(logGroup);
  }

  private makeResource(): void {
    const stack = Stack.of(this);
    const key = (logGroup: logs.ILogGroup) => resolvedKey(stack, logGroup.logGroupArn);
    new logs.CfnResourcePolicy(this, 'Resource', {
      policyName: this.policyName,
      policyDocument: Lazy.string({
        produce: () => stack.toJsonString(new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            sid: 'EventBridgeToLogs',
            principals: [
              new iam.ServicePrincipal('events.amazonaws.com'),
              new iam.ServicePrincipal('delivery.logs.amazonaws.com'),
            ],
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [...this.logGroups].sort((a, b) => key(a).localeCompare(key(b))).map(logGroup => logGroup.logGroupArn),
          })],
        }).toJSON()),
      }),
    });
  }
}

/**
 * Lets EventBridge write to log groups through one `EventsLogGroupPolicy`,
 * made under `scope` (id `EventsLogGroupPolicy`) when the first log group
 * needs it: the organization hub's, which makes its log groups itself.
 */
export class LazyEventsLogWriter implements EventsLogWriter {
  private policy?: EventsLogGroupPolicy;

  constructor(private readonly scope: Construct) {}

  /** The policy's name, once a log group needed it. */
  public get policyName(): string | undefined {
    return this.policy?.policyName;
  }

  /** Lets EventBridge write to `logGroup`. */
  public allow(logGroup: logs.ILogGroup): void {
    // Accounts have a small quota of resource policies per region: every log group of the scope shares one.
    this.policy ??= new EventsLogGroupPolicy(this.scope, 'EventsLogGroupPolicy');
    this.policy.allow(logGroup);
  }
}
