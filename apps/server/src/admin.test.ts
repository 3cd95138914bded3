// The operators' admin API and `pnpm learners` through it, while the server holds the embedded
// database (PGlite allows one process): its own credential, constant-time checked, audited.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { adminTokenMatches } from './admin/routes.ts';
import { createApp } from './app.ts';
import { main } from './cli/learners.ts';
import { compose } from './compose.ts';
import { loadConfig } from './config.ts';
import { silentLogger } from './logger.ts';
import { guest } from './testing/client.ts';
import { fixturesDir, startTestServer, type TestServer } from './testing/test-server.ts';

const TOKEN = 'admin-token-for-tests-0123456789abcdef';

function cliIo(env: Record<string, string | undefined>) {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l), env } };
}

describe.each(testDatabases())('the admin API on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), adminToken: TOKEN });
  }, 180_000);
  afterAll(() => server?.close());

  const admin = (method: string, path: string, body?: unknown, token: string | null = TOKEN) =>
    fetch(`${server.url}/api/admin${path}`, {
      method,
      headers: { ...(token !== null && { authorization: `Bearer ${token}` }), 'content-type': 'application/json', 'x-admin-actor': 'alice' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  it('refuses callers without the admin credential, including learners with their own sessions', async () => {
    const learner = await guest(server.url);
    for (const token of [null, '', 'wrong', TOKEN.slice(0, -1), `${TOKEN}x`, learner.token]) {
      const res = await admin('PUT', `/learners/${learner.learnerId}/tier`, { tier: 'premium' }, token);
      expect(res.status, String(token)).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await learner.get('/me')).body.tier).toBe('free');
  });

  it('changes a tier, and audits who changed what from where', async () => {
    const learner = await guest(server.url);
    const res = await admin('PUT', `/learners/${learner.learnerId}/tier`, { tier: 'premium' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: learner.learnerId, tier: 'premium' });
    expect((await learner.get('/me')).body.tier).toBe('premium');
    const audit = (await (await admin('GET', `/audit?learnerId=${learner.learnerId}`)).json()) as { entries: unknown[] };
    expect(audit.entries, JSON.stringify(audit.entries)).toEqual([
      expect.objectContaining({ action: 'set_tier', learnerId: learner.learnerId, actor: 'admin-token:alice', clientAddress: expect.any(String), data: { from: 'free', to: 'premium' } }),
    ]);
  });

  it('answers bad input with 4xx problems', async () => {
    const learner = await guest(server.url);
    expect((await admin('PUT', `/learners/${learner.learnerId}/tier`, { tier: 'platinum' })).status).toBe(400);
    expect((await admin('PUT', `/learners/${learner.learnerId}/tier`, { tier: 'pro', extra: 1 })).status).toBe(400);
    expect((await admin('PUT', '/learners/not-a-uuid/tier', { tier: 'pro' })).status).toBe(400);
    expect((await admin('PUT', '/learners/00000000-0000-4000-8000-000000000000/tier', { tier: 'pro' })).status).toBe(404);
    expect((await admin('GET', '/nothing-here')).status).toBe(404);
  });

  it('resets a learner\'s quiz attempts: 401 without the credential, 404 for an unknown learner, course or quiz, 200 and audited', async () => {
    const learner = await guest(server.url);
    const C = '/me/courses/mini-course/quizzes/basics-checkpoint/attempts';
    for (let i = 0; i < 3; i++) {
      const open = await learner.post(C);
      expect(open.status).toBe(200);
      expect((await learner.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers: {} }, { 'idempotency-key': `admin-reset-${i}` })).body.passed).toBe(false);
    }
    expect((await learner.post(C)).status).toBe(409); // attempts used up
    const reset = (learnerId: string, course = 'mini-course', quiz = 'basics-checkpoint', token: string | null = TOKEN) =>
      admin('POST', `/learners/${learnerId}/courses/${course}/quizzes/${quiz}/reset-attempts`, undefined, token);

    for (const token of [null, 'wrong', learner.token]) expect((await reset(learner.learnerId, undefined, undefined, token)).status).toBe(401);
    expect((await reset('not-a-uuid')).status).toBe(400);
    expect((await reset(learner.learnerId, 'mini-course', 'bad%20id')).status).toBe(400);
    const unknown = await reset('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await reset(learner.learnerId, 'no-such-course')).status).toBe(404);
    expect((await reset(learner.learnerId, 'mini-course', 'no-such-quiz')).status).toBe(404);
    // Nothing was reset nor audited by the refused calls.
    expect((await learner.post(C)).status).toBe(409);

    const res = await reset(learner.learnerId);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ learnerId: learner.learnerId, courseId: 'mini-course', quizId: 'basics-checkpoint', attemptsRemaining: 3 });
    const again = await learner.post(C);
    expect(again.status).toBe(200);
    expect(again.body.attempt).toMatchObject({ number: 4, attemptsRemaining: 3 });
    const audit = (await (await admin('GET', `/audit?learnerId=${learner.learnerId}`)).json()) as { entries: unknown[] };
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'reset_attempts',
        learnerId: learner.learnerId,
        actor: 'admin-token:alice',
        data: { courseId: 'mini-course', quizId: 'basics-checkpoint', attemptsRemaining: 3 },
      }),
    ]);
  });

  it('is not there at all without ADMIN_TOKEN', async () => {
    const plain = await startTestServer({ database: await database.open() });
    try {
      const res = await fetch(`${plain.url}/api/admin/audit`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

it('compares the admin credential in constant time over hashes (any length, no early exit)', () => {
  expect(adminTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
  for (const header of [undefined, '', 'Bearer', `Basic ${TOKEN}`, `Bearer ${TOKEN} extra`, `Bearer ${TOKEN.toUpperCase()}`]) {
    expect(adminTokenMatches(header, TOKEN), String(header)).toBe(false);
  }
});

describe('pnpm learners while the server runs on the embedded database', () => {
  let dataDir: string;
  let server: Server;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cc-admin-'));
    const runtime = await compose(loadConfig({ DATA_DIR: dataDir, CONTENT_DIR: fixturesDir, ADMIN_TOKEN: TOKEN }), silentLogger);
    const app = createApp(runtime);
    server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    };
  });
  afterAll(async () => {
    await close?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('changes a tier through the running server; without ADMIN_TOKEN it explains how', async () => {
    const learner = await guest(url);
    const direct = cliIo({ DATA_DIR: dataDir, CONTENT_DIR: fixturesDir });
    expect(await main(['set-tier', learner.learnerId, 'premium'], direct.io)).toBe(1);
    expect(direct.lines.err.join('\n')).toMatch(/already open in process \d+[\s\S]*set ADMIN_TOKEN/);

    const through = cliIo({ DATA_DIR: dataDir, CONTENT_DIR: fixturesDir, ADMIN_TOKEN: TOKEN, ADMIN_URL: url, USER: 'ops' });
    expect(await main(['set-tier', learner.learnerId, 'pro'], through.io)).toBe(0);
    expect(through.lines.out).toEqual([`learner ${learner.learnerId} is now pro (through the running server)`]);
    expect((await learner.get('/me')).body.tier).toBe('pro');
    const shown = cliIo({ ADMIN_TOKEN: TOKEN, ADMIN_URL: url });
    expect(await main(['show', learner.learnerId], shown.io)).toBe(0);
    expect(JSON.parse(shown.lines.out.join('\n'))).toMatchObject({ id: learner.learnerId, tier: 'pro' });

    const reset = cliIo({ DATA_DIR: dataDir, CONTENT_DIR: fixturesDir, ADMIN_TOKEN: TOKEN, ADMIN_URL: url, USER: 'ops' });
    expect(await main(['reset-attempts', learner.learnerId, 'mini-course', 'basics-checkpoint'], reset.io)).toBe(0);
    expect(reset.lines.out).toEqual([expect.stringMatching(new RegExp(`^learner ${learner.learnerId} has 3 attempts at mini-course/basics-checkpoint again .*\\(through the running server\\)$`))]);
    const unknownQuiz = cliIo({ ADMIN_TOKEN: TOKEN, ADMIN_URL: url });
    expect(await main(['reset-attempts', learner.learnerId, 'mini-course', 'no-such-quiz'], unknownQuiz.io)).toBe(1);
    expect(unknownQuiz.lines.err.join('\n')).toContain('404');
    const audited = (await (await fetch(`${url}/api/admin/audit?learnerId=${learner.learnerId}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { entries: { action: string; actor: string }[] };
    expect(audited.entries.map((e) => [e.action, e.actor])).toContainEqual(['reset_attempts', 'admin-token:ops']);

    const wrong = cliIo({ ADMIN_TOKEN: 'x'.repeat(40), ADMIN_URL: url });
    expect(await main(['set-tier', learner.learnerId, 'free'], wrong.io)).toBe(1);
    expect(wrong.lines.err.join('\n')).toContain('401');
  });
});
