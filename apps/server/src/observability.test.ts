// What an operator sees: Prometheus metrics, request ids in responses, problems and logs,
// liveness separate from readiness (readiness fails while the database is away, and recovers).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '@cc/db';
import { createScratchPostgresDatabase, testDatabases, testDatabaseUrl } from '@cc/db/testing';
import { createLogger } from './logger.ts';
import { relay } from './testing/tcp-relay.ts';
import { guest } from './testing/client.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the Prometheus text exposition format (0.0.4): throws on any line it cannot read. */
export function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|\+Inf|-Inf|NaN))$/;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = sample.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    label.lastIndex = 0;
    while (label.lastIndex < body.length) {
      const l = label.exec(body);
      if (!l) throw new Error(`bad labels: ${line}`);
      labels[l[1]!] = l[2]!;
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

const servers: TestServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});

describe.each(testDatabases())('metrics, request ids and probes on $name', ({ name, open }) => {
  it('counts requests per route pattern in a histogram that Prometheus can read', async () => {
    const server = await startTestServer({ database: await open() });
    servers.push(server);
    const learner = await guest(server.url);
    for (const step of ['welcome', 'first-exercise', 'history']) {
      expect((await learner.get(`/courses/mini-course/steps/${step}`)).status).toBe(200);
    }
    expect((await learner.get('/courses/mini-course/steps/no-such-step')).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/no/such/route/${'x'.repeat(20)}`)).status).toBe(404);

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseExposition(await res.text());
    expect(types.get('http_request_duration_seconds')).toBe('histogram');

    const route = '/api/v1/courses/:courseId/steps/:stepId';
    const ok = find(samples, 'http_request_duration_seconds_count', { method: 'GET', route, status: '200' });
    expect(ok.map((s) => s.value)).toEqual([3]);
    expect(find(samples, 'http_request_duration_seconds_count', { route, status: '404' }).map((s) => s.value)).toEqual([1]);
    // Buckets are cumulative and end at +Inf with the count.
    const buckets = find(samples, 'http_request_duration_seconds_bucket', { method: 'GET', route, status: '200' });
    expect(buckets.at(-1)?.labels['le']).toBe('+Inf');
    expect(buckets.at(-1)?.value).toBe(3);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);

    // Bounded cardinality: no label carries a raw URL, a step id or a random path.
    const routes = new Set(samples.map((s) => s.labels['route']).filter((r) => r !== undefined));
    for (const r of routes) expect(r).not.toMatch(/welcome|first-exercise|history|no-such|xxxx/);

    // The content cache was consulted; its lookups are split into hits and misses.
    const content = find(samples, 'cc_cache_lookups_total', { cache: 'content' });
    expect(content.map((s) => s.labels['result']).sort()).toEqual(['hit', 'miss']);
    expect(content.find((s) => s.labels['result'] === 'hit')!.value).toBeGreaterThan(0);
    // The pool gauges exist where there is a pool (PostgreSQL), and only there.
    const pool = find(samples, 'cc_db_pool_connections', {});
    if (name === 'postgres') {
      expect(pool.find((s) => s.labels['state'] === 'max')?.value).toBe(4); // the test pool's size
      expect(pool.find((s) => s.labels['state'] === 'total')?.value).toBeGreaterThan(0);
    } else {
      expect(pool).toEqual([]);
    }
    // The first test of the file also builds the migrated database template and indexes the course.
  }, 180_000);

  it('echoes a client X-Request-Id, makes one when absent or unusable, and puts it in problems and log lines', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const server = await startTestServer({ database: await open(), logger });
    servers.push(server);

    const given = 'trace-0123456789abcdef';
    const res = await fetch(`${server.url}/api/v1/courses/mini-course/steps/nope`, { headers: { 'x-request-id': given } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe(given);
    const body = (await res.json()) as { requestId?: string; status: number };
    expect(body).toMatchObject({ status: 404, requestId: given });
    const logged = lines.filter((l) => l['requestId'] === given);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'info', msg: 'request', method: 'GET', status: 404, route: '/api/v1/courses/:courseId/steps/:stepId' }));

    // Absent: a fresh UUID per request.
    const a = await fetch(`${server.url}/api/v1/courses`);
    const b = await fetch(`${server.url}/api/v1/courses`);
    const idA = a.headers.get('x-request-id');
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers.get('x-request-id')).not.toBe(idA);
    // Hostile (log injection, oversized): replaced, never echoed.
    for (const bad of ['x'.repeat(200), '"},{"level":"error', 'id with spaces', '<script>']) {
      const r = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': bad } });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    // MCP answers carry it too.
    const mcp = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { 'x-request-id': 'mcp-1', 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(mcp.headers.get('x-request-id')).toBe('mcp-1');
  });

  it('serves liveness and readiness separately; readiness fails (503 problem) once the database is gone', async () => {
    const database = await open();
    const server = await startTestServer({ database });
    servers.push(server);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    await database.close();
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('content-type')).toBe('application/problem+json');
    expect(await notReady.json()).toMatchObject({ status: 503, detail: 'Not ready: the database is not reachable' });
    // Liveness does not depend on the database: the process is alive and must not be restarted.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  it('wants the bearer token and refuses anything else with a 401 problem', async () => {
    const [pglite] = testDatabases();
    const token = 'metrics-token-0123456789';
    const server = await startTestServer({ database: await pglite!.open(), metricsToken: token });
    servers.push(server);
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
      const res = await fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(parseExposition(await res.text()).types.get('http_request_duration_seconds')).toBe('histogram');
  });
});

const pgUrl = testDatabaseUrl();
describe.skipIf(!pgUrl)('a PostgreSQL outage (TEST_DATABASE_URL)', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it('answers 503 problems (never 500, never a hang) and fails readiness while away, then recovers without a restart', async () => {
    const scratch = await createScratchPostgresDatabase(pgUrl!);
    drops.push(scratch.drop);
    const target = new URL(scratch.url);
    const link = await relay({ host: target.hostname, port: Number(target.port || 5432) });
    const viaRelay = new URL(scratch.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(link.port);
    const database = await openDatabase({ url: viaRelay.href, connectionTimeoutMillis: 1_000 });
    await migrateToLatest(database.db);
    const server = await startTestServer({ database });
    servers.push(server);
    const learner = await guest(server.url);
    expect((await learner.post('/me/courses/mini-course/steps/welcome/complete', {})).status).toBeLessThan(300);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await link.cut();
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(503);
    for (const call of [() => learner.get('/me/courses/mini-course/progress'), () => learner.post('/sessions/guest')]) {
      const res = await call();
      expect(res.status).toBe(503);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 503, requestId: expect.any(String) });
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await link.restore();
    // The pool reconnects on its own: the same process serves again.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(`${server.url}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const progress = await learner.get('/me/courses/mini-course/progress');
    expect(progress.status).toBe(200);
    expect(JSON.stringify(progress.body)).toContain('welcome');
  });
});

describe('planner attempts in /metrics', () => {
  it('counts each plan generation attempt by its outcome (here: the provider refuses connections)', async () => {
    const [pglite] = testDatabases();
    // The test server's default planner points at a provider address that refuses connections.
    const server = await startTestServer({ database: await pglite!.open() });
    servers.push(server);
    const learner = await guest(server.url);
    await server.runtime.learning.store.setTier(learner.learnerId, 'pro');
    expect((await learner.post('/plans', { courseId: 'mini-course', topic: 'Tokens' })).status).toBeLessThan(300);
    let failed = 0;
    for (let i = 0; i < 300 && failed === 0; i++) {
      const { samples } = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
      failed = find(samples, 'cc_planner_attempts_total', { outcome: 'provider_error' })[0]?.value ?? 0;
      if (failed === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(failed).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
