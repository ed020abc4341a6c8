import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { matchAll } from './event-ruler';
import { DeployedRule } from './eventbridge-model';
import { identityForwardingPattern, MFA_DEVICE_EVENTS, SAML_PROVIDER_EVENTS, SELF_CHANGE_EVENTS } from '../../src/private/detection/identity-patterns';

/** Whether a central-bus pattern is one of the identity patterns: IAM calls on users, MFA devices or SAML providers. */
export function isIdentityPattern(pattern: any): boolean {
  const text = JSON.stringify(pattern);
  return text.includes('"iam.amazonaws.com"') && [...SELF_CHANGE_EVENTS, ...MFA_DEVICE_EVENTS, ...SAML_PROVIDER_EVENTS].some(name => text.includes(`"${name}"`));
}

/** The forwarding branch of every IAM change, of which the identity patterns select the listed identities'. */
export const IDENTITY_FORWARDING = identityForwardingPattern().pattern;

/**
 * The 17 regions of the `aws` partition that are enabled by default in every
 * account (launched before 20 March 2019); every later region is opt-in.
 */
export const AWS_DEFAULT_REGIONS = [
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
  'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

/** The one StackSet resource of a template. */
export function stackSetOf(template: Template): { logicalId: string; properties: any; dependsOn: string[] } {
  const found = Object.entries(template.findResources('AWS::CloudFormation::StackSet'));
  if (found.length !== 1) {
    throw new Error(`expected one StackSet, found ${found.length}`);
  }
  const [logicalId, resource] = found[0];
  return { logicalId, properties: resource.Properties, dependsOn: resource.DependsOn ?? [] };
}

/** The regions the home stack forwards from: its StackSet's instance regions, or none without a StackSet. */
export function forwardedRegions(stack: Stack): string[] {
  const template = Template.fromStack(stack);
  if (Object.keys(template.findResources('AWS::CloudFormation::StackSet')).length === 0) {
    return [];
  }
  return stackSetOf(template).properties.StackInstancesGroup.flatMap((group: any) => group.Regions);
}

/** The logical id of the only resource of `type` whose logical id starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter(id => id.startsWith(prefix));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  }
  return ids[0];
}

/** Every IAM policy statement attached to the role `roleLogicalId`, inline or by AWS::IAM::Policy. */
export function statementsOf(template: Template, roleLogicalId: string): any[] {
  const role = template.toJSON().Resources[roleLogicalId];
  const inline = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(policy => (policy.Properties.Roles ?? []).some((r: any) => r.Ref === roleLogicalId))
    .flatMap(policy => policy.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/**
 * What a forwarded region's rules (the forwarding rule, and the guard rule
 * when there is one) forward together, as one pattern: every branch of each.
 */
export function forwardedTogether(rules: Array<{ pattern: object }>): object {
  const branches = rules.flatMap(rule => branchesOf(rule.pattern));
  return branches.length === 1 ? branches[0] : { $or: branches };
}

/** The patterns a forwarding rule's pattern joins: the branches of its top-level `$or`, or the one pattern it is. */
export function branchesOf(pattern: any): object[] {
  return Object.keys(pattern).length === 1 && Array.isArray(pattern.$or) ? pattern.$or : [pattern];
}

/** Patterns as sorted JSON texts: equal lists hold the same patterns, as many times each. */
export function patternTexts(patterns: object[]): string[] {
  return patterns.map(pattern => JSON.stringify(pattern)).sort();
}

/** JSON text of a value with every object's keys sorted: equal texts, equal patterns, whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonical((value as any)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Patterns as sorted canonical texts, each pattern once. */
export function distinctPatternTexts(patterns: object[]): string[] {
  return [...new Set(patterns.map(canonical))].sort();
}

/**
 * What another region forwards for a central-bus rule's pattern: the login
 * detectors in their compact forwarding form (any outcome of an `AssumeRole*`
 * call, with no `errorCode` condition; either console sign-in), every other
 * pattern as it is, but that an action rule's sessions chained from the role's
 * are forwarded by the presence of a source identity, whoever's it is.
 */
export function forwardedFormOf(pattern: any): object {
  if (isIdentityPattern(pattern)) {
    // Every IAM change is forwarded; the central bus's identity rules select the listed identities'.
    return IDENTITY_FORWARDING;
  }
  const sessions = pattern.detail?.userIdentity?.$or;
  if (Array.isArray(sessions)) {
    const anySourceIdentity = (session: any) => (session.sessionContext?.sourceIdentity
      ? { sessionContext: { sourceIdentity: [{ exists: true }] } } : session);
    return { ...pattern, detail: { ...pattern.detail, userIdentity: { $or: sessions.map(anySourceIdentity) } } };
  }
  if (canonical(pattern.source) === canonical(['aws.sts'])) {
    // Either outcome, the canary's heartbeat and the failures but the canary's: AssumeRole* on the role, of any outcome and identity.
    return { ...pattern, detail: { eventName: ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'], requestParameters: pattern.detail.requestParameters } };
  }
  if (canonical(pattern.source) === canonical(['aws.signin'])) {
    return { ...pattern, detail: { ...pattern.detail, eventName: ['SwitchRole', 'ConsoleLogin'] } };
  }
  return pattern;
}

/** For one event: whether any central-bus pattern matches it, and whether the forwarding pattern does. */
export interface Coverage {
  readonly file: string;
  readonly central: boolean;
  readonly forwarded: boolean;
}

/**
 * Runs the events through Event Ruler against a forwarding rule's pattern and
 * the central-bus patterns it stands for (patterns only: the rule-state gate
 * is tested apart). Returns, per event, whether any central pattern and the
 * forwarding pattern match it, and every central pattern that matches an
 * event its forwarded counterpart branch misses.
 */
export function forwardingCoverage(forwarding: object, central: object[], events: Array<{ file: string; event: unknown }>) {
  const branches = branchesOf(forwarding);
  const counterparts = central.map(pattern => branches.find(branch => canonical(branch) === canonical(forwardedFormOf(pattern))));
  const cases = events.flatMap(({ event }) => [
    { pattern: forwarding, event },
    ...central.map(pattern => ({ pattern, event })),
    ...counterparts.map(branch => ({ pattern: branch ?? { 'no-counterpart': ['none'] }, event })),
  ]);
  const matched = matchAll(cases);
  const width = 1 + 2 * central.length;
  const coverage: Coverage[] = [];
  const missed: string[] = [];
  const centralHits = central.map(() => 0);
  events.forEach(({ file }, e) => {
    const row = matched.slice(e * width, (e + 1) * width);
    const centralMatches = row.slice(1, 1 + central.length);
    const counterpartMatches = row.slice(1 + central.length);
    centralMatches.forEach((hit, c) => {
      if (hit) {
        centralHits[c]++;
        if (!counterpartMatches[c]) {
          missed.push(`${file}: ${canonical(central[c])}`);
        }
      }
    });
    coverage.push({ file, central: centralMatches.some(Boolean), forwarded: row[0] });
  });
  return { coverage, missed, centralHits, counterpartsFound: counterparts.map(branch => branch !== undefined) };
}

/**
 * Asserts, with Event Ruler, that a forwarding rule's pattern forwards every
 * event any of the central-bus patterns matches and no event none matches, and
 * that each central pattern's forwarded counterpart branch matches every event
 * that pattern matches; and that the events prove it (each central pattern
 * matches one, and one matches none).
 */
export function expectForwardingCovers(forwarding: object, central: object[], events: Array<{ file: string; event: unknown }>): void {
  const { coverage, missed, centralHits, counterpartsFound } = forwardingCoverage(forwarding, central, events);
  expect(counterpartsFound).toEqual(central.map(() => true));
  expect(missed).toEqual([]);
  expect(central.filter((_pattern, c) => centralHits[c] === 0)).toEqual([]);
  expect(coverage.filter(c => !c.central).length).toBeGreaterThan(0);
  // Every IAM change is forwarded on purpose (the identity branch); any other event only when a central pattern wants it.
  const iamChanges = matchAll(events.map(({ event }) => ({ pattern: IDENTITY_FORWARDING, event })));
  const identityBranch = branchesOf(forwarding).some(branch => canonical(branch) === canonical(IDENTITY_FORWARDING));
  expect(coverage.filter((c, e) => c.forwarded !== c.central && !(identityBranch && iamChanges[e] && !c.central))).toEqual([]);
}

/**
 * Asserts, with Event Ruler, that a forwarding rule's pattern forwards every
 * event any of the central-bus patterns matches. It may forward more: the
 * watch forwards one fixed set, whichever parts consume it on the central bus.
 * The events must prove it: each central pattern matches one.
 */
export function expectForwardingIncludes(forwarding: object, central: object[], events: Array<{ file: string; event: unknown }>): void {
  const cases = events.flatMap(({ event }) => [{ pattern: forwarding, event }, ...central.map(pattern => ({ pattern, event }))]);
  const matched = matchAll(cases);
  const width = 1 + central.length;
  const centralHits = central.map(() => 0);
  const notForwarded: string[] = [];
  events.forEach(({ file }, e) => {
    const [forwarded, ...centralMatches] = matched.slice(e * width, (e + 1) * width);
    centralMatches.forEach((hit, c) => {
      if (hit) {
        centralHits[c]++;
      }
    });
    if (centralMatches.some(Boolean) && !forwarded) {
      notForwarded.push(file);
    }
  });
  expect(notForwarded).toEqual([]);
  expect(central.filter((_pattern, c) => centralHits[c] === 0)).toEqual([]);
}

/**
 * A central-bus pattern without the region it is narrowed to (`detail.awsRegion`):
 * each forwarded region's heartbeat rule is the home one narrowed to the events
 * CloudTrail recorded in that region, which only that region's forwarding rule
 * puts on the central bus. Patterns compared without events' regions compare so.
 */
export function unnarrowed(pattern: any): any {
  if (pattern.detail?.awsRegion === undefined) {
    return pattern;
  }
  const { awsRegion: _region, ...detail } = pattern.detail;
  return { ...pattern, detail };
}

/**
 * What the forwarded regions' rules must forward, read from the home region's
 * rules of a break-glass role with login alerts, action logging and tamper
 * alerts: the central-bus patterns, their distinct forwarded forms, and the
 * home default bus's patterns as texts.
 */
export function homeForwardingExpectations(rules: DeployedRule[], home: string): { expected: string[]; homeDefault: string[]; central: object[] } {
  const central = rules.filter(r => r.region === home && r.bus !== 'default').map(r => unnarrowed(r.pattern));
  const homeDefault = patternTexts(rules.filter(r => r.region === home && r.bus === 'default').map(r => r.pattern));
  const forwardedCount = new Set(rules.filter(r => r.region !== home).map(r => r.region)).size;
  const identities = central.filter(isIdentityPattern).length;
  // Four login detectors, one heartbeat per forwarded region, the actions and the assumption records beside them, the
  // role's changes, and changes to the forwarded regions' forwarding rule, guard rule, dead-letter queue and canary
  // schedule; and the listed identities' changes.
  expect(central).toHaveLength(11 + forwardedCount + identities);
  // The four login detectors, the heartbeats and the assumption records forward as two: AssumeRole* of any outcome,
  // and either console sign-in; the identity patterns as every IAM change.
  const expected = distinctPatternTexts(central.map(forwardedFormOf));
  expect(expected).toHaveLength(8 + (identities > 0 ? 1 : 0));
  return { expected, homeDefault, central };
}

/**
 * Asserts a region's one forwarding rule against the home rules: each branch
 * once, each the compact form of a central pattern (`expected`), the two
 * non-login branches the home rules' patterns as they are, and every event a
 * central rule matches forwarded, and no other.
 */
export function expectForwardingRuleMatchesHome(
  forwardingPattern: object,
  home: { expected: string[]; homeDefault: string[]; central: object[] },
  events: Array<{ file: string; event: unknown }>,
): void {
  const branches = branchesOf(forwardingPattern);
  expect(distinctPatternTexts(branches)).toEqual(home.expected);
  expect(branches).toHaveLength(home.expected.length);
  const isLogin = (pattern: any) => ['aws.sts', 'aws.signin'].includes(pattern.source?.[0]);
  // The identity branch stands for the identity patterns, checked by expectForwardingCovers.
  const others = branches.filter(branch => !isLogin(branch) && canonical(branch) !== canonical(IDENTITY_FORWARDING));
  const central = home.central.filter(pattern => !isIdentityPattern(pattern));
  // The action and role-change branches run on the home default bus as they are; the rest watch the forwarded
  // regions' own rules, queue and schedule (the home region's canary pattern covers its heartbeat rule too), and
  // run on the central bus only.
  // The action branch forwards sessions carrying any source identity: the home rule's, in its forwarded form.
  const homeDefault = [...home.homeDefault, ...patternTexts(home.homeDefault.map(text => forwardedFormOf(JSON.parse(text))))];
  const centralOnly = patternTexts(central.filter(pattern => !isLogin(pattern))).filter(text => !home.homeDefault.includes(text));
  expect(patternTexts(others).filter(branch => !homeDefault.includes(branch))).toEqual(centralOnly);
  expect(others.length - centralOnly.length).toBe(2);
  expectForwardingCovers(forwardingPattern, home.central, events);
}
