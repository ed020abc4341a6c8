/**
 * A value as a message shows it: strings quoted, other values as JSON with
 * their type, never through the value's own methods (a forged value may have any).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    return `an object ${json ?? Object.prototype.toString.call(value)}`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return `${Array.isArray(value) ? 'an array' : `a ${typeof value}`} ${json ?? String(value)}`;
}
