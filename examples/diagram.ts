import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { createExampleApp } from './app';
import { placements as allPlacements } from './describe/placements';
import { Placement, resourcesOfType } from './describe/template';

/**
 * A Mermaid flowchart of what the assembly deploys where: one box per stack
 * (its region), one per StackSet however many regions it reaches; in each, the
 * break-glass role, buses and their rules, topics, log groups, alarms, canary.
 */
export function mermaidDiagram(assembly: cxapi.CloudAssembly): string {
  const graph = new Graph();
  const groups = groupPlacements(allPlacements(assembly));
  groups.forEach((group, i) => addGroup(graph, `g${i}`, group, groups.length > 1 && new Set(groups.map(g => g.account)).size > 1));
  return graph.render();
}

/** Placements of one container in one account: a stack, or every region of a StackSet. */
interface Group {
  readonly account: string;
  readonly container: string;
  readonly regions: string[];
  /** The first placement: StackSet instances differ only by region. */
  readonly placement: Placement;
  readonly home: boolean;
}

function groupPlacements(placements: Placement[]): Group[] {
  const groups = new Map<string, Placement[]>();
  for (const p of placements) {
    const key = `${p.account}|${p.container}`;
    groups.set(key, [...groups.get(key) ?? [], p]);
  }
  return [...groups.values()].map(members => ({
    account: members[0].account,
    container: members[0].container,
    regions: members.map(m => m.region),
    placement: members[0],
    home: members[0].container.startsWith('Stack '),
  }));
}

function groupLabel(group: Group, withAccount: boolean): string {
  const account = withAccount ? `${group.account}, ` : '';
  if (group.home) {
    return `${account}${group.regions[0]} (home region): ${group.container.replace(/^Stack /, 'stack ')}`;
  }
  const regions = group.regions.length === 1 ? group.regions[0]
    : `each other watched region (${group.regions.length})${group.regions.length <= 4 ? `: ${group.regions.join(', ')}` : ''}`;
  return `${account}${regions}`;
}

function addGroup(graph: Graph, id: string, group: Group, withAccount: boolean): void {
  const p = group.placement;
  graph.subgraph(id, groupLabel(group, withAccount));
  for (const [roleId, role] of resourcesOfType(p, 'AWS::IAM::Role')) {
    if (/aws:username|aws:userid/.test(JSON.stringify(role.Properties?.AssumeRolePolicyDocument ?? {}))) {
      graph.node(`role:${p.nameOf(roleId)}`, id, `break-glass role ${p.nameOf(roleId)}`);
    }
  }
  addBuses(graph, id, p);
  for (const [topicId] of resourcesOfType(p, 'AWS::SNS::Topic')) {
    const topic = graph.node(`topic:${p.nameOf(topicId)}:${id}`, id, `alert topic ${p.nameOf(topicId)}`);
    const emails = resourcesOfType(p, 'AWS::SNS::Subscription').filter(([, s]) => s.Properties?.TopicArn?.Ref === topicId)
      .map(([, s]) => p.resolve(s.Properties?.Endpoint));
    if (emails.length) {
      graph.edge(topic, graph.node(`email:${topic}`, id, `email ${emails.join(', ')}`), 'alerts');
    }
  }
  for (const [logId] of resourcesOfType(p, 'AWS::Logs::LogGroup')) {
    graph.node(`log:${p.nameOf(logId)}`, id, `log group ${shortName(p.nameOf(logId))}`);
  }
  for (const [functionId, fn] of resourcesOfType(p, 'AWS::Lambda::Function')) {
    const description = String(p.resolve(fn.Properties?.Description));
    const what = ['readiness check', 'alert path check'].find(check => description.startsWith(`Break-glass ${check}`));
    graph.node(`fn:${functionId}:${id}`, id, what ? `${what} function` : 'function');
  }
  addAlarms(graph, id, p);
  addSchedules(graph, id, p);
  for (const [setId] of resourcesOfType(p, 'AWS::CloudFormation::StackSet')) {
    graph.node(`stackset:${p.nameOf(setId)}`, id, `StackSet ${p.nameOf(setId)}`);
  }
  if (!group.home) {
    graph.edge(graph.node(`stackset:${group.container.replace(/^StackSet /, '')}`, '', ''), id, 'deploys', true);
  }
}

/** One node per bus, counting its rules, with an edge to each target. */
function addBuses(graph: Graph, id: string, p: Placement): void {
  const rules = resourcesOfType(p, 'AWS::Events::Rule');
  const onDefault = rules.filter(([, r]) => r.Properties?.EventBusName === undefined);
  if (onDefault.length) {
    const trail = graph.node(`trail:${id}`, id, 'CloudTrail events of the region');
    graph.edge(trail, graph.node(`bus:default:${id}`, id, `default bus: ${plural(onDefault.length, 'rule')}`));
  }
  for (const [busId] of resourcesOfType(p, 'AWS::Events::EventBus')) {
    const count = rules.filter(([, r]) => p.resolve(r.Properties?.EventBusName) === p.nameOf(busId)).length;
    graph.node(`bus:${p.nameOf(busId)}`, id, `central bus ${p.nameOf(busId)}: ${plural(count, 'rule')}`);
  }
  for (const [queueId] of resourcesOfType(p, 'AWS::SQS::Queue')) {
    graph.node(`queue:${queueId}:${id}`, id, 'dead-letter queue, 14 days');
  }
  for (const [, rule] of rules) {
    const bus = rule.Properties?.EventBusName === undefined ? `bus:default:${id}` : `bus:${p.resolve(rule.Properties.EventBusName)}`;
    for (const target of rule.Properties?.Targets ?? []) {
      const to = targetKey(p, id, target.Arn);
      graph.edge(graph.node(bus, id, ''), graph.node(to, id, ''), to.startsWith('bus:') ? 'forwards' : undefined);
      const queueId = target.DeadLetterConfig?.Arn?.['Fn::GetAtt']?.[0];
      if (typeof queueId === 'string') {
        graph.edge(graph.node(bus, id, ''), graph.node(`queue:${queueId}:${id}`, id, ''), 'undelivered', true);
      }
    }
  }
}

function targetKey(p: Placement, id: string, arn: unknown): string {
  const ref = (arn as any)?.Ref;
  if (typeof ref === 'string' && p.resources[ref]?.Type === 'AWS::SNS::Topic') {
    return `topic:${p.nameOf(ref)}:${id}`;
  }
  const attribute = (arn as any)?.['Fn::GetAtt']?.[0];
  if (typeof attribute === 'string' && p.resources[attribute]?.Type === 'AWS::Lambda::Function') {
    return `fn:${attribute}:${id}`;
  }
  const text = p.resolve(arn);
  const logGroup = /:log-group:(.+)$/.exec(text)?.[1];
  const bus = /:event-bus\/(.+)$/.exec(text)?.[1] ?? /^bus (.+)$/.exec(text)?.[1];
  return logGroup ? `log:${logGroup}` : bus ? `bus:${bus}` : `other:${text}`;
}

/** One node per kind of alarm (same metric), with an edge to the topics it notifies. */
function addAlarms(graph: Graph, id: string, p: Placement): void {
  const kinds = new Map<string, Array<{ [key: string]: any }>>();
  for (const [, alarm] of resourcesOfType(p, 'AWS::CloudWatch::Alarm')) {
    const props = alarm.Properties ?? {};
    const metric = props.Namespace === 'AWS/SQS' ? 'dead-letter queue' : props.MetricName === 'SuccessfulInvocationAttempts' ? 'heartbeat' : props.MetricName;
    kinds.set(metric, [...kinds.get(metric) ?? [], props]);
  }
  for (const [metric, alarms] of kinds) {
    const node = graph.node(`alarms:${metric}:${id}`, id, `${plural(alarms.length, `${metric} alarm`)}`);
    for (const action of new Set(alarms.flatMap(a => a.AlarmActions ?? []).map(a => a?.Ref).filter(Boolean))) {
      graph.edge(node, graph.node(`topic:${p.nameOf(action)}:${id}`, id, ''), 'notify');
    }
  }
}

/** Schedules; a canary's edge goes to the role it tries to assume. */
function addSchedules(graph: Graph, id: string, p: Placement): void {
  for (const [scheduleId, schedule] of resourcesOfType(p, 'AWS::Scheduler::Schedule')) {
    const props = schedule.Properties ?? {};
    const node = graph.node(`schedule:${scheduleId}:${id}`, id, `canary schedule, ${p.resolve(props.ScheduleExpression)}`);
    const role = /"RoleArn":"role ([^"]+)"/.exec(p.resolve(props.Target?.Input))?.[1];
    if (role) {
      graph.edge(node, graph.node(`role:${role}`, '', ''), 'tries to assume, denied', true);
    }
  }
}

/** `/aws/events/break-glass/Stack-BreakGlass-LoginAlert-10AE900A-LogGroup` → `…LoginAlert…`. */
function shortName(logGroup: string): string {
  const parts = logGroup.split('/').pop()!.split('-').filter(part => !/^[0-9A-F]{8}$/.test(part) && part !== 'LogGroup');
  return parts.slice(-1)[0] ?? logGroup;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Nodes (found by key, placed in the first subgraph that names them) and edges, rendered in insertion order. */
class Graph {
  private readonly subgraphs: Array<{ id: string; label: string }> = [];
  private readonly nodes = new Map<string, { id: string; subgraph: string; label: string }>();
  private readonly edges = new Set<string>();

  public subgraph(id: string, label: string): void {
    this.subgraphs.push({ id, label });
  }

  /** The node for `key`, made on first use; a later call with a label gives one to a node first seen without. */
  public node(key: string, subgraph: string, label: string): string {
    const existing = this.nodes.get(key);
    if (existing) {
      if (!existing.label && label) {
        this.nodes.set(key, { ...existing, subgraph, label });
      }
      return existing.id;
    }
    const id = `n${this.nodes.size}`;
    this.nodes.set(key, { id, subgraph, label });
    return id;
  }

  public edge(from: string, to: string, label?: string, dotted = false): void {
    const arrow = dotted ? '-.->' : '-->';
    this.edges.add(label ? `${from} ${arrow}|${label}| ${to}` : `${from} ${arrow} ${to}`);
  }

  public render(): string {
    const nodes = [...this.nodes.values()];
    const lines = ['flowchart LR'];
    for (const subgraph of this.subgraphs) {
      lines.push(`  subgraph ${subgraph.id}["${escape(subgraph.label)}"]`);
      nodes.filter(n => n.subgraph === subgraph.id).forEach(n => lines.push(`    ${n.id}["${escape(n.label || n.id)}"]`));
      lines.push('  end');
    }
    nodes.filter(n => !this.subgraphs.some(s => s.id === n.subgraph)).forEach(n => lines.push(`  ${n.id}["${escape(n.label || n.id)}"]`));
    return [...lines, ...[...this.edges].map(e => `  ${e}`)].join('\n');
  }
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;');
}

/** The README's diagram: examples/app.ts. */
export function exampleDiagram(): string {
  const outdir = path.join(__dirname, 'cdk.out', 'diagram');
  fs.rmSync(outdir, { recursive: true, force: true });
  return mermaidDiagram(createExampleApp(outdir).synth());
}

if (require.main === module) {
  console.log(exampleDiagram());
}
