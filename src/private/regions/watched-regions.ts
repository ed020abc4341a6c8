import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { validateRegions } from '../validation';

/**
 * Where each partition records its global events: the global STS endpoint,
 * root and most console sign-ins.
 */
const GLOBAL_EVENTS_REGION: { [partition: string]: string } = {
  'aws': 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

/**
 * What `regions` is when left out: every region of the stack's partition that
 * is enabled by default. A narrower list is the user's explicit choice.
 */
export const DEFAULT_REGIONS: readonly string[] = ['*'];

/** The regions a break-glass construct watches. */
export interface WatchedRegions {
  /** The stack's own region, where alerts and logs are delivered. */
  readonly home: string;
  /** Every other watched region, sorted: each forwards to the home region. */
  readonly forwarded: string[];
  /** Opt-in regions of the partition that `['*']` left out; empty without `'*'`. */
  readonly optInLeftOut: string[];
  /** Every region of the partition that is not watched, sorted: the role is refused there. */
  readonly leftOut: string[];
}

/**
 * The home region, the region where the partition records global events, and
 * `regions` (`['*']`: every region of the home region's partition that is
 * enabled by default, plus the opt-in regions named beside it).
 *
 * @param regions the `regions` prop; left out, `DEFAULT_REGIONS`
 * @param home the home region; by default the stack's
 */
export function watchedRegions(scope: IConstruct, regions: string[] | undefined, home: string = Stack.of(scope).region): WatchedRegions {
  regions = regions ?? [...DEFAULT_REGIONS];
  validateRegions('regions', regions);
  if (Token.isUnresolved(home)) {
    throw new Error(
      `The stack of ${scope.node.path} has no region (env-agnostic), so the construct cannot tell which regions to watch: ` +
      'break-glass events are recorded in us-east-1 as well as the home region. Give the stack env: { account, region }.');
  }
  const partition = RegionInfo.get(home).partition;
  if (!partition) {
    throw new Error(`The stack's region '${home}' is unknown to aws-cdk-lib/region-info: use a known region, or upgrade aws-cdk-lib.`);
  }
  const partitionRegions = RegionInfo.regions.filter(r => r.partition === partition);
  const wanted = regions.includes('*')
    ? [...partitionRegions.filter(r => !r.isOptInRegion).map(r => r.name), ...regions.filter(r => r !== '*')]
    : regions;
  for (const region of wanted) {
    if (!Token.isUnresolved(region) && RegionInfo.get(region).partition !== partition) {
      throw new Error(`regions has '${region}', which is outside the stack's partition '${partition}' (home region ${home}): watch it from a stack in its own partition.`);
    }
  }
  const all = new Set([home, ...(GLOBAL_EVENTS_REGION[partition] ? [GLOBAL_EVENTS_REGION[partition]] : []), ...wanted]);
  all.delete(home);
  const optInLeftOut = regions.includes('*')
    ? partitionRegions.filter(r => r.isOptInRegion && !regions.includes(r.name)).map(r => r.name)
    : [];
  const forwarded = [...all].sort();
  const leftOut = partitionRegions.map(r => r.name).filter(name => name !== home && !all.has(name)).sort();
  return { home, forwarded, optInLeftOut, leftOut };
}
