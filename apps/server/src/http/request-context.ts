// The first middleware of every request: its correlation id, its access log line and its metrics.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { requestContext, type Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { problem } from './problem.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What we accept from a client or proxy as its id; anything else is replaced by our own. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
/** Probes and scrapes: logged at debug, so that they do not drown the access log. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

export function requestIdOf(c: Context): string {
  const incoming = c.req.header(REQUEST_ID_HEADER);
  return incoming !== undefined && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
}

/** The pattern of the route that answered (bounded: only registered patterns), never the raw URL. */
export function routeLabel(c: Context): string {
  const pattern = routePath(c, c.req.routeIndex);
  return pattern === '' ? 'unmatched' : pattern;
}

export function requestContextMiddleware(deps: { logger: Logger; metrics: Metrics; replica?: string }): MiddlewareHandler {
  return (c, next) => {
    const requestId = requestIdOf(c);
    return requestContext.run({ requestId }, async () => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const seconds = (performance.now() - started) / 1000;
        const route = routeLabel(c);
        const status = c.res.status;
        try {
          c.res.headers.set(REQUEST_ID_HEADER, requestId);
          if (deps.replica) c.res.headers.set('x-replica', deps.replica);
        } catch {
          // Immutable headers (a fetched response passed through): copy it.
          c.res = new Response(c.res.body, c.res);
          c.res.headers.set(REQUEST_ID_HEADER, requestId);
          if (deps.replica) c.res.headers.set('x-replica', deps.replica);
        }
        deps.metrics.observeRequest(c.req.method, route, status, seconds);
        const line = { method: c.req.method, route, path: c.req.path, status, durationMs: Math.round(seconds * 10_000) / 10 };
        if (QUIET.has(c.req.path)) deps.logger.debug('request', line);
        else deps.logger.info('request', line);
      }
    });
  };
}

/** GET /metrics: open when no token is configured; with METRICS_TOKEN, `Authorization: Bearer <token>`. */
export function metricsHandler(metrics: Metrics, token: string | undefined) {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  return async (c: Context) => {
    if (expected) {
      const given = Buffer.from(c.req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        const res = problem(c, 401, 'Metrics need the bearer token set in METRICS_TOKEN');
        res.headers.set('WWW-Authenticate', 'Bearer realm="metrics"');
        return res;
      }
    }
    return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  };
}
