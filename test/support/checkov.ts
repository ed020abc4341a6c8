import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pythonTool, PythonTool } from './python-tools';

/** checkov, installed by `npx projen checkov:install` (test/checkov-requirements.txt), or why this machine has none. */
export function checkovTool(): PythonTool {
  return pythonTool('checkov', 'checkov');
}

/** One check checkov ran on one resource. */
export interface CheckovResult {
  /** The check, e.g. `CKV_AWS_26`. */
  readonly id: string;
  readonly name: string;
  /** The name of the template the resource is in, as given to `checkovScan`. */
  readonly template: string;
  /** `TYPE.LOGICAL_ID`, e.g. `AWS::SNS::Topic.AlertTopic`. */
  readonly resource: string;
  /** Why it does not apply, for an answered (skipped) check: the resource's `Metadata.checkov.skip` comment. */
  readonly comment?: string;
}

/** What checkov found over every template: the checks passed, answered in metadata (checkov's "skipped") and failed. */
export interface CheckovReport {
  readonly passed: CheckovResult[];
  readonly answered: CheckovResult[];
  readonly failed: CheckovResult[];
  readonly parsingErrors: string[];
}

/** The part of an entry of checkov's JSON output read here. */
interface JsonCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly file_path: string;
  readonly resource: string;
  readonly check_result: { readonly suppress_comment?: string };
}
interface JsonReport {
  readonly results?: {
    readonly passed_checks: JsonCheck[];
    readonly failed_checks: JsonCheck[];
    readonly skipped_checks: JsonCheck[];
    readonly parsing_errors: string[];
  };
}

/** checkov exits 1 when a check failed, and 0 when none did; anything else means it did not scan. */
const SCANNED_EXIT_CODES = new Set([0, 1]);

/**
 * Scans every template (name, and the object `Template.toJSON()` gives) with checkov's CloudFormation
 * checks, in one checkov process over one directory (it takes seconds to start). Nothing is fetched:
 * no Prisma Cloud download, no check for a newer checkov.
 */
export function checkovScan(bin: string, templates: Array<[name: string, template: object]>): CheckovReport {
  const dir = mkdtempSync(join(tmpdir(), 'checkov-'));
  try {
    const names = new Map<string, string>();
    templates.forEach(([name, template], index) => {
      const file = `${String(index).padStart(3, '0')}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.json`;
      names.set(`/${file}`, name);
      writeFileSync(join(dir, file), JSON.stringify(template, undefined, 1));
    });
    const run = spawnSync(bin, ['--directory', dir, '--framework', 'cloudformation', '--output', 'json', '--skip-download'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true', BC_SKIP_MAPPING: 'TRUE', BC_API_KEY: '' },
      timeout: 10 * 60 * 1000,
    });
    if (run.error || run.status === null || !SCANNED_EXIT_CODES.has(run.status)) {
      throw new Error(`checkov failed (exit ${run.status ?? run.signal}): ${run.error?.message ?? run.stderr}`);
    }
    const report = JSON.parse(run.stdout) as JsonReport | JsonReport[];
    const results = (Array.isArray(report) ? report : [report]).flatMap(r => (r.results ? [r.results] : []));
    const read = (checks: JsonCheck[]): CheckovResult[] => checks.map(c => ({
      id: c.check_id,
      name: c.check_name,
      template: names.get(c.file_path) ?? c.file_path,
      resource: c.resource,
      comment: c.check_result.suppress_comment,
    }));
    return {
      passed: results.flatMap(r => read(r.passed_checks)),
      answered: results.flatMap(r => read(r.skipped_checks)),
      failed: results.flatMap(r => read(r.failed_checks)),
      parsingErrors: results.flatMap(r => r.parsing_errors),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
