/**
 * IAM's credential report, a CSV file whose first line names its columns
 * (IAM User Guide, "Getting credential reports for your AWS account"):
 * `password_next_rotation` is when a user's password must next be changed
 * under the account's password policy (an ISO 8601 time, or `N/A` when it
 * does not expire or the user has no password).
 */
export interface CredentialReportRow {
  readonly user: string;
  /** Epoch ms; absent when the password does not expire. */
  readonly passwordNextRotation?: number;
}

/** The rows of a credential report, by user name as IAM holds it. */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const columns = header.split(',');
  const userColumn = columns.indexOf('user');
  const rotationColumn = columns.indexOf('password_next_rotation');
  if (userColumn < 0 || rotationColumn < 0) {
    throw new Error(`The credential report has no user or password_next_rotation column: ${header}`);
  }
  return lines.map(line => {
    // No field of the report holds a comma: names, ARNs, times, true/false, N/A.
    const fields = line.split(',');
    const rotation = Date.parse(fields[rotationColumn]);
    return { user: fields[userColumn], ...(Number.isNaN(rotation) ? {} : { passwordNextRotation: rotation }) };
  });
}
