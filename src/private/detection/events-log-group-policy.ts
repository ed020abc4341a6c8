import { Lazy, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The one `AWS::Logs::ResourcePolicy` that lets EventBridge write to every log
 * group of a watch. Accounts have a small quota of resource policies per
 * region (10), so all the log groups of the parts sharing a watch share one.
 */
export class EventsLogGroupPolicy extends Construct {
  /** The policy's name. */
  public readonly policyName: string;
  private readonly logGroups: logs.ILogGroup[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.policyName = Names.uniqueResourceName(this, { maxLength: 255 });
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
            resources: this.logGroups.map(logGroup => logGroup.logGroupArn),
          })],
        }).toJSON()),
      }),
    });
  }

  /** Lets EventBridge write to `logGroup`. */
  public allow(logGroup: logs.ILogGroup): void {
    this.logGroups.push(logGroup);
  }
}

/**
 * Lets EventBridge write to log groups through one `EventsLogGroupPolicy`,
 * made under `scope` (id `EventsLogGroupPolicy`) when the first log group
 * needs it. The watch holds one for its parts; the organization hub its own.
 */
export class EventsLogWriter {
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
