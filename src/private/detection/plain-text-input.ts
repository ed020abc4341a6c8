import * as events from 'aws-cdk-lib/aws-events';

/**
 * An input transformer whose template is plain text. aws-cdk-lib's
 * `RuleTargetInput.fromText` wraps the text in JSON quotes, which reach email
 * subscribers as stray `"`.
 */
export class PlainTextInput extends events.RuleTargetInput {
  constructor(private readonly inputTemplate: string, private readonly inputPathsMap: { [field: string]: string }) {
    super();
  }

  public bind(_rule: events.IRule): events.RuleTargetInputProperties {
    return { inputTemplate: this.inputTemplate, inputPathsMap: this.inputPathsMap };
  }
}
