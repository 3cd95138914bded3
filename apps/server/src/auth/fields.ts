// Length limits on what accounts and OAuth clients may store: checked on every body that reaches
// Better Auth (its endpoints and our forms), before it does anything with them.
import type { Issue } from '@cc/core';

/** Maximum length (in UTF-16 code units, as JavaScript counts) of the fields we know. */
export const FIELD_LIMITS: Record<string, number> = {
  email: 254, // RFC 5321's path limit
  newEmail: 254,
  name: 100,
  image: 2048,
  password: 256,
  newPassword: 256,
  currentPassword: 256,
  token: 512,
  callbackURL: 2048,
  newUserCallbackURL: 2048,
  errorCallbackURL: 2048,
  redirectTo: 2048,
  client_name: 200,
  client_uri: 2048,
  logo_uri: 2048,
  policy_uri: 2048,
  tos_uri: 2048,
  software_id: 200,
  software_version: 100,
  scope: 1024,
  redirect_uri: 2048,
  redirect_uris: 2048,
  post_logout_redirect_uris: 2048,
  contacts: 254,
};
/** Any other string, anywhere in the body. */
export const OTHER_STRING_LIMIT = 4096;
export const ARRAY_LIMIT = 20;
const DEPTH_LIMIT = 6;

/** Every field that is too long (or an array too long, or nesting too deep), as issues. */
export function fieldLengthIssues(fields: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const visit = (value: unknown, path: string, limit: number, depth: number) => {
    if (typeof value === 'string') {
      if (value.length > limit) issues.push({ path, message: `must be at most ${limit} characters (got ${value.length})` });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth >= DEPTH_LIMIT) return void issues.push({ path, message: `must be nested at most ${DEPTH_LIMIT} levels deep` });
    if (Array.isArray(value)) {
      if (value.length > ARRAY_LIMIT) issues.push({ path, message: `must have at most ${ARRAY_LIMIT} items` });
      value.slice(0, ARRAY_LIMIT).forEach((v, i) => visit(v, `${path}.${i}`, limit, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`, FIELD_LIMITS[k] ?? OTHER_STRING_LIMIT, depth + 1);
  };
  for (const [k, v] of Object.entries(fields)) visit(v, k, FIELD_LIMITS[k] ?? OTHER_STRING_LIMIT, 1);
  return issues;
}

export function describeIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
