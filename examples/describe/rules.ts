import { count, item, Item, list } from './outline';
import { Placement, resourcesOfType } from './template';

const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** The event buses and their rules, the default bus first. */
export function describeRules(placement: Placement): Item[] {
  const byBus = new Map<string, Item[]>();
  for (const [, rule] of resourcesOfType(placement, 'AWS::Events::Rule')) {
    const props = rule.Properties ?? {};
    const bus = props.EventBusName === undefined ? 'the default bus' : `the bus ${placement.resolve(props.EventBusName)}`;
    byBus.set(bus, [...byBus.get(bus) ?? [], item(ruleLine(placement, props))]);
  }
  const buses = resourcesOfType(placement, 'AWS::Events::EventBus').map(([id]) => `the bus ${placement.nameOf(id)}`);
  for (const bus of buses) {
    byBus.set(bus, byBus.get(bus) ?? []);
  }
  return [...byBus.entries()].map(([bus, rules]) => item(`${count(rules.length, 'rule')} on ${bus}${described(placement, bus)}`, rules));
}

function described(placement: Placement, bus: string): string {
  const found = resourcesOfType(placement, 'AWS::Events::EventBus').find(([id]) => `the bus ${placement.nameOf(id)}` === bus);
  const description = found?.[1].Properties?.Description;
  return typeof description === 'string' ? ` (${description})` : '';
}

function ruleLine(placement: Placement, props: { [key: string]: any }): string {
  const name = props.Name !== undefined ? `${placement.resolve(props.Name)}: ` : '';
  const readOnly = props.State === ALL_MANAGEMENT_EVENTS ? ' (sees read-only events)' : props.State === 'DISABLED' ? ', DISABLED' : '';
  const targets = (props.Targets ?? []).map((target: any) => targetName(placement, target.Arn));
  return `${name}${placement.resolve(props.Description ?? props.ScheduleExpression ?? 'rule')}${readOnly} -> ${list(targets) || 'no target'}`;
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
