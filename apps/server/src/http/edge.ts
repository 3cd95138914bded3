// Checks at the edge, before any route: text PostgreSQL cannot store (a NUL character) or that is
// not well-formed Unicode (an unpaired UTF-16 surrogate, which a JSON \u escape can produce) is
// refused with a 400 problem wherever it appears in a JSON or form body or in the query, so no
// handler, library (Better Auth) or database ever sees it. The rule itself is core's (text/storable.ts).
// `/mcp` is left to the MCP door, which answers as MCP: a raw NUL byte makes the body invalid JSON
// (a JSON-RPC parse error, -32700) and bad text in tool arguments is a tool error.
import type { Context, MiddlewareHandler } from 'hono';
import { badText, findBadText, type BadText } from '@cc/core';
import { bodyOf } from './body.ts';
import { problem } from './problem.ts';

const NUL = '\u0000';

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
export function refuseUnstorableText(options: { except?: readonly string[] } = {}): MiddlewareHandler {
  const except = new Set(options.except ?? []);
  return async (c, next) => {
    if (except.has(c.req.path)) return next();
    const bad = await findInRequest(c);
    if (bad) {
      return problem(c, 400, `The request contains a ${bad.what} (at ${bad.path}); text must be well-formed Unicode without NUL characters`, {
        issues: [{ path: bad.path, message: `contains a ${bad.what}` }],
      });
    }
    return next();
  };
}
