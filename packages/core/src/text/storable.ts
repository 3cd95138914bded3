// Text the product stores must be well-formed Unicode without NUL characters: PostgreSQL cannot
// store a NUL, and an unpaired UTF-16 surrogate (which a JSON \u escape can produce) is not text.
// Both doors refuse such input before any use-case sees it (REST: a 400 problem at the HTTP edge;
// MCP: a tool error for tool arguments).

const NUL = '\u0000';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type BadText = { path: string; what: 'NUL character' | 'unpaired surrogate' };

/** What makes `s` unstorable, if anything. */
export function badText(s: string): BadText['what'] | undefined {
  if (s.includes(NUL)) return 'NUL character';
  if (UNPAIRED_SURROGATE.test(s)) return 'unpaired surrogate';
  return undefined;
}

/** The first string (key or value) in a parsed JSON value that is not storable text. */
export function findBadText(value: unknown, path = '(root)', depth = 0): BadText | undefined {
  if (typeof value === 'string') {
    const what = badText(value);
    return what && { path, what };
  }
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const at = path === '(root)' ? key : `${path}.${key}`;
    const inKey = Array.isArray(value) ? undefined : badText(key);
    if (inKey) return { path: at, what: inKey };
    const found = findBadText(v, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}
