import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { createExampleApp } from '../examples/app';
import { createOrganizationApp } from '../examples/organization';

/**
 * Writes the templates of one example app, synthesized in TypeScript, as
 * `{ "<stack artifact id>": <template>, ... }` to the file named by the first
 * argument: the README example (examples/app.ts), or with `organization` as the
 * second argument the organization example. The consumer tests build the same
 * app in their language and must synthesize exactly these templates.
 */
const EXAMPLES: { [name: string]: (outdir: string) => App } = {
  app: createExampleApp,
  organization: createOrganizationApp,
};

const [outfile, example = 'app'] = process.argv.slice(2);
if (!outfile || !(example in EXAMPLES)) {
  throw new Error(`usage: reference-template.ts <outfile> [${Object.keys(EXAMPLES).join('|')}]`);
}

const outdir = mkdtempSync(join(tmpdir(), 'break-glass-reference-'));
try {
  const templates: Record<string, unknown> = {};
  for (const stack of EXAMPLES[example](outdir).synth().stacksRecursively) {
    // Consumers key templates by artifact id too, so two equal ids would hide a stack.
    if (stack.id in templates) {
      throw new Error(`two stacks share the artifact id ${stack.id}`);
    }
    templates[stack.id] = stack.template;
  }
  writeFileSync(outfile, JSON.stringify(templates, undefined, 2) + '\n');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdkVersion: string = require('aws-cdk-lib/package.json').version;
  console.log(`${outfile}: ${Object.keys(templates).length} templates of the ${example} example, aws-cdk-lib ${cdkVersion}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
