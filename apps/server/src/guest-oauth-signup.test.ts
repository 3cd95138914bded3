// A guest learning on the web who then connects ChatGPT signs up on the server-rendered OAuth
// pages (/signup), which cannot send X-Guest-Session: the guest cookie set with the guest session
// carries the guest into the account, through the real server and the real OAuth flow; a
// cross-site post cannot claim it, and the cookie authenticates nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { client } from './testing/client.ts';
import { connectMcp, oauthLearner, type ToolResult } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = '/me/courses/mini-course';
let n = 0;
const email = () => `oauth-guest${++n}-${Date.now()}@example.com`;
const structured = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent as Record<string, any>;
};

/** A guest session started the way the web app starts one (a same-origin POST from the page). */
async function webGuest(server: TestServer) {
  const browser = new Browser(server.url);
  const res = await browser.json('/api/v1/sessions/guest', {});
  expect(res.status).toBe(201);
  const body = (await res.json()) as { token: string; learner: { id: string } };
  return { browser, setCookie: res.headers.getSetCookie(), token: body.token, learnerId: body.learner.id, api: client(server.url, body.token) };
}

describe.each(testDatabases())('guest sign-up through the OAuth pages on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      authLimits: { signUpPerAddress: { limit: 1000, windowSeconds: 60 }, oauthRegisterPerAddress: { limit: 1000, windowSeconds: 60 } },
    });
  });
  afterAll(() => server?.close());

  it('sets an HttpOnly, SameSite=Lax guest cookie scoped to /signup, cleared on sign-out', async () => {
    const g = await webGuest(server);
    const cookie = g.setCookie.find((c) => c.startsWith('cc_guest='));
    expect(cookie).toBeDefined();
    expect(cookie).toContain(`cc_guest=${g.token}`);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/signup(;|$)/i);
    const out = await g.browser.fetch('/api/v1/sessions/current', { method: 'DELETE', headers: { authorization: `Bearer ${g.token}` } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => /^cc_guest=;/.test(c) && /max-age=0/i.test(c) && /path=\/signup/i.test(c))).toBe(true);
    expect(g.browser.jar.has('cc_guest')).toBe(false);
  });

  it('the guest cookie alone authenticates no API call', async () => {
    const g = await webGuest(server);
    expect((await g.api.post(`${C}/steps/welcome/complete`)).status).toBe(200);
    const headers = { cookie: `cc_guest=${g.token}`, accept: 'application/json', origin: server.url };
    expect((await fetch(`${server.url}/api/v1/me`, { headers })).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1${C}/progress`, { headers })).status).toBe(401);
    const put = await fetch(`${server.url}/api/v1${C}/steps/history/complete`, { method: 'POST', headers });
    expect(put.status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/me`, { method: 'DELETE', headers })).status).toBe(401);
    expect((await g.api.get('/me')).status).toBe(200);
  });

  it('a guest with progress who connects ChatGPT keeps it: the account and its MCP token are the guest', async () => {
    const g = await webGuest(server);
    expect((await g.api.post(`${C}/steps/welcome/complete`)).status).toBe(200);
    const before = await g.api.get(`${C}/progress`);
    expect(before.status).toBe(200);

    const address = email();
    const { learnerId, token, browser } = await oauthLearner(server.url, { email: address, browser: g.browser });
    expect(learnerId).toBe(g.learnerId);
    // The sign-up cleared the cookie and revoked the guest token.
    expect(browser.jar.has('cc_guest')).toBe(false);
    expect((await g.api.get('/me')).status).toBe(401);
    expect(await server.runtime.database.db.selectFrom('guest_upgrade').selectAll().execute()).toEqual([]);

    // The REST door (the account's web session) shows the guest's progress.
    const after = await browser.fetch(`/api/v1${C}/progress`, { headers: { accept: 'application/json' } });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(before.body);

    // So does the MCP door with the access token ChatGPT got.
    const mcp = await connectMcp('v2', server.url, token);
    try {
      const progress = structured(await mcp.call('get_progress', { courseId: 'mini-course' }));
      expect(progress['completion']).toBeGreaterThan(0);
      expect(JSON.stringify(progress)).toContain('welcome');
    } finally {
      await mcp.close();
    }
  });

  it('a cross-site sign-up post does not claim the guest', async () => {
    const g = await webGuest(server);
    expect((await g.api.post(`${C}/steps/welcome/complete`)).status).toBe(200);
    const address = email();
    const fields = { name: 'Mallory', email: address, password: 'correct horse battery' };
    // A browser would attach the cookie only under SameSite=Lax rules; even when it is present,
    // the form's same-origin check refuses the post.
    const forged = await g.browser.form('/signup', fields, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    const forgedFetch = await g.browser.form('/signup', fields, { origin: 'null', 'sec-fetch-site': 'cross-site' });
    expect(forgedFetch.status).toBe(403);
    const db = server.runtime.database.db;
    expect(await db.selectFrom('auth_user').select('id').where('email', '=', address).execute()).toEqual([]);
    expect((await g.api.get('/me')).status).toBe(200);
    expect(g.browser.jar.has('cc_guest')).toBe(true);
  });

  it('signing in to another account (API or /login) or signing out clears the guest cookie: a later sign-up cannot claim that guest', async () => {
    const password = 'correct horse battery';
    const account = email();
    expect((await new Browser(server.url).json('/api/auth/sign-up/email', { name: 'Other', email: account, password })).status).toBe(200);

    // The web app's sign-in (Better Auth's JSON endpoint).
    const g = await webGuest(server);
    expect((await g.api.post(`${C}/steps/welcome/complete`)).status).toBe(200);
    expect(g.browser.jar.has('cc_guest')).toBe(true);
    const signedIn = await g.browser.json('/api/auth/sign-in/email', { email: account, password });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.getSetCookie().some((c) => /^cc_guest=;/.test(c) && /max-age=0/i.test(c) && /path=\/signup/i.test(c))).toBe(true);
    expect(g.browser.jar.has('cc_guest')).toBe(false);
    // Signed out, the same browser signs up: a fresh learner, not the guest it held before.
    expect((await g.browser.json('/api/auth/sign-out', {})).status).toBe(200);
    const { learnerId } = await oauthLearner(server.url, { email: email(), browser: g.browser });
    expect(learnerId).not.toBe(g.learnerId);

    // The server-rendered sign-in form (ChatGPT's OAuth flow).
    const h = await webGuest(server);
    const login = await h.browser.form('/login', { email: account, password });
    expect(login.status).toBe(302);
    expect(h.browser.jar.has('cc_guest')).toBe(false);

    // Better Auth's sign-out clears a guest cookie still held (say, from before this rule).
    h.browser.jar.set('cc_guest', h.token);
    expect((await h.browser.json('/api/auth/sign-out', {})).status).toBe(200);
    expect(h.browser.jar.has('cc_guest')).toBe(false);
    // The failed sign-in of someone else leaves a guest's cookie alone.
    const k = await webGuest(server);
    expect((await k.browser.json('/api/auth/sign-in/email', { email: account, password: 'wrong password!!' })).status).toBe(401);
    expect(k.browser.jar.has('cc_guest')).toBe(true);
  });

  it('a stranger without the cookie signing up on /signup gets a fresh learner', async () => {
    const g = await webGuest(server);
    const stranger = new Browser(server.url);
    const { learnerId } = await oauthLearner(server.url, { email: email(), browser: stranger });
    expect(learnerId).not.toBe(g.learnerId);
    expect((await g.api.get('/me')).status).toBe(200);
  });
});
