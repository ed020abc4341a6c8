import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { alarmMetrics, emailSubscriptions, PRICES } from '../examples/costs';
import { BreakGlassRole, LogActions, TrailSetup, Username } from '../src';

/**
 * What watching more regions costs the home stack (StackSet deployment):
 * synth time (median of RUNS syntheses after WARMUP rounds), the home template
 * as written to cdk.out, and the StackSet's inline template.
 *
 * Run: npx ts-node --project test/tsconfig.json bench/regions.ts
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WARMUP = 2;

const CASES: Array<[string, string[]]> = [
  ["['eu-west-1']", ['eu-west-1']],
  ['5 regions', ['eu-west-1', 'eu-central-1', 'ap-northeast-1', 'sa-east-1', 'us-west-2']],
  ["['*']", ['*']],
];

interface Measure {
  readonly ms: number;
  readonly homeBytes: number;
  readonly homeResources: number;
  readonly bodyBytes: number;
  readonly forwarded: number;
  /** CloudWatch alarms deployed: the home template's, and the StackSet body's once per instance region. */
  readonly alarms: number;
  /** SNS email subscriptions each address confirms. */
  readonly subscriptionsPerAddress: number;
}

function homeApp(outdir: string, regions: string[]): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Home', { env: { account: '111122223333', region: 'us-east-2' } });
  new BreakGlassRole(stack, 'BreakGlass', {
    roleName: 'BreakGlass',
    usernames: [Username.iamUser('alice'), Username.iamUser('bob'), Username.identityCenter('carol@example.com', 'Admin')],
    loginAlertEmails: ['security@example.com'],
    logActions: LogActions.ALL,
    trail: TrailSetup.existingTrail(),
    regions,
  });
  return app;
}

/** One synthesis: its time and what it produced. */
function synthOnce(regions: string[]): Measure {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-regions-'));
  try {
    const start = process.hrtime.bigint();
    const artifact = homeApp(outdir, regions).synth().getStackByName('Home');
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const resources = Object.values(artifact.template.Resources) as any[];
    const stackSet = resources.find(r => r.Type === 'AWS::CloudFormation::StackSet').Properties;
    const body = JSON.parse(stackSet.TemplateBody);
    const instances = stackSet.StackInstancesGroup.flatMap((g: any) => g.Regions).length;
    return {
      ms,
      alarms: alarmMetrics(artifact.template) + instances * alarmMetrics(body),
      subscriptionsPerAddress: emailSubscriptions(artifact.template) + instances * emailSubscriptions(body),
      homeBytes: fs.statSync(artifact.templateFullPath).size,
      homeResources: resources.length,
      bodyBytes: Buffer.byteLength(stackSet.TemplateBody),
      forwarded: stackSet.StackInstancesGroup.flatMap((g: any) => g.Regions).length,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Round-robin over the cases, so that JIT warm-up and machine load fall on
 * every case alike; the first WARMUP rounds are not counted.
 */
function measureAll(): Measure[] {
  const samples: Measure[][] = CASES.map(() => []);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    CASES.forEach(([, regions], i) => {
      const sample = synthOnce(regions);
      if (round >= WARMUP) {
        samples[i].push(sample);
      }
    });
  }
  return samples.map(caseSamples => {
    if (process.env.BENCH_DEBUG) {
      console.error(caseSamples.map(s => s.ms.toFixed(0)).join(' '));
    }
    const times = caseSamples.map(s => s.ms).sort((a, b) => a - b);
    return { ...caseSamples[caseSamples.length - 1], ms: times[Math.floor(times.length / 2)] };
  });
}

const measures = measureAll();
const results = CASES.map(([name], i) => [name, measures[i]] as const);

const rows: Array<[string, (m: Measure) => string]> = [
  ['synth ms (median)', m => m.ms.toFixed(0)],
  ['home template bytes', m => String(m.homeBytes)],
  ['home template resources', m => String(m.homeResources)],
  ['StackSet TemplateBody bytes', m => String(m.bodyBytes)],
  ['forwarded regions', m => String(m.forwarded)],
  ['alarm metrics', m => String(m.alarms)],
  ['idle alarm cost $/month', m => (m.alarms * PRICES.alarmMetricMonth).toFixed(2)],
  ['email subscriptions per address', m => String(m.subscriptionsPerAddress)],
];
const widths = [Math.max(...rows.map(([label]) => label.length)), ...results.map(([name]) => Math.max(name.length, 8))];
const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');

console.log(`regions benchmark: home us-east-2, StackSet deployment, median of ${RUNS} syntheses after ${WARMUP} warm-up rounds, cases interleaved (node ${process.version})`);
console.log(line(['', ...results.map(([name]) => name)]));
console.log(widths.map(w => '-'.repeat(w)).join('-|-'));
for (const [label, value] of rows) {
  console.log(line([label, ...results.map(([, m]) => value(m))]));
}
