import { SCENARIO, scenarioApp } from './apps';
import { Breakage, DeployedQueue, EventBridgeModel, EventOutcome } from './eventbridge-model';
import { alarmsOfRule, CorpusEvent, deploy, Deployment, loadEvents } from './scenario';

/**
 * The fault table: the corpus scenario's app (`regions: ['eu-west-1']`, a
 * StackSet, action logging and a login log), broken one way at a time, with
 * every alerting or recorded corpus event and each region's canary heartbeat
 * run through the EventBridge model. For each fault: what reaches its target,
 * what is kept in which region's dead-letter queue, what is lost (kept
 * nowhere), and which alarms go off.
 */

/** One way the path can break, as the model is told it. */
export interface Fault {
  readonly name: string;
  readonly breakage: (names: ScenarioNames) => Breakage;
  /** The queues as the fault leaves them: by default, as deployed. */
  readonly queues?: (queues: DeployedQueue[], names: ScenarioNames) => DeployedQueue[];
}

/** What a fault did to the corpus and the heartbeats. */
export interface FaultResult {
  readonly fault: string;
  /** Deliveries that reached their target (alerts, log records, heartbeats). */
  readonly delivered: number;
  /** Deliveries kept in a dead-letter queue, by the queue's region. */
  readonly kept: { [region: string]: number };
  /** Error codes of what was kept. */
  readonly errorCodes: string[];
  /** The longest a kept event waited before it was kept, in seconds. */
  readonly maxDelaySeconds: number;
  /** Deliveries lost: failed, and kept nowhere. */
  readonly lost: number;
  /** Names of the alarms that go off: the queues' (a message kept there) and the heartbeats' (a region without one). */
  readonly alarms: string[];
}

/** The names the faults break, as the scenario's app deploys them. */
export interface ScenarioNames {
  readonly home: string;
  readonly forwarded: string[];
  readonly alertTopicArn: string;
  readonly logGroupArns: string[];
  readonly forwarderRoleArn: string;
  readonly centralBus: string;
}

export const FAULTS: Fault[] = [
  { name: 'none', breakage: () => ({}) },
  { name: 'alert topic policy refuses EventBridge', breakage: n => ({ refusingTargets: [n.alertTopicArn] }) },
  // SNS refuses the publish when EventBridge may not use the topic's key: to EventBridge, the target refuses it.
  { name: 'alert topic\'s KMS key policy refuses EventBridge', breakage: n => ({ refusingTargets: [n.alertTopicArn] }) },
  { name: 'alert topic throttling every attempt', breakage: n => ({ throttlingTargets: [n.alertTopicArn] }) },
  { name: 'alert topic deleted', breakage: n => ({ missingTargets: [n.alertTopicArn] }) },
  // One resource policy lets EventBridge write to every log group of the watch: removing it refuses them all.
  { name: 'log groups\' resource policy removed', breakage: n => ({ refusingTargets: n.logGroupArns }) },
  { name: 'central bus policy refusing eu-west-1', breakage: n => ({ refusedForwards: [{ bus: n.centralBus, fromRegion: 'eu-west-1' }] }) },
  { name: 'forwarder role deleted', breakage: n => ({ missingRoles: [n.forwarderRoleArn] }) },
  // The control: what the queues save. Its policy replaced (a tamper alert), the home queue refuses EventBridge too.
  {
    name: 'alert topic policy refuses EventBridge, and the home queue\'s policy removed',
    breakage: n => ({ refusingTargets: [n.alertTopicArn] }),
    queues: (queues, n) => queues.map(queue => (queue.region === n.home ? { ...queue, policy: [] } : queue)),
  },
];

/** The events every fault is run with: each corpus event that alerts or is recorded, and the canary's denied attempt in each watched region. */
export function faultEvents(canaryRoleName: string, regions: string[]): CorpusEvent[] {
  const corpus = loadEvents('corpus', 'extra').filter(e => e.expect.alert || e.expect.actions !== null)
    // The scenario watches its home region, us-east-1 and eu-west-1.
    .filter(e => regions.includes(e.event.region));
  const [canary] = loadEvents('canary').filter(e => e.file === 'canary/canary-denied.json')
    .map(e => JSON.parse(JSON.stringify(e).replace(/\$\{CanaryRoleName\}/g, canaryRoleName)));
  return [...corpus, ...regions.map(region => ({
    ...canary,
    file: `${canary.file} in ${region}`,
    event: { ...canary.event, region, detail: { ...canary.event.detail, awsRegion: region } },
  }))];
}

/** The scenario's app, deployed, with the names the faults break. */
export function faultScenario(): { deployment: Deployment; names: ScenarioNames; events: CorpusEvent[] } {
  const { app, breakGlass } = scenarioApp({ regions: ['eu-west-1'], createLoginLogGroup: true });
  const deployment = deploy(app);
  const watch = breakGlass.watch;
  const home = deployment.rules.filter(r => r.region === SCENARIO.home);
  const targetArns = home.flatMap(r => r.targets.map(t => t.arn));
  const forwarding = deployment.rules.find(r => r.region === 'eu-west-1' && r.id === 'ForwardRule')!;
  const names: ScenarioNames = {
    home: SCENARIO.home,
    forwarded: [...watch.forwardedRegions],
    alertTopicArn: targetArns.find(arn => arn.includes(':sns:'))!,
    logGroupArns: [...new Set(targetArns.filter(arn => arn.includes(':logs:')))],
    forwarderRoleArn: forwarding.targets[0].roleArn!,
    centralBus: `${SCENARIO.home}/${home.find(r => r.bus !== 'default')!.bus}`,
  };
  return { deployment, names, events: faultEvents(watch._canary!.settings.name, [...watch.watchedRegions]) };
}

/** Runs every fault. */
export function faultTable(): FaultResult[] {
  const { deployment, names, events } = faultScenario();
  return FAULTS.map(fault => {
    const queues = fault.queues ? fault.queues(deployment.queues, names) : deployment.queues;
    const outcomes = new EventBridgeModel(deployment.rules, fault.breakage(names), queues).deliver(events.map(e => e.event));
    return summarize(fault.name, outcomes, deployment);
  });
}

function summarize(fault: string, outcomes: EventOutcome[], deployment: Deployment): FaultResult {
  const deadLetters = outcomes.flatMap(o => o.deadLetters);
  const regionOf = (queueArn: string) => queueArn.split(':')[3];
  const kept: { [region: string]: number } = {};
  for (const letter of deadLetters) {
    kept[regionOf(letter.queueArn)] = (kept[regionOf(letter.queueArn)] ?? 0) + 1;
  }
  const queueName = (queueArn: string) => queueArn.split(':')[5];
  const queueAlarms = deployment.alarms.filter(alarm => alarm.namespace === 'AWS/SQS'
    && deadLetters.some(letter => regionOf(letter.queueArn) === alarm.region && queueName(letter.queueArn) === alarm.dimensions.QueueName));
  // A heartbeat alarm reads its rule's successful deliveries: it goes off when none came.
  const fed = new Set(outcomes.flatMap(o => o.deliveries)
    .flatMap(d => alarmsOfRule(deployment.alarms, d, 'SuccessfulInvocationAttempts')).map(alarm => alarm.name));
  const silent = deployment.alarms.filter(alarm => alarm.metricName === 'SuccessfulInvocationAttempts' && !fed.has(alarm.name));
  return {
    fault,
    delivered: outcomes.reduce((n, o) => n + o.deliveries.length, 0),
    kept,
    errorCodes: [...new Set(deadLetters.map(letter => letter.errorCode))].sort(),
    maxDelaySeconds: Math.max(0, ...deadLetters.map(letter => letter.delaySeconds)),
    lost: outcomes.reduce((n, o) => n + o.lost.length, 0),
    alarms: [...queueAlarms, ...silent].map(alarm => alarm.name).sort(),
  };
}

/** The table as Markdown, alarms named by what they watch. */
export function faultMarkdown(results: FaultResult[], alarmLabel: (name: string) => string): string {
  const rows = results.map(r => [
    r.fault,
    String(r.delivered),
    Object.entries(r.kept).map(([region, n]) => `${n} in ${region}`).join(', ') || '0',
    r.errorCodes.join(', ') || '—',
    r.maxDelaySeconds ? `≤ ${r.maxDelaySeconds / 60} min` : r.errorCodes.length ? 'at once' : '—',
    String(r.lost),
    r.alarms.map(alarmLabel).join(', ') || 'none',
  ]);
  const header = ['fault', 'delivered', 'kept (dead-letter queue)', 'error code', 'kept after', 'lost', 'alarms that go off'];
  return [header, header.map((_, i) => (i === 0 ? '---' : i === 6 ? '---' : '---:')), ...rows].map(cells => `| ${cells.join(' | ')} |`).join('\n');
}
