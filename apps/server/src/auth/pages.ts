// Our own server-rendered sign-in, sign-up and consent pages for the OAuth flow (and the web).
// Small, accessible HTML forms, no framework. Each form post is re-issued to Better Auth as the
// JSON request its endpoint expects, through auth.handler with a real Request: the OAuth
// provider's after-hook needs the request to continue the authorization (auth.api.* does not
// carry one), and the signed `oauth_query` it needs travels as a hidden field.
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { z } from 'zod';
import { bodyOf } from '../http/body.ts';
import { AUTH_BASE_PATH, type Auth } from './better-auth.ts';
import { describeIssues, fieldLengthIssues } from './fields.ts';
import { clearedGuestCookie, guestTokenOfCookie, type GuestClaim, type GuestUpgrades } from './guest-upgrade.ts';

const Text = z.string().max(4096);
const LoginForm = z.object({ email: Text, password: Text, oauth_query: Text.optional() });
const SignUpForm = LoginForm.extend({ name: Text.optional() });
const ConsentForm = z.object({ accept: z.enum(['yes', 'no']), oauth_query: Text });
const ForgotForm = z.object({ email: Text });
const ResetForm = z.object({ token: Text, password: Text });

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The one stylesheet of our pages: constant, so the Content-Security-Policy allows it by hash. */
export const PAGE_STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #767676;border-radius:4px}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit;border-radius:4px;border:1px solid #1b1b1b;cursor:pointer}
button.primary{background:#1b1b1b;color:#fff}
:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}
.error{color:#a4161a;border-left:4px solid #a4161a;padding-left:.75rem}
`;

function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Course Companion</title>
<style>${raw(PAGE_STYLE)}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

const errorBlock = (error?: string) => (error ? html`<p class="error" role="alert" id="form-error">${error}</p>` : raw(''));

function loginPage(query: string, error?: string) {
  const signUp = `/signup${query ? `?${query}` : ''}`;
  return page(
    'Sign in',
    html`<h1>Sign in to Course Companion</h1>
${errorBlock(error)}
<form method="post" action="/login"${error ? raw(' aria-describedby="form-error"') : raw('')}>
<input type="hidden" name="oauth_query" value="${query}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Sign in</button>
</form>
<p>New here? <a href="${signUp}">Create an account</a></p>
<p><a href="/forgot-password">Forgot your password?</a></p>`,
  );
}

function forgotPage(message?: string, error?: string) {
  return page(
    'Reset your password',
    html`<h1>Reset your password</h1>
${errorBlock(error)}
${message ? html`<p role="status">${message}</p>` : raw('')}
<form method="post" action="/forgot-password">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<button class="primary" type="submit">Send me a link</button>
</form>
<p><a href="/login">Back to sign in</a></p>`,
  );
}

function resetPage(token: string, error?: string) {
  return page(
    'Choose a new password',
    html`<h1>Choose a new password</h1>
${errorBlock(error)}
<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${token}">
<label for="password">New password <small>(at least 10 characters)</small></label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<button class="primary" type="submit">Save the new password</button>
</form>`,
  );
}

function signUpPage(query: string, error?: string) {
  const login = `/login${query ? `?${query}` : ''}`;
  return page(
    'Create an account',
    html`<h1>Create your Course Companion account</h1>
${errorBlock(error)}
<form method="post" action="/signup"${error ? raw(' aria-describedby="form-error"') : raw('')}>
<input type="hidden" name="oauth_query" value="${query}">
<label for="name">Name <small>(optional)</small></label>
<input id="name" name="name" type="text" autocomplete="name" maxlength="100">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password <small>(at least 10 characters)</small></label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required>
<button class="primary" type="submit">Create account</button>
</form>
<p>Already have an account? <a href="${login}">Sign in</a></p>`,
  );
}

/** The page shown instead of redirecting to an unauthenticated client's redirect_uri. */
export function authorizeErrorPage(error: string, description: string): Html {
  return page(
    'Authorization failed',
    html`<h1>This sign-in request cannot continue</h1>
<p role="alert">The application asked for something we cannot grant: <strong>${error}</strong>. ${description}</p>
<p>Go back to the application and try again. If it keeps happening, tell the application's developer.</p>`,
  );
}

/** The signed OAuth query of this page (client_id, ..., exp, sig), as received. */
const queryOf = (c: Context) => new URL(c.req.url).search.slice(1);

type FormResult<T> = { ok: true; data: T } | { ok: false; message?: string };

/**
 * The posted form, from the one shared parse of the body (the same one the rate limiters key
 * on), with the account field length limits applied.
 */
async function formOf<S extends z.ZodType>(c: Context, schema: S): Promise<FormResult<z.infer<S>>> {
  const { parsed } = await bodyOf(c);
  const fields = parsed.kind === 'form' ? parsed.value : {};
  const issues = fieldLengthIssues(fields);
  if (issues.length > 0) return { ok: false, message: describeIssues(issues) };
  const result = schema.safeParse(fields);
  return result.success ? { ok: true, data: result.data } : { ok: false };
}

/** Re-issue a form post as Better Auth's JSON request, keeping cookies, Origin and client headers. */
function callAuth(auth: Auth, publicUrl: string, original: Request, path: string, body: Record<string, unknown>): Promise<Response> {
  const headers = new Headers();
  for (const name of ['cookie', 'origin', 'user-agent', 'x-forwarded-for', 'sec-fetch-site']) {
    const value = original.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json');
  return auth.handler(new Request(`${publicUrl}${AUTH_BASE_PATH}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

/**
 * Better Auth answers either a redirect or JSON `{redirect,url}` / `{url}` (it answers JSON to
 * anything that is not a navigation; Node's fetch always sends Sec-Fetch-Mode: cors). Turn both
 * into a 302 for the browser, keeping Set-Cookie. Failures are returned as they are (caller renders).
 */
async function redirectFrom(res: Response, fallback: string): Promise<Response | undefined> {
  const headers = new Headers();
  for (const cookie of res.headers.getSetCookie()) headers.append('set-cookie', cookie);
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    headers.set('location', location);
    return new Response(null, { status: 302, headers });
  }
  if (!res.ok) return undefined;
  const data = z
    .object({ url: z.string().optional(), redirect_uri: z.string().optional() })
    .catch({})
    .parse(await res.json().catch(() => ({})));
  headers.set('location', data.url ?? data.redirect_uri ?? fallback);
  return new Response(null, { status: 302, headers });
}

async function messageOf(res: Response, fallback: string): Promise<string> {
  const body = z.object({ message: z.string() }).safeParse(await res.json().catch(() => ({})));
  return body.success ? body.data.message : fallback;
}

export interface AuthPageOptions {
  /** A guest signing up here (cookie from POST /api/v1/sessions/guest) keeps their learner. */
  guestUpgrades?: GuestUpgrades;
  now?: () => Date;
}

/** The guest claim of a /signup post: only the guest cookie (auth/guest-upgrade.ts) is read here. */
async function cookieGuestClaim(c: Context, email: string, options: AuthPageOptions): Promise<GuestClaim> {
  const token = guestTokenOfCookie(c.req.raw.headers);
  if (!options.guestUpgrades || !token) return { kind: 'none' };
  return options.guestUpgrades.claim({ token, email: email.trim().toLowerCase(), now: (options.now ?? (() => new Date()))() });
}

export function authPages(auth: Auth, publicUrl: string, options: AuthPageOptions = {}): Hono {
  const app = new Hono();
  // Form posts: same-origin only (Origin or Sec-Fetch-Site), as hono/csrf checks form content types.
  for (const path of ['/login', '/signup', '/consent', '/forgot-password', '/reset-password']) {
    app.use(path, csrf({ origin: new URL(publicUrl).origin }));
  }

  app.get('/forgot-password', (c) => c.html(forgotPage()));
  app.post('/forgot-password', async (c) => {
    const posted = await formOf(c, ForgotForm);
    if (!posted.ok) return c.html(forgotPage(undefined, posted.message ?? 'Enter your email.'), 400);
    const form = posted.data;
    const res = await callAuth(auth, publicUrl, c.req.raw, '/request-password-reset', { email: form.email });
    if (!res.ok) return c.html(forgotPage(undefined, await messageOf(res, 'Could not send the link.')), res.status === 429 ? 429 : 400);
    // The same answer whether or not the address has an account.
    return c.html(forgotPage('If that address has an account, a link to reset the password is on its way. It works once, for 30 minutes.'));
  });
  app.get('/reset-password', (c) => c.html(resetPage(c.req.query('token') ?? '')));
  app.post('/reset-password', async (c) => {
    const posted = await formOf(c, ResetForm);
    if (!posted.ok) return c.html(resetPage('', posted.message ?? 'Enter a new password.'), 400);
    const form = posted.data;
    const res = await callAuth(auth, publicUrl, c.req.raw, '/reset-password', { token: form.token, newPassword: form.password });
    if (!res.ok) {
      return c.html(resetPage(form.token, res.status === 400 ? 'This link has expired or was already used. Ask for a new one.' : await messageOf(res, 'Could not reset the password.')), 400);
    }
    return c.html(page('Password changed', html`<h1>Password changed</h1><p>Sign in with your new password. You were signed out everywhere else.</p><p><a href="/login">Sign in</a></p>`));
  });

  app.get('/login', (c) => c.html(loginPage(queryOf(c))));
  app.post('/login', async (c) => {
    const posted = await formOf(c, LoginForm);
    if (!posted.ok) return c.html(loginPage('', posted.message ?? 'Enter your email and password.'), 400);
    const form = posted.data;
    const body = { email: form.email, password: form.password, ...(form.oauth_query && { oauth_query: form.oauth_query }) };
    const res = await callAuth(auth, publicUrl, c.req.raw, '/sign-in/email', body);
    const redirect = await redirectFrom(res.clone(), '/');
    if (redirect) {
      // Signed in to an account: a later sign-up must not claim the guest the cookie names (its
      // Path is /signup, so it is not sent here: clear it blindly).
      redirect.headers.append('set-cookie', clearedGuestCookie(publicUrl));
      return redirect;
    }
    const status = res.status === 429 ? 429 : res.status === 401 ? 401 : 400;
    return c.html(loginPage(form.oauth_query ?? '', res.status === 401 ? 'Wrong email or password.' : await messageOf(res, 'Could not sign in.')), status);
  });

  app.get('/signup', (c) => c.html(signUpPage(queryOf(c))));
  app.post('/signup', async (c) => {
    const posted = await formOf(c, SignUpForm);
    if (!posted.ok) return c.html(signUpPage('', posted.message ?? 'Enter an email and a password.'), 400);
    const form = posted.data;
    const body = {
      email: form.email,
      password: form.password,
      name: form.name?.trim() || form.email.split('@')[0] || 'learner',
      ...(form.oauth_query && { oauth_query: form.oauth_query }),
    };
    const claim = await cookieGuestClaim(c, form.email, options);
    if (claim.kind === 'busy') return c.html(signUpPage(form.oauth_query ?? '', 'Another sign-up with this email is in progress; try again in a moment.'), 409);
    let res: Response;
    try {
      res = await callAuth(auth, publicUrl, c.req.raw, '/sign-up/email', body);
    } finally {
      if (claim.kind === 'claimed') await claim.release();
    }
    const redirect = await redirectFrom(res.clone(), '/');
    if (redirect) {
      // The guest is now this account (or was not claimable): the cookie has done its job.
      if (guestTokenOfCookie(c.req.raw.headers)) redirect.headers.append('set-cookie', clearedGuestCookie(publicUrl));
      return redirect;
    }
    if (claim.kind === 'claimed' && res.status === 422) {
      // The trigger refused the claim under the insert: a concurrent sign-up took this guest first.
      const code = z.object({ code: z.string() }).safeParse(await res.clone().json().catch(() => null));
      if (code.success && code.data.code === 'FAILED_TO_CREATE_USER') {
        return c.html(signUpPage(form.oauth_query ?? '', 'This guest session was just claimed by another sign-up; nothing was created.'), 409);
      }
    }
    return c.html(signUpPage(form.oauth_query ?? '', await messageOf(res, 'Could not create the account.')), res.status === 429 ? 429 : 400);
  });

  app.get('/consent', async (c) => {
    const query = queryOf(c);
    const session = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!session) return c.redirect(`/login${query ? `?${query}` : ''}`, 302);
    const params = new URLSearchParams(query);
    const clientId = params.get('client_id') ?? '';
    const client = clientId
      ? await auth.api.getOAuthClientPublic({ query: { client_id: clientId }, headers: c.req.raw.headers }).catch(() => null)
      : null;
    const name = client?.client_name ?? 'An application';
    const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
    return c.html(
      page(
        'Allow access?',
        html`<h1>${name} wants to use your Course Companion account</h1>
<p>You are signed in as <strong>${session.user.email}</strong>.</p>
<p>It asks for:</p>
<ul>${scopes.map((s) => html`<li>${describeScope(s)}</li>`)}</ul>
<form method="post" action="/consent">
<input type="hidden" name="oauth_query" value="${query}">
<button class="primary" type="submit" name="accept" value="yes">Allow</button>
<button type="submit" name="accept" value="no">Deny</button>
</form>`,
      ),
    );
  });
  app.post('/consent', async (c) => {
    const posted = await formOf(c, ConsentForm);
    const form = posted.ok ? posted.data : undefined;
    if (!form) return c.html(page('Allow access?', html`<h1>Something is missing</h1><p>Start again from the application.</p>`), 400);
    const res = await callAuth(auth, publicUrl, c.req.raw, '/oauth2/consent', { accept: form.accept === 'yes', oauth_query: form.oauth_query });
    const redirect = await redirectFrom(res.clone(), '/');
    if (redirect) return redirect;
    const status = res.status === 401 ? 401 : 400;
    return c.html(page('Allow access?', html`<h1>That did not work</h1><p>${await messageOf(res, 'The request expired or is not valid.')} Start again from the application.</p>`), status);
  });
  return app;
}

function describeScope(scope: string): string {
  switch (scope) {
    case 'learn':
      return 'Your courses, progress and quizzes (learn)';
    case 'openid':
      return 'Know who you are (openid)';
    case 'profile':
      return 'Your name (profile)';
    case 'email':
      return 'Your email address (email)';
    case 'offline_access':
      return 'Stay connected when you are away (offline_access)';
    default:
      return scope;
  }
}
