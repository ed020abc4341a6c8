import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Errors, Validations } from 'aws-cdk-lib';
import { PolicyValidationReportJson } from 'aws-cdk-lib/cloud-assembly-schema';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

/** One unsuppressed cdk-nag violation on one construct. */
export interface NagFinding {
  /** Rule id, e.g. `AwsSolutions-SNS3` (or `AwsSolutions-IAM5[Action::s3:*]` for a granular finding). */
  readonly ruleId: string;
  /** Construct path of the violating resource, e.g. `Stack/Topic/Resource`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Applies cdk-nag's AwsSolutions pack to the app, synthesizes it and returns every
 * unsuppressed finding (errors and warnings) across all stacks.
 *
 * The pack is registered with `Validations.of(app).addPlugins(...)` and stays registered, so
 * a later synthesis of the same app fails while findings remain: call this last, once per app.
 * The app is re-synthesized (`force`) into its own outdir, a temp dir unless the app was given one.
 */
export function awsSolutionsFindings(app: App): NagFinding[] {
  const pack = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(pack);
  try {
    app.synth({ force: true });
  } catch (e) {
    // Violations make synthesis throw after the report is written; anything else is a real failure.
    if (!Errors.isValidationError(e) || e.name !== 'ValidationFailed') {
      throw e;
    }
  }
  const report = JSON.parse(readFileSync(join(app.outdir, VALIDATION_REPORT_FILE), 'utf8')) as PolicyValidationReportJson;
  return report.pluginReports
    .filter((r) => r.pluginName === pack.name)
    .flatMap((r) => r.violations)
    .flatMap((v) => v.violatingConstructs.map((c) => ({ ruleId: v.ruleName, path: c.constructPath, message: v.description })));
}
