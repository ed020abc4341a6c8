/**
 * What one identity adds to the break-glass role's trust policy: an IAM user
 * by name, or a role session by the role it arrives through and its name.
 */
export interface TrustGrant {
  /** An IAM user's name, matched against `aws:username` ignoring case. */
  readonly userName?: string;

  /**
   * For a role session: how `aws:PrincipalArn` (the ARN of the role the
   * session arrives through, with its path) must read. Each is the resource
   * part of the role ARN after `role/`, the role's path and name.
   */
  readonly roles?: { readonly operator: 'ArnEquals' | 'ArnLike'; readonly resourceNames: string[] };

  /** For a role session: its name, matched against the part of `aws:userid` after the colon. */
  readonly sessionName?: string;

  /**
   * For a federated (SAML) session: the role it arrives through, its path (without the leading `/`) and name.
   *
   * @default - not a federated session
   */
  readonly federatedRole?: string;

  /**
   * For an IAM Identity Center session: the permission set it arrives through.
   *
   * @default - not an Identity Center session
   */
  readonly permissionSetName?: string;
}
