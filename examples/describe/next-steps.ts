import * as cxapi from 'aws-cdk-lib/cx-api';
import { count, item, Item, list } from './outline';
import { Confirmations } from './subscriptions';
import { Placement, resourcesOfType } from './template';

/** The CDK CLI the commands use: the first to read the cloud assembly schema aws-cdk-lib 2.263 writes. */
const CDK = 'npx aws-cdk@2.1148.1';

/** What to do after reading the description: bootstrap, deploy, confirm, acknowledge, drill. */
export function nextSteps(assembly: cxapi.CloudAssembly, appFile: string, placements: Placement[], confirmations: Confirmations[]): Item[] {
  return [bootstrap(assembly), deploy(assembly, appFile), confirm(confirmations), ...acknowledge(assembly), drill(placements)]
    .map((step, i) => ({ ...step, text: `${i + 1}. ${step.text}` }));
}

function bootstrap(assembly: cxapi.CloudAssembly): Item {
  const environments = [...new Set(assembly.stacks.map(s => `aws://${s.environment.account}/${s.environment.region}`))];
  return item('Bootstrap each environment a stack deploys to, once (with credentials of its account):',
    environments.map(env => item(`${CDK} bootstrap ${env}`)));
}

function deploy(assembly: cxapi.CloudAssembly, appFile: string): Item {
  const app = `--app "npx ts-node --prefer-ts-exts ${appFile}"`;
  const accounts = [...new Set(assembly.stacks.map(s => s.environment.account))];
  if (accounts.length === 1) {
    const which = assembly.stacks.length === 1 ? assembly.stacks[0].stackName : '--all';
    return item(`Deploy (in your own app: npx cdk deploy ${which}):`, [item(`${CDK} deploy ${app} ${which}`)]);
  }
  return item('Deploy each account\'s stacks with credentials of that account:', accounts.map(account => {
    const stacks = assembly.stacks.filter(s => s.environment.account === account).map(s => s.stackName);
    return item(`account ${account}: ${CDK} deploy ${app} ${stacks.join(' ')}`);
  }));
}

function confirm(confirmations: Confirmations[]): Item {
  if (confirmations.length === 0) {
    return item('No email subscription to confirm: subscribe someone to the alert topic, or no alert reaches a person.');
  }
  return item('Confirm the email subscriptions: each address gets one "AWS Notification - Subscription Confirmation" email per subscription.',
    confirmations.map(c => item(`${c.address}: ${[
      ...(c.count ? [`confirm ${count(c.count, 'subscription')}`] : []),
      ...Object.entries(c.perAccountOf).map(([units, n]) => `${count(n, 'subscription')} in ${units.replace(/^every/, 'each')}`),
    ].join('; ')}`)));
}

function acknowledge(assembly: cxapi.CloudAssembly): Item[] {
  const warnings = assembly.stacks.flatMap(stack => stack.messages.filter(m => m.level === 'warning')
    .map(m => `${m.id.replace(/^\//, '')}: ${String(m.entry.data)}`));
  if (warnings.length === 0) {
    return [];
  }
  return [item('Read the warnings (`cdk synth` prints them); fix each, or acknowledge it where you understand it: ' +
    'Annotations.of(scope).acknowledgeWarning(id, reason).', warnings.map(w => item(w)))];
}

function drill(placements: Placement[]): Item {
  const home = placements[0];
  const roles = assumableRoles(placements);
  const accounts = new Set(roles.map(role => role.account));
  const where = (account: string) => /^\d+$/.test(account) ? `in account ${account}` : account.replace(/^every account of/, 'in any account of');
  const names = roles.map(role => accounts.size > 1 || !/^\d+$/.test(role.account) ? `${role.name} ${where(role.account)}` : role.name);
  const others = [...new Set(placements.map(p => p.region))].filter(r => r !== home.region).sort();
  const example = roles.find(role => /^[\w+=,.@-]+$/.test(role.name) && /^\d+$/.test(role.account));
  const arn = example ? `arn:aws:iam::${example.account}:role/${example.name}` : 'ROLE_ARN';
  return item(`Run the drill (README, "Drills: prove the whole path"), announced first: as a listed user, assume ${list(names) || 'the role'}`, [
    item(`through the global endpoint: aws sts assume-role --role-arn ${arn} --role-session-name YOUR_USER_NAME ` +
      '(an IAM user must name the session after itself; with --serial-number and --token-code for MFA)'),
    ...(others.length ? [item(`and through a watched region other than the home region, such as ${others[0]}: ` +
      `add --region ${others[0]} --endpoint-url https://sts.${others[0]}.amazonaws.com`)] : []),
    item('each must bring one alert naming the caller and session, usually within 5 minutes; then make one write and find it in the action log.'),
  ]);
}

/** The roles people may assume (their trust names users or sessions), each once per account: a StackSet's in many regions is one. */
function assumableRoles(placements: Placement[]): Array<{ name: string; account: string }> {
  const roles = placements.flatMap(p => resourcesOfType(p, 'AWS::IAM::Role')
    .filter(([, role]) => JSON.stringify(role.Properties?.AssumeRolePolicyDocument ?? {}).match(/aws:username|aws:userid/))
    .map(([id]) => ({ name: p.nameOf(id), account: p.account })));
  const seen = new Set<string>();
  return roles.filter(role => {
    const key = `${role.name}|${role.account}`;
    return !seen.has(key) && !!seen.add(key);
  });
}
