// The HTTP edge through the real server: oversized bodies close the connection, NUL bytes and
// unpaired surrogates are refused before any handler (or PostgreSQL) sees them, account fields
// have length limits, and Better Auth's errors are problem documents like the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { testDatabases } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { guest } from './testing/client.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const PASSWORD = 'correct horse battery';
let n = 0;
const email = () => `edge${++n}-${Date.now()}@example.com`;

async function expectProblem(res: Response, status: number, what = '') {
  const text = await res.text();
  expect(res.status, `${what} ${text.slice(0, 300)}`).toBe(status);
  expect(res.headers.get('content-type'), what).toContain('application/problem+json');
  const body = JSON.parse(text) as { status: number; title: string; type: string; detail?: string };
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^https:\/\//) });
  return body;
}

describe.each(testDatabases())('the HTTP edge on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), authLimits: { signUpPerAddress: { limit: 1000, windowSeconds: 60 } } });
  });
  afterAll(() => server?.close());

  it('answers 413 with Connection: close, so a client pool never reuses the socket with the body unread', async () => {
    // One keep-alive connection: the requests after the 413 must not land on the poisoned socket.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const request = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const headers = body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {};
        const req = http.request(`${server.url}${path}`, { method, agent, headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      for (const path of ['/api/v1/me/profile', '/api/auth/sign-in/email', '/login']) {
        const big = await request(path === '/api/v1/me/profile' ? 'PUT' : 'POST', path, Buffer.alloc(2 * 1024 * 1024, 'x'));
        expect(big.status, path).toBe(413);
        expect(big.headers.connection, path).toBe('close');
        expect(big.headers['content-type'], path).toContain('application/problem+json');
        for (let i = 0; i < 3; i++) expect((await request('GET', '/healthz')).status).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  });

  it('limits and reads a streamed body (chunked, no Content-Length) like a declared one', async () => {
    const chunked = (path: string, chunks: string[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'transfer-encoding': 'chunked' },
        });
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    const big = await chunked('/api/auth/sign-in/email', Array.from({ length: 4 }, () => 'x'.repeat(512 * 1024)));
    expect(big.status).toBe(413);
    const call = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_courses', arguments: {} } });
    const small = await chunked('/mcp', [call.slice(0, 20), call.slice(20)]);
    expect(small.status).toBe(200);
    const answer = JSON.parse(small.body) as { result?: { isError?: boolean; structuredContent?: { courses?: unknown[] } } };
    expect(answer.result?.isError).toBeFalsy();
    expect(answer.result?.structuredContent?.courses?.length).toBeGreaterThan(0);
  });

  it('refuses NUL bytes and unpaired surrogates in REST bodies and queries with a 400 problem', async () => {
    const me = await guest(server.url);
    const start = await me.post('/me/courses/mini-course/quizzes/basics-checkpoint/attempts');
    const attempt = start.body.attempt.id as string;
    for (const text of ['weights\u0000', '\ud800', 'a\udc00b']) {
      const res = await fetch(`${server.url}/api/v1/me/attempts/${attempt}/submit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json', 'idempotency-key': `edge-key-${++n}-abcdef` },
        body: JSON.stringify({ answers: { 'name-the-tool': { type: 'short_text', text } } }),
      });
      const problem = await expectProblem(res, 400, JSON.stringify(text));
      expect(problem.detail).toMatch(/NUL|surrogate/);
    }
    // Raw escapes as a client may send them, in keys too.
    for (const raw of ['{"answers":{"x\\u0000":1}}', '{"answers":{"a":"\\uDBFF"}}']) {
      const res = await fetch(`${server.url}/api/v1/me/attempts/${attempt}/submit`, {
        method: 'POST',
        headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json', 'idempotency-key': `edge-key-${++n}-abcdef` },
        body: raw,
      });
      await expectProblem(res, 400, raw);
    }
    // The attempt is still open: nothing reached the store.
    expect((await me.get(`/me/attempts/${attempt}`)).body.attempt.submittedAt).toBeNull();
    await expectProblem(await fetch(`${server.url}/api/v1/search?q=token%00&course=mini-course`), 400, 'query');
    // A well-formed pair (an emoji) is fine.
    expect((await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent('token 😀')}&course=mini-course`)).status).toBe(200);
  });

  it('refuses NUL bytes and unpaired surrogates on the account and OAuth endpoints and pages', async () => {
    const browser = new Browser(server.url);
    const cases: [string, unknown][] = [
      ['/api/auth/sign-in/email', { email: 'victim\u0000@example.com', password: PASSWORD }],
      ['/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: 'Bad\ud800' }],
      ['/api/auth/request-password-reset', { email: 'x\u0000@example.com' }],
      ['/api/auth/oauth2/register', { client_name: 'evil\u0000', redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' }],
    ];
    for (const [path, body] of cases) await expectProblem(await browser.json(path, body), 400, path);
    for (const path of ['/login', '/forgot-password', '/signup']) {
      await expectProblem(await browser.form(path, { email: 'a\u0000@example.com', password: PASSWORD }), 400, path);
    }
    // update-user with a signed-in session.
    const member = new Browser(server.url);
    expect((await member.json('/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: 'M' })).status).toBe(200);
    await expectProblem(await member.json('/api/auth/update-user', { name: 'x\u0000y' }), 400, 'update-user');
  });

  it('limits the length of every account field', async () => {
    const browser = new Browser(server.url);
    const long = (k: number) => 'a'.repeat(k);
    const problems: [string, unknown][] = [
      ['/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: long(500_000) }],
      ['/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: long(101) }],
      ['/api/auth/sign-up/email', { email: `${long(300)}@example.com`, password: PASSWORD, name: 'x' }],
      ['/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: 'x', image: `https://img.example/${long(3000)}` }],
      ['/api/auth/sign-in/email', { email: `${long(300)}@example.com`, password: PASSWORD }],
      ['/api/auth/oauth2/register', { client_name: long(300), redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' }],
    ];
    for (const [path, body] of problems) {
      const problem = await expectProblem(await browser.json(path, body), 400, path);
      expect(problem.detail).toMatch(/at most \d+ characters/);
    }
    // The sign-up page applies the same limits.
    const page = await browser.form('/signup', { email: email(), password: PASSWORD, name: long(200) });
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/at most 100 characters/);
    // A name at the limit is fine.
    expect((await new Browser(server.url).json('/api/auth/sign-up/email', { email: email(), password: PASSWORD, name: long(100) })).status).toBe(200);
  });

  it('answers Better Auth 4xx errors as RFC 9457 problem documents, keeping its code', async () => {
    const browser = new Browser(server.url);
    const wrong = await expectProblem(await browser.json('/api/auth/sign-in/email', { email: email(), password: 'wrong password!' }), 401, 'sign-in');
    expect(wrong).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD', detail: expect.any(String) });
    await expectProblem(await browser.json('/api/auth/sign-in/email', { email: 'not an email', password: PASSWORD }), 400, 'bad email');
    await expectProblem(await browser.json('/api/auth/update-user', { name: 'x' }), 401, 'no session');
    await expectProblem(await browser.fetch('/api/auth/no-such-endpoint', { headers: { accept: 'application/json' } }), 404, 'unknown');
    await expectProblem(await browser.json('/api/auth/sign-in/email', { email: 'a@b.c', password: PASSWORD }, { origin: 'https://evil.example' }), 403, 'origin');
    // OAuth endpoints keep RFC 6749's error format, which OAuth clients parse.
    const token = await browser.fetch('/api/auth/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=authorization_code&code=nope&client_id=nope',
    });
    expect(token.status).toBeGreaterThanOrEqual(400);
    expect(await token.json()).toMatchObject({ error: expect.any(String) });
  });
});
