// Checks at the edge, before any route: text PostgreSQL cannot store (a NUL character) or that is
// not well-formed Unicode (an unpaired UTF-16 surrogate, which a JSON \u escape can produce) is
// refused with a 400 problem wherever it appears in a JSON or form body or in the query, so no
// handler, library (Better Auth) or database ever sees it.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyOf } from './body.ts';
import { problem } from './problem.ts';

const NUL = '\u0000';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type BadText = { path: string; what: 'NUL character' | 'unpaired surrogate' };

function badText(s: string): BadText['what'] | undefined {
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

function inPairs(pairs: Iterable<[string, string]>, where: string): BadText | undefined {
  for (const [k, v] of pairs) {
    const what = badText(k) ?? badText(v);
    if (what) return { path: `${where}.${k.replace(/[^\x20-\x7e]/g, '?')}`, what };
  }
  return undefined;
}

async function findInRequest(c: Context): Promise<BadText | undefined> {
  const url = new URL(c.req.url);
  const inQuery = inPairs(url.searchParams, 'query');
  if (inQuery) return inQuery;
  const { parsed, text } = await bodyOf(c);
  if (parsed.kind === 'none') return undefined;
  // Whatever the content type says, a raw NUL byte has no business in a request body we parse.
  if (text.includes(NUL)) return { path: 'body', what: 'NUL character' };
  if (parsed.kind === 'json') return findBadText(parsed.value, 'body');
  if (parsed.kind === 'form') return inPairs(Object.entries(parsed.value), 'body');
  if (parsed.kind === 'multipart') {
    const form = await c.req.raw.clone().formData().catch(() => undefined);
    if (!form) return undefined;
    const strings = [...form].map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : v.name]);
    return inPairs(strings, 'body');
  }
  if (parsed.kind === 'text') {
    // A JSON body sent with another media type is still JSON to some parsers.
    try {
      return findBadText(JSON.parse(parsed.text), 'body');
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Refuses NUL characters and unpaired surrogates in the query and body with a 400 problem. */
export function refuseUnstorableText(): MiddlewareHandler {
  return async (c, next) => {
    const bad = await findInRequest(c);
    if (bad) {
      return problem(c, 400, `The request contains a ${bad.what} (at ${bad.path}); text must be well-formed Unicode without NUL characters`, {
        issues: [{ path: bad.path, message: `contains a ${bad.what}` }],
      });
    }
    return next();
  };
}
