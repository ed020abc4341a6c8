import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { detectionRule } from './rules';
import { DeadLetters } from '../delivery/dead-letter-queue';

/**
 * The second channel of a tamper alert: a bus, best in another account, that
 * receives what the topics receive about tampering and the health alarms' state
 * changes, so that one call on the alert topic does not silence the alerts
 * about it. One role (EventBridge's, allowed only `events:PutEvents` on that
 * bus) serves every rule: EventBridge needs a role to put events on a bus of
 * another account (Amazon EventBridge User Guide, "Sending and receiving
 * events between AWS accounts in Amazon EventBridge").
 */
export class SecondChannel extends Construct {
  /** The bus, as a target of the tamper rules. */
  public readonly target: events.IRuleTarget;

  constructor(scope: Construct, id: string, private readonly bus: events.IEventBus) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'Puts break-glass tamper events and health alarm changes on the second channel\'s bus',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }));
    this.target = { bind: () => ({ arn: bus.eventBusArn, role }) };
  }

  /**
   * The rule that puts each state change of the alarms `alarmNames` (names or
   * `{ prefix }`) on the bus: CloudWatch sends every alarm state change to the
   * default bus as `CloudWatch Alarm State Change` events from `aws.cloudwatch`
   * (Amazon CloudWatch User Guide, "Alarm events and EventBridge"), free.
   */
  public healthRule(scope: Construct, id: string, alarmNames: Array<string | { readonly prefix: string }>, deadLetters: DeadLetters): events.Rule {
    return detectionRule(scope, id, {
      id,
      description: `Break-glass health alarms' state changes, to the second channel ${this.bus.eventBusName}`,
      readOnlyEvents: false,
      pattern: { 'source': ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], 'detail': { alarmName: alarmNames } },
      deadLetters,
      targets: [this.target],
    });
  }
}
