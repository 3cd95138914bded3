import type { Context, MiddlewareHandler } from 'hono';
import { Unauthenticated } from '@cc/core';
import type { Clock } from '@cc/core';
import { hashToken, looksLikeToken, type SessionStore } from './sessions.ts';

export interface IdentityVariables {
  learnerId: string | undefined;
  tokenHash: string | undefined;
}

/**
 * Resolves `Authorization: Bearer <token>` to a learner id on the request context. No header:
 * anonymous. A header with an unknown, malformed or expired token: 401, so clients know to
 * authenticate again instead of silently browsing as anonymous.
 */
export function identify(sessions: SessionStore, clock: Clock): MiddlewareHandler<{ Variables: IdentityVariables }> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('learnerId', undefined);
      c.set('tokenHash', undefined);
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match?.[1];
    if (!token || !looksLikeToken(token)) throw new Unauthenticated('the Authorization header is not a valid bearer token');
    const tokenHash = hashToken(token);
    const learnerId = await sessions.learnerFor(tokenHash, clock.now().toISOString());
    if (!learnerId) throw new Unauthenticated('the session has expired or was signed out; start a new one');
    c.set('learnerId', learnerId);
    c.set('tokenHash', tokenHash);
    return next();
  };
}

export function requireLearnerId(c: Context<{ Variables: IdentityVariables }>): string {
  const id = c.get('learnerId');
  if (!id) throw new Unauthenticated('sign in (or start a guest session) to use this');
  return id;
}
