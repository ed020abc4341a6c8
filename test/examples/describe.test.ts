import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnStackSet, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { createExampleApp } from '../../examples/app';
import { evaluateCondition } from '../../examples/describe/conditions';
import { describeAssembly, MAX_WIDTH } from '../../examples/describe/index';
import { createOrganizationApp } from '../../examples/organization';
import { BreakGlassRole, TrailSetup, Username } from '../../src';

function synth(build: (outdir: string) => App): cxapi.CloudAssembly {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'describe-test-'));
  return build(outdir).synth();
}

/**
 * Email subscriptions per address, counted from the templates alone: each
 * stack's, and each StackSet body's once per account and region it targets.
 */
function subscriptionsInTemplates(assembly: cxapi.CloudAssembly): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (resources: { [id: string]: any }, times: number) => {
    for (const resource of Object.values(resources)) {
      if (resource.Type === 'AWS::SNS::Subscription' && resource.Properties.Protocol === 'email') {
        counts.set(resource.Properties.Endpoint, (counts.get(resource.Properties.Endpoint) ?? 0) + times);
      }
    }
  };
  for (const stack of assembly.stacks) {
    add(stack.template.Resources, 1);
    for (const resource of Object.values<any>(stack.template.Resources)) {
      if (resource.Type === 'AWS::CloudFormation::StackSet') {
        const instances = resource.Properties.StackInstancesGroup.reduce((sum: number, group: any) =>
          sum + (group.DeploymentTargets.Accounts ?? []).length * group.Regions.length, 0);
        add(JSON.parse(resource.Properties.TemplateBody).Resources, instances);
      }
    }
  }
  return counts;
}

/** `address: confirm N subscriptions` lines of the description. */
function subscriptionsDescribed(lines: string[]): Map<string, number> {
  const matches = lines.map(line => /^\s+(\S+@\S+): confirm (\d+) subscriptions?/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
  return new Map(matches.map(m => [m[1], Number(m[2])]));
}

/** The description of each example app, by file, for what is checked over both together. */
const described = new Map<string, string[]>();

/** The names of each comma-and list of a line (between `:` and `;`), to find one named twice. */
function listsOf(line: string): string[][] {
  return line.split(/[:;]/).map(part => part.split(/, | and /).map(name => name.trim()).filter(name => name !== ''));
}

function expectReadable(lines: string[]): void {
  expect(lines.filter(line => line.length > MAX_WIDTH)).toEqual([]);
  const text = lines.join('\n');
  expect(text).not.toMatch(/Fn::|\bRef\b|\$\{Token|\{"|\[object Object\]|computed at deploy/);
}

describe('the description of examples/app.ts', () => {
  const assembly = synth(outdir => createExampleApp(outdir));
  const lines = describeAssembly(assembly, 'examples/app.ts');
  described.set('examples/app.ts', lines);

  test('fits in 160 columns and shows no CloudFormation token or raw JSON', () => {
    expectReadable(lines);
  });

  test('lists the home region first, then the other watched regions', () => {
    const regions = lines.filter(line => /^ {2}[a-z]{2}-[a-z]+-\d/.test(line)).map(line => line.trim());
    expect(regions).toEqual(['us-east-2 (home region)', 'eu-west-1', 'us-east-1']);
  });

  test('shows who may assume the role, what it may do and how long a session lasts', () => {
    const text = lines.join('\n');
    expect(text).toContain('IAM users alice and bob of account 111122223333, with MFA');
    expect(text).toContain('carol@example.com through IAM Identity Center permission set Admin');
    expect(text).toContain('can: AdministratorAccess (managed policy)');
    expect(text).toContain('a session lasts at most 1 hour');
  });

  test('counts the email subscriptions each address confirms as the templates hold them', () => {
    const expected = subscriptionsInTemplates(assembly);
    expect(expected.size).toBeGreaterThan(0);
    expect(subscriptionsDescribed(lines)).toEqual(expected);
  });

  test('ends with the deploy command and the drill', () => {
    const text = lines.join('\n');
    expect(text).toContain('deploy --app "npx ts-node --prefer-ts-exts examples/app.ts" BreakGlassExample');
    expect(text).toMatch(/Run the drill \(README, "Drills: prove the whole path"\)/);
  });
});

describe('the description of an app with forwarding alarms in every region', () => {
  // Without the canary, each forwarded region's StackSet instance has its own topic and subscriptions.
  const assembly = synth(outdir => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Home', { env: { account: '111122223333', region: 'eu-central-1' } });
    new BreakGlassRole(stack, 'BreakGlass', {
      usernames: [Username.iamUser('alice')],
      loginAlertEmails: ['security@example.com'],
      forwardingAlarmEmails: ['security@example.com', 'oncall@example.com'],
      canary: false,
      regions: ['eu-west-1', 'ap-southeast-2'],
      trail: TrailSetup.existingTrail(),
    });
    return app;
  });
  const lines = describeAssembly(assembly, 'app.ts');

  test('counts each StackSet instance\'s subscriptions', () => {
    const expected = subscriptionsInTemplates(assembly);
    expect(expected).toEqual(new Map([['security@example.com', 4], ['oncall@example.com', 3]]));
    expect(subscriptionsDescribed(lines)).toEqual(expected);
    expectReadable(lines);
  });

  test('lists the home region first, then the others alphabetically', () => {
    const regions = lines.filter(line => /^ {2}[a-z]{2}-[a-z]+-\d/.test(line)).map(line => line.trim());
    expect(regions).toEqual(['eu-central-1 (home region)', 'ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });
});

describe('the description of stacks in two accounts and a service-managed StackSet', () => {
  const assembly = synth(outdir => {
    const app = new App({ outdir });
    const hub = new Stack(app, 'Hub', { env: { account: '444455556666', region: 'eu-west-1' } });
    new sns.Topic(hub, 'Alerts').addSubscription({ bind: () => ({ subscriberId: 'x', protocol: sns.SubscriptionProtocol.EMAIL, endpoint: 'soc@example.com' }) });
    const management = new Stack(app, 'Management', { env: { account: '111122223333', region: 'us-east-1' } });
    new CfnStackSet(management, 'Roles', {
      stackSetName: 'BreakGlassRoles',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: ['ou-abcd-11111111'] }, regions: ['eu-west-1', 'us-east-1'] }],
      templateBody: JSON.stringify({
        Conditions: {
          InAuditAccount: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '123456789012'] },
          OutsideVirginia: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] },
        },
        Resources: {
          Audit: { Type: 'AWS::SNS::Topic', Condition: 'InAuditAccount', Properties: { TopicName: 'Audit' } },
          Local: { Type: 'AWS::SNS::Topic', Condition: 'OutsideVirginia', Properties: { TopicName: 'Local' } },
          Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'BreakGlass', MaxSessionDuration: 7200, AssumeRolePolicyDocument: { Statement: [] } } },
          Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
          Mail: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email', Endpoint: 'soc@example.com', TopicArn: { Ref: 'Topic' } } },
        },
      }),
    });
    return app;
  });
  const lines = describeAssembly(assembly, 'organization.ts');
  const text = lines.map(line => line.trim()).join(' ');

  test('groups by account, the organizational unit\'s accounts as one group with its regions', () => {
    const accounts = lines.filter(line => /^\S/.test(line) && /ccount/.test(line));
    expect(accounts).toEqual(['Account 444455556666', 'Account 111122223333', 'Every account of OU ou-abcd-11111111']);
    expect(text).toContain('StackSet BreakGlassRoles (service-managed, deployed automatically to accounts that join): in every account of OU ' +
      'ou-abcd-11111111, in 2 regions: eu-west-1 and us-east-1');
    expect(text).toContain('a session lasts at most 2 hours');
    expectReadable(lines);
  });

  test('shows a resource only where its condition holds, and marks one whose condition it cannot tell', () => {
    const where = (pattern: RegExp) => lines.flatMap((line, i) => pattern.test(line)
      ? [lines.slice(0, i).reverse().find(above => /^ {2}\S/.test(above))!.trim()] : []);
    expect(where(/topic Local:/)).toEqual(['eu-west-1']);
    expect(where(/topic Audit: no subscriber yet \(only where InAuditAccount holds\)$/)).toEqual(['eu-west-1', 'us-east-1']);
  });

  test('deploys each account\'s stacks with its credentials, and counts subscriptions per account of the OU', () => {
    expect(text).toContain('account 444455556666: npx aws-cdk@2.1148.1 deploy --app "npx ts-node --prefer-ts-exts organization.ts" Hub');
    expect(text).toContain('soc@example.com: confirm 1 subscription; 2 subscriptions in each account of OU ou-abcd-11111111');
  });
});

describe('the description of examples/organization.ts', () => {
  const assembly = synth(outdir => createOrganizationApp(outdir));
  const lines = describeAssembly(assembly, 'examples/organization.ts');
  described.set('examples/organization.ts', lines);

  // 248 lines before every stack and region had a dead-letter queue (a line each) and its tamper rule.
  test('both examples together are short enough to read: under 400 lines, none longer than 160 columns', () => {
    const total = [...described.values()].reduce((sum, description) => sum + description.length, 0);
    console.log(`the examples are described in ${total} lines: ${[...described].map(([file, d]) => `${file} ${d.length}`).join(', ')}`);
    expect(described.size).toBe(2);
    // The organization's canary check (its role, function, alarm, heartbeat log and member canaries) took 25 lines; the
    // warnings naming the regions where the role is refused, which a reader must see, and where its trust admits, took 12;
    // the readiness checks (the role's, and the identity account's), about 45; the tamper alert's new rules and warnings, about 20;
    // the alert path check each home heartbeat runs (its role, function and log), 8.
    expect(total).toBeLessThan(420);
    expectReadable(lines);
  });

  test('shows the member role once per group of organizational units, only in the region its condition names', () => {
    const groups = lines.map((line, i) => ({ line, i })).filter(({ line }) => /^Every account of OU/.test(line));
    expect(groups.map(g => g.line)).toEqual(['Every account of OU ou-ab12-workload1 and OU ou-ab12-sandbox01']);
    for (const [n, group] of groups.entries()) {
      const end = groups[n + 1]?.i ?? lines.findIndex((line, i) => i > group.i && /^\S/.test(line) && !/^Every/.test(line));
      const mine = lines.slice(group.i, end);
      const roles = mine.map((line, i) => ({ line, i })).filter(({ line }) => /^\s+IAM role BreakGlass \(/.test(line));
      expect(roles).toHaveLength(1);
      const region = mine.slice(0, roles[0].i).reverse().find(line => /^ {2}\S/.test(line));
      expect(region?.trim()).toBe('us-east-2');
    }
  });

  test('names the account the trust policy trusts, not the organizational unit the role is in', () => {
    const text = lines.join('\n');
    expect(text).toContain('IAM users alice of account 111122223333, with MFA');
    expect(text).not.toMatch(/of account every account/);
  });

  test('collapses regions described alike into one block, the region\'s name shown as <region>', () => {
    const text = lines.join('\n');
    expect(text).toMatch(/\(16 regions, each the same\)/);
    expect(text).toContain('IAM role BreakGlass-Fwd-<region>');
  });

  test('lists no empty item and no name twice', () => {
    expect(lines.filter(line => /, ,|, {2}and |, *:/.test(line))).toEqual([]);
    const repeated = lines.flatMap(listsOf).filter(names => new Set(names).size < names.length);
    expect(repeated).toEqual([]);
    expect(lines.join('\n')).toContain('17 alarms on AWS/Events SuccessfulInvocationAttempts (one per rule above)');
    expect(lines.join('\n')).toContain('1 alarm on AWS/SQS ApproximateNumberOfMessagesVisible of Hub/DeadLetters/Queue');
  });

  test('drills each role once, saying where the StackSet\'s role is', () => {
    const drill = lines.slice(lines.findIndex(line => /Run the drill/.test(line))).map(line => line.trim()).join(' ');
    expect(drill).toContain('assume BreakGlassManagement in account 999988887777 and BreakGlass in any account of OU ou-ab12-workload1 and OU ' +
      'ou-ab12-sandbox01');
    expect(drill).toContain('--role-arn arn:aws:iam::999988887777:role/BreakGlassManagement');
  });
});

describe('a template\'s conditions, where it is deployed', () => {
  const conditions = {
    Ohio: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-2'] },
    Audit: { 'Fn::Equals': ['123456789012', { Ref: 'AWS::AccountId' }] },
    Commercial: { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws'] },
    Named: { 'Fn::Equals': [{ Ref: 'RoleName' }, 'BreakGlass'] },
    OhioAudit: { 'Fn::And': [{ Condition: 'Ohio' }, { Condition: 'Audit' }] },
    OhioOrAudit: { 'Fn::Or': [{ Condition: 'Ohio' }, { Condition: 'Audit' }] },
    NotOhio: { 'Fn::Not': [{ Condition: 'Ohio' }] },
  };
  const inOhio = { account: '123456789012', region: 'us-east-2' };
  const inOu = { account: 'every account of OU ou-ab12-workload1', region: 'eu-west-1' };

  test('are evaluated from the region, account and partition, and literals', () => {
    expect(['Ohio', 'Audit', 'Commercial', 'OhioAudit', 'OhioOrAudit', 'NotOhio'].map(name => evaluateCondition(conditions, name, inOhio)))
      .toEqual([true, true, true, true, true, false]);
  });

  test('are unknown where they need a parameter, an account not known, or a condition not defined', () => {
    expect(['Named', 'Audit', 'OhioAudit', 'OhioOrAudit', 'Missing'].map(name => evaluateCondition(conditions, name, inOu)))
      .toEqual([undefined, undefined, false, undefined, undefined]);
  });
});
