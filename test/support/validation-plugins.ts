import { readFileSync } from 'fs';
import { join } from 'path';
import { App, CloudFormationValidatePlugin, Errors, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { PolicyValidationReportJson } from 'aws-cdk-lib/cloud-assembly-schema';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';

/** One unsuppressed violation of a synth-time validation plugin on one construct. */
export interface ValidationFinding {
  /** Rule id, e.g. `AwsSolutions-SNS3` (or `AwsSolutions-IAM5[Action::s3:*]` for a granular finding), `F3002`. */
  readonly ruleId: string;
  /** Construct path of the violating resource, e.g. `Stack/Topic/Resource`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Applies cdk-nag's AwsSolutions pack to the app, synthesizes it and returns every
 * unsuppressed finding (errors and warnings) across all stacks. Call it last, once
 * per app (see `pluginFindings`).
 */
export function awsSolutionsFindings(app: App): ValidationFinding[] {
  return pluginFindings(app, new AwsSolutionsChecks(app));
}

/**
 * Runs aws-cdk-lib's own CloudFormation template validation (the rules `cdk synth`
 * applies by default) on every stack of the app; returns every finding, warnings
 * included, as construct-library strict mode (`@aws-cdk/core:strictCfnValidateErrors`)
 * would fail on. Registered explicitly, it runs although the tests turn the default
 * one off (test/support/jest-setup.ts). Call it last, once per app.
 */
export function cloudFormationValidateFindings(app: App): ValidationFinding[] {
  // Its rule engine takes seconds to start: one per test file.
  cloudFormationValidate ??= new CloudFormationValidatePlugin();
  return pluginFindings(app, cloudFormationValidate);
}
let cloudFormationValidate: CloudFormationValidatePlugin | undefined;

/**
 * Registers the plugin with `Validations.of(app).addPlugins(...)`, synthesizes the app and
 * returns the plugin's findings from the validation report. The plugin stays registered, so
 * a later synthesis of the same app fails while findings remain. The app is re-synthesized
 * (`force`) into its own outdir, a temp dir unless the app was given one.
 */
function pluginFindings(app: App, plugin: IPolicyValidationPlugin): ValidationFinding[] {
  Validations.of(app).addPlugins(plugin);
  try {
    app.synth({ force: true });
  } catch (e) {
    // Violations make synthesis throw after the report is written; anything else is a real failure.
    if (!Errors.isValidationError(e) || e.name !== 'ValidationFailed') {
      throw e;
    }
  }
  const report = JSON.parse(readFileSync(join(app.outdir, VALIDATION_REPORT_FILE), 'utf8')) as PolicyValidationReportJson;
  // A plugin that found nothing may have no report at all.
  return report.pluginReports
    .filter((r) => r.pluginName === plugin.name)
    .flatMap((r) => r.violations)
    .flatMap((v) => v.violatingConstructs.map((c) => ({ ruleId: v.ruleName, path: c.constructPath, message: v.description })));
}
