import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { SCENARIO, scenarioApp } from './apps';
import { CfnContext, CfnTemplate, resolveCfn } from './cfn-resolve';
import { Breakage, DeployedQueue, DeployedRule, EventBridgeModel, EventOutcome, queuesOfTemplate, rulesOfTemplate } from './eventbridge-model';

/** A corpus event with the outcome it must have. */
export interface CorpusEvent {
  readonly file: string;
  readonly description: string;
  readonly expect: {
    readonly alert: boolean;
    readonly actions: 'read' | 'write' | null;
    readonly needsRegion?: string;
    readonly result?: string;
    /** Set on a tamper event about what exists only with the canary (`true`) or only with `canary: false`. */
    readonly canary?: boolean;
    /** An `AssumeRole*` call of a break-glass session (role chaining): recorded at every `logActions` level, whatever the services. */
    readonly chain?: boolean;
    /** A write that passes a role to a service: recorded at every `logActions` level, whatever the services. */
    readonly passesRole?: boolean;
    /** An action of a session chained from a break-glass session, carrying this person's source identity. */
    readonly chainedFrom?: string;
  };
  readonly event: any;
}

/** Every event of the shared corpus and of the project's own, by file name. */
export function loadEvents(...folders: string[]): CorpusEvent[] {
  return folders.flatMap(folder => {
    const dir = path.join(__dirname, '..', 'events', folder);
    return fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()
      .map(file => ({ file: `${folder}/${file}`, ...JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8')) }));
  });
}

/** The placeholders of the names every forwarded region's resources share. */
const FORWARDING_PLACEHOLDERS =
  /\$\{(ForwardRuleName|GuardRuleName|ForwardedDeadLetterQueueName|ForwardingAlarmName|CanaryRoleName|CanaryScheduleName|ForwarderRoleName|StackSetName)\}/g;

/**
 * The events with the names every forwarded region's resources share filled
 * in, as the corpus scenario's app names them; other `${Placeholder}`s stay.
 */
export function withForwardingNames(events: CorpusEvent[]): CorpusEvent[] {
  const watch = scenarioApp({ regions: ['eu-west-1'] }).breakGlass.watch;
  const values: { [placeholder: string]: string } = {
    ForwardRuleName: watch.forwardRuleName!,
    GuardRuleName: watch.guardRuleName!,
    ForwardedDeadLetterQueueName: watch.forwardedDeadLetterQueueName!,
    // With the canary (the default) there is no forwarding alarm: its events name nothing protected.
    ForwardingAlarmName: watch.forwardingAlarmName ?? 'no-forwarding-alarm',
    CanaryRoleName: watch._canary!.settings.name,
    CanaryScheduleName: watch._canary!.settings.name,
    ForwarderRoleName: watch._forwardedNames!.forwarderRolePrefix,
    StackSetName: watch.stackSetName!,
  };
  return events.map(e => JSON.parse(JSON.stringify(e).replace(FORWARDING_PLACEHOLDERS, (_match, name: string) => values[name])));
}

/** A CloudWatch alarm as deployed: its name and the metric it reads, resolved. */
export interface DeployedAlarm {
  readonly name: string;
  readonly region: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: { readonly [name: string]: string };
}

/** What an app deploys, in every region: rules, SQS queues and alarms. */
export interface Deployment {
  readonly rules: DeployedRule[];
  readonly queues: DeployedQueue[];
  readonly alarms: DeployedAlarm[];
}

/**
 * Everything the app deploys, in every region: each stack's own resources,
 * and each StackSet's template in each of its instance regions.
 */
export function deploy(app: App): Deployment {
  const assembly = app.synth();
  const placed = assembly.stacks.flatMap((artifact): CfnContext[] => {
    const template = artifact.template as CfnTemplate;
    const ctx = { account: artifact.environment.account, region: artifact.environment.region, partition: SCENARIO.partition, template };
    const stackSets = Object.values(template.Resources)
      .filter(resource => resource.Type === 'AWS::CloudFormation::StackSet')
      .flatMap(resource => {
        const props = resolveCfn(resource.Properties, ctx);
        const body = JSON.parse(props.TemplateBody) as CfnTemplate;
        const parameters = Object.fromEntries(props.Parameters.map((p: any) => [p.ParameterKey, p.ParameterValue]));
        return props.StackInstancesGroup.flatMap((group: any) => group.Regions.map((region: string) =>
          ({ ...ctx, region, template: body, parameters })));
      });
    return [ctx, ...stackSets];
  });
  return {
    rules: placed.flatMap(ctx => rulesOfTemplate(ctx.template, ctx)),
    queues: placed.flatMap(ctx => queuesOfTemplate(ctx.template, ctx)),
    alarms: placed.flatMap(ctx => Object.values(ctx.template.Resources).filter(r => r.Type === 'AWS::CloudWatch::Alarm').map(r => {
      const props = resolveCfn(r.Properties, ctx);
      return {
        name: props.AlarmName,
        region: ctx.region,
        namespace: props.Namespace,
        metricName: props.MetricName,
        dimensions: Object.fromEntries((props.Dimensions ?? []).map((d: any) => [d.Name, d.Value])),
      };
    })),
  };
}

/** Every rule the app deploys, in every region. */
export function deployedRules(app: App): DeployedRule[] {
  return deploy(app).rules;
}

/** What each event leads to: an alert (with its text) and/or a recorded action. */
export interface Outcome {
  readonly alerts: string[];
  /** Whether the event was recorded as an action of the role. */
  readonly actionLogged: boolean;
  /** Whether the event was recorded in the action log as an assumption: the record naming who obtained a session. */
  readonly assumptionRecorded: boolean;
  readonly loginLogged: boolean;
  /**
   * Names of the heartbeat alarms the event feeds: those reading
   * `SuccessfulInvocationAttempts` of a rule that delivered it, by the
   * dimensions EventBridge publishes (`RuleName` for a default-bus rule,
   * `EventBusName` and `RuleName` for a custom bus's).
   */
  readonly heartbeats: string[];
}

/** Runs events through EventBridge as the app would deploy it: its rules, and the queues and alarms of `deployment` when given. */
export function outcomes(rules: DeployedRule[], events: any[], breakage: Breakage = {}, deployment: Partial<Deployment> = {}): Outcome[] {
  return new EventBridgeModel(rules, breakage, deployment.queues ?? []).deliver(events)
    .map(outcome => summarize(outcome, deployment.alarms ?? []));
}

/** The alarms that count a successful delivery of `rule` (region, bus and name) on `metricName`. */
export function alarmsOfRule(alarms: DeployedAlarm[], rule: { region: string; bus: string; ruleName: string }, metricName: string): DeployedAlarm[] {
  const dimensions = rule.bus === 'default' ? { RuleName: rule.ruleName } : { EventBusName: rule.bus, RuleName: rule.ruleName };
  return alarms.filter(alarm => alarm.region === rule.region && alarm.namespace === 'AWS/Events' && alarm.metricName === metricName
    && JSON.stringify(alarm.dimensions) === JSON.stringify(dimensions));
}

/** Whether a rule (by logical id) records assumptions in the action log, rather than actions. */
export function isAssumptionRecord(ruleId: string): boolean {
  return /AssumptionsRule/.test(ruleId);
}

function summarize(outcome: EventOutcome, alarms: DeployedAlarm[]): Outcome {
  return {
    // An alarm is fed once by an event, however many of its rule's targets received it.
    heartbeats: [...new Set(outcome.deliveries.flatMap(d => alarmsOfRule(alarms, d, 'SuccessfulInvocationAttempts').map(alarm => alarm.name)))],
    alerts: outcome.deliveries.filter(d => d.arn.includes(':sns:')).map(d => d.payload),
    actionLogged: outcome.deliveries.some(d => d.arn.includes(':logs:') && d.arn.includes('LogActions') && !isAssumptionRecord(d.rule)),
    assumptionRecorded: outcome.deliveries.some(d => d.arn.includes(':logs:') && d.arn.includes('LogActions') && isAssumptionRecord(d.rule)),
    loginLogged: outcome.deliveries.some(d => d.arn.includes(':logs:') && d.arn.includes('LoginAlert')),
  };
}
