// Web sessions (Better Auth cookies) are stored as a hash of their token, and no answer carries a
// session token: through the real server, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrations } from '@cc/db';
import { testDatabases } from '@cc/db/testing';
import { hashSessionToken } from './auth/hashed-session-tokens.ts';
import { Browser } from './testing/browser.ts';
import { startTestServer, TEST_AUTH_SECRET, type TestServer } from './testing/test-server.ts';
import { makeSignature } from 'better-auth/crypto';

const PASSWORD = 'correct horse battery';
let n = 0;
const email = () => `session${++n}-${Date.now()}@example.com`;
const COOKIE = 'better-auth.session_token';

/** The raw session token inside the signed cookie (`<token>.<signature>`). */
const rawToken = (browser: Browser) => decodeURIComponent(browser.jar.get(COOKIE) ?? '').split('.')[0]!;

describe.each(testDatabases())('web session tokens on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      authLimits: { signInPerEmail: { limit: 100, windowSeconds: 900 }, signUpPerAddress: { limit: 1000, windowSeconds: 60 } },
    });
  });
  afterAll(() => server?.close());

  const rows = async (userId: string) =>
    (await sql<{ id: string; token: string }>`select id, token from auth_web_session where "userId" = ${userId} order by "createdAt"`.execute(server.runtime.database.db)).rows;
  const sessionOf = async (browser: Browser) => {
    const res = await browser.fetch('/api/auth/get-session', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    return (await res.json()) as { session: { id: string; userId: string } & Record<string, unknown>; user: { id: string } } | null;
  };

  /** One account signed in from two browsers. */
  async function twoBrowsers() {
    const address = email();
    const a = new Browser(server.url);
    expect((await a.json('/api/auth/sign-up/email', { email: address, password: PASSWORD, name: 'Learner' })).status).toBe(200);
    const b = new Browser(server.url);
    expect((await b.json('/api/auth/sign-in/email', { email: address, password: PASSWORD })).status).toBe(200);
    const userId = (await sessionOf(a))!.user.id;
    return { a, b, userId };
  }

  it('stores only the SHA-256 of each session token, and the cookie still signs the learner in', async () => {
    const { a, b, userId } = await twoBrowsers();
    const stored = await rows(userId);
    expect(stored).toHaveLength(2);
    for (const browser of [a, b]) {
      const token = rawToken(browser);
      expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
      // The raw token is nowhere in the table; its hash is.
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored.map((r) => r.token)).toContain(hashSessionToken(token));
      const me = await browser.fetch('/api/v1/me', { headers: { accept: 'application/json' } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { id: string }).id).toBe(userId);
    }
  });

  it('refuses a cookie that carries the stored hash instead of the token, even when validly signed', async () => {
    const { userId } = await twoBrowsers();
    const [row] = await rows(userId);
    // A leaked table plus a leaked AUTH_SECRET: sign cookies as Better Auth does.
    const withCookie = async (token: string) => {
      const browser = new Browser(server.url);
      browser.jar.set(COOKIE, encodeURIComponent(`${token}.${await makeSignature(token, TEST_AUTH_SECRET)}`));
      return browser;
    };
    const other = await twoBrowsers();
    // Control: the raw token, signed this way, is a session.
    expect((await sessionOf(await withCookie(rawToken(other.a))))?.user.id).toBe(other.userId);
    expect(await sessionOf(await withCookie(row!.token))).toBeNull();
  });

  it('list-sessions lists the sessions without any token (raw or hashed)', async () => {
    const { a, b, userId } = await twoBrowsers();
    const res = await a.fetch('/api/auth/list-sessions', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const listed = JSON.parse(text) as { id: string; userId: string }[];
    expect(listed.map((s) => s.id).sort()).toEqual((await rows(userId)).map((r) => r.id).sort());
    for (const session of listed) expect(Object.keys(session)).not.toContain('token');
    for (const token of [rawToken(a), rawToken(b), ...(await rows(userId)).map((r) => r.token)]) expect(text).not.toContain(token);
    // get-session and sign-in do not echo it either.
    expect(JSON.stringify(await sessionOf(a))).not.toContain(rawToken(a));
  });

  it('revoke-other-sessions ends the other browser and keeps this one', async () => {
    const { a, b, userId } = await twoBrowsers();
    const res = await a.json('/api/auth/revoke-other-sessions', {});
    expect(res.status).toBe(200);
    expect(await sessionOf(b)).toBeNull();
    expect(await sessionOf(a)).not.toBeNull();
    expect((await rows(userId)).map((r) => r.token)).toEqual([hashSessionToken(rawToken(a))]);
  });

  it('revoke-session by token ends that session; sign-out ends the own one; revoke-sessions ends all', async () => {
    const { a, b, userId } = await twoBrowsers();
    expect((await a.json('/api/auth/revoke-session', { token: rawToken(b) })).status).toBe(200);
    expect(await sessionOf(b)).toBeNull();
    expect(await sessionOf(a)).not.toBeNull();
    // A stored hash names no session: revoking "by hash" changes nothing.
    const c = new Browser(server.url);
    expect((await c.json('/api/auth/sign-in/email', { email: ((await sessionOf(a)) as unknown as { user: { email: string } }).user.email, password: PASSWORD })).status).toBe(200);
    expect((await a.json('/api/auth/revoke-session', { token: hashSessionToken(rawToken(c)) })).status).toBe(200);
    expect(await sessionOf(c)).not.toBeNull();
    expect((await c.json('/api/auth/sign-out', {})).status).toBe(200);
    expect(await sessionOf(c)).toBeNull();
    expect((await rows(userId)).map((r) => r.token)).toEqual([hashSessionToken(rawToken(a))]);
    expect((await a.json('/api/auth/revoke-sessions', {})).status).toBe(200);
    expect(await sessionOf(a)).toBeNull();
    expect(await rows(userId)).toEqual([]);
  });

  it('migration 0011 hashes sessions stored before, and their cookies keep working', async () => {
    const { a, userId } = await twoBrowsers();
    const db = server.runtime.database.db;
    const token = rawToken(a);
    // As a row written before the change: the raw token.
    await sql`update auth_web_session set token = ${token} where token = ${hashSessionToken(token)}`.execute(db);
    expect((await rows(userId)).map((r) => r.token)).toContain(token);
    await migrations['0011_hashed_web_sessions']!.up(db);
    const after = (await rows(userId)).map((r) => r.token);
    expect(after).toContain(hashSessionToken(token));
    expect(after).not.toContain(token);
    expect((await sessionOf(a))?.user.id).toBe(userId);
  });
});
