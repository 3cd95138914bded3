// Hono's bodyLimit, not run for requests that cannot carry a body. Its first step reads
// `c.req.raw.body`, which on @hono/node-server turns the lightweight request into a full Fetch
// Request (headers copied and validated, an abort signal, a body stream) even for a GET, whose body
// is always null there: about a tenth of the cost of a request that does no work (`/healthz`).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function limitBodies(options: Parameters<typeof bodyLimit>[0]): MiddlewareHandler {
  const limit = bodyLimit(options);
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}
