import { count, item, Item, list } from './outline';
import { Placement, resourcesOfType } from './template';

/**
 * The CloudWatch alarms, one line per kind (same metric, same actions): what
 * raises them and whom they notify.
 */
export function describeAlarms(placement: Placement): Item[] {
  const groups = new Map<string, Array<{ [key: string]: any }>>();
  for (const [, alarm] of resourcesOfType(placement, 'AWS::CloudWatch::Alarm')) {
    const props = alarm.Properties ?? {};
    const key = `${props.Namespace}|${props.MetricName}|${placement.resolve(props.AlarmActions)}`;
    groups.set(key, [...groups.get(key) ?? [], props]);
  }
  return [...groups.values()].map(alarms => item(alarmLine(placement, alarms)));
}

function alarmLine(placement: Placement, alarms: Array<{ [key: string]: any }>): string {
  const first = alarms[0];
  const metric = first.Metrics ? 'a metric-math expression' : `${first.Namespace} ${first.MetricName}`;
  const actions = [first.AlarmActions ?? []].flat().map((action: any) => notified(placement, action));
  return `${count(alarms.length, 'alarm')} on ${metric}${dimensions(placement, alarms)}: ${condition(first)} -> ${list(actions) || 'no one'}`;
}

/** ` per Region: us-east-2, eu-west-1`, or ` (one per rule above)`. */
function dimensions(placement: Placement, alarms: Array<{ [key: string]: any }>): string {
  const varying = varyingDimension(alarms);
  if (!varying) {
    return '';
  }
  const values = alarms.map(a => dimensionValue(a, varying));
  const referenced = values.map(value => referencedIds(value)[0]);
  if (referenced.every(id => id !== undefined && placement.resources[id])) {
    if (alarms.length === 1) {
      return ` of ${placement.nameOf(referenced[0]!)}`;
    }
    const kinds = [...new Set(referenced.map(id => placement.resources[id!].Type.replace(/^AWS::\w+::/, '').toLowerCase()))];
    return ` (one per ${list(kinds)} above)`;
  }
  const names = [...new Set(values.map(placement.resolve).filter(name => name !== ''))];
  return ` per ${varying}: ${list(names)}`;
}

/**
 * The dimension that tells the alarms apart: one every alarm has and whose value
 * differs, else one whose value differs, else the last every alarm has.
 */
function varyingDimension(alarms: Array<{ [key: string]: any }>): string | undefined {
  const names = [...new Set(alarms.flatMap(alarm => (alarm.Dimensions ?? []).map((d: any) => String(d.Name))))];
  const common = names.filter(name => alarms.every(alarm => dimensionValue(alarm, name) !== undefined));
  const varies = (name: string) => new Set(alarms.map(alarm => JSON.stringify(dimensionValue(alarm, name)))).size > 1;
  return common.find(varies) ?? names.find(varies) ?? common[common.length - 1];
}

function dimensionValue(alarm: { [key: string]: any }, name: string): unknown {
  return alarm.Dimensions?.find((d: any) => d.Name === name)?.Value;
}

/** The logical ids a value refers to, by Ref or Fn::GetAtt, however deep. */
function referencedIds(value: unknown): string[] {
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const object = value as { [key: string]: any };
  if (typeof object.Ref === 'string') {
    return [object.Ref];
  }
  if (Array.isArray(object['Fn::GetAtt'])) {
    return [object['Fn::GetAtt'][0]];
  }
  return Object.values(object).flatMap(referencedIds);
}

/** `Sum < 1 for 3 periods of 1 hour (no data counts as breaching)`. */
function condition(props: { [key: string]: any }): string {
  const operators: { [key: string]: string } = {
    GreaterThanOrEqualToThreshold: '>=', GreaterThanThreshold: '>', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=',
  };
  const period = Number(props.Period ?? 60);
  const span = period % 3600 === 0 ? count(period / 3600, 'hour') : period % 60 === 0 ? count(period / 60, 'minute') : `${period} s`;
  const missing = props.TreatMissingData === 'breaching' ? ' (no data counts as breaching)' : '';
  return `${props.Statistic ?? 'value'} ${operators[props.ComparisonOperator] ?? props.ComparisonOperator} ${props.Threshold} ` +
    `in ${props.DatapointsToAlarm ?? props.EvaluationPeriods} of ${count(Number(props.EvaluationPeriods), 'period')} of ${span}${missing}`;
}

function notified(placement: Placement, action: any): string {
  const ref = action?.Ref;
  if (typeof ref === 'string' && placement.resources[ref]?.Type === 'AWS::SNS::Topic') {
    return `topic ${placement.nameOf(ref)}`;
  }
  return placement.resolve(action).replace(/^arn:aws:sns:[^:]*:\d*:/, 'topic ');
}
