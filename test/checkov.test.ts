import { App } from 'aws-cdk-lib';
import { createIntegApp } from './integ.break-glass';
import { checkovScan, checkovTool, CheckovReport, CheckovResult } from './support/checkov';
import { deployedTemplates, GATE_APPS } from './support/gate-apps';

/**
 * checkov's CloudFormation checks over every template the gates' apps and the
 * deployable integration test deploy, each StackSet body as a template of its
 * own: none fails; each finding is fixed, or answered in the resource's
 * `Metadata.checkov.skip` with a reason. One checkov process scans them all.
 */

const APPS: Array<[string, () => App]> = [...GATE_APPS, ['the integration test', createIntegApp]];

const checkov = checkovTool();

if (checkov.skipped !== undefined) {
  console.log(checkov.skipped);
  test.skip(`checkov: ${checkov.skipped}`, () => undefined);
} else {
  const bin = checkov.bin;
  describe('checkov over every template and StackSet body', () => {
    let names: string[] = [];
    let report: CheckovReport;

    beforeAll(() => {
      const templates = APPS.flatMap(([app, build]) =>
        deployedTemplates(build()).map(([name, template]): [string, object] => [`${app}: ${name}`, template]));
      names = templates.map(([name]) => name);
      const started = Date.now();
      report = checkovScan(bin, templates);
      console.log(`checkov over ${names.length} templates: ${report.passed.length} passed, ${report.answered.length} answered, ` +
        `${report.failed.length} failed (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 15 * 60 * 1000);

    const show = (results: CheckovResult[]): string[] => results.map(r => `${r.id} ${r.template}: ${r.resource} (${r.name})`);

    test('no check fails', () => {
      expect(show(report.failed)).toEqual([]);
    });

    test('every answer says why the check does not apply', () => {
      const unexplained = report.answered.filter(r => (r.comment ?? '').length < 40);
      expect(show(unexplained)).toEqual([]);
      expect(report.answered.length).toBeGreaterThan(0);
    });

    test('it read every template, and checked each', () => {
      expect(report.parsingErrors).toEqual([]);
      const checked = new Set([...report.passed, ...report.answered, ...report.failed].map(r => r.template));
      expect(names.filter(name => !checked.has(name))).toEqual([]);
    });
  });
}
