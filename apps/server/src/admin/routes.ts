// The operators' door: a few learner administration routes under /api/admin, mounted only when
// ADMIN_TOKEN is set, authenticated by that one credential (compared in constant time, never a
// learner's session), rate limited per address, and every change written to the audit log.
// It lets `pnpm learners` change a tier or reset quiz attempts while the server holds the embedded
// database.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { getLearner, isDomainError, resetAttempts, setTier, Tier, type LearningDeps } from '@cc/core';
import type { AdminAuditEntry } from '@cc/db';
import type { IdentityVariables } from '../auth/identify.ts';
import { clientAddress, rateLimit, type Limit, type RateLimiter } from '../http/rate-limit.ts';
import { domainProblem, problem, zodIssues } from '../http/problem.ts';

export const ADMIN_BASE_PATH = '/api/admin';
export const ADMIN_TOKEN_MIN_LENGTH = 32;

export interface AdminAudit {
  record(entry: AdminAuditEntry): Promise<void>;
  list(options: { learnerId?: string; limit: number }): Promise<AdminAuditEntry[]>;
}

export interface AdminRouteDeps {
  token: string;
  learning: LearningDeps;
  audit: AdminAudit;
  rateLimiter: RateLimiter;
  trustedProxyHops: number;
  limit?: Limit;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of the presented bearer credential with ADMIN_TOKEN. */
export function adminTokenMatches(authorization: string | undefined, expected: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  // Hashing first makes both sides the same length, so timingSafeEqual never leaks the length.
  return timingSafeEqual(digest(presented ?? ''), digest(expected)) && presented !== undefined;
}

const LearnerParam = z.object({ learnerId: z.uuid() });
const ContentId = z.string().min(1).max(200).regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"');
const QuizParams = LearnerParam.extend({ courseId: ContentId, quizId: ContentId });
const TierBody = z.strictObject({ tier: Tier });
const AuditQuery = z.object({ learnerId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(50) });
// Who is acting, as the operator names themselves (the CLI sends the OS user); for the log only.
const Actor = z.string().regex(/^[\w.@-]{1,64}$/);

export function adminRoutes(deps: AdminRouteDeps): Hono<{ Variables: IdentityVariables }> {
  const app = new Hono<{ Variables: IdentityVariables }>();
  const byAddress = (c: Context) => clientAddress(c, deps.trustedProxyHops);
  app.use(`${ADMIN_BASE_PATH}/*`, (c, next) =>
    rateLimit(deps.rateLimiter, deps.learning.clock.now, 'admin', deps.limit ?? { limit: 60, windowSeconds: 60 }, byAddress)(c, next),
  );
  app.use(`${ADMIN_BASE_PATH}/*`, async (c, next) => {
    if (!adminTokenMatches(c.req.header('authorization'), deps.token)) {
      const res = problem(c, 401, 'The admin API needs Authorization: Bearer <ADMIN_TOKEN>');
      res.headers.set('WWW-Authenticate', 'Bearer realm="course-companion-admin"');
      return res;
    }
    return next();
  });

  const audit = async (c: Context, action: string, learnerId: string | null, data: Record<string, unknown>) => {
    const actor = Actor.safeParse(c.req.header('x-admin-actor'));
    await deps.audit.record({
      id: randomUUID(),
      at: deps.learning.clock.now().toISOString(),
      actor: `admin-token${actor.success ? `:${actor.data}` : ''}`,
      clientAddress: byAddress(c),
      action,
      learnerId,
      data,
    });
  };

  app.get(`${ADMIN_BASE_PATH}/learners/:learnerId`, async (c) => {
    const params = LearnerParam.safeParse(c.req.param());
    if (!params.success) return problem(c, 400, 'The learner id must be a UUID', { issues: zodIssues(params.error) });
    if (!(await deps.learning.store.getLearner(params.data.learnerId))) return problem(c, 404, `No learner ${params.data.learnerId}`);
    return c.json(await getLearner(deps.learning, params.data.learnerId));
  });

  app.put(`${ADMIN_BASE_PATH}/learners/:learnerId/tier`, async (c) => {
    const params = LearnerParam.safeParse(c.req.param());
    if (!params.success) return problem(c, 400, 'The learner id must be a UUID', { issues: zodIssues(params.error) });
    const body = TierBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return problem(c, 400, `The body must be {"tier": "${Tier.options.join('" | "')}"}`, { issues: zodIssues(body.error) });
    const { learnerId } = params.data;
    const before = await deps.learning.store.getLearner(learnerId);
    if (!before) return problem(c, 404, `No learner ${learnerId}`);
    const after = await setTier(deps.learning, learnerId, body.data.tier);
    await audit(c, 'set_tier', learnerId, { from: before.tier, to: after.tier });
    return c.json(after);
  });

  // An operator opens a new round of the quiz's max_attempts at once (docs/learning-engine.md, No
  // dead ends); the attempts and scores stay on record.
  app.post(`${ADMIN_BASE_PATH}/learners/:learnerId/courses/:courseId/quizzes/:quizId/reset-attempts`, async (c) => {
    const params = QuizParams.safeParse(c.req.param());
    if (!params.success) return problem(c, 400, 'The learner id must be a UUID, the course and quiz ids plain ids', { issues: zodIssues(params.error) });
    const { learnerId, courseId, quizId } = params.data;
    if (!(await deps.learning.store.getLearner(learnerId))) return problem(c, 404, `No learner ${learnerId}`);
    try {
      const reset = await resetAttempts(deps.learning, learnerId, courseId, quizId);
      await audit(c, 'reset_attempts', learnerId, { courseId, quizId, attemptsRemaining: reset.attemptsRemaining });
      return c.json(reset);
    } catch (e) {
      if (isDomainError(e)) return domainProblem(c, e);
      throw e;
    }
  });

  app.get(`${ADMIN_BASE_PATH}/audit`, async (c) => {
    const query = AuditQuery.safeParse(c.req.query());
    if (!query.success) return problem(c, 400, 'The query is not valid', { issues: zodIssues(query.error) });
    return c.json({ entries: await deps.audit.list({ limit: query.data.limit, ...(query.data.learnerId && { learnerId: query.data.learnerId }) }) });
  });

  app.all(`${ADMIN_BASE_PATH}/*`, (c) => problem(c, 404, `No admin route for ${c.req.method} ${c.req.path}`));
  return app;
}
