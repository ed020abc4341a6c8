import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { createEveryPartApp } from './every-part';
import { createExampleApp } from '../examples/app';
import { createOrganizationApp } from '../examples/organization';

/**
 * Writes the templates of example apps, synthesized in TypeScript, each as
 * `{ "<stack artifact id>": <template>, ... }` to `<outdir>/<example>.json`:
 * the README example (`app`, examples/app.ts), the organization example
 * (`organization`) and every public construct and prop (`every-part`,
 * consumers/every-part.ts); all three unless examples are named. The consumer
 * tests build the same apps in their language and must synthesize exactly
 * these templates.
 */
const EXAMPLES: { [name: string]: (outdir: string) => App } = {
  'app': createExampleApp,
  'organization': createOrganizationApp,
  'every-part': createEveryPartApp,
};

const [outdir, ...named] = process.argv.slice(2);
const examples = named.length > 0 ? named : Object.keys(EXAMPLES);
if (!outdir || examples.some(example => !(example in EXAMPLES))) {
  throw new Error(`usage: reference-template.ts <outdir> [${Object.keys(EXAMPLES).join('|')}]...`);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkVersion: string = require('aws-cdk-lib/package.json').version;
mkdirSync(outdir, { recursive: true });
for (const example of examples) {
  const assembly = mkdtempSync(join(tmpdir(), 'break-glass-reference-'));
  try {
    const templates: Record<string, unknown> = {};
    for (const stack of EXAMPLES[example](assembly).synth().stacksRecursively) {
      // Consumers key templates by artifact id too, so two equal ids would hide a stack.
      if (stack.id in templates) {
        throw new Error(`two stacks share the artifact id ${stack.id}`);
      }
      templates[stack.id] = stack.template;
    }
    const outfile = join(outdir, `${example}.json`);
    writeFileSync(outfile, JSON.stringify(templates, undefined, 2) + '\n');
    console.log(`${outfile}: ${Object.keys(templates).length} templates of the ${example} example, aws-cdk-lib ${cdkVersion}`);
  } finally {
    rmSync(assembly, { recursive: true, force: true });
  }
}
