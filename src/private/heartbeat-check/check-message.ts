import { CheckSettings } from './check-settings';
import { Verdict } from './verdict';
import { FunctionMessage, functionMessage } from '../function-message';

/**
 * What the run has to say, or nothing when nothing changed: an alert when an
 * account-region went silent (naming every silent one and since when), when
 * a role named as the canary is not one, or when canaries beat in accounts
 * the check does not expect; a notice when silent ones beat again or are no
 * longer expected.
 */
export function checkMessage(settings: CheckSettings, verdict: Verdict): FunctionMessage | undefined {
  const newlySilent = verdict.silent.filter(pair => pair.isNew).length;
  const alerting = newlySilent > 0 || verdict.impostors.length > 0 || verdict.unexpected.length > 0;
  if (!alerting && verdict.recovered.length === 0 && verdict.noLongerExpected.length === 0) {
    return undefined;
  }
  const interval = `${settings.missingIntervals} intervals of ${settings.intervalMinutes} minutes`;
  const org = settings.organizationId;
  const paragraphs: string[][] = [];
  let title: string;
  if (verdict.silent.length > 0) {
    title = `Break-glass canary: ${verdict.silent.length} account-region${plural(verdict.silent.length)} of ${org} silent`;
    paragraphs.push([
      `No heartbeat of the break-glass canary from ${verdict.silent.length} account-region${plural(verdict.silent.length)} of the organization ${org} ` +
      `for ${interval}${newlySilent > 0 ? ` (${newlySilent} new since the last check)` : ''}: alerts on the role ${settings.roleName} from there may be lost.`,
      'Silent (account, region, silent since):',
      ...verdict.silent.map(pair =>
        `  ${pair.account} ${pair.region} since ${pair.atLeast ? 'at least ' : ''}${pair.since}${pair.isNew ? ' (new)' : ''}`),
    ]);
  } else {
    title = alerting ? `Break-glass canary: check the canaries of ${org}` : `Break-glass canary: every account-region of ${org} beats again`;
  }
  if (verdict.recovered.length > 0) {
    paragraphs.push(['Beating again:', ...verdict.recovered.map(pair => `  ${pair.account} ${pair.region}`)]);
  }
  if (verdict.noLongerExpected.length > 0) {
    paragraphs.push(['No longer expected (suspended, closed, or out of the organizational units):',
      ...verdict.noLongerExpected.map(pair => `  ${pair.account} ${pair.region}`)]);
  }
  if (verdict.impostors.length > 0) {
    paragraphs.push([
      'Not the canary: a role named as a canary tried to assume a break-glass role, but it is not the canary of its own account and region. Investigate:',
      ...verdict.impostors.map(record =>
        `  ${record.issuerArn} tried ${record.roleArn}, recorded in ${record.account} ${record.region} at ${new Date(record.time).toISOString()}`),
    ]);
  }
  if (verdict.unexpected.length > 0) {
    paragraphs.push([
      'Canaries beat in accounts the check does not expect: give the hub the organizationalUnits the StackSet deploys to, or they are not checked:',
      `  ${verdict.unexpected.join(', ')}`,
    ]);
  }
  if (alerting) {
    paragraphs.push([settings.advice]);
  }
  paragraphs.push([`Checked ${verdict.checked} account-region${plural(verdict.checked)} (${settings.regions.length} region${plural(settings.regions.length)} each)` +
    (verdict.inGrace.length > 0 ? `; ${verdict.inGrace.length} account${plural(verdict.inGrace.length)} in ${settings.graceMinutes} minutes of grace: ${verdict.inGrace.join(', ')}` : '') + '.']);

  return functionMessage(title, paragraphs, { threadId: `break-glass-canary-${org}`, eventType: 'BreakGlassCanaryCheck' });
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
