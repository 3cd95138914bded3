// The credential cache (auth/credential-cache.ts) through the real server, on PGlite and
// PostgreSQL: a credential that was used (so cached) stops working at once on every revocation
// path the server handles, a tier change takes effect on the next request, and a revocation the
// server did not handle itself (another replica's, modelled by deleting the row directly) is
// honoured within the cache's bound. Then two server processes on one PostgreSQL database.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase, testDatabases, testDatabaseUrl, type ScratchPostgresDatabase } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { client, guest } from './testing/client.ts';
import { oauthLearner, rpcResult } from './testing/mcp-clients.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';
import { hashToken } from './auth/sessions.ts';

const ADMIN = 'admin-token-for-tests-0123456789abcdef';
const PASSWORD = 'correct horse battery';
let n = 0;
const email = () => `cache${++n}-${Date.now()}@example.com`;

/** Polls until `check` holds; the assertion is the outcome, not how long it took. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

async function credentialLookups(base: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const count = (result: string) => Number(new RegExp(`cc_cache_lookups_total\\{cache="credentials",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

const mcpCall = (base: string, token: string, name: string, args: Record<string, unknown>) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });

describe.each(testDatabases())('cached credentials on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      adminToken: ADMIN,
      authLimits: { signUpPerAddress: { limit: 1000, windowSeconds: 60 } },
    });
  }, 180_000);
  afterAll(() => server?.close());

  const admin = (p: string, body: unknown) =>
    fetch(`${server.url}/api/admin${p}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'x-admin-actor': 'tests' }, body: JSON.stringify(body) });
  const signUp = async (headers: Record<string, string> = {}) => {
    const browser = new Browser(server.url);
    const res = await browser.json('/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: 'Cache' }, headers);
    expect(res.status).toBe(200);
    return browser;
  };
  const meStatus = async (browser: Browser) => (await browser.fetch('/api/v1/me', { headers: { accept: 'application/json' } })).status;

  it('serves a used bearer session from the cache, and a sign-out revokes it at once', async () => {
    const g = await guest(server.url);
    expect((await g.get('/me')).status).toBe(200);
    const before = await credentialLookups(server.url);
    expect((await g.get('/me')).status).toBe(200);
    expect((await credentialLookups(server.url)).hit).toBeGreaterThan(before.hit);
    expect((await g.del('/sessions/current')).status).toBe(204);
    expect((await g.get('/me')).status).toBe(401);
  });

  it('revokes a cached guest token at once when the guest signs up (guest upgrade)', async () => {
    const g = await guest(server.url);
    expect((await g.get('/me')).status).toBe(200);
    expect((await g.get('/me')).status).toBe(200);
    const browser = await signUp({ 'x-guest-session': g.token });
    expect((await g.get('/me')).status).toBe(401);
    expect(await meStatus(browser)).toBe(200);
  });

  it('revokes a cached web session at once on sign-out and on account deletion, and a cached MCP token on deletion', async () => {
    const out = await signUp();
    expect(await meStatus(out)).toBe(200);
    expect(await meStatus(out)).toBe(200);
    const kept = out.cookieHeader();
    expect((await out.json('/api/auth/sign-out', {})).status).toBe(200);
    // The old cookie, replayed: no longer a session (anonymous /me is 401).
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie: kept, accept: 'application/json' } })).status).toBe(401);

    const { token, browser } = await oauthLearner(server.url, { email: email() });
    for (let i = 0; i < 2; i++) expect((await rpcResult(await mcpCall(server.url, token, 'get_progress', { courseId: 'mini-course' }))).isError).toBeFalsy();
    expect(await meStatus(browser)).toBe(200);
    const cookie = browser.cookieHeader();
    expect((await browser.fetch('/api/v1/me', { method: 'DELETE', headers: { accept: 'application/json' } })).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie, accept: 'application/json' } })).status).toBe(401);
    expect((await mcpCall(server.url, token, 'get_progress', { courseId: 'mini-course' })).status).toBe(401);
  });

  it('revokes a cached web session at once when Better Auth deletes the user (delete-user)', async () => {
    const browser = await signUp();
    expect(await meStatus(browser)).toBe(200);
    expect(await meStatus(browser)).toBe(200);
    const cookie = browser.cookieHeader();
    const res = await browser.json('/api/auth/delete-user', { password: PASSWORD });
    expect(res.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { cookie, accept: 'application/json' } })).status).toBe(401);
  });

  it('applies an admin tier change on the very next request of a cached session (both ways)', async () => {
    const g = await guest(server.url);
    const premium = '/courses/mini-course/steps/applying-tokens';
    expect((await g.get(premium)).status).toBe(402);
    expect((await admin(`/learners/${g.learnerId}/tier`, { tier: 'premium' })).status).toBe(200);
    // Open to the tier now (what answers is the gating: its earlier steps are not done yet).
    expect((await g.get(premium)).status).not.toBe(402);
    expect((await g.get('/me')).body.tier).toBe('premium');
    expect((await admin(`/learners/${g.learnerId}/tier`, { tier: 'free' })).status).toBe(200);
    expect((await g.get(premium)).status).toBe(402);
  });

  it("honours a revocation this server did not handle (another replica's) within the bound", async () => {
    const g = await guest(server.url);
    expect((await g.get('/me')).status).toBe(200);
    expect((await g.get('/me')).status).toBe(200);
    await server.runtime.database.db.deleteFrom('auth_session').where('token_hash', '=', hashToken(g.token)).execute();
    await eventually(async () => (await g.get('/me')).status === 401, 'the deleted session refused');
  });
});

const pgUrl = testDatabaseUrl();

describe.skipIf(!pgUrl)('two server processes on one PostgreSQL database (TEST_DATABASE_URL)', { timeout: 180_000 }, () => {
  let scratch: ScratchPostgresDatabase;
  const replicas: ServerProcess[] = [];
  const dirs: string[] = [];
  let a = '';
  let b = '';

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase(pgUrl!);
    for (const name of ['replica-a', 'replica-b']) {
      const dir = await mkdtemp(path.join(tmpdir(), `cc-${name}-`));
      dirs.push(dir);
      replicas.push(startServerProcess({ DATABASE_URL: scratch.url, DATA_DIR: dir, AUTH_SECRET: 'credential-cache-secret-0123456789abcdef', REPLICA_ID: name }));
    }
    [a, b] = await Promise.all(replicas.map((r) => r.listening)) as [string, string];
  }, 300_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
    await scratch?.drop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('a sign-out on one replica revokes the session the other has cached, within its bound', async () => {
    const g = await guest(a);
    const onB = client(b, g.token);
    expect((await onB.get('/me')).status).toBe(200);
    const before = await credentialLookups(b);
    expect((await onB.get('/me')).status).toBe(200);
    expect((await credentialLookups(b)).hit).toBeGreaterThan(before.hit);
    expect((await g.del('/sessions/current')).status).toBe(204);
    expect((await g.get('/me')).status).toBe(401);
    await eventually(async () => (await onB.get('/me')).status === 401, 'replica b refuses the signed-out token');
  });
});
