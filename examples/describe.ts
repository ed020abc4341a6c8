import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createExampleApp } from './app';

/**
 * Synthesizes the example app and prints what gets deployed where: the role
 * and who may assume it, the rules of every region, the alert topic and its
 * subscribers, the log groups, the other roles.
 */
function main(): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'break-glass-example-'));
  const assembly = createExampleApp(outdir).synth();
  const rows: Row[] = [];
  for (const stack of assembly.stacks) {
    for (const [id, resource] of Object.entries<any>(stack.template.Resources)) {
      rows.push(...describe(stack.stackName, stack.environment.region, id, resource));
    }
  }
  printTable(rows);
  console.log(`\n${rows.length} items in ${assembly.stacks.length} stack(s); cloud assembly in ${outdir}`);
}

interface Row { readonly region: string; readonly stack: string; readonly what: string; readonly details: string }

function describe(stack: string, region: string, id: string, resource: any): Row[] {
  const props = resource.Properties ?? {};
  const row = (what: string, details: string): Row => ({ region, stack, what, details });
  switch (resource.Type) {
    case 'AWS::IAM::Role':
      return [row(`IAM role ${props.RoleName ?? id}`, whoMayAssume(props.AssumeRolePolicyDocument))];
    case 'AWS::Events::Rule':
      return [row(`rule on the ${props.EventBusName === undefined ? 'default' : 'central'} bus`,
        `${props.Description} [${props.State ?? 'ENABLED'}] -> ${targets(props.Targets)}`)];
    case 'AWS::Events::EventBus':
      return [row(`event bus ${props.Name}`, props.Description ?? '')];
    case 'AWS::SNS::Topic':
      return [row('alert topic (SNS)', props.KmsMasterKeyId ? 'KMS-encrypted, TLS enforced' : 'TLS enforced')];
    case 'AWS::SNS::Subscription':
      return [row(`alert subscriber (${props.Protocol})`, String(props.Endpoint))];
    case 'AWS::Logs::LogGroup':
      return [row('log group', `${name(props.LogGroupName, id)}: kept ${props.RetentionInDays ?? 'forever'} days, ` +
        `${resource.DeletionPolicy === 'Retain' ? 'retained' : 'deleted'} with the stack`)];
    case 'AWS::CloudFormation::StackSet':
      return props.StackInstancesGroup.flatMap((group: any) => group.Regions.flatMap((r: string) => [
        ...bodyResources(props.TemplateBody, 'AWS::Events::Rule').map(rule => ({
          what: `rule ${rule.Properties.Name}`,
          details: `${rule.Properties.Description}: ${rule.Properties.EventPattern.$or?.length ?? 1} patterns [${rule.Properties.State}] -> central bus in ${region}`,
        })),
        { what: 'forwarding alarm', details: forwardingAlarm(props.TemplateBody) },
      ].map(item => ({ region: r, stack: `StackSet ${props.StackSetName}`, ...item }))));
    case 'AWS::CloudWatch::Alarm':
      return [row('delivery-health alarm', `${props.MetricName} of ${JSON.stringify(props.Dimensions?.find((d: any) => d.Name === 'RuleName')?.Value).slice(0, 60)} -> alert topic`)];
    case 'AWS::CloudTrail::Trail':
      return [row('CloudTrail trail', `multi-region ${props.IsMultiRegionTrail}, bucket ${name(props.S3BucketName, '')}`)];
    default:
      return [];
  }
}

function whoMayAssume(document: any): string {
  return (document?.Statement ?? []).map((statement: any) => {
    const c = statement.Condition ?? {};
    if (c.StringEqualsIgnoreCase?.['aws:username']) {
      const mfa = c.Bool?.['aws:MultiFactorAuthPresent'] === 'true' ? ', with MFA' : '';
      return `IAM users ${c.StringEqualsIgnoreCase['aws:username'].map((u: unknown) => name(u, '(token)')).join(', ')}${mfa}`;
    }
    if (c.StringLike?.['aws:userid']) {
      const roles = [c.ArnLike?.['aws:PrincipalArn'] ?? c.ArnEquals?.['aws:PrincipalArn']].flat()
        .map((arn: any) => (typeof arn === 'string' ? arn : (arn?.['Fn::Join']?.[1] ?? []).filter((p: unknown) => typeof p === 'string').join(''))
          .replace(/^.*:role\//, '')).join(' or ');
      return `federated sessions ${c.StringLike['aws:userid'].map((u: string) => u.replace(/^\*:/, '')).join(', ')} through role ${roles}`;
    }
    const principal = statement.Principal?.Service ?? (statement.Principal?.AWS ? 'this account' : JSON.stringify(statement.Principal));
    return `${principal}${Object.keys(c).length ? ' (with conditions)' : ''}`;
  }).join('; ');
}

function targets(list: any[] = []): string {
  return list.map(t => {
    const arn = JSON.stringify(t.Arn);
    return arn.includes('event-bus') || arn.includes('Regions') ? 'central bus' : arn.includes('Topic') ? 'alert topic' : 'log group';
  }).join(', ');
}

/** The resources of a StackSet body of `type`. */
function bodyResources(templateBody: unknown, type: string): any[] {
  const body = typeof templateBody === 'string' ? JSON.parse(templateBody) : { Resources: {} };
  return Object.values<any>(body.Resources).filter(r => r.Type === type);
}

function forwardingAlarm(templateBody: unknown): string {
  const emails = bodyResources(templateBody, 'AWS::SNS::Subscription').map(s => name(s.Properties.Endpoint, '(token)'));
  return bodyResources(templateBody, 'AWS::CloudWatch::Alarm').map(a => `${a.Properties.MetricName} of the forwarding rule ` +
    `-> topic ${a.Properties.AlarmName} of the region (email: ${emails.join(', ') || 'none'})`).join(', ');
}

function name(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function printTable(rows: Row[]): void {
  const header: Row = { region: 'Region', stack: 'Stack', what: 'What', details: 'Details' };
  const keys: Array<keyof Row> = ['region', 'stack', 'what', 'details'];
  const sorted = [...rows].sort((a, b) => a.region.localeCompare(b.region));
  const widths = keys.map(k => Math.max(...[header, ...sorted].map(r => r[k].length)));
  const line = (r: Row) => keys.map((k, i) => r[k].padEnd(widths[i])).join(' | ').trimEnd();
  console.log(line(header));
  console.log(widths.map(w => '-'.repeat(w)).join('-|-'));
  sorted.forEach(r => console.log(line(r)));
}

main();
