// Better Auth's endpoints (/api/auth/*) and the well-known documents it serves, behind our
// database-backed rate limits on the endpoints worth guessing at or flooding.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bodyOf, canonicalRequest, fieldsOf } from '../http/body.ts';
import { problem } from '../http/problem.ts';
import { isUrlClientId } from './cimd/policy.ts';
import { describeIssues, fieldLengthIssues } from './fields.ts';
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
  /** Any other OAuth request naming a URL client_id (revoke, introspect, consent, ...) may fetch too. */
  oauthClientFetchPerAddress: Limit;
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
  oauthClientFetchPerAddress: { limit: 60, windowSeconds: 60 },
};

export interface AuthRouteDeps {
  auth: Auth;
  rateLimiter: RateLimiter;
  now: () => Date;
  trustedProxyHops: number;
  limits: AuthLimits;
}

/**
 * The email a body carries, exactly as the handler will read it: from the one shared parse of
 * the body (http/body.ts), which is also what Better Auth and our forms are given.
 */
export async function emailOf(c: Context): Promise<string> {
  const fields = fieldsOf((await bodyOf(c)).parsed);
  const email = fields?.['email'];
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : '(none)';
}

/** A URL `client_id` (query or body) makes the authorization server fetch a metadata document. */
async function hasUrlClientId(c: Context): Promise<boolean> {
  const fromQuery = new URL(c.req.url).searchParams.get('client_id');
  if (fromQuery && isUrlClientId(fromQuery)) return true;
  const fromBody = fieldsOf((await bodyOf(c)).parsed)?.['client_id'];
  return typeof fromBody === 'string' && isUrlClientId(fromBody);
}

const OAuthError = z.object({ error: z.string() });
const AuthError = z.object({ message: z.string().optional(), code: z.string().optional() });

/**
 * Better Auth answers errors as `{message, code}` or with an empty body: turn them into RFC 9457
 * problem documents (keeping `code`). OAuth protocol errors (`{error, error_description}`, RFC
 * 6749/7591) stay as they are: that is the format OAuth clients parse.
 */
async function asProblem(c: Context, res: Response): Promise<Response> {
  if (res.status < 400) return res;
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (OAuthError.safeParse(body).success) return res;
  const parsed = AuthError.safeParse(body);
  const server = res.status >= 500;
  const detail = server ? 'Something went wrong on our side; it has been logged.' : parsed.success ? parsed.data.message : undefined;
  const code = !server && parsed.success ? parsed.data.code : undefined;
  const out = problem(c, (server ? 500 : res.status) as ContentfulStatusCode, detail, code ? { code } : {});
  for (const cookie of res.headers.getSetCookie()) out.headers.append('set-cookie', cookie);
  for (const name of ['www-authenticate', 'retry-after']) {
    const value = res.headers.get(name);
    if (value) out.headers.set(name, value);
  }
  return out;
}

type Env = { Variables: IdentityVariables };

export function authRoutes(deps: AuthRouteDeps): Hono<Env> {
  const app = new Hono<Env>();
  const byAddress = (c: Context) => clientAddress(c, deps.trustedProxyHops);
  const limit = (name: string, l: Limit, key: (c: Context) => string | Promise<string>, when?: (c: Context) => Promise<boolean>) => {
    // rateLimit() takes a synchronous key; resolve async keys (the body) first.
    return async (c: Context<Env>, next: () => Promise<void>) => {
      if (when && !(await when(c))) return next();
      const k = await key(c);
      return rateLimit(deps.rateLimiter, deps.now, name, l, () => k)(c, next);
    };
  };
  // Every body Better Auth will see: parsed once, checked, then handed over re-encoded.
  app.post(`${AUTH_BASE_PATH}/*`, async (c, next) => {
    const { parsed } = await bodyOf(c);
    if (parsed.kind === 'multipart') return problem(c, 415, 'Send JSON (application/json) or a form (application/x-www-form-urlencoded)');
    if (parsed.kind === 'invalid-json') return problem(c, 400, 'The request body is not valid JSON');
    const fields = fieldsOf(parsed);
    if (fields) {
      // Better Auth's OAuth provider runs a hook on ANY endpoint whose body has a truthy
      // `oauth_query`, and throws (500) when it is not a string.
      if (fields['oauth_query'] !== undefined && typeof fields['oauth_query'] !== 'string') return problem(c, 400, 'oauth_query must be a string');
      const issues = fieldLengthIssues(fields);
      if (issues.length > 0) return problem(c, 400, describeIssues(issues), { issues });
    }
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
  // Registering and creating clients share one budget per address.
  for (const path of [`${AUTH_BASE_PATH}/oauth2/register`, `${AUTH_BASE_PATH}/oauth2/create-client`]) {
    app.post(path, limit('oauth-register', L.oauthRegisterPerAddress, byAddress));
  }
  app.on(['GET', 'POST'], `${AUTH_BASE_PATH}/oauth2/authorize`, limit('oauth-authorize', L.oauthAuthorizePerAddress, byAddress));
  // Any other request naming a URL client_id may fetch its metadata document (revoke, introspect,
  // token, consent, the public client lookup behind /consent): bound what one address triggers.
  for (const path of [`${AUTH_BASE_PATH}/oauth2/*`, '/consent']) {
    app.on(['GET', 'POST'], path, async (c, next) => {
      if (c.req.path === `${AUTH_BASE_PATH}/oauth2/authorize`) return next();
      return limit('oauth-client-fetch', L.oauthClientFetchPerAddress, byAddress, hasUrlClientId)(c, next);
    });
  }

  // Better Auth owns /api/auth/* (sign-up/in/out, reset, delete-user, oauth2/*, jwks) and the
  // authorization server's well-known documents.
  app.on(['GET', 'POST'], [`${AUTH_BASE_PATH}/*`, '/.well-known/*'], async (c) => {
    const request = c.req.method === 'POST' ? canonicalRequest(c.req.raw, (await bodyOf(c)).parsed) : c.req.raw;
    return asProblem(c, await deps.auth.handler(request));
  });
  return app;
}
