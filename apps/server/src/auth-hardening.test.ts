// Accounts and the authorization server under attack, through the real server: a body that two
// parsers read differently, an open redirector before sign-in, fetches and client creation
// without limits, and a database outage that must not turn signed-in learners into anonymous ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const PASSWORD = 'correct horse battery';
let n = 0;
const email = () => `hard${++n}-${Date.now()}@example.com`;

describe.each(testDatabases())('auth hardening on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      authLimits: {
        signUpPerAddress: { limit: 1000, windowSeconds: 60 },
        signInPerEmail: { limit: 3, windowSeconds: 900 },
        oauthRegisterPerAddress: { limit: 3, windowSeconds: 3600 },
        oauthClientFetchPerAddress: { limit: 3, windowSeconds: 60 },
      },
    });
  });
  afterAll(() => server?.close());

  async function account() {
    const browser = new Browser(server.url);
    const address = email();
    const res = await browser.json('/api/auth/sign-up/email', { email: address, password: PASSWORD, name: 'Victim' });
    expect(res.status).toBe(200);
    return { browser, email: address };
  }

  it('reads the email exactly as the handler does: the content-type confusion cannot dodge the per-email limit', async () => {
    const victim = await account();
    const attacker = new Browser(server.url);
    for (let i = 0; i < 3; i++) expect((await attacker.json('/api/auth/sign-in/email', { email: victim.email, password: `guess ${i} guess` })).status).toBe(401);
    expect((await attacker.json('/api/auth/sign-in/email', { email: victim.email, password: PASSWORD })).status).toBe(429);
    // A form body whose content type merely contains "application/json", wrapped in a decoy JSON.
    const body = JSON.stringify({ email: `decoy${n}@example.com`, z: `&email=${encodeURIComponent(victim.email)}&password=${encodeURIComponent(PASSWORD)}&y=` });
    for (const path of ['/api/auth/sign-in/email', '/login']) {
      const res = await attacker.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; a=application/json', accept: 'application/json' },
        body,
      });
      expect(res.status, path).toBe(429);
      expect(res.headers.getSetCookie().join(';')).not.toContain('session_token');
    }
  });

  it('shows an error page instead of redirecting to a registered redirect_uri before the user signed in', async () => {
    const registered = await fetch(`${server.url}/api/auth/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Evil', redirect_uris: ['https://evil.example/landing'], token_endpoint_auth_method: 'none' }),
    });
    expect(registered.status).toBe(201);
    const { client_id } = (await registered.json()) as { client_id: string };
    const query = new URLSearchParams({ client_id, redirect_uri: 'https://evil.example/landing', response_type: 'code', scope: 'bogus', state: 's' });
    for (const accept of ['text/html', 'application/json']) {
      const res = await fetch(`${server.url}/api/auth/oauth2/authorize?${query}`, { redirect: 'manual', headers: { accept } });
      const text = await res.text();
      expect(res.headers.get('location') ?? '', accept).not.toContain('evil.example');
      expect(text, accept).not.toContain('evil.example');
      expect(res.status, accept).toBe(400);
      if (accept === 'text/html') {
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(text).toContain('invalid_scope');
      }
    }
  });

  it('limits every OAuth request that may fetch a client metadata document (revoke with a URL client_id)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/auth/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.50' },
        body: new URLSearchParams({ token: 'x', client_id: `https://client${i}.invalid/meta.json` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });

  it('limits oauth2/create-client for signed-in accounts, sharing the registration budget', async () => {
    const { browser } = await account();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await browser.json('/api/auth/oauth2/create-client', { client_name: `c${i}`, redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(3);
  });
});

describe.each(testDatabases())('a database outage on $name', (database) => {
  it('answers a signed-in learner 503, not as an anonymous visitor', async () => {
    const server = await startTestServer({ database: await database.open() });
    try {
      const browser = new Browser(server.url);
      expect((await browser.json('/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: 'Out' })).status).toBe(200);
      expect((await browser.fetch('/api/v1/me', { headers: { accept: 'application/json' } })).status).toBe(200);
      await server.runtime.database.close();
      for (const path of ['/api/v1/me', '/api/v1/courses/mini-course/steps/welcome']) {
        const res = await browser.fetch(path, { headers: { accept: 'application/json' } });
        expect(res.status, path).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});
