// Work survives the process: the real server (main.ts) in child processes, killed mid-attempt,
// and two replicas sharing one PostgreSQL. The provider is a scripted fake on loopback.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, PgLearningStore, PgSessionStore, type Database } from '@cc/db';
import { createScratchPostgresDatabase, testDatabaseUrl } from '@cc/db/testing';
import { startFakeOpenAI, streamOf, type FakeOpenAI } from '@cc/planner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from './auth/sessions.ts';
import { client } from './testing/client.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';

const plan = JSON.stringify({
  modules: [{ order: 1, title: 'Start', summary: 'First', effortMinutes: 60, tasks: [{ order: 1, title: 'Read', stepId: 'welcome', effortMinutes: 20 }] }],
});

const startServer = startServerProcess;
type Server = ServerProcess;

/** A pro learner with a bearer session, written straight into the database before any server runs. */
async function proLearner(database: Database): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await new PgLearningStore(database.db).createLearner({ id, tier: 'pro', createdAt: now.toISOString() });
  const token = newToken();
  await new PgSessionStore(database.db).create({ tokenHash: hashToken(token), learnerId: id, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString() });
  return token;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const settled = (api: ReturnType<typeof client>, id: string) =>
  until(`plan ${id} to settle`, async () => {
    const res = await api.get(`/plans/${id}`);
    return res.body.status === 'pending' ? undefined : res.body;
  });

const kill = (server: Server) => server.kill('SIGKILL');

let fake: FakeOpenAI;
const servers: Server[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  for (const s of servers) await kill(s);
  for (const c of cleanups) await c();
  await fake?.close();
});

const plannerEnv = () => ({ PLANNER_BASE_URL: fake.baseUrl, PLANNER_API_KEY: 'test', PLANNER_MODEL: 'fake-model', PLANNER_LEASE_SECONDS: '3', PLANNER_DAILY_LIMIT: '50' });
/** A stream that sends a little, then hangs far past every deadline (the attempt stays running). */
const hanging = { kind: 'stream' as const, pieces: [{ text: '{"modules":[' }, { afterMs: 120_000, text: ']}' }] };

describe('plans survive the process', () => {
  it('a server killed mid-attempt: on restart the plan is failed and retryable, and a retry succeeds', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-plans-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    const token = await proLearner(database);
    await database.close();

    fake.script(hanging);
    const env = { DATA_DIR: dataDir, ...plannerEnv() };
    const first = startServer(env);
    servers.push(first);
    const api = client(await first.started, token);
    const created = await api.post('/plans', { courseId: 'mini-course', topic: 'Crash' });
    expect(created.status).toBe(201);
    const before = fake.requests.length;
    await until('the attempt to reach the provider', async () => (fake.requests.length > before ? true : undefined));
    expect((await api.get(`/plans/${created.body.id}`)).body.status).toBe('pending');
    await kill(first);

    fake.script(streamOf(plan));
    const second = startServer(env);
    servers.push(second);
    const api2 = client(await second.started, token);
    const failed = await settled(api2, created.body.id);
    expect(failed).toMatchObject({ status: 'failed', retryable: true, attempts: 1, modules: [] });
    expect((await api2.post(`/plans/${created.body.id}/retry`)).status).toBe(200);
    expect(await settled(api2, created.body.id)).toMatchObject({ status: 'ready', attempts: 2 });
    expect(await second.kill()).toBe(0);
  }, 300_000);

  it('PLANNER_WORKER=off queues plans without generating them; a server with the worker on generates them', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-plans-worker-off-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    const token = await proLearner(database);
    await database.close();

    fake.script(streamOf(plan));
    const calls = fake.requests.length;
    const off = startServer({ DATA_DIR: dataDir, ...plannerEnv(), PLANNER_WORKER: 'off' });
    servers.push(off);
    const api = client(await off.started, token);
    const created = await api.post('/plans', { courseId: 'mini-course', topic: 'Queued here' });
    expect(created.status).toBe(201);
    // Several worker polls (1 s each, and a wake-up on every new plan) go by with nothing generated.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await api.get(`/plans/${created.body.id}`)).body).toMatchObject({ status: 'pending', attempts: 1 });
    expect(fake.requests.length).toBe(calls);
    expect(await off.kill()).toBe(0);

    const on = startServer({ DATA_DIR: dataDir, ...plannerEnv() });
    servers.push(on);
    const api2 = client(await on.started, token);
    expect(await settled(api2, created.body.id)).toMatchObject({ status: 'ready', attempts: 1 });
    expect(fake.requests.length).toBe(calls + 1);
    expect(await on.kill()).toBe(0);
  }, 300_000);

  describe.runIf(testDatabaseUrl())('two server processes on one PostgreSQL', () => {
    it('a replica with PLANNER_WORKER=off serves plans that the replica with the worker generates', async () => {
      const scratch = await createScratchPostgresDatabase(testDatabaseUrl()!);
      cleanups.push(() => scratch.drop());
      const database = await openDatabase({ url: scratch.url, poolSize: 2 });
      await migrateToLatest(database.db);
      const token = await proLearner(database);
      await database.close();
      const env = { DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: '4', ...plannerEnv() };

      fake.script(streamOf(plan));
      const calls = fake.requests.length;
      const serving = startServer({ ...env, PLANNER_WORKER: 'off' });
      servers.push(serving);
      const api = client(await serving.started, token);
      const created = await api.post('/plans', { courseId: 'mini-course', topic: 'Served here, generated there' });
      expect(created.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect((await api.get(`/plans/${created.body.id}`)).body.status).toBe('pending');
      expect(fake.requests.length).toBe(calls);

      const generating = startServer(env);
      servers.push(generating);
      await generating.started;
      // Read through the serving replica: the other one generated it.
      expect(await settled(api, created.body.id)).toMatchObject({ status: 'ready', attempts: 1 });
      expect(fake.requests.length).toBe(calls + 1);
      expect(await Promise.all([serving, generating].map((s) => s.kill()))).toEqual([0, 0]);
    }, 300_000);


    it('an attempt whose server died is closed by the other replica; each attempt is worked once', async () => {
      const scratch = await createScratchPostgresDatabase(testDatabaseUrl()!);
      cleanups.push(() => scratch.drop());
      const database = await openDatabase({ url: scratch.url, poolSize: 2 });
      await migrateToLatest(database.db);
      const token = await proLearner(database);
      const env = { DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: '4', ...plannerEnv() };

      // Replica A takes an attempt and dies with it.
      fake.script(hanging);
      const a = startServer(env);
      servers.push(a);
      const apiA = client(await a.started, token);
      const doomed = await apiA.post('/plans', { courseId: 'mini-course', topic: 'Doomed' });
      const before = fake.requests.length;
      await until('the attempt to reach the provider', async () => (fake.requests.length > before ? true : undefined));
      await kill(a);

      // Replica B closes it once its lease has expired; the plan can be retried.
      fake.script({ kind: 'stream', pieces: [{ text: plan.slice(0, 40) }, { afterMs: 200, text: plan.slice(40) }] });
      const b = startServer(env);
      const c = startServer(env);
      servers.push(b, c);
      const [apiB, apiC] = [client(await b.started, token), client(await c.started, token)];
      expect(await settled(apiB, doomed.body.id)).toMatchObject({ status: 'failed', retryable: true });

      // Two live replicas share the queue: every attempt reaches the provider exactly once.
      const calls = fake.requests.length;
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await (i % 2 === 0 ? apiB : apiC).post('/plans', { courseId: 'mini-course', topic: `Plan ${i}` }, { 'idempotency-key': `replica-plan-${i}` });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      for (const [i, id] of ids.entries()) expect(await settled(i % 2 === 0 ? apiC : apiB, id)).toMatchObject({ status: 'ready', attempts: 1 });
      expect(fake.requests.length - calls).toBe(6);
      const workers = await database.db.selectFrom('plan_attempt').select(['plan_id', 'worker_id', 'status']).where('plan_id', 'in', ids).execute();
      expect(workers).toHaveLength(6);
      expect(workers.every((w) => w.status === 'succeeded')).toBe(true);
      await database.close();
      expect(await Promise.all([b, c].map((s) => s.kill()))).toEqual([0, 0]);
    }, 300_000);
  });
});
