// Better Auth's endpoints (/api/auth/*) and the well-known documents it serves, behind our
// database-backed rate limits on the endpoints worth guessing at or flooding.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { problem } from '../http/problem.ts';
import { clientAddress, rateLimit, type Limit, type RateLimiter } from '../http/rate-limit.ts';
import type { IdentityVariables } from './identify.ts';
import { AUTH_BASE_PATH, type Auth } from './better-auth.ts';

export interface AuthLimits {
  signInPerAddress: Limit;
  signInPerEmail: Limit;
  signUpPerAddress: Limit;
  passwordResetPerAddress: Limit;
  passwordResetPerEmail: Limit;
  oauthTokenPerAddress: Limit;
  oauthRegisterPerAddress: Limit;
  /** Authorize may fetch a client's metadata document (CIMD): bound what one address can trigger. */
  oauthAuthorizePerAddress: Limit;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  signInPerAddress: { limit: 30, windowSeconds: 900 },
  signInPerEmail: { limit: 10, windowSeconds: 900 },
  signUpPerAddress: { limit: 10, windowSeconds: 3600 },
  passwordResetPerAddress: { limit: 5, windowSeconds: 3600 },
  passwordResetPerEmail: { limit: 3, windowSeconds: 3600 },
  oauthTokenPerAddress: { limit: 60, windowSeconds: 60 },
  oauthRegisterPerAddress: { limit: 20, windowSeconds: 3600 },
  oauthAuthorizePerAddress: { limit: 120, windowSeconds: 60 },
};

export interface AuthRouteDeps {
  auth: Auth;
  rateLimiter: RateLimiter;
  now: () => Date;
  trustedProxyHops: number;
  limits: AuthLimits;
}

const EmailField = z.object({ email: z.string().max(320) });
const OAuthQueryField = z.object({ oauth_query: z.unknown() }).partial();

/**
 * Better Auth's OAuth provider runs a hook on ANY endpoint whose body has a truthy `oauth_query`,
 * and throws (500) when it is not a string. Refuse those bodies here with a 400.
 */
async function hasNonStringOAuthQuery(c: Context): Promise<boolean> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) return false;
  const body: unknown = await c.req.raw.clone().json().catch(() => undefined);
  const parsed = OAuthQueryField.safeParse(body);
  return parsed.success && parsed.data.oauth_query !== undefined && typeof parsed.data.oauth_query !== 'string';
}

/** The email of a JSON or form body, lower-cased, read from a clone (the handler reads the body). */
async function emailOf(c: Context): Promise<string> {
  const req = c.req.raw.clone();
  const type = req.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = type.includes('application/json') ? await req.json() : Object.fromEntries(await req.formData());
  } catch {
    return '(none)';
  }
  const parsed = EmailField.safeParse(body);
  return parsed.success ? parsed.data.email.trim().toLowerCase() : '(none)';
}

type Env = { Variables: IdentityVariables };

export function authRoutes(deps: AuthRouteDeps): Hono<Env> {
  const app = new Hono<Env>();
  const byAddress = (c: Context) => clientAddress(c, deps.trustedProxyHops);
  const limit = (name: string, l: Limit, key: (c: Context) => string | Promise<string>) => {
    // rateLimit() takes a synchronous key; resolve async keys (the body) first.
    return async (c: Context<Env>, next: () => Promise<void>) => {
      const k = await key(c);
      return rateLimit(deps.rateLimiter, deps.now, name, l, () => k)(c, next);
    };
  };
  app.post(`${AUTH_BASE_PATH}/*`, async (c, next) => {
    if (await hasNonStringOAuthQuery(c)) return problem(c, 400, 'oauth_query must be a string');
    return next();
  });
  const L = deps.limits;
  for (const path of [`${AUTH_BASE_PATH}/sign-in/email`, '/login']) {
    app.post(path, limit('signin-address', L.signInPerAddress, byAddress), limit('signin-email', L.signInPerEmail, emailOf));
  }
  for (const path of [`${AUTH_BASE_PATH}/sign-up/email`, '/signup']) app.post(path, limit('signup', L.signUpPerAddress, byAddress));
  for (const path of [`${AUTH_BASE_PATH}/request-password-reset`, '/forgot-password']) {
    app.post(path, limit('reset-address', L.passwordResetPerAddress, byAddress), limit('reset-email', L.passwordResetPerEmail, emailOf));
  }
  app.post(`${AUTH_BASE_PATH}/oauth2/token`, limit('oauth-token', L.oauthTokenPerAddress, byAddress));
  app.post(`${AUTH_BASE_PATH}/oauth2/register`, limit('oauth-register', L.oauthRegisterPerAddress, byAddress));
  app.on(['GET', 'POST'], `${AUTH_BASE_PATH}/oauth2/authorize`, limit('oauth-authorize', L.oauthAuthorizePerAddress, byAddress));

  // Better Auth owns /api/auth/* (sign-up/in/out, reset, delete-user, oauth2/*, jwks) and the
  // authorization server's well-known documents.
  app.on(['GET', 'POST'], [`${AUTH_BASE_PATH}/*`, '/.well-known/*'], (c) => deps.auth.handler(c.req.raw));
  return app;
}
