/** A policy statement, as a template writes it, refusing `action` on `resource` to any request made without TLS. */
export function tlsOnlyStatement(sid: string, action: string, resource: unknown): object {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: action,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
