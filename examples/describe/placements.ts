import * as cxapi from 'aws-cdk-lib/cx-api';
import { evaluateCondition } from './conditions';
import { list } from './outline';
import { CfnResource, constructPaths, Placement, resolver, resourcesOfType } from './template';

/** A template's sections the description reads. */
interface Template {
  readonly Resources?: { [id: string]: CfnResource };
  readonly Conditions?: { [name: string]: unknown };
  readonly Description?: string;
}

/** Where one StackSet deploys its body: accounts (or OUs) and regions. */
export interface StackSetTargets {
  readonly name: string;
  readonly serviceManaged: boolean;
  /** Account ids, or `every account of OU …` labels (the OUs of one instances group together). */
  readonly accounts: string[];
  readonly regions: string[];
  /** The body's template, when it is inline. */
  readonly body?: Template;
}

/** Every template of the assembly where it is deployed: each stack, and each StackSet instance. */
export function placements(assembly: cxapi.CloudAssembly): Placement[] {
  return assembly.stacks.flatMap(stack => {
    const home = stackPlacement(stack);
    return [home, ...resourcesOfType(home, 'AWS::CloudFormation::StackSet').flatMap(([id]) => stackSetPlacements(home, id))];
  });
}

function stackPlacement(stack: cxapi.CloudFormationStackArtifact): Placement {
  const context = {
    account: stack.environment.account,
    region: stack.environment.region,
    stackName: stack.stackName,
    resources: stack.template.Resources ?? {},
    paths: constructPaths(stack),
    parameters: {},
  };
  return { ...context, ...created(stack.template, context), container: `Stack ${stack.stackName}`, ...resolver(context) };
}

/** What a StackSet resource of `home` deploys, and where. */
export function stackSetTargets(home: Placement, logicalId: string): StackSetTargets {
  const props = home.resources[logicalId].Properties ?? {};
  const serviceManaged = props.PermissionModel === 'SERVICE_MANAGED';
  const groups: any[] = props.StackInstancesGroup ?? [];
  const accounts = groups.flatMap(group => {
    const targets = group.DeploymentTargets ?? {};
    const units: unknown[] = targets.OrganizationalUnitIds ?? [];
    const everyAccount = units.length ? [`every account of ${list(units.map(unit => `OU ${home.resolve(unit)}`))}`] : [];
    return [...(targets.Accounts ?? []).map(home.resolve), ...everyAccount];
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
    return {
      ...context, ...created(targets.body ?? {}, context), stackName: home.stackName, container: `StackSet ${targets.name}`, ...resolver(context),
    };
  }));
}

/**
 * The resources of `template` created in the account and region of `context`:
 * a resource whose condition is false there is left out; one whose condition
 * cannot be evaluated is kept, and listed as conditional.
 */
function created(template: Template, context: { account: string; region: string }): Pick<Placement, 'resources' | 'conditional'> {
  const resources: { [id: string]: CfnResource } = {};
  const conditional: { [id: string]: string } = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const holds = resource.Condition === undefined ? true : evaluateCondition(template.Conditions ?? {}, resource.Condition, context);
    if (holds !== false) {
      resources[id] = resource;
    }
    if (holds === undefined) {
      conditional[id] = resource.Condition!;
    }
  }
  return { resources, conditional };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
