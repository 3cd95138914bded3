import type { Context, MiddlewareHandler } from 'hono';
import { Forbidden, Unauthenticated } from '@cc/core';
import type { Clock } from '@cc/core';
import { hashToken, looksLikeToken, type SessionStore } from './sessions.ts';

/** Browser sessions (Better Auth cookies): resolves the request's cookies to a learner id. */
export interface WebSessions {
  learnerFor(headers: Headers): Promise<string | undefined>;
  revoke(headers: Headers): Promise<void>;
}

export interface IdentityVariables {
  learnerId: string | undefined;
  tokenHash: string | undefined;
  /** How the learner was identified: our bearer token, or a web session cookie. */
  via: 'bearer' | 'cookie' | undefined;
}

/**
 * Resolves the caller to a learner id on the request context, from EITHER
 * `Authorization: Bearer <token>` (guest sessions) OR a Better Auth session cookie. No header and
 * no live cookie session: anonymous. A header with an unknown, malformed or expired token: 401,
 * so clients know to authenticate again instead of silently browsing as anonymous.
 */
export function identify(sessions: SessionStore, clock: Clock, web?: WebSessions): MiddlewareHandler<{ Variables: IdentityVariables }> {
  return async (c, next) => {
    c.set('learnerId', undefined);
    c.set('tokenHash', undefined);
    c.set('via', undefined);
    const header = c.req.header('authorization');
    if (header === undefined) {
      const learnerId = web ? await web.learnerFor(c.req.raw.headers) : undefined;
      if (learnerId) {
        c.set('learnerId', learnerId);
        c.set('via', 'cookie');
      }
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
    c.set('via', 'bearer');
    return next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF for cookie-authenticated requests: an unsafe method must come from our own origin (the
 * `Origin` header equals PUBLIC_URL's origin). Bearer-authenticated and anonymous requests are
 * exempt: a browser never attaches a bearer token on its own. (hono/csrf only checks form
 * content types; a JSON request with a cookie needs the same check.)
 */
export function requireSameOriginForCookies(publicUrl: string): MiddlewareHandler<{ Variables: IdentityVariables }> {
  const ours = new URL(publicUrl).origin;
  return async (c, next) => {
    if (c.get('via') === 'cookie' && !SAFE_METHODS.has(c.req.method) && c.req.header('origin') !== ours) {
      throw new Forbidden('cross-site request refused: cookie-authenticated changes must come from this site (Origin header)');
    }
    return next();
  };
}

export function requireLearnerId(c: Context<{ Variables: IdentityVariables }>): string {
  const id = c.get('learnerId');
  if (!id) throw new Unauthenticated('sign in (or start a guest session) to use this');
  return id;
}
