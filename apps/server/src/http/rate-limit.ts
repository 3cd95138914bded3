import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RateLimited } from '@cc/core';
import type { IdentityVariables } from '../auth/identify.ts';
import { problem } from './problem.ts';

export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<{ allowed: boolean; limit: number; remaining: number; resetSeconds: number }>;
}

export interface Limit {
  limit: number;
  windowSeconds: number;
}

/** The limits the server applies; operators can tighten or loosen them through the environment. */
export interface Limits {
  guestSessionsPerAddress: Limit;
  submitsPerLearner: Limit;
  hintsPerLearner: Limit;
}

export const DEFAULT_LIMITS: Limits = {
  guestSessionsPerAddress: { limit: 30, windowSeconds: 3600 },
  submitsPerLearner: { limit: 60, windowSeconds: 60 },
  hintsPerLearner: { limit: 120, windowSeconds: 60 },
};

/**
 * The learner actions with a budget, by the REST route and the MCP tool that perform them: the two
 * doors' twins spend one counter, so a learner has the same budget whichever door they use.
 */
export const LEARNER_ACTIONS = [
  { name: 'submit', limit: 'submitsPerLearner', route: '/me/attempts/:attemptId/submit', tool: 'submit_quiz' },
  { name: 'hint', limit: 'hintsPerLearner', route: '/me/attempts/:attemptId/hints', tool: 'reveal_hint' },
] as const satisfies readonly { name: string; limit: keyof Limits; route: string; tool: string }[];

/**
 * The MCP door's side of LEARNER_ACTIONS: spends the tool's budget for the learner and throws
 * core's RateLimited (answered as a tool error with its retry-after) once it is spent.
 */
export function mcpToolLimits(limiter: RateLimiter, now: () => Date, limits: Limits) {
  return async (tool: string, learnerId: string | undefined): Promise<void> => {
    const action = LEARNER_ACTIONS.find((a) => a.tool === tool);
    if (!action) return;
    const { limit, windowSeconds } = limits[action.limit];
    const decision = await limiter.hit(`${action.name}:${learnerId ?? 'anonymous'}`, limit, windowSeconds, now());
    if (!decision.allowed) throw new RateLimited(`Too many requests of this kind (at most ${limit} in ${windowSeconds} s)`, decision.resetSeconds);
  };
}

/**
 * The caller's address. Behind `trustedProxyHops` proxies that append to X-Forwarded-For, the
 * client is that many entries from the right; anything further left is client-supplied and ignored.
 */
export function clientAddress(c: Context, trustedProxyHops: number): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // in-process requests (tests, contract rendering) have no socket
  }
  if (trustedProxyHops <= 0) return socket;
  const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return chain[chain.length - trustedProxyHops] ?? socket;
}

export function rateLimit(
  limiter: RateLimiter,
  now: () => Date,
  name: string,
  limit: Limit,
  key: (c: Context<{ Variables: IdentityVariables }>) => string,
): MiddlewareHandler<{ Variables: IdentityVariables }> {
  return async (c, next) => {
    const decision = await limiter.hit(`${name}:${key(c)}`, limit.limit, limit.windowSeconds, now());
    const headers = {
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(decision.resetSeconds),
    };
    if (!decision.allowed) {
      const res = problem(c, 429, `Too many requests; try again in ${decision.resetSeconds} s`);
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      res.headers.set('Retry-After', String(decision.resetSeconds));
      return res;
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
