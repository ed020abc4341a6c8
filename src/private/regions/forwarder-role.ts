import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The role EventBridge uses, in every forwarded region, to put events on the central bus and nothing else, named `roleName`. */
export function forwarderRole(scope: Construct, centralBusArn: string, roleName: string): iam.Role {
  const role = new iam.Role(scope, 'ForwarderRole', {
    roleName,
    description: 'Lets EventBridge forward break-glass events to the central bus only',
    assumedBy: new iam.ServicePrincipal('events.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    }),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['events:PutEvents'],
    resources: [centralBusArn],
  }));
  return role;
}
