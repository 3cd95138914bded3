// Throws random and hostile input at every route in the OpenAPI document (and at methods and
// paths it does not document) through the real server, and asserts the answer is never a 5xx
// and every error is a problem document without a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { renderOpenApi } from './contracts.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
}

const doc = JSON.parse(renderOpenApi()) as {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
};
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(),
    path,
    params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
    query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
  })),
);

const hostile = fc.constantFrom(
  '',
  ' ',
  '..',
  '../../etc/passwd',
  '%2e%2e%2f',
  '%00',
  '\u0000',
  "' OR 1=1 --",
  '"; DROP TABLE course_index; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'a'.repeat(5_000),
  '😀'.repeat(300),
  '-1',
  '1e309',
  'NaN',
  '[]',
  '{}',
  '&|!:*()',
  '"unbalanced',
);
const text = fc.oneof(hostile, fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }));
const headerValue = fc.oneof(
  fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', '*/*', 'x'.repeat(4_000), 'gzip, br'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
);
const headers = fc.dictionary(
  fc.constantFrom('content-type', 'accept', 'accept-encoding', 'x-forwarded-for', 'cookie', 'authorization', 'origin', 'if-none-match', 'range'),
  headerValue,
  { maxKeys: 4 },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  text,
  fc.constant('{"a":'),
  fc.constant('x'.repeat(200_000)),
);
const method = (documented: string) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(documented) }, { weight: 1, arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') });

async function assertNoServerError(res: Response, what: string, method = 'GET') {
  const raw = await res.text();
  expect(res.status, `${what} -> ${res.status} ${raw.slice(0, 300)}`).toBeLessThan(500);
  expect(raw, what).not.toMatch(/\n\s+at [\w.<>]+ \(|node_modules|\.ts:\d+/);
  if (res.status >= 400 && method !== 'HEAD') {
    expect(res.headers.get('content-type') ?? `none (status ${res.status})`, what).toContain('application/problem+json');
    const problem = JSON.parse(raw) as { status: number; title: string; type: string };
    expect(problem.status).toBe(res.status);
    expect(problem.title).toEqual(expect.any(String));
  }
}

describe.each(testDatabases())('hostile input on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
  });
  afterAll(() => server?.close());

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))('%s never answers 5xx', async (_name, op) => {
    const arbitrary = fc.record({
      params: fc.tuple(...op.params.map(() => fc.oneof(fc.constantFrom('mini-course', 'welcome', 'basics-checkpoint'), text))),
      encode: fc.boolean(),
      query: fc.dictionary(fc.oneof(fc.constantFrom(...op.query, 'q', 'limit'), fc.string({ maxLength: 20 })), text, { maxKeys: 4 }),
      headers,
      body,
      method: method(op.method),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        let path = op.path;
        op.params.forEach((name, i) => {
          const value = input.params[i] ?? '';
          path = path.replace(`{${name}}`, input.encode ? encodeURIComponent(value) : value.replace(/[\s#?]/g, '_'));
        });
        const qs = new URLSearchParams(input.query).toString();
        let url: URL;
        try {
          url = new URL(`${server.url}${path}${qs ? `?${qs}` : ''}`);
        } catch {
          return; // not a URL a client could send
        }
        const canHaveBody = !['GET', 'HEAD'].includes(input.method);
        const res = await fetch(url, {
          method: input.method,
          headers: input.headers,
          ...(canHaveBody && input.body !== undefined && { body: input.body }),
        });
        await assertNoServerError(res, `${input.method} ${url.pathname}${url.search.slice(0, 80)} headers=${JSON.stringify(input.headers).slice(0, 200)}`, input.method);
      }),
      { numRuns: 60 },
    );
  });

  it('answers malformed percent-encoding and unknown paths with problem documents', async () => {
    for (const path of ['/api/v1/courses/%E0%A4%A', '/api/v1/courses/mini-course/steps/%', '/api/v1/nope', '/api/v2/courses']) {
      const res = await fetch(`${server.url}${path}`);
      await assertNoServerError(res, path);
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    // Outside /api the web app answers (its client-side routes fall back to index.html); a traversal
    // attempt gets that page or a 4xx, never a file from outside the build.
    const traversal = await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`);
    expect(traversal.status).toBeLessThan(500);
    expect(await traversal.text()).not.toContain('root:');
  });
});
