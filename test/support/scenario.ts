import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { SCENARIO, scenarioApp } from './apps';
import { CfnTemplate, resolveCfn } from './cfn-resolve';
import { Breakage, DeployedRule, EventBridgeModel, EventOutcome, rulesOfTemplate } from './eventbridge-model';

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
const FORWARDING_PLACEHOLDERS = /\$\{(ForwardRuleName|GuardRuleName|ForwardingAlarmName|CanaryRoleName|CanaryScheduleName)\}/g;

/**
 * The events with the names every forwarded region's resources share filled
 * in, as the corpus scenario's app names them; other `${Placeholder}`s stay.
 */
export function withForwardingNames(events: CorpusEvent[]): CorpusEvent[] {
  const watch = scenarioApp({ regions: ['eu-west-1'] }).breakGlass.watch;
  const values: { [placeholder: string]: string } = {
    ForwardRuleName: watch.forwardRuleName!,
    GuardRuleName: watch.guardRuleName!,
    // With the canary (the default) there is no forwarding alarm: its events name nothing protected.
    ForwardingAlarmName: watch.forwardingAlarmName ?? 'no-forwarding-alarm',
    CanaryRoleName: watch._canary!.settings.name,
    CanaryScheduleName: watch._canary!.settings.name,
  };
  return events.map(e => JSON.parse(JSON.stringify(e).replace(FORWARDING_PLACEHOLDERS, (_match, name: string) => values[name])));
}

/**
 * Every rule the app deploys, in every region: each stack's own rules, and
 * each StackSet's template in each of its instance regions.
 */
export function deployedRules(app: App): DeployedRule[] {
  const assembly = app.synth();
  return assembly.stacks.flatMap(artifact => {
    const template = artifact.template as CfnTemplate;
    const ctx = { account: artifact.environment.account, region: artifact.environment.region, partition: SCENARIO.partition, template };
    const stackSets = Object.values(template.Resources)
      .filter(resource => resource.Type === 'AWS::CloudFormation::StackSet')
      .flatMap(resource => {
        const props = resolveCfn(resource.Properties, ctx);
        const body = JSON.parse(props.TemplateBody) as CfnTemplate;
        const parameters = Object.fromEntries(props.Parameters.map((p: any) => [p.ParameterKey, p.ParameterValue]));
        return props.StackInstancesGroup.flatMap((group: any) => group.Regions.map((region: string) =>
          rulesOfTemplate(body, { ...ctx, region, template: body, parameters })));
      });
    return [...rulesOfTemplate(template, ctx), ...stackSets.flat()];
  });
}

/** What each event leads to: an alert (with its text) and/or a recorded action. */
export interface Outcome {
  readonly alerts: string[];
  readonly actionLogged: boolean;
  readonly loginLogged: boolean;
  /** Regions whose heartbeat the event counts for: as the heartbeat log's metric filter reads `detail.awsRegion`. */
  readonly heartbeats: string[];
}

/** Runs events through EventBridge as the app would deploy it. */
export function outcomes(rules: DeployedRule[], events: any[], breakage: Breakage = {}): Outcome[] {
  return new EventBridgeModel(rules, breakage).deliver(events).map((outcome, i) => summarize(outcome, events[i]));
}

function summarize(outcome: EventOutcome, event: any): Outcome {
  return {
    heartbeats: outcome.deliveries.filter(d => d.arn.includes(':logs:') && d.arn.includes('Heartbeat')).map(() => event.detail.awsRegion),
    alerts: outcome.deliveries.filter(d => d.arn.includes(':sns:')).map(d => d.payload),
    actionLogged: outcome.deliveries.some(d => d.arn.includes(':logs:') && d.arn.includes('LogActions')),
    loginLogged: outcome.deliveries.some(d => d.arn.includes(':logs:') && d.arn.includes('LoginAlert')),
  };
}
