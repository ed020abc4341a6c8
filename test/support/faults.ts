import { deployedPath, DeployedPath, PathChanges, pathReaders } from './alert-path-model';
import { SCENARIO, scenarioApp } from './apps';
import { Breakage, DeployedQueue, EventBridgeModel, EventOutcome } from './eventbridge-model';
import { alarmsOfRule, CorpusEvent, deploy, Deployment, loadEvents } from './scenario';
import { PathProblem, provePath } from '../../src/private/alert-path/prove-path';

/**
 * The fault table: the corpus scenario's app (`regions: ['eu-west-1']`, a
 * StackSet, action logging and a login log), broken one way at a time, with
 * every alerting or recorded corpus event and each region's canary heartbeat
 * run through the EventBridge model, and the home heartbeat's alert path check
 * run on the account as the fault leaves it. For each fault: what reaches its
 * target, what is kept in which region's dead-letter queue (a failed check
 * is kept in the home queue by Lambda), what is lost (kept nowhere), what the
 * check found, and which alarms go off.
 */

/** One way the path can break, as the model is told it. */
export interface Fault {
  readonly name: string;
  readonly breakage: (names: ScenarioNames) => Breakage;
  /** The queues as the fault leaves them: by default, as deployed. */
  readonly queues?: (queues: DeployedQueue[], names: ScenarioNames) => DeployedQueue[];
  /**
   * What the alert path check reads of the fault: by default, the breakage's rules disabled or emptied, its
   * refusing topics with a policy statement denying EventBridge, its missing topics deleted.
   */
  readonly path?: (names: ScenarioNames) => PathChanges;
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
  /** What the alert path check found at the home region's heartbeat: each problem's text. */
  readonly pathProblems: string[];
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
  /** The home region's login rules, by their kind (`AssumeRoleFailed`), and its tamper rules rule, by ARN. */
  readonly loginRuleArns: { [kind: string]: string };
  readonly tamperRulesRuleArn: string;
}

export const FAULTS: Fault[] = [
  { name: 'none', breakage: () => ({}) },
  { name: 'alert topic policy refuses EventBridge', breakage: n => ({ refusingTargets: [n.alertTopicArn] }) },
  // SNS refuses the publish when EventBridge may not use the topic's key: to EventBridge, the target refuses it.
  // One SetTopicAttributes does it: the topic encrypted with the AWS managed key, whose policy EventBridge is not in.
  {
    name: 'alert topic\'s KMS key refuses EventBridge (the AWS managed key set on it)',
    breakage: n => ({ refusingTargets: [n.alertTopicArn] }),
    path: n => ({ awsManagedKeyTopics: [n.alertTopicArn] }),
  },
  { name: 'alert topic throttling every attempt', breakage: n => ({ throttlingTargets: [n.alertTopicArn] }) },
  { name: 'alert topic deleted', breakage: n => ({ missingTargets: [n.alertTopicArn] }) },
  // One resource policy lets EventBridge write to every log group of the watch: removing it refuses them all.
  { name: 'log groups\' resource policy removed', breakage: n => ({ refusingTargets: n.logGroupArns }) },
  { name: 'central bus policy refusing eu-west-1', breakage: n => ({ refusedForwards: [{ bus: n.centralBus, fromRegion: 'eu-west-1' }] }) },
  { name: 'forwarder role deleted', breakage: n => ({ missingRoles: [n.forwarderRoleArn] }) },
  // The alerting rules, each one call away from silence; the tamper rules see the call, the check the state it leaves.
  { name: 'login rule AssumeRoleFailed disabled', breakage: n => ({ disabledRules: [n.loginRuleArns.AssumeRoleFailed] }) },
  { name: 'login rule AssumeRole\'s targets removed', breakage: n => ({ emptiedRules: [n.loginRuleArns.AssumeRole] }) },
  { name: 'tamper rules rule disabled', breakage: n => ({ disabledRules: [n.tamperRulesRuleArn] }) },

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
  return [...corpus, ...regions.map(region => canaryHeartbeat(canaryRoleName, region))];
}

/** The canary's denied attempt recorded in `region`: a heartbeat of that region. */
export function canaryHeartbeat(canaryRoleName: string, region: string): CorpusEvent {
  const [canary] = loadEvents('canary').filter(e => e.file === 'canary/canary-denied.json')
    .map(e => JSON.parse(JSON.stringify(e).replace(/\$\{CanaryRoleName\}/g, canaryRoleName)));
  return {
    ...canary,
    file: `${canary.file} in ${region}`,
    event: { ...canary.event, region, detail: { ...canary.event.detail, awsRegion: region } },
  };
}

/** The scenario's app, deployed, with the names the faults break and its alert path check. */
export function faultScenario(): { deployment: Deployment; names: ScenarioNames; events: CorpusEvent[]; path: DeployedPath } {
  const { app, breakGlass } = scenarioApp({ regions: ['eu-west-1'], createLoginLogGroup: true });
  const deployment = deploy(app);
  const watch = breakGlass.watch;
  const home = deployment.rules.filter(r => r.region === SCENARIO.home);
  const targetArns = home.flatMap(r => r.targets.map(t => t.arn));
  const forwarding = deployment.rules.find(r => r.region === 'eu-west-1' && r.id === 'ForwardRule')!;
  const homeLoginRule = (kind: string) => home.find(r => r.bus === 'default' && new RegExp(`LoginAlert${kind}Rule[0-9A-F]{8}$`).test(r.id))!.arn;
  const names: ScenarioNames = {
    home: SCENARIO.home,
    forwarded: [...watch.forwardedRegions],
    alertTopicArn: targetArns.find(arn => arn.includes(':sns:'))!,
    logGroupArns: [...new Set(targetArns.filter(arn => arn.includes(':logs:')))],
    forwarderRoleArn: forwarding.targets[0].roleArn!,
    centralBus: `${SCENARIO.home}/${home.find(r => r.bus !== 'default')!.bus}`,
    loginRuleArns: Object.fromEntries(['AssumeRole', 'AssumeRoleFailed', 'SwitchRole', 'ConsoleLogin'].map(kind => [kind, homeLoginRule(kind)])),
    tamperRulesRuleArn: home.find(r => r.name.endsWith('-Tamper-Rules'))!.arn,
  };
  return { deployment, names, events: faultEvents(watch._canary!.settings.name, [...watch.watchedRegions]), path: deployedPath(app) };
}

/** Each home rule that alerts people through the alert topic, disabled, and emptied of its targets: a fault each. */
export function alertingRuleFaults(deployment: Deployment, names: ScenarioNames): Fault[] {
  return deployment.rules.filter(rule => rule.region === names.home && rule.targets.some(target => target.arn === names.alertTopicArn))
    .flatMap(rule => [
      { name: `${rule.bus}/${rule.name} disabled`, breakage: () => ({ disabledRules: [rule.arn] }) },
      { name: `${rule.bus}/${rule.name} emptied of its targets`, breakage: () => ({ emptiedRules: [rule.arn] }) },
    ]);
}

/** What the alert path check reads of a breakage: its rules disabled or emptied, its refusing topics denying EventBridge, its missing ones deleted. */
export function pathChangesOf(breakage: Breakage): PathChanges {
  const topics = (arns: string[] = []) => arns.filter(arn => arn.includes(':sns:'));
  return {
    disabledRules: breakage.disabledRules,
    emptiedRules: breakage.emptiedRules,
    deniedTopics: topics(breakage.refusingTargets),
    deletedTopics: topics(breakage.missingTargets),
  };
}

/**
 * Runs every fault: the corpus and heartbeats through the EventBridge model, then, where the home region's
 * heartbeat reached the alert path check, the check on the account as the fault leaves it.
 */
export async function faultTable(faults: Fault[] = FAULTS): Promise<FaultResult[]> {
  const { deployment, names, events, path } = faultScenario();
  const homeHeartbeat = events.find(e => e.file.startsWith('canary/') && e.event.region === SCENARIO.home)!.event;
  return Promise.all(faults.map(async fault => {
    const queues = fault.queues ? fault.queues(deployment.queues, names) : deployment.queues;
    const breakage = fault.breakage(names);
    const outcomes = new EventBridgeModel(deployment.rules, breakage, queues).deliver(events.map(e => e.event));
    const checked = outcomes.some(o => o.deliveries.some(d => d.arn === path.functionArn));
    const readers = pathReaders(path, deployment.rules, fault.path?.(names) ?? pathChangesOf(breakage));
    const problems = checked ? await provePath(path.settings, readers, homeHeartbeat, SCENARIO.home) : [];
    return summarize(fault.name, outcomes, deployment, problems);
  }));
}

/** The error code the table gives a failed alert path check, which Lambda keeps in the home queue (its on-failure destination). */
export const PATH_BROKEN = 'AlertPathBroken';

function summarize(fault: string, outcomes: EventOutcome[], deployment: Deployment, problems: PathProblem[]): FaultResult {
  const regionOf = (queueArn: string) => queueArn.split(':')[3];
  const homeQueue = deployment.queues.find(queue => queue.region === SCENARIO.home)!.arn;
  const deadLetters = [
    ...outcomes.flatMap(o => o.deadLetters),
    // Lambda sends the failed run with the function's role, which its policy allows: the queue's policy is not asked.
    ...(problems.length > 0 ? [{ queueArn: homeQueue, errorCode: PATH_BROKEN, delaySeconds: 0 }] : []),
  ];
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
    pathProblems: problems.map(problem => problem.what),
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
    String(r.pathProblems.length),
    r.alarms.map(alarmLabel).join(', ') || 'none',
  ]);
  const header = ['fault', 'delivered', 'kept (dead-letter queue)', 'error code', 'kept after', 'lost', 'alert path problems', 'alarms that go off'];
  return [header, header.map((_, i) => (i === 0 || i === 7 ? '---' : '---:')), ...rows].map(cells => `| ${cells.join(' | ')} |`).join('\n');
}
