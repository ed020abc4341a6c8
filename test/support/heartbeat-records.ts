import * as fs from 'fs';
import * as path from 'path';
import { ORGANIZATION, organizationApp, SCENARIO } from './apps';
import { CfnTemplate, resolveCfn } from './cfn-resolve';
import { DeployedRule, render, rulesOfTemplate } from './eventbridge-model';
import { FakeLogEvent } from './fake-aws';
import { CHECK_SETTINGS_VARIABLE, CheckSettings, readCheckSettings } from '../../src/private/heartbeat-check/check-settings';

/**
 * The hub of the organization test app as deployed: the settings its check
 * function is given (its environment, resolved) and its heartbeat rule; and
 * heartbeat records as that rule writes them, rendered from the corpus's
 * canary event recorded in a member account and region.
 */
export function deployedHub(roleOverrides = {}) {
  const { app } = organizationApp(roleOverrides, {}, true);
  const template = app.synth().getStackByName('Hub').template as CfnTemplate;
  const ctx = { account: ORGANIZATION.security, region: SCENARIO.home, partition: SCENARIO.partition, template };
  const fn = Object.values(template.Resources).find(r => r.Type === 'AWS::Lambda::Function')!;
  const settings: CheckSettings = readCheckSettings({
    [CHECK_SETTINGS_VARIABLE]: String(resolveCfn(fn.Properties.Environment.Variables[CHECK_SETTINGS_VARIABLE], ctx)),
  });
  const rules = rulesOfTemplate(template, ctx).map(rule => ({ ...rule, account: ORGANIZATION.security }));
  const heartbeatRule = rules.find(rule => rule.id.includes('CanaryHeartbeatRule'))!;
  return { settings, rules, heartbeatRule, template, ctx };
}

const CANARY_EVENT = JSON.parse(fs.readFileSync(path.join(__dirname, '../events/canary/canary-denied.json'), 'utf-8')).event;

/** The canary's denied attempt as CloudTrail records it in `account` and `region` at `time`, by the canary role `issuerName` (its own by default). */
export function canaryEvent(account: string, region: string, time: number, issuerName = `BreakGlass-Canary-${region}`, issuerAccount = account): any {
  const iso = new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const text = JSON.stringify(CANARY_EVENT)
    .replace(/\$\{CanaryRoleName\}/g, issuerName)
    .split(SCENARIO.account).join(account);
  const event = JSON.parse(text);
  event.detail.userIdentity.sessionContext.sessionIssuer.arn = `arn:aws:iam::${issuerAccount}:role/${issuerName}`;
  event.detail.userIdentity.sessionContext.sessionIssuer.accountId = issuerAccount;
  return { ...event, time: iso, region, detail: { ...event.detail, eventTime: iso, awsRegion: region } };
}

/** What the heartbeat rule writes to the log for an event: its target's input, as EventBridge renders it, as CloudWatch Logs keeps it. */
export function heartbeatLogEvent(rule: DeployedRule, logGroupName: string, event: any, delay = 5 * 60_000): FakeLogEvent {
  const written = JSON.parse(render(rule.targets[0], event));
  const timestamp = Date.parse(written.timestamp);
  return { logGroupName, logStreamName: `eventbridge-${event.id}`, timestamp, ingestionTime: timestamp + delay, message: written.message };
}
