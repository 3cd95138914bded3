// The real entry point as an operator runs it: env config, printed URLs, SIGTERM.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './testing/server-process.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const run = (env: Record<string, string>) => startServerProcess({ LOG_LEVEL: 'info', ...env });

describe('server entry point', () => {
  it('starts on embedded defaults, prints its URLs, stops cleanly on SIGTERM and restarts on the same data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-main-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir };

    const first = run(env);
    const base = await first.started;
    expect(first.output().stdout).toMatch(/health:\s+http:\/\/127\.0\.0\.1:\d+\/healthz/);
    expect(first.output().stdout).toContain(`embedded PGlite in ${dataDir}`);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // PORT=0: the URLs the server names carry the port it is bound to, never :0.
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    const issuer = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
    expect(issuer.issuer).toBe(base);
    const resource = (await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string; authorization_servers: string[] };
    expect(resource).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [base] });
    const courses = (await (await fetch(`${base}/api/v1/courses`)).json()) as { courses: { id: string }[] };
    expect(courses.courses.map((c) => c.id)).toContain('mini-course');

    expect(await first.kill()).toBe(0);
    expect(first.output().stdout).toContain('"msg":"stopped"');

    // The embedded database was closed cleanly: a second process opens the same DATA_DIR.
    const second = run(env);
    const base2 = await second.started;
    expect((await fetch(`${base2}/healthz`)).status).toBe(200);
    expect(await second.kill()).toBe(0);
  }, 180_000);

  it('refuses invalid configuration with a clear message and exit code 1', async () => {
    const bad = run({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(await bad.exited).toBe(1);
    const { stderr } = bad.output();
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 180_000);
});
