import * as cxapi from 'aws-cdk-lib/cx-api';
import { CfnResource, constructPaths, Placement, resolver, resourcesOfType } from './template';

/** Where one StackSet deploys its body: accounts (or OUs) and regions. */
export interface StackSetTargets {
  readonly name: string;
  readonly serviceManaged: boolean;
  /** Account ids, or `every account of OU …` labels. */
  readonly accounts: string[];
  readonly regions: string[];
  /** The body's template, when it is inline. */
  readonly body?: { Resources?: { [id: string]: CfnResource }; Description?: string };
}

/** Every template of the assembly where it is deployed: each stack, and each StackSet instance. */
export function placements(assembly: cxapi.CloudAssembly): Placement[] {
  return assembly.stacks.flatMap(stack => {
    const home = stackPlacement(stack);
    return [home, ...resourcesOfType(home, 'AWS::CloudFormation::StackSet').flatMap(([id]) => stackSetPlacements(home, id))];
  });
}

function stackPlacement(stack: cxapi.CloudFormationStackArtifact): Placement {
  const resources = stack.template.Resources ?? {};
  const context = {
    account: stack.environment.account,
    region: stack.environment.region,
    stackName: stack.stackName,
    resources,
    paths: constructPaths(stack),
    parameters: {},
  };
  return { ...context, container: `Stack ${stack.stackName}`, ...resolver(context) };
}

/** What a StackSet resource of `home` deploys, and where. */
export function stackSetTargets(home: Placement, logicalId: string): StackSetTargets {
  const props = home.resources[logicalId].Properties ?? {};
  const serviceManaged = props.PermissionModel === 'SERVICE_MANAGED';
  const groups: any[] = props.StackInstancesGroup ?? [];
  const accounts = groups.flatMap(group => {
    const targets = group.DeploymentTargets ?? {};
    const units: unknown[] = targets.OrganizationalUnitIds ?? [];
    return [...(targets.Accounts ?? []).map(home.resolve), ...units.map(unit => `every account of OU ${home.resolve(unit)}`)];
  });
  const regions = groups.flatMap(group => (group.Regions ?? []).map(home.resolve));
  const body = typeof props.TemplateBody === 'string' ? JSON.parse(props.TemplateBody) : undefined;
  return { name: home.nameOf(logicalId), serviceManaged, accounts: unique(accounts), regions: unique(regions), body };
}

function stackSetPlacements(home: Placement, logicalId: string): Placement[] {
  const targets = stackSetTargets(home, logicalId);
  const resources = targets.body?.Resources ?? {};
  const parameters = Object.fromEntries((home.resources[logicalId].Properties?.Parameters ?? [])
    .map((p: any) => [p.ParameterKey, home.resolve(p.ParameterValue)]));
  return targets.accounts.flatMap(account => targets.regions.map(region => {
    const context = { account, region, stackName: `StackSet-${targets.name}`, resources, paths: {}, parameters };
    return { ...context, stackName: home.stackName, container: `StackSet ${targets.name}`, ...resolver(context) };
  }));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
