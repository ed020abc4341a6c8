import { count, item, Item, list } from './outline';
import { Placement, resourcesOfType } from './template';

const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** The event buses and their rules, the default bus first; a bus's rules by what they target. */
export function describeRules(placement: Placement): Item[] {
  const byBus = new Map<string, Array<{ [key: string]: any }>>();
  for (const [, rule] of resourcesOfType(placement, 'AWS::Events::Rule')) {
    const props = rule.Properties ?? {};
    const bus = props.EventBusName === undefined ? 'the default bus' : `the bus ${placement.resolve(props.EventBusName)}`;
    byBus.set(bus, [...byBus.get(bus) ?? [], props]);
  }
  const buses = resourcesOfType(placement, 'AWS::Events::EventBus').map(([id]) => `the bus ${placement.nameOf(id)}`);
  for (const bus of buses) {
    byBus.set(bus, byBus.get(bus) ?? []);
  }
  const shown = new Map<string, string>();
  return [...byBus.entries()].map(([bus, rules]) => {
    const groups = byTargets(placement, rules);
    const header = `${count(rules.length, 'rule')} on ${bus}${described(placement, bus)}`;
    if (groups.length === 1) {
      return item(`${header} -> ${groups[0].targets}`, groups[0].rules);
    }
    return item(header, groups.map(group => targetGroup(group, bus, shown)));
  });
}

/**
 * `-> topic X:` and its rules; rules shown on a bus before, with the same
 * targets, are counted, not repeated. `shown` remembers where each rule was.
 */
function targetGroup(group: { targets: string; rules: Item[] }, bus: string, shown: Map<string, string>): Item {
  const key = (rule: Item) => `${group.targets}|${rule.text}`;
  const before = group.rules.filter(rule => shown.has(key(rule)));
  const buses = [...new Set(before.map(rule => shown.get(key(rule))!))];
  const fresh = group.rules.filter(rule => !shown.has(key(rule)));
  fresh.forEach(rule => shown.set(key(rule), bus));
  const same = before.length === 1 ? 'the same rule' : `the same ${count(before.length, 'rule')}`;
  if (fresh.length === 0) {
    return item(`-> ${group.targets}: ${same} as on ${list(buses)}`);
  }
  return item(`-> ${group.targets}:`, [...fresh, ...(before.length ? [item(`and ${same} as on ${list(buses)}`)] : [])]);
}

/**
 * The rules, one line each, grouped by what they target (`topic X and log group Y`), in the order of their
 * first rule; rules alike in all they show (the heartbeat rules of the forwarded regions) share one line.
 */
function byTargets(placement: Placement, rules: Array<{ [key: string]: any }>): Array<{ targets: string; rules: Item[] }> {
  const groups = new Map<string, string[]>();
  for (const props of rules) {
    const targets = list((props.Targets ?? []).map((target: any) => targetName(placement, target.Arn))) || 'no target';
    groups.set(targets, [...groups.get(targets) ?? [], ruleLine(placement, props)]);
  }
  return [...groups.entries()].map(([targets, lines]) => ({
    targets,
    rules: [...new Set(lines)].map(line => {
      const alike = lines.filter(other => other === line).length;
      return item(alike > 1 ? `${count(alike, 'rule')}: ${line}` : line);
    }),
  }));
}

function described(placement: Placement, bus: string): string {
  const found = resourcesOfType(placement, 'AWS::Events::EventBus').find(([id]) => `the bus ${placement.nameOf(id)}` === bus);
  const description = found?.[1].Properties?.Description;
  return typeof description === 'string' ? ` (${description})` : '';
}

function ruleLine(placement: Placement, props: { [key: string]: any }): string {
  const name = props.Name !== undefined ? `${placement.resolve(props.Name)}: ` : '';
  const readOnly = props.State === ALL_MANAGEMENT_EVENTS ? ' (sees read-only events)' : props.State === 'DISABLED' ? ', DISABLED' : '';
  return `${name}${placement.resolve(props.Description ?? props.ScheduleExpression ?? 'rule')}${readOnly}`;
}

/** `topic BreakGlass/LoginAlert/Topic`, `log group /aws/…`, `bus X`. */
function targetName(placement: Placement, arn: unknown): string {
  const ref = (arn as any)?.Ref;
  const resource = typeof ref === 'string' ? placement.resources[ref] : undefined;
  if (resource?.Type === 'AWS::SNS::Topic') {
    return `topic ${placement.nameOf(ref)}`;
  }
  const text = placement.resolve(arn);
  const logGroup = /:log-group:(.+)$/.exec(text);
  if (logGroup) {
    return `log group ${logGroup[1]}`;
  }
  const bus = /:event-bus\/(.+)$/.exec(text);
  return bus ? `bus ${bus[1]}` : text;
}
