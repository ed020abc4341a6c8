import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BreakGlassRole, BreakGlassRoleProps, TrailSetup, Username } from '../../src';

export const ACCOUNT = '111122223333';

/**
 * The 17 regions of the `aws` partition that are enabled by default in every
 * account (launched before 20 March 2019); every later region is opt-in.
 */
export const AWS_DEFAULT_REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
  'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

/** A home stack in `region` holding a break-glass role with `props`. */
export function homeStack(region: string, props: Partial<BreakGlassRoleProps> = {}): { app: App; stack: Stack; breakGlass: BreakGlassRole } {
  const app = new App();
  const stack = new Stack(app, 'Home', { env: { account: ACCOUNT, region } });
  const breakGlass = new BreakGlassRole(stack, 'BreakGlass', {
    roleName: 'BreakGlass',
    usernames: [Username.iamUser('alice')],
    trail: TrailSetup.existingTrail(),
    ...props,
  });
  return { app, stack, breakGlass };
}

/** The one StackSet resource of a template. */
export function stackSetOf(template: Template): { logicalId: string; properties: any; dependsOn: string[] } {
  const found = Object.entries(template.findResources('AWS::CloudFormation::StackSet'));
  if (found.length !== 1) {
    throw new Error(`expected one StackSet, found ${found.length}`);
  }
  const [logicalId, resource] = found[0];
  return { logicalId, properties: resource.Properties, dependsOn: resource.DependsOn ?? [] };
}

/** The regions the home stack forwards from: its StackSet's instance regions, or none without a StackSet. */
export function forwardedRegions(stack: Stack): string[] {
  const template = Template.fromStack(stack);
  if (Object.keys(template.findResources('AWS::CloudFormation::StackSet')).length === 0) {
    return [];
  }
  return stackSetOf(template).properties.StackInstancesGroup.flatMap((group: any) => group.Regions);
}

/** The logical id of the only resource of `type` whose logical id starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter(id => id.startsWith(prefix));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  }
  return ids[0];
}

/** Every IAM policy statement attached to the role `roleLogicalId`, inline or by AWS::IAM::Policy. */
export function statementsOf(template: Template, roleLogicalId: string): any[] {
  const role = template.toJSON().Resources[roleLogicalId];
  const inline = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(policy => (policy.Properties.Roles ?? []).some((r: any) => r.Ref === roleLogicalId))
    .flatMap(policy => policy.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** The patterns a forwarding rule's pattern joins: the branches of its top-level `$or`, or the one pattern it is. */
export function branchesOf(pattern: any): object[] {
  return Object.keys(pattern).length === 1 && Array.isArray(pattern.$or) ? pattern.$or : [pattern];
}

/** Patterns as sorted JSON texts: equal lists hold the same patterns, as many times each. */
export function patternTexts(patterns: object[]): string[] {
  return patterns.map(pattern => JSON.stringify(pattern)).sort();
}
