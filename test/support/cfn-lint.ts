import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/** One cfn-lint match. */
export interface CfnLintFinding {
  /** Rule id, e.g. `E3002`. */
  readonly rule: string;
  /** `Error`, `Warning` or `Informational`. */
  readonly level: string;
  readonly message: string;
  /** Location in the template, e.g. `Resources/Topic/Properties/Foo`; empty when cfn-lint gives none. */
  readonly path: string;
}

/** The part of an entry of `cfn-lint --format json` output that is read here. */
interface JsonMatch {
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: Array<string | number> | null };
}

const CFN_LINT = resolve(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');

/** Exit codes meaning "linted": cfn-lint ORs 2 (errors), 4 (warnings) and 8 (informational); others mean it failed. */
const LINTED_EXIT_CODES = new Set([0, 2, 4, 6, 8, 10, 12, 14]);

/**
 * Lints one template (the object `Template.toJSON()` gives) for the given regions;
 * returns every finding (errors, warnings, informational).
 */
export function cfnLint(template: object, regions: string[]): CfnLintFinding[] {
  if (!existsSync(CFN_LINT)) {
    throw new Error('cfn-lint not installed: run "npx projen cfnlint:install"');
  }
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(template));
    const run = spawnSync(CFN_LINT, ['--format', 'json', '--regions', ...regions, '--', file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error || run.status === null || !LINTED_EXIT_CODES.has(run.status)) {
      throw new Error(`cfn-lint failed (exit ${run.status ?? run.signal}): ${run.error?.message ?? run.stderr}`);
    }
    const matches = JSON.parse(run.stdout) as JsonMatch[];
    return matches.map((m) => ({
      rule: m.Rule.Id,
      level: m.Level,
      message: m.Message,
      path: (m.Location.Path ?? []).join('/'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders findings one per line, for jest failure messages. */
export function formatFindings(findings: CfnLintFinding[]): string {
  return findings.map((f) => `${f.level} ${f.rule} at ${f.path}: ${f.message}`).join('\n');
}
