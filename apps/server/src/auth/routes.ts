// Better Auth's endpoints (/api/auth/*) and the well-known documents it serves, behind our
// database-backed rate limits on the endpoints worth guessing at or flooding.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bodyOf, canonicalRequest, fieldsOf } from '../http/body.ts';
import { problem } from '../http/problem.ts';
import { isUrlClientId } from './cimd/policy.ts';
import { authorizeErrorPage } from './pages.ts';
import { describeIssues, fieldLengthIssues } from './fields.ts';
import { clientAddress, rateLimit, type Limit, type RateLimiter } from '../http/rate-limit.ts';
import type { IdentityVariables } from './identify.ts';
import { AUTH_BASE_PATH, type Auth } from './better-auth.ts';
import { withSessionTokenScope } from './hashed-session-tokens.ts';
import { clearedGuestCookie, GUEST_SESSION_HEADER, presentedGuestToken, type GuestClaim, type GuestUpgrades } from './guest-upgrade.ts';

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
  /** Our origin: an authorization answer that sends the browser elsewhere is checked. */
  publicUrl: string;
  /** Sign-ups presenting a guest token keep the guest's learner; absent: every sign-up is fresh. */
  guestUpgrades?: GuestUpgrades;
}

const SIGN_UP_PATH = `${AUTH_BASE_PATH}/sign-up/email`;

/** A sign-up's guest token (X-Guest-Session or Authorization: Bearer), claimed for the time of the request. */
async function guestClaimOf(c: Context, deps: AuthRouteDeps): Promise<GuestClaim> {
  if (!deps.guestUpgrades || c.req.path !== SIGN_UP_PATH) return { kind: 'none' };
  const token = presentedGuestToken(c.req.raw.headers);
  if (!token) return { kind: 'none' };
  const email = await emailOf(c);
  if (email === '(none)') return { kind: 'none' };
  return deps.guestUpgrades.claim({ token, email, now: deps.now() });
}

/** The request Better Auth sees: without the guest token (it is ours, not a Better Auth credential). */
function withoutGuestToken(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete(GUEST_SESSION_HEADER);
  headers.delete('authorization');
  return new Request(request.url, { method: request.method, headers, signal: request.signal });
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

/** Where an authorization answer sends the browser (a redirect, or Better Auth's JSON `{url}`). */
async function destinationOf(res: Response): Promise<string | undefined> {
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) return location;
  if (!(res.headers.get('content-type') ?? '').includes('json')) return undefined;
  const body = z.object({ url: z.string() }).safeParse(await res.clone().json().catch(() => null));
  return body.success ? body.data.url : undefined;
}

/**
 * RFC 9700 section 4.11.2: a registered redirect_uri is only as trustworthy as whoever registered
 * it, and anyone may register (DCR, CIMD). Before the user has signed in, an authorization
 * request that would send the browser off our site (an error such as `invalid_scope` aimed at the
 * client's redirect_uri) gets our error page instead, so /authorize is no open redirector.
 */
async function guardAuthorizeRedirect(c: Context, res: Response, deps: AuthRouteDeps): Promise<Response | undefined> {
  const destination = await destinationOf(res);
  if (!destination) return undefined;
  let target: URL;
  try {
    target = new URL(destination, deps.publicUrl);
  } catch {
    return undefined;
  }
  if (target.origin === new URL(deps.publicUrl).origin) return undefined;
  const session = await deps.auth.api.getSession({ headers: c.req.raw.headers }).catch(() => null);
  if (session) return undefined;
  const error = target.searchParams.get('error') ?? 'invalid_request';
  const description = target.searchParams.get('error_description') ?? 'The authorization request is not valid.';
  if ((c.req.header('accept') ?? '').includes('text/html')) return c.html(authorizeErrorPage(error, description), 400);
  return problem(c, 400, `The authorization request failed (${error}): ${description}`, { error });
}

/**
 * The session token lives in an HttpOnly cookie; script in a page must not be able to read it
 * from a JSON answer either: get-session, sign-in, sign-up, change-password and update-session
 * echo it, list-sessions lists every session's. Removed from every Better Auth answer except the
 * OAuth endpoints (their tokens are the protocol's answer) and the JWT plugin's /token.
 */
const echoesSessionTokens = (path: string) =>
  path.startsWith(`${AUTH_BASE_PATH}/`) && !path.startsWith(`${AUTH_BASE_PATH}/oauth2/`) && path !== `${AUTH_BASE_PATH}/token`;

const withoutToken = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutToken);
  if (value === null || typeof value !== 'object') return value;
  const { token: _token, ...rest } = value as Record<string, unknown>;
  const session = rest['session'];
  if (session !== null && typeof session === 'object') {
    const { token: _sessionToken, ...visible } = session as Record<string, unknown>;
    rest['session'] = visible;
  }
  return rest;
};

async function withoutSessionToken(res: Response): Promise<Response> {
  if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('application/json')) return res;
  const body: unknown = await res.clone().json().catch(() => undefined);
  if (body === null || typeof body !== 'object') return res;
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(withoutToken(body)), { status: res.status, headers });
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
    const claim = c.req.method === 'POST' ? await guestClaimOf(c, deps) : ({ kind: 'none' } as const);
    if (claim.kind === 'busy') {
      return problem(c, 409, 'Another sign-up with this email is in progress; try again in a moment', { code: 'SIGN_UP_IN_PROGRESS' });
    }
    const raw = claim.kind === 'claimed' ? withoutGuestToken(c.req.raw) : c.req.raw;
    const request = c.req.method === 'POST' ? canonicalRequest(raw, await bodyOf(c)) : raw;
    let res: Response;
    try {
      res = await withSessionTokenScope(() => deps.auth.handler(request));
    } finally {
      if (claim.kind === 'claimed') await claim.release();
    }
    if (claim.kind === 'claimed' && res.status === 422) {
      // The trigger refused the claim under the insert: a concurrent sign-up took this guest first.
      const code = AuthError.safeParse(await res.clone().json().catch(() => null));
      if (code.success && code.data.code === 'FAILED_TO_CREATE_USER') {
        return problem(c, 409, 'This guest session was just claimed by another sign-up; nothing was created', { code: 'GUEST_SESSION_CLAIMED' });
      }
    }
    if (c.req.path === `${AUTH_BASE_PATH}/oauth2/authorize`) {
      const refused = await guardAuthorizeRedirect(c, res, deps);
      if (refused) return refused;
    }
    const answer = await asProblem(c, echoesSessionTokens(c.req.path) ? await withoutSessionToken(res) : res);
    if (!endsGuestCookie(c.req.path) || answer.status >= 400) return answer;
    // The browser is now another account (or none): a later sign-up on /signup must not claim the
    // guest this cookie names. Its Path is /signup, so it never reaches here: clear it blindly.
    const cleared = new Response(answer.body, answer);
    cleared.headers.append('set-cookie', clearedGuestCookie(deps.publicUrl));
    return cleared;
  });
  return app;
}

const endsGuestCookie = (path: string) => [`${AUTH_BASE_PATH}/sign-in/email`, `${AUTH_BASE_PATH}/sign-up/email`, `${AUTH_BASE_PATH}/sign-out`].includes(path);
