// Hono's bodyLimit, without asking for a body it does not need. Its first step reads
// `c.req.raw.body`, which on @hono/node-server turns the lightweight request into a full Fetch
// Request (headers copied and validated, an abort signal, a body stream): for a GET, whose body is
// always null there, that was about a tenth of the cost of a request that does no work (`/healthz`).
// So GET and HEAD pass, a declared Content-Length decides on its own (Hono's own rule for it), and
// only a streamed body (no length) goes through Hono's counting middleware.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

type Options = Parameters<typeof bodyLimit>[0];

export function limitBodies(options: Options & { onError: NonNullable<Options['onError']> }): MiddlewareHandler {
  const limit = bodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length === null || headers.has('transfer-encoding')) return limit(c, next);
    if (Number.parseInt(length, 10) > options.maxSize) return options.onError(c);
    return next();
  };
}
