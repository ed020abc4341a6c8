import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createExampleApp } from '../examples/app';

/**
 * Synth time of the example app beside an app holding one plain `iam.Role`,
 * measured in one run: median of RUNS syntheses each, after one warm-up.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function plainRoleApp(outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'PlainRole', { env: { account: '111122223333', region: 'us-east-2' } });
  new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  return app;
}

function measure(build: (outdir: string) => App): { ms: number; bytes: number; resources: number } {
  const samples: number[] = [];
  let template: any;
  for (let i = 0; i <= RUNS; i++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const start = process.hrtime.bigint();
    const assembly = build(outdir).synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i > 0) {
      samples.push(ms);
    }
    template = assembly.stacks[0].template;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  return {
    ms: samples[Math.floor(samples.length / 2)],
    bytes: Buffer.byteLength(JSON.stringify(template)),
    resources: Object.keys(template.Resources).length,
  };
}

const rows = [
  ['one plain iam.Role', measure(plainRoleApp)],
  ['example app (examples/app.ts)', measure(outdir => createExampleApp(outdir))],
] as const;

const validation = process.env.CDK_VALIDATION === 'false' ? 'off (CDK_VALIDATION=false)' : 'on, as by default';
console.log(`synth benchmark, median of ${RUNS} runs after one warm-up (node ${process.version}); aws-cdk-lib's template validation ${validation}`);
console.log('app                            | synth ms | template bytes | resources');
console.log('-------------------------------|----------|----------------|----------');
for (const [name, r] of rows) {
  console.log(`${name.padEnd(31)}| ${r.ms.toFixed(1).padStart(8)} | ${String(r.bytes).padStart(14)} | ${String(r.resources).padStart(9)}`);
}
console.log(`ratio example/plain: ${(rows[1][1].ms / rows[0][1].ms).toFixed(1)}x`);
