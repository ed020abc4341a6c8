import { Lazy, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { outermostBreakGlassScope } from '../scope';

const POLICY_ID = 'EventsLogGroupPolicy';

/**
 * The one `AWS::Logs::ResourcePolicy` that lets EventBridge write to every log
 * group of a break-glass construct. Accounts have a small quota of resource
 * policies per region (10), so all log groups of the outermost break-glass
 * construct share one.
 */
export class EventsLogGroupPolicy extends Construct {
  /** Lets EventBridge write to `logGroup`, through the outermost break-glass construct's policy. */
  public static allow(scope: IConstruct, logGroup: logs.ILogGroup): void {
    const owner = outermostBreakGlassScope(scope);
    const policy = (owner.node.tryFindChild(POLICY_ID) as EventsLogGroupPolicy | undefined)
      ?? new EventsLogGroupPolicy(owner as Construct, POLICY_ID);
    policy.logGroups.push(logGroup);
  }

  private readonly logGroups: logs.ILogGroup[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    new logs.CfnResourcePolicy(this, 'Resource', {
      policyName: Names.uniqueResourceName(this, { maxLength: 255 }),
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
}
