// Accounts and web sessions (Better Auth) through the real server, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases } from '@cc/db/testing';
import { createAuth } from './auth/better-auth.ts';
import { silentLogger } from './logger.ts';
import { Browser } from './testing/browser.ts';
import { guest } from './testing/client.ts';
import { startTestServer, TEST_AUTH_SECRET, type TestServer } from './testing/test-server.ts';

const PASSWORD = 'correct horse battery';
let n = 0;
const email = () => `learner${++n}-${Date.now()}@example.com`;

describe.each(testDatabases())('accounts on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      authLimits: { signInPerEmail: { limit: 5, windowSeconds: 900 }, signUpPerAddress: { limit: 1000, windowSeconds: 60 } },
    });
  });
  afterAll(() => server?.close());

  async function signUp(address = email()) {
    const browser = new Browser(server.url);
    const res = await browser.json('/api/auth/sign-up/email', { email: address, password: PASSWORD, name: 'Learner' });
    expect(res.status, await res.clone().text()).toBe(200);
    const me = await browser.fetch('/api/v1/me', { headers: { accept: 'application/json' } });
    expect(me.status).toBe(200);
    const learner = (await me.json()) as { id: string; tier: string };
    return { browser, email: address, learnerId: learner.id, setCookie: res.headers.getSetCookie() };
  }

  it('signs up with email + password (argon2id) into an HttpOnly, SameSite=Lax cookie session that reaches /api/v1/me', async () => {
    const { setCookie, learnerId, browser } = await signUp();
    const session = setCookie.find((c) => c.startsWith('better-auth.session_token='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i); // PUBLIC_URL is http here
    // The user id is the learner id, and the learner was created with the account.
    const db = server.runtime.database.db;
    expect((await db.selectFrom('auth_user').select('id').where('id', '=', learnerId).execute()).length).toBe(1);
    expect((await db.selectFrom('learner').select('tier').where('id', '=', learnerId).executeTakeFirstOrThrow()).tier).toBe('free');
    const hash = await sql<{ password: string }>`select "password" from auth_account where "userId" = ${learnerId}`.execute(db);
    expect(hash.rows[0]?.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // Sign in again from a fresh browser.
    const again = new Browser(server.url);
    const signIn = await again.json('/api/auth/sign-in/email', { email: (await db.selectFrom('auth_user').select('email').where('id', '=', learnerId).executeTakeFirstOrThrow()).email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    expect(((await (await again.fetch('/api/v1/me', { headers: { accept: 'application/json' } })).json()) as { id: string }).id).toBe(learnerId);
    expect(browser.jar.size).toBeGreaterThan(0);
  });

  it('sets Secure cookies (with the __Secure- prefix) when PUBLIC_URL is https', async () => {
    const auth = createAuth({
      db: server.runtime.database.db,
      publicUrl: 'https://cc.example.com',
      secret: TEST_AUTH_SECRET,
      mailer: { send: async () => {} },
      logger: silentLogger,
    });
    const res = await auth.handler(
      new Request('https://cc.example.com/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://cc.example.com' },
        body: JSON.stringify({ email: email(), password: PASSWORD, name: 'Secure' }),
      }),
    );
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.includes('session_token='));
    expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });

  it('refuses cookie-authenticated changes without a same-origin Origin (CSRF); bearer requests are exempt', async () => {
    const { browser } = await signUp();
    const path = `${server.url}/api/v1/me/courses/mini-course/steps/welcome/complete`;
    const cookie = browser.cookieHeader();
    const noOrigin = await fetch(path, { method: 'POST', headers: { cookie } });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers.get('content-type')).toContain('application/problem+json');
    const foreign = await fetch(path, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const same = await fetch(path, { method: 'POST', headers: { cookie, origin: server.url } });
    expect(same.status).toBe(200);
    // Reads need no Origin.
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).status).toBe(200);
    // Better Auth's own endpoints refuse a foreign Origin too.
    expect((await browser.json('/api/auth/sign-out', {}, { origin: 'https://evil.example' })).status).toBe(403);
    // Bearer sessions are not cookie-based: no Origin needed.
    const g = await guest(server.url);
    expect((await fetch(path, { method: 'POST', headers: { authorization: `Bearer ${g.token}` } })).status).toBe(200);
  });

  it('signs out (Better Auth sign-out, and DELETE /api/v1/sessions/current with the cookie)', async () => {
    const a = await signUp();
    expect((await a.browser.json('/api/auth/sign-out', {})).status).toBe(200);
    expect((await a.browser.fetch('/api/v1/me')).status).toBe(401);

    const b = await signUp();
    const cookie = b.browser.cookieHeader();
    expect((await fetch(`${server.url}/api/v1/sessions/current`, { method: 'DELETE', headers: { cookie, origin: server.url } })).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('resets a password with a single-use, expiring, hashed token sent through the mailer', async () => {
    const a = await signUp();
    const anon = new Browser(server.url);
    const request = () => anon.json('/api/auth/request-password-reset', { email: a.email });
    expect((await request()).status).toBe(200);
    const link = new URL(server.mail.lastLink()!);
    expect(server.mail.sent.at(-1)?.to).toBe(a.email);
    expect(link.pathname).toBe('/reset-password');
    const token = link.searchParams.get('token')!;
    // The link opens our form, which carries the token.
    const formPage = await new Browser(server.url).fetch(link.href);
    expect(formPage.status).toBe(200);
    expect(await formPage.text()).toContain(`name="token" value="${token}"`);
    // Stored hashed: the token itself is nowhere in the table.
    const rows = await sql<{ identifier: string; value: string }>`select identifier, value from auth_verification`.execute(server.runtime.database.db);
    expect(JSON.stringify(rows.rows)).not.toContain(token);

    const reset = (t: string, newPassword: string) => new Browser(server.url).json('/api/auth/reset-password', { token: t, newPassword });
    // Through the form, as a learner does.
    const done = await new Browser(server.url).form('/reset-password', { token, password: 'new horse battery staple' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Password changed');
    expect((await reset(token, 'another horse battery')).status).toBe(400); // used once
    expect((await new Browser(server.url).form('/reset-password', { token, password: 'another horse battery' })).status).toBe(400);
    expect((await new Browser(server.url).json('/api/auth/sign-in/email', { email: a.email, password: PASSWORD })).status).toBe(401);
    expect((await new Browser(server.url).json('/api/auth/sign-in/email', { email: a.email, password: 'new horse battery staple' })).status).toBe(200);
    // Resetting revoked the old sessions.
    expect((await a.browser.fetch('/api/v1/me')).status).toBe(401);

    // Expired: a fresh token (asked for through the form) whose row has passed its expiry is refused.
    const forgot = await new Browser(server.url).form('/forgot-password', { email: a.email });
    expect(forgot.status).toBe(200);
    expect(await forgot.text()).toContain('If that address has an account');
    const second = new URL(server.mail.lastLink()!).searchParams.get('token')!;
    expect(second).not.toBe(token);
    await sql`update auth_verification set "expiresAt" = now() - interval '1 minute'`.execute(server.runtime.database.db);
    expect((await reset(second, 'yet another horse battery')).status).toBe(400);
  });

  it('creates the learner in the same transaction as the user: a failed learner insert leaves no account behind', async () => {
    const { db } = server.runtime.database;
    // A fault injected into the learner table: every new learner row is refused.
    await sql`alter table learner add constraint inject_fault check (tier <> 'free') not valid`.execute(db);
    const address = email();
    try {
      const res = await new Browser(server.url).json('/api/auth/sign-up/email', { email: address, password: PASSWORD, name: 'Half' });
      expect(res.status).toBeGreaterThanOrEqual(400);
    } finally {
      await sql`alter table learner drop constraint inject_fault`.execute(db);
    }
    expect(await db.selectFrom('auth_user').select('id').where('email', '=', address).executeTakeFirst()).toBeUndefined();
    // And without the fault, the learner exists as soon as the user does.
    const { learnerId } = await signUp();
    expect(await db.selectFrom('learner').select('id').where('id', '=', learnerId).executeTakeFirst()).toEqual({ id: learnerId });
  });

  it('deletes the account and every row of the learner with it (Better Auth delete-user, and DELETE /api/v1/me)', async () => {
    const db = server.runtime.database.db;
    const a = await signUp();
    const done = await a.browser.fetch('/api/v1/me/courses/mini-course/steps/welcome/complete', { method: 'POST', headers: { accept: 'application/json' } });
    expect(done.status).toBe(200);
    expect((await db.selectFrom('step_completion').select('step_id').where('learner_id', '=', a.learnerId).execute()).length).toBe(1);
    const del = await a.browser.json('/api/auth/delete-user', { password: PASSWORD });
    expect(del.status, await del.clone().text()).toBe(200);
    expect(await db.selectFrom('auth_user').select('id').where('id', '=', a.learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('learner').select('id').where('id', '=', a.learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('step_completion').select('step_id').where('learner_id', '=', a.learnerId).execute()).toEqual([]);
    expect((await a.browser.fetch('/api/v1/me')).status).toBe(401);

    const b = await signUp();
    const cookie = b.browser.cookieHeader();
    expect((await fetch(`${server.url}/api/v1/me`, { method: 'DELETE', headers: { cookie, origin: server.url } })).status).toBe(204);
    expect(await db.selectFrom('auth_user').select('id').where('id', '=', b.learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('learner').select('id').where('id', '=', b.learnerId).execute()).toEqual([]);
    expect((await new Browser(server.url).json('/api/auth/sign-in/email', { email: b.email, password: PASSWORD })).status).toBe(401);
  });

  it('limits sign-in attempts per email with 429 and Retry-After (on the JSON endpoint and the /login form alike)', async () => {
    const { email: address } = await signUp();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last =
        i % 2 === 0
          ? await new Browser(server.url).json('/api/auth/sign-in/email', { email: address.toUpperCase(), password: 'wrong password!!' })
          : await new Browser(server.url).form('/login', { email: address, password: 'wrong password!!' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses[5]).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password is refused now; another email is not affected.
    expect((await new Browser(server.url).json('/api/auth/sign-in/email', { email: address, password: PASSWORD })).status).toBe(429);
    const other = await signUp();
    expect((await new Browser(server.url).json('/api/auth/sign-in/email', { email: other.email, password: PASSWORD })).status).toBe(200);
  });
});
