// The production shape: `pnpm build:server` compiles the server to JavaScript, and plain `node`
// (no tsx, no TypeScript at run time) starts it, serves, probes, measures and stops cleanly.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../scripts/build.ts';
import { connectMcp } from './testing/mcp-clients.ts';
import { mainJs, startServerProcess, type ServerProcess } from './testing/server-process.ts';

let dataDir: string;
let server: ServerProcess | undefined;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cc-compiled-'));
  await buildServer();
}, 120_000);
afterAll(async () => {
  await server?.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('is one JavaScript bundle that node runs without TypeScript tooling', async () => {
    expect(existsSync(mainJs)).toBe(true);
    const code = await readFile(mainJs, 'utf8');
    // No TypeScript source is imported at run time, and no loader is needed.
    expect(code).not.toMatch(/from ["'][^"']+\.tsx?["']/);
    expect(code).not.toContain('tsx/');
  });

  it('starts with plain node on embedded defaults and answers /healthz, /readyz, /metrics and the API; SIGTERM stops it', async () => {
    server = startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info', REPLICA_ID: 'compiled-1' }, { compiled: true });
    const base = await server.started;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-replica')).toBe('compiled-1');
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const courses = (await (await fetch(`${base}/api/v1/courses`)).json()) as { courses: { id: string }[] };
    expect(courses.courses.map((c) => c.id)).toContain('mini-course');
    // Files found relative to the source (widgets for MCP, the API docs bundle) resolve from dist/.
    expect((await fetch(`${base}/api/docs/scalar.js`)).status).toBe(200);
    const mcp = await connectMcp('v2', base);
    const widget = (await mcp.listResources()).find((r) => r.uri.startsWith('ui://'));
    expect(widget).toBeDefined();
    expect((await mcp.readResource(widget!.uri)).contents[0]?.text).toMatch(/<html/i);
    await mcp.close();

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('process_resident_memory_bytes');
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/courses",status="200"\} 1/);

    // Structured logs: one JSON object per line, each request with its id.
    expect(await server.kill('SIGTERM')).toBe(0);
    const lines = server
      .output()
      .stdout.split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', route: '/api/v1/courses', status: 200, requestId: expect.any(String) }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'stopped' }));
  }, 180_000);
});
