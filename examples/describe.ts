import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { createExampleApp } from './app';
import { describeAssembly } from './describe/index';
import { createOrganizationApp } from './organization';

/** An example app: its file (for `cdk deploy --app`) and how to build it into a cloud assembly directory. */
export interface ExampleApp {
  readonly file: string;
  readonly create: (outdir: string) => App;
}

/**
 * The examples `npx projen example` describes, in order. Another example app
 * joins with one line, e.g. `{ file: 'examples/organization.ts', create: createOrganizationApp }`:
 * stacks in several accounts and StackSets (self- or service-managed) are described alike.
 */
export const EXAMPLE_APPS: ExampleApp[] = [
  { file: 'examples/app.ts', create: createExampleApp },
  { file: 'examples/organization.ts', create: createOrganizationApp },
];

/** Synthesizes each example into examples/cdk.out/ and prints what it deploys where. */
function main(examples: ExampleApp[]): void {
  const lines = examples.flatMap((example, i) => {
    const outdir = path.join(__dirname, 'cdk.out', path.basename(example.file, '.ts'));
    fs.rmSync(outdir, { recursive: true, force: true });
    const assembly = example.create(outdir).synth();
    return [...(i > 0 ? ['', ''] : []), ...describeAssembly(assembly, example.file)];
  });
  console.log(lines.join('\n'));
}

if (require.main === module) {
  main(EXAMPLE_APPS);
}
