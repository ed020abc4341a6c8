/** A CloudFormation resource as it stands in a template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties: { readonly [key: string]: unknown };
  /** The resource's metadata: answers to checkov findings. */
  readonly Metadata?: { readonly [key: string]: unknown };
}
