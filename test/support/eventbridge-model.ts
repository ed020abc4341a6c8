import { CfnContext, CfnTemplate, createdResources, resolveCfn } from './cfn-resolve';
import { matchAll } from './event-ruler';
import { resourcePolicyAllows } from './iam-policy';

/** The rule state that admits read-only management events. */
export const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** A rule as deployed in one region: everything resolved. */
export interface DeployedRule {
  readonly id: string;
  /** The rule's ARN, as EventBridge names it as the source of a dead-letter message. */
  readonly arn: string;
  /** The rule's name, as its metrics' `RuleName` dimension holds it. */
  readonly name: string;
  /**
   * The account the rule is deployed in.
   *
   * @default - every account: the rule sees events of any account on its bus
   */
  readonly account?: string;
  readonly region: string;
  /** Name of the bus the rule is on. */
  readonly bus: string;
  readonly state: string;
  readonly pattern: object;
  readonly targets: DeployedTarget[];
}

/** A rule target as deployed. */
export interface DeployedTarget {
  /** The target's id in its rule, as `RemoveTargets` names it. */
  readonly id?: string;
  readonly arn: string;
  /** The role EventBridge assumes to deliver (a bus in another region). */
  readonly roleArn?: string;
  readonly inputTemplate?: string;
  readonly inputPathsMap?: { [name: string]: string };
  /** ARN of the SQS queue failed deliveries go to. */
  readonly deadLetterArn?: string;
  /** How long, and how many times, a retriable failure is retried; EventBridge's default is 24 hours and 185 attempts. */
  readonly retryPolicy?: { readonly maximumEventAgeSeconds: number; readonly maximumRetryAttempts: number };
}

/** An SQS queue as deployed: its ARN and the statements of its policy. */
export interface DeployedQueue {
  readonly arn: string;
  readonly region: string;
  readonly policy: any[];
}

/** An event kept in a dead-letter queue, with the attributes EventBridge adds. */
export interface DeadLetter {
  readonly queueArn: string;
  readonly rule: string;
  readonly targetArn: string;
  readonly errorCode: string;
  /** Whether EventBridge retried before giving up. */
  readonly retried: boolean;
  /**
   * Seconds from the first attempt to the queue, at most: a retriable error is
   * retried until the policy's attempts or event age run out, whichever comes
   * first (the back-off itself is not documented, so its bound is the age); an
   * error not retried goes at once.
   */
  readonly delaySeconds: number;
}

/** Where one event ended up. */
export interface EventOutcome {
  /** Every delivery to a non-bus target: the target ARN, the rule (its id, region, bus and name) and what it received. */
  readonly deliveries: Array<{
    readonly arn: string; readonly rule: string; readonly region: string; readonly bus: string; readonly ruleName: string; readonly payload: string;
  }>;
  /** Rules that received the event, as `region/bus/rule`. */
  readonly rulesHit: string[];
  /** Deliveries that failed and were kept in a dead-letter queue. */
  readonly deadLetters: DeadLetter[];
  /** Deliveries that failed and were kept nowhere: no dead-letter queue, or one that refused them. */
  readonly lost: Array<{ readonly rule: string; readonly targetArn: string; readonly errorCode: string }>;
}

/** Every rule of a template, deployed in the context's region. */
export function rulesOfTemplate(template: CfnTemplate, ctx: CfnContext): DeployedRule[] {
  return Object.entries(template.Resources)
    // A scheduled rule matches no event: it runs its targets on its schedule.
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule' && resource.Properties?.EventPattern !== undefined)
    .map(([id, resource]) => {
      const props = resolveCfn(resource.Properties, ctx);
      const busName = props.EventBusName === undefined ? 'default' : String(props.EventBusName).split('/').pop()!;
      return {
        id,
        arn: resolveCfn({ 'Fn::GetAtt': [id, 'Arn'] }, ctx),
        name: resolveCfn(props.Name ?? id, ctx),
        region: ctx.region,
        bus: busName,
        state: props.State ?? 'ENABLED',
        pattern: typeof props.EventPattern === 'string' ? JSON.parse(props.EventPattern) : props.EventPattern,
        targets: (props.Targets ?? []).map((t: any) => ({
          id: t.Id,
          arn: t.Arn,
          roleArn: t.RoleArn,
          inputTemplate: t.InputTransformer?.InputTemplate,
          inputPathsMap: t.InputTransformer?.InputPathsMap,
          deadLetterArn: t.DeadLetterConfig?.Arn,
          retryPolicy: t.RetryPolicy && {
            maximumEventAgeSeconds: t.RetryPolicy.MaximumEventAgeInSeconds,
            maximumRetryAttempts: t.RetryPolicy.MaximumRetryAttempts,
          },
        })),
      };
    });
}

/** Every SQS queue of a template, with its policy's statements, in the context's region. */
export function queuesOfTemplate(template: CfnTemplate, ctx: CfnContext): DeployedQueue[] {
  const created = new Set(createdResources(template, ctx));
  const policies = Object.entries(template.Resources).filter(([id, r]) => r.Type === 'AWS::SQS::QueuePolicy' && created.has(id))
    .map(([, r]) => resolveCfn(r.Properties, ctx));
  return Object.entries(template.Resources).filter(([id, r]) => r.Type === 'AWS::SQS::Queue' && created.has(id)).map(([id]) => {
    const url = resolveCfn({ Ref: id }, ctx);
    return {
      arn: resolveCfn({ 'Fn::GetAtt': [id, 'Arn'] }, ctx),
      region: ctx.region,
      policy: policies.filter(p => p.Queues.includes(url)).flatMap(p => p.PolicyDocument.Statement),
    };
  });
}

/**
 * EventBridge as it treats CloudTrail events: an event recorded in a region
 * lands on that region's default bus; a rule receives it only if enabled and,
 * for read-only management events, only in the all-management-events state;
 * Event Ruler decides the match; bus targets pass the event on, hop by hop.
 */
/**
 * What is broken in the account: deliveries that need it fail, with the error
 * code EventBridge gives it in the dead-letter message (User Guide, "Using
 * dead-letter queues to process undelivered events").
 */
export interface Breakage {
  /** ARNs of targets (a topic, a log group) whose policy, or key policy, refuses EventBridge: `NO_PERMISSIONS`, not retried. */
  readonly refusingTargets?: string[];
  /** ARNs of targets that no longer exist: `NO_RESOURCE`, not retried. */
  readonly missingTargets?: string[];
  /** ARNs of targets that throttle every attempt: `THROTTLING`, retried until the retry policy gives up. */
  readonly throttlingTargets?: string[];
  /** ARNs of roles deleted (or that EventBridge can no longer assume): targets delivering through them fail. */
  readonly missingRoles?: string[];
  /** Rules, by ARN, disabled: they receive nothing. */
  readonly disabledRules?: string[];
  /** Rules, by ARN, whose targets were all removed: they receive nothing. */
  readonly emptiedRules?: string[];
  /** Buses, as `region/name`, whose policy refuses events from other regions' rules. */
  readonly refusingBuses?: string[];
  /** Buses, as `region/name`, whose policy refuses events the rules of one region put there. */
  readonly refusedForwards?: Array<{ readonly bus: string; readonly fromRegion: string }>;
  /**
   * Whether a bus's policy admits events its rule puts there from another
   * account, through the rule target's role.
   *
   * @default - every cross-account delivery is admitted
   */
  readonly busAdmits?: (delivery: { readonly busArn: string; readonly roleArn?: string; readonly fromAccount: string }) => boolean;
}

/**
 * Errors EventBridge does not retry (the User Guide: missing permissions to a
 * target, a target that no longer exists, sent to the dead-letter queue at
 * once); every other error is retried as the target's retry policy allows.
 */
export const NOT_RETRIED = ['NO_PERMISSIONS', 'NO_RESOURCE', 'FAILED_TO_ASSUME_ROLE'];

/** EventBridge's retry policy when a target sets none. */
export const DEFAULT_RETRY = { maximumEventAgeSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 };

export class EventBridgeModel {
  private readonly rules: DeployedRule[];

  constructor(rules: DeployedRule[], private readonly breakage: Breakage = {}, private readonly queues: DeployedQueue[] = []) {
    const { disabledRules = [], emptiedRules = [] } = breakage;
    this.rules = rules.map(rule => ({
      ...rule,
      state: disabledRules.includes(rule.arn) ? 'DISABLED' : rule.state,
      targets: emptiedRules.includes(rule.arn) ? [] : rule.targets,
    }));
  }

  /**
   * Delivers each event where CloudTrail records it and follows it through
   * every bus. Each event meets the rules as the call it records left them
   * (CloudTrail records a call once it is made, so by delivery a rule it
   * disabled, deleted, emptied or rewrote is so): every event is its own
   * scenario, its changes undone before the next.
   */
  public deliver(events: any[]): EventOutcome[] {
    const outcomes = events.map(() => ({
      deliveries: [] as EventOutcome['deliveries'], rulesHit: [] as string[], deadLetters: [] as DeadLetter[], lost: [] as EventOutcome['lost'],
    }));
    const rulesFor = events.map(event => afterCall(this.rules, event));
    let pending = events.map((event, index) => ({ index, event, account: event.account as string, bus: `${event.region}/default`, hops: 0 }));
    while (pending.length > 0) {
      const candidates = pending.flatMap(item => rulesFor[item.index]
        .filter(rule => `${rule.region}/${rule.bus}` === item.bus && (rule.account === undefined || rule.account === item.account)
          && receives(rule, item.event))
        .map(rule => ({ item, rule })));
      const matched = matchAll(candidates.map(({ item, rule }) => ({ pattern: rule.pattern, event: item.event })));
      const next: typeof pending = [];
      candidates.forEach(({ item, rule }, i) => {
        if (!matched[i]) {
          return;
        }
        outcomes[item.index].rulesHit.push(`${rule.region}/${rule.bus}/${rule.id}`);
        for (const target of rule.targets) {
          const failure = this.failure(rule, target, item.account);
          if (failure) {
            this.keep(outcomes[item.index], rule, target, failure);
            continue;
          }
          const bus = busOf(target.arn);
          if (bus) {
            if (item.hops >= 5) {
              throw new Error(`event ${item.event.id} loops between buses`);
            }
            next.push({ index: item.index, event: item.event, account: target.arn.split(':')[4], bus, hops: item.hops + 1 });
          } else {
            outcomes[item.index].deliveries.push({
              arn: target.arn, rule: rule.id, region: rule.region, bus: rule.bus, ruleName: rule.name, payload: render(target, item.event),
            });
          }
        }
      });
      pending = next;
    }
    return outcomes;
  }

  /** The error code of a delivery that fails, or none. */
  private failure(rule: DeployedRule, target: DeployedTarget, account: string): string | undefined {
    const b = this.breakage;
    if (target.roleArn && (b.missingRoles ?? []).includes(target.roleArn)) {
      return 'FAILED_TO_ASSUME_ROLE';
    }
    if ((b.missingTargets ?? []).includes(target.arn)) {
      return 'NO_RESOURCE';
    }
    if ((b.refusingTargets ?? []).includes(target.arn)) {
      return 'NO_PERMISSIONS';
    }
    if ((b.throttlingTargets ?? []).includes(target.arn)) {
      return 'THROTTLING';
    }
    const bus = busOf(target.arn);
    if (bus && (b.refusingBuses ?? []).includes(bus) && !bus.startsWith(`${rule.region}/`)) {
      return 'NO_PERMISSIONS';
    }
    if (bus && (b.refusedForwards ?? []).some(refused => refused.bus === bus && refused.fromRegion === rule.region)) {
      return 'NO_PERMISSIONS';
    }
    if (bus && target.arn.split(':')[4] !== account && b.busAdmits && !b.busAdmits({ busArn: target.arn, roleArn: target.roleArn, fromAccount: account })) {
      return 'NO_PERMISSIONS';
    }
    return undefined;
  }

  /**
   * A failed delivery, after the retries its error allows, kept in the
   * target's dead-letter queue: one of the rule's region whose policy lets
   * EventBridge send on behalf of the rule (`aws:SourceArn`). Anything else
   * loses it.
   */
  private keep(outcome: { deadLetters: DeadLetter[]; lost: EventOutcome['lost'] }, rule: DeployedRule, target: DeployedTarget, errorCode: string): void {
    const queue = target.deadLetterArn === undefined ? undefined : this.queues.find(q => q.arn === target.deadLetterArn);
    const admitted = queue !== undefined && queue.region === rule.region && resourcePolicyAllows(queue.policy, {
      principal: 'events.amazonaws.com',
      action: 'sqs:SendMessage',
      resource: queue.arn,
      context: { 'aws:SourceArn': rule.arn, 'aws:SecureTransport': 'true' },
    });
    if (!admitted) {
      outcome.lost.push({ rule: `${rule.region}/${rule.bus}/${rule.id}`, targetArn: target.arn, errorCode });
      return;
    }
    const retried = !NOT_RETRIED.includes(errorCode);
    outcome.deadLetters.push({
      queueArn: queue.arn,
      rule: `${rule.region}/${rule.bus}/${rule.id}`,
      targetArn: target.arn,
      errorCode,
      retried,
      delaySeconds: retried ? (target.retryPolicy ?? DEFAULT_RETRY).maximumEventAgeSeconds : 0,
    });
  }
}

/**
 * The rules as a successful EventBridge call leaves them, in the account and
 * region that recorded it (EventBridge API Reference: `DeleteRule`,
 * `DisableRule` and `PutRule` name the rule by `Name`, `RemoveTargets` and
 * `PutTargets` by `Rule`, each on `EventBusName`, a name or an ARN, the
 * default bus when absent; CloudTrail records the request parameters in
 * camel case). `PutRule` takes the request's `state` and `eventPattern`;
 * `PutTargets` puts each target by its `id`. A failed call (`errorCode`)
 * changes nothing.
 */
export function afterCall(rules: DeployedRule[], event: any): DeployedRule[] {
  const detail = event.detail ?? {};
  if (event['detail-type'] !== 'AWS API Call via CloudTrail' || detail.eventSource !== 'events.amazonaws.com' || detail.errorCode !== undefined) {
    return rules;
  }
  const params = detail.requestParameters ?? {};
  const name = params.name ?? params.rule;
  const bus = params.eventBusName === undefined ? 'default' : String(params.eventBusName).split('/').pop();
  const region = detail.awsRegion ?? event.region;
  const account = detail.recipientAccountId ?? event.account;
  const named = (rule: DeployedRule) => rule.name === name && rule.bus === bus && rule.region === region
    && (rule.account === undefined || rule.account === account);
  const change = (rule: DeployedRule): DeployedRule | undefined => {
    switch (detail.eventName) {
      case 'DeleteRule':
        return undefined;
      case 'DisableRule':
        return { ...rule, state: 'DISABLED' };
      case 'PutRule':
        return {
          ...rule,
          state: params.state ?? rule.state,
          pattern: params.eventPattern === undefined ? rule.pattern : JSON.parse(params.eventPattern),
        };
      case 'RemoveTargets':
        return { ...rule, targets: rule.targets.filter(target => !(params.ids ?? []).includes(target.id)) };
      case 'PutTargets': {
        const put: DeployedTarget[] = (params.targets ?? []).map((t: any) => ({ id: t.id, arn: t.arn, roleArn: t.roleArn }));
        return { ...rule, targets: [...rule.targets.filter(target => !put.some(p => p.id === target.id)), ...put] };
      }
      default:
        return rule;
    }
  };
  return rules.flatMap(rule => {
    if (!named(rule)) {
      return [rule];
    }
    const changed = change(rule);
    return changed ? [changed] : [];
  });
}

/** The EventBridge gate on rule state, before any pattern runs: a disabled rule, or one without targets, receives nothing. */
export function receives(rule: { state: string; targets?: unknown[] }, event: any): boolean {
  if (rule.state === 'DISABLED' || (rule.targets !== undefined && rule.targets.length === 0)) {
    return false;
  }
  const readOnlyManagementEvent = event['detail-type'] === 'AWS API Call via CloudTrail' && event.detail?.readOnly === true;
  return !readOnlyManagementEvent || rule.state === ALL_MANAGEMENT_EVENTS;
}

function busOf(arn: string): string | undefined {
  const match = /^arn:[^:]+:events:([^:]+):[^:]*:event-bus\/(.+)$/.exec(arn);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * What a target receives: the whole event, or the input transformer's
 * template with each `<name>` replaced by the value at its path.
 *
 * A plain-text template (anything not starting with `{`) gets each value as
 * it is: a string as its text, anything else as JSON, a missing path as empty text.
 *
 * A JSON template (starting with `{`) is rendered as the Amazon EventBridge
 * User Guide, "Amazon EventBridge input transformation"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html),
 * and the API Reference, "InputTransformer"
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html),
 * describe it: a placeholder may stand in value position (`"key": <name>`) or
 * inside a quoted string (`"key": "text <name> text"`), never as a key.
 * - In value position, EventBridge writes valid JSON: a string value quoted
 *   and escaped, an object, array, number, boolean or null as JSON.
 * - Inside a string, the value is inserted as it is, unescaped (the guide
 *   says the same of `aws.events.event.json`, whose contents "are not
 *   escaped" and so may only stand as a whole value): a `"`, `\\` or line
 *   break in the value ends or breaks the string. A missing path renders empty.
 * A missing path in value position is refused here: what EventBridge then
 * writes is not documented, so the construct must not rely on it.
 */
export function render(target: DeployedTarget, event: any): string {
  if (target.inputTemplate === undefined) {
    return JSON.stringify(event);
  }
  const paths = target.inputPathsMap ?? {};
  const template = target.inputTemplate;
  if (!template.trimStart().startsWith('{')) {
    return template.replace(/<([A-Za-z0-9_.-]+)>/g, (placeholder, name: string) => {
      if (!(name in paths)) {
        return placeholder;
      }
      const value = lookup(event, paths[name]);
      if (value === undefined || value === null) {
        return '';
      }
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
  }
  return renderJsonTemplate(template, paths, event);
}

/** A JSON template, scanned once so that each placeholder is known to stand in a string or in value position. */
function renderJsonTemplate(template: string, paths: { [name: string]: string }, event: any): string {
  let out = '';
  let inString = false;
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (inString && c === '\\') {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      out += c;
      i++;
      continue;
    }
    const placeholder = c === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i)) : null;
    if (!placeholder || !(placeholder[1] in paths)) {
      out += c;
      i++;
      continue;
    }
    const name = placeholder[1];
    const value = lookup(event, paths[name]);
    if (inString) {
      out += value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    } else {
      if (value === undefined) {
        throw new Error(`<${name}> stands in value position, but the event has nothing at ${paths[name]}`);
      }
      out += JSON.stringify(value);
    }
    i += placeholder[0].length;
  }
  return out;
}

function lookup(event: any, path: string): unknown {
  return path.replace(/^\$\.?/, '').split('.').filter(Boolean)
    .reduce((value: any, key) => (value === undefined || value === null ? undefined : value[key]), event);
}
