/** A CloudFormation resource as it stands in a template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties: { readonly [key: string]: unknown };
}
