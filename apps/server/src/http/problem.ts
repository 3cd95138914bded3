// RFC 9457 problem details: the one error format of the REST door.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import { isDomainError, Locked, PaymentRequired, RateLimited, type DomainError, type Issue } from '@cc/core';
import { requestContext, type Logger } from '../logger.ts';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://coursecompanion.dev/problems/not-found' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requirements: z.array(z.record(z.string(), z.unknown())).optional().openapi({ description: '423: what must be done first' }),
    requiredTier: z.enum(['premium', 'pro']).optional().openapi({ description: '402: the tier that opens this content' }),
    chapterId: z.string().optional(),
    requestId: z.string().optional().openapi({ description: 'The correlation id of the request (also its X-Request-Id response header and in the server logs)' }),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

const TYPE_BASE = 'https://coursecompanion.dev/problems/';

const titles: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Authentication required'],
  402: ['payment-required', 'Upgrade required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['validation-failed', 'Validation failed'],
  423: ['locked', 'Locked'],
  429: ['too-many-requests', 'Too many requests'],
  500: ['internal', 'Internal server error'],
  503: ['unavailable', 'Service unavailable'],
};

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail?: string,
  extra: Partial<Problem> & Record<string, unknown> = {},
): Response {
  const [slug, title] = titles[status] ?? ['error', 'Error'];
  const requestId = requestContext.getStore()?.requestId;
  const body: Problem = { type: TYPE_BASE + slug, title, status, ...(detail && { detail }), instance: c.req.path, ...(requestId && { requestId }), ...extra };
  return c.newResponse(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

/** 413 with `Connection: close`: the unread rest of the body must not poison a kept-alive socket. */
export function tooLarge(c: Context, limitBytes = 1024 * 1024): Response {
  const res = problem(c, 413, `Request bodies are limited to ${limitBytes} bytes`);
  res.headers.set('connection', 'close');
  return res;
}

const statusOf: Record<DomainError['kind'], ContentfulStatusCode> = {
  not_found: 404,
  invalid: 422,
  forbidden: 403,
  conflict: 409,
  locked: 423,
  payment_required: 402,
  unauthenticated: 401,
  unavailable: 503,
  rate_limited: 429,
};

export function domainProblem(c: Context, e: DomainError): Response {
  const issues = 'issues' in e && Array.isArray(e.issues) ? (e.issues as Issue[]) : undefined;
  const extra: Partial<Problem> = issues && issues.length > 0 ? { issues } : {};
  if (e instanceof Locked) extra.requirements = e.requirements;
  if (e instanceof PaymentRequired) Object.assign(extra, { requiredTier: e.requiredTier, ...(e.chapterId && { chapterId: e.chapterId }) });
  const res = problem(c, statusOf[e.kind], e.message, extra);
  if (e.kind === 'unauthenticated') res.headers.set('WWW-Authenticate', 'Bearer realm="course-companion"');
  if (e instanceof RateLimited) res.headers.set('Retry-After', String(e.retryAfterSeconds));
  return res;
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** Maps anything a handler throws to a problem; never leaks a stack trace. */
export function onError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (isDomainError(err)) return domainProblem(c, err);
    // Hono's HTTPException (from bodyLimit, malformed JSON, ...) carries its own status.
    const status = (err as { status?: unknown }).status;
    if (status === 413) return tooLarge(c);
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail = status === 413 ? 'The request body is too large' : err.message || undefined;
      return problem(c, status as ContentfulStatusCode, detail);
    }
    if (isDatabaseUnavailable(err)) {
      logger.warn('backing service unavailable', { path: c.req.path, method: c.req.method, error: err.message });
      const res = problem(c, 503, 'A backing service (the database) is not reachable right now; try again shortly.');
      res.headers.set('Retry-After', '5');
      return res;
    }
    logger.error('unhandled error', { path: c.req.path, method: c.req.method, error: err.message, stack: err.stack });
    return problem(c, 500, 'Something went wrong on our side; it has been logged.');
  };
}

/** SQLSTATE classes and driver errors that mean "the database is away", not "this request is wrong". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
// 'driver has already been destroyed': Kysely after the database was closed (a cached credential lets a request get that far).
const UNAVAILABLE_MESSAGES = /driver has already been destroyed|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    // Shutting down: the pool is closed to new queries (connection-gate.ts).
    if (e.name === 'DatabaseClosedError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (UNAVAILABLE_MESSAGES.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}
