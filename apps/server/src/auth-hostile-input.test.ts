// The routes outside the OpenAPI document (so outside hostile-input.test.ts): Better Auth's
// endpoints, the OAuth 2.1 authorization server, our login/sign-up/consent pages, the well-known
// documents and /mcp. Random and hostile input must never produce a 5xx or a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const ENDPOINTS: [method: string, path: string][] = [
  ['POST', '/api/auth/sign-up/email'],
  ['POST', '/api/auth/sign-in/email'],
  ['POST', '/api/auth/sign-out'],
  ['GET', '/api/auth/get-session'],
  ['POST', '/api/auth/request-password-reset'],
  ['POST', '/api/auth/reset-password'],
  ['GET', '/api/auth/reset-password/{x}'],
  ['POST', '/api/auth/delete-user'],
  ['GET', '/api/auth/jwks'],
  ['GET', '/api/auth/oauth2/authorize'],
  ['POST', '/api/auth/oauth2/register'],
  ['POST', '/api/auth/oauth2/token'],
  ['POST', '/api/auth/oauth2/consent'],
  ['POST', '/api/auth/oauth2/revoke'],
  ['POST', '/api/auth/oauth2/introspect'],
  ['GET', '/api/auth/{x}'],
  ['GET', '/.well-known/oauth-authorization-server'],
  ['GET', '/.well-known/openid-configuration'],
  ['GET', '/.well-known/oauth-protected-resource'],
  ['GET', '/.well-known/oauth-protected-resource/mcp'],
  ['GET', '/.well-known/{x}'],
  ['GET', '/login'],
  ['POST', '/login'],
  ['GET', '/signup'],
  ['POST', '/signup'],
  ['GET', '/consent'],
  ['POST', '/consent'],
  ['GET', '/forgot-password'],
  ['POST', '/forgot-password'],
  ['GET', '/reset-password'],
  ['POST', '/reset-password'],
  ['POST', '/mcp'],
  ['GET', '/mcp'],
  ['DELETE', '/mcp'],
];

const hostile = fc.constantFrom(
  '',
  ' ',
  '../../etc/passwd',
  '%00',
  '\u0000',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'a'.repeat(5_000),
  '😀'.repeat(300),
  'javascript:alert(1)',
  'https://evil.example/cb',
  'S256',
  'plain',
  'learn openid offline_access',
  'authorization_code',
  'refresh_token',
  'a@b.c',
  'correct horse battery',
);
const text = fc.oneof(hostile, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }));
const value = fc.oneof({ weight: 4, arbitrary: text }, fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown), fc.array(text, { maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null));
const KEYS = [
  'email', 'password', 'name', 'newPassword', 'token', 'callbackURL', 'redirectTo', 'rememberMe', 'oauth_query', 'accept',
  'client_id', 'client_name', 'redirect_uri', 'redirect_uris', 'grant_type', 'code', 'code_verifier', 'code_challenge',
  'code_challenge_method', 'response_type', 'scope', 'state', 'resource', 'refresh_token', 'token_endpoint_auth_method',
  'jsonrpc', 'method', 'id', 'params', '__proto__',
];
const fields = fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KEYS) }, fc.string({ maxLength: 20 })), value, { maxKeys: 6 });

describe.each(testDatabases())('hostile input to auth, OAuth and MCP routes on $name', (database) => {
  let server: TestServer;
  let cookie = '';
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), authLimits: { signUpPerAddress: { limit: 100_000, windowSeconds: 60 } } });
    const browser = new Browser(server.url);
    await browser.json('/api/auth/sign-up/email', { email: 'hostile@example.com', password: 'correct horse battery', name: 'H' });
    cookie = browser.cookieHeader();
  });
  afterAll(() => server?.close());

  it.each(ENDPOINTS)('%s %s never answers 5xx or shows a stack', async (documented, template) => {
    const input = fc.record({
      method: fc.oneof({ weight: 4, arbitrary: fc.constant(documented) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD') }),
      segment: text,
      query: fields,
      body: fields,
      encoding: fc.constantFrom('json', 'form', 'raw', 'none'),
      raw: fc.oneof(text, fc.constant('{"a":'), fc.constant('{"oauth_query":{"a":1}}'), fc.constant('x'.repeat(20_000))),
      withCookie: fc.boolean(),
      origin: fc.constantFrom('same', 'evil', 'none'),
      authorization: fc.oneof(fc.constant(undefined), text.map((t) => `Bearer ${t}`), text),
      accept: fc.constantFrom('application/json', 'text/html', 'application/json, text/event-stream', '*/*'),
    });
    await fc.assert(
      fc.asyncProperty(input, async (i) => {
        const path = template.replace('{x}', encodeURIComponent(i.segment));
        const query = new URLSearchParams(Object.entries(i.query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
        let url: URL;
        try {
          url = new URL(`${server.url}${path}${query ? `?${query}` : ''}`);
        } catch {
          return;
        }
        const headers: Record<string, string> = { accept: i.accept };
        if (i.withCookie) headers['cookie'] = cookie;
        if (i.origin !== 'none') headers['origin'] = i.origin === 'same' ? server.url : 'https://evil.example';
        if (i.authorization !== undefined && /^[\x20-\x7e]*$/.test(i.authorization)) headers['authorization'] = i.authorization;
        let body: string | undefined;
        if (!['GET', 'HEAD'].includes(i.method) && i.encoding !== 'none') {
          if (i.encoding === 'json') {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(i.body);
          } else if (i.encoding === 'form') {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            body = new URLSearchParams(Object.entries(i.body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
          } else {
            headers['content-type'] = 'application/json';
            body = i.raw;
          }
        }
        const res = await fetch(url, { method: i.method, headers, redirect: 'manual', ...(body !== undefined && { body }) });
        const raw = await res.text();
        const what = `${i.method} ${url.pathname}${url.search.slice(0, 80)} ${body?.slice(0, 120) ?? ''}`;
        expect(res.status, `${what} -> ${res.status} ${raw.slice(0, 300)}`).toBeLessThan(500);
        expect(raw, what).not.toMatch(/\n\s+at [\w.<>]+ \(|node_modules|\.ts:\d+/);
      }),
      { numRuns: 40 },
    );
  });
});
