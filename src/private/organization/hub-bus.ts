import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OrganizationNames } from './organization-names';

/**
 * The hub's event bus (`CentralBus` under the hub), named for the member accounts to put events on: only
 * accounts of the organization may (`aws:PrincipalOrgID`), each through its forwarder role.
 */
export function hubBus(hub: Construct, names: OrganizationNames, organizationId: string): events.EventBus {
  const bus = new events.EventBus(hub, 'CentralBus', {
    eventBusName: names.hubBus,
    description: `Break-glass events of the role ${names.roleName} from every account of ${organizationId}`,
  });
  bus.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'OrganizationAccountsPutEvents',
    principals: [new iam.OrganizationPrincipal(organizationId)],
    actions: ['events:PutEvents'],
    resources: [bus.eventBusArn],
  }));
  return bus;
}
