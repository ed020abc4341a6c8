import { IConstruct } from 'constructs';

const BREAK_GLASS_SCOPE = Symbol.for('aws-break-glass-role.BreakGlassScope');

/**
 * Marks a construct as a break-glass construct. Resources that must exist once
 * (the log groups' resource policy, the central bus and the forwarding rules)
 * live under the outermost one: a `BreakGlassRole` shares them with its parts,
 * while a part used alone makes its own.
 */
export function markBreakGlassScope(construct: IConstruct): void {
  Object.defineProperty(construct, BREAK_GLASS_SCOPE, { value: true });
}

/** The outermost break-glass construct holding `scope`, or `scope` itself. */
export function outermostBreakGlassScope(scope: IConstruct): IConstruct {
  return scope.node.scopes.find(s => (s as any)[BREAK_GLASS_SCOPE]) ?? scope;
}
