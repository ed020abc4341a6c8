import { CfnContext, CfnTemplate, resolveCfn } from './cfn-resolve';
import { matchAll } from './event-ruler';

/** The rule state that admits read-only management events. */
export const ALL_MANAGEMENT_EVENTS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** A rule as deployed in one region: everything resolved. */
export interface DeployedRule {
  readonly id: string;
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
  readonly arn: string;
  /** The role EventBridge assumes to deliver (a bus in another region). */
  readonly roleArn?: string;
  readonly inputTemplate?: string;
  readonly inputPathsMap?: { [name: string]: string };
}

/** Where one event ended up. */
export interface EventOutcome {
  /** Every delivery to a non-bus target: the target ARN and what it received. */
  readonly deliveries: Array<{ readonly arn: string; readonly rule: string; readonly payload: string }>;
  /** Rules that received the event, as `region/bus/rule`. */
  readonly rulesHit: string[];
}

/** Every rule of a template, deployed in the context's region. */
export function rulesOfTemplate(template: CfnTemplate, ctx: CfnContext): DeployedRule[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Events::Rule')
    .map(([id, resource]) => {
      const props = resolveCfn(resource.Properties, ctx);
      const busName = props.EventBusName === undefined ? 'default' : String(props.EventBusName).split('/').pop()!;
      return {
        id,
        region: ctx.region,
        bus: busName,
        state: props.State ?? 'ENABLED',
        pattern: typeof props.EventPattern === 'string' ? JSON.parse(props.EventPattern) : props.EventPattern,
        targets: (props.Targets ?? []).map((t: any) => ({
          arn: t.Arn,
          roleArn: t.RoleArn,
          inputTemplate: t.InputTransformer?.InputTemplate,
          inputPathsMap: t.InputTransformer?.InputPathsMap,
        })),
      };
    });
}

/**
 * EventBridge as it treats CloudTrail events: an event recorded in a region
 * lands on that region's default bus; a rule receives it only if enabled and,
 * for read-only management events, only in the all-management-events state;
 * Event Ruler decides the match; bus targets pass the event on, hop by hop.
 */
/** What is broken in the account: deliveries that need it fail. */
export interface Breakage {
  /** ARNs of roles deleted (or that EventBridge can no longer assume): targets delivering through them fail. */
  readonly missingRoles?: string[];
  /** Buses, as `region/name`, whose policy refuses events from other regions' rules. */
  readonly refusingBuses?: string[];
  /**
   * Whether a bus's policy admits events its rule puts there from another
   * account, through the rule target's role.
   *
   * @default - every cross-account delivery is admitted
   */
  readonly busAdmits?: (delivery: { readonly busArn: string; readonly roleArn?: string; readonly fromAccount: string }) => boolean;
}

export class EventBridgeModel {
  constructor(private readonly rules: DeployedRule[], private readonly breakage: Breakage = {}) {}

  /** Delivers each event where CloudTrail records it and follows it through every bus. */
  public deliver(events: any[]): EventOutcome[] {
    const outcomes = events.map(() => ({ deliveries: [] as EventOutcome['deliveries'], rulesHit: [] as string[] }));
    let pending = events.map((event, index) => ({ index, event, account: event.account as string, bus: `${event.region}/default`, hops: 0 }));
    while (pending.length > 0) {
      const candidates = pending.flatMap(item => this.rules
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
          const bus = busOf(target.arn);
          if (bus) {
            const busAccount = target.arn.split(':')[4];
            const crossAccount = busAccount !== item.account;
            const delivered = !(target.roleArn && (this.breakage.missingRoles ?? []).includes(target.roleArn))
              && !((this.breakage.refusingBuses ?? []).includes(bus) && !bus.startsWith(`${rule.region}/`))
              && !(crossAccount && this.breakage.busAdmits
                && !this.breakage.busAdmits({ busArn: target.arn, roleArn: target.roleArn, fromAccount: item.account }));
            if (!delivered) {
              continue;
            }
            if (item.hops >= 5) {
              throw new Error(`event ${item.event.id} loops between buses`);
            }
            next.push({ index: item.index, event: item.event, account: busAccount, bus, hops: item.hops + 1 });
          } else {
            outcomes[item.index].deliveries.push({ arn: target.arn, rule: rule.id, payload: render(target, item.event) });
          }
        }
      });
      pending = next;
    }
    return outcomes;
  }
}

/** The EventBridge gate on rule state, before any pattern runs. */
export function receives(rule: { state: string }, event: any): boolean {
  if (rule.state === 'DISABLED') {
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
