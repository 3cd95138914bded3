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

/**
 * A body as the edge read it. `spent`: the raw request's body was consumed reading it, so a
 * handler that needs the request must get one built from this (canonicalRequest).
 */
export interface ReadBody {
  parsed: ParsedBody;
  text: string;
  spent: boolean;
}

const NO_BODY: ReadBody = { parsed: { kind: 'none' }, text: '', spent: false };

/** What a body's text is, read as its media type says (an empty body is no body). */
function parseText(kind: ReturnType<typeof bodyKindOf>, text: string): ParsedBody {
  if (text === '') return { kind: 'none' };
  if (kind === 'json') {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'invalid-json' };
    }
  }
  if (kind === 'form') {
    // The form-urlencoded parser of the Fetch standard (what request.formData() runs); the last
    // value of a repeated name wins, as in better-call.
    const value: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) value[k] = v;
    return { kind: 'form', value };
  }
  if (kind === 'multipart') return { kind: 'multipart' };
  return { kind: 'text', text };
}

/**
 * Reads the body once. JSON and forms go through Hono's body cache (on @hono/node-server that
 * reads the socket directly: no Fetch Request, no tee of a web stream), so `c.req.json()`,
 * `c.req.text()` and the validators get these same bytes; the raw request is spent, and whatever
 * needs a Request of its own gets one built from this parse (`canonicalRequest` for Better Auth,
 * `parsedBody` or a copy for the MCP SDK). Other media types are read from a clone, so the raw
 * request stays readable (Better Auth's multipart). GET and HEAD never have a body (Fetch), and
 * asking would make @hono/node-server build a full Request for nothing (see http/body-limit.ts).
 */
async function readBody(c: Context): Promise<ReadBody> {
  const request = c.req.raw;
  if (request.method === 'GET' || request.method === 'HEAD') return NO_BODY;
  const kind = bodyKindOf(request.headers.get('content-type') ?? '');
  if (kind === 'json' || kind === 'form') {
    const text = await c.req.text();
    return { parsed: parseText(kind, text), text, spent: true };
  }
  const text = request.body ? await request.clone().text() : '';
  return { parsed: parseText(kind, text), text, spent: false };
}

const parsedByContext = new WeakMap<Context, Promise<ReadBody>>();

/** The request's body, parsed once per request (every caller gets the same result). */
export function bodyOf(c: Context): Promise<ReadBody> {
  let body = parsedByContext.get(c);
  if (!body) {
    body = readBody(c);
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
 * The request a handler should see for a body the edge read: the same method, URL and headers,
 * and a JSON or form body re-encoded from what we parsed under a canonical content type, so the
 * handler cannot read anything other than what our checks read. Any other body is the raw request
 * when reading left it unread, else a copy of the bytes read (a body that did not parse as its
 * type says, for the handler to refuse).
 */
export function canonicalRequest(request: Request, body: ReadBody): Request {
  const { parsed } = body;
  if (parsed.kind !== 'json' && parsed.kind !== 'form' && !body.spent) return request;
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  let text: string | undefined;
  if (parsed.kind === 'json') {
    headers.set('content-type', 'application/json');
    text = JSON.stringify(parsed.value);
  } else if (parsed.kind === 'form') {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    text = new URLSearchParams(parsed.value).toString();
  } else if (body.text !== '') {
    text = body.text;
  }
  return new Request(request.url, { method: request.method, headers, ...(text !== undefined && { body: text }), signal: request.signal });
}
