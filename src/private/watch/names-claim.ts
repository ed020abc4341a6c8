import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { describeValue } from '../describe-value';

/** The names a watch gives its resources, claimed in its stack: an empty construct, which makes nothing. */
class NamesClaim extends Construct {
  constructor(scope: Construct, id: string, public readonly watchPath: string) {
    super(scope, id);
  }
}

/**
 * Refuses a second watch of the stack whose resources in other regions and canary would be named as the
 * first one's: each watch claims its names with an empty child of its stack, `BreakGlassWatchNames-<names>`,
 * made and looked for here only.
 */
export function claimNames(watch: Construct, nameBase: string, role: iam.IRole): void {
  const stack = Stack.of(watch);
  const id = `BreakGlassWatchNames-${nameBase}`;
  const other = stack.node.tryFindChild(id);
  if (other instanceof NamesClaim) {
    throw new Error(`${watch.node.path} and ${other.watchPath} both watch the role ${describeValue(stack.resolve(role.roleName))} from ` +
      `${stack.region} in one stack: their resources in other regions and their canaries would have the same names (${nameBase}-…). ` +
      'Make one BreakGlassWatch and give it to each part as watch.');
  }
  new NamesClaim(stack, id, watch.node.path);
}
