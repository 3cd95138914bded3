// A request body, parsed once per request and shared by everything that looks at it: the edge
// checks, the rate limiters that key on a field (the email), our forms, and (re-encoded in one
// canonical form) Better Auth's handler. Reading the same bytes twice with two parsers is how a
// limiter and a handler came to disagree about whose email a body carries.
import type { Context } from 'hono';

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid-json' }
  | { kind: 'form'; value: Record<string, string> }
  | { kind: 'multipart' }
  | { kind: 'text'; text: string };

// Exactly the media type rules of better-call (Better Auth's router), in its order: a JSON type
// only when the header starts with one; a form when it merely contains the form type.
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json/i;

export function bodyKindOf(contentType: string): 'json' | 'form' | 'multipart' | 'text' {
  const type = contentType.toLowerCase();
  if (JSON_TYPE.test(type)) return 'json';
  if (type.includes('application/x-www-form-urlencoded')) return 'form';
  if (type.includes('multipart/form-data')) return 'multipart';
  return 'text';
}

/** Parses a body without consuming the request (reads a clone). */
export async function parseBody(request: Request): Promise<{ parsed: ParsedBody; text: string }> {
  // GET and HEAD never have a body (Fetch), and asking would make @hono/node-server build a full
  // Request for nothing (see http/body-limit.ts).
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return { parsed: { kind: 'none' }, text: '' };
  const text = await request.clone().text();
  const kind = bodyKindOf(request.headers.get('content-type') ?? '');
  if (kind === 'json') {
    try {
      return { parsed: { kind: 'json', value: JSON.parse(text) as unknown }, text };
    } catch {
      return { parsed: { kind: 'invalid-json' }, text };
    }
  }
  if (kind === 'form') {
    // The form-urlencoded parser of the Fetch standard (what request.formData() runs); the last
    // value of a repeated name wins, as in better-call.
    const value: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) value[k] = v;
    return { parsed: { kind: 'form', value }, text };
  }
  if (kind === 'multipart') return { parsed: { kind: 'multipart' }, text };
  return { parsed: { kind: 'text', text }, text };
}

const parsedByContext = new WeakMap<Context, Promise<{ parsed: ParsedBody; text: string }>>();

/** The request's body, parsed once per request (every caller gets the same result). */
export function bodyOf(c: Context): Promise<{ parsed: ParsedBody; text: string }> {
  let body = parsedByContext.get(c);
  if (!body) {
    body = parseBody(c.req.raw);
    parsedByContext.set(c, body);
  }
  return body;
}

/** The parsed fields of a JSON object or form body; undefined for anything else. */
export function fieldsOf(parsed: ParsedBody): Record<string, unknown> | undefined {
  if (parsed.kind === 'form') return parsed.value;
  if (parsed.kind === 'json' && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) {
    return parsed.value as Record<string, unknown>;
  }
  return undefined;
}

/**
 * The request a handler should see for a parsed body: the same method, URL and headers, and the
 * body re-encoded from what we parsed under a canonical content type, so the handler cannot read
 * anything other than what our checks read.
 */
export function canonicalRequest(request: Request, parsed: ParsedBody): Request {
  if (parsed.kind !== 'json' && parsed.kind !== 'form') return request;
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  let body: string;
  if (parsed.kind === 'json') {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(parsed.value);
  } else {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(parsed.value).toString();
  }
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}
