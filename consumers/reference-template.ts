import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createExampleApp } from '../examples/app';

/**
 * Writes the templates of the README example, synthesized in TypeScript, as
 * `{ "<stack artifact id>": <template>, ... }` to the file named by the first
 * argument. The Python, Java and Go consumer tests build the same app and must
 * synthesize exactly these templates.
 */
const outfile = process.argv[2];
if (!outfile) {
  throw new Error('usage: reference-template.ts <outfile>');
}

const outdir = mkdtempSync(join(tmpdir(), 'break-glass-reference-'));
try {
  const templates: Record<string, unknown> = {};
  for (const stack of createExampleApp(outdir).synth().stacksRecursively) {
    // Consumers key templates by artifact id too, so two equal ids would hide a stack.
    if (stack.id in templates) {
      throw new Error(`two stacks share the artifact id ${stack.id}`);
    }
    templates[stack.id] = stack.template;
  }
  writeFileSync(outfile, JSON.stringify(templates, undefined, 2) + '\n');
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
