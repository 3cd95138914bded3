// The plan routes through the real server, with the real worker and provider client against a
// scripted OpenAI-compatible server on loopback.
import { openTestPGlite } from '@cc/db/testing';
import { startFakeOpenAI, streamOf, type FakeOpenAI } from '@cc/planner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, guest } from './testing/client.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const plan = JSON.stringify({
  modules: [
    { order: 1, title: 'Foundations', summary: 'Start here', effortMinutes: 90, tasks: [{ order: 1, title: 'Read the intro', stepId: 'welcome', effortMinutes: 20 }] },
    { order: 2, title: 'Practice', summary: 'Then this', effortMinutes: 600, tasks: [{ order: 1, title: 'Exercise', stepId: null, effortMinutes: 30 }] },
  ],
});

async function settle(learner: ReturnType<typeof client>, id: string) {
  for (;;) {
    const res = await learner.get(`/plans/${id}`);
    if (res.body.status !== 'pending') return res;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('plans without a configured generator', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: await openTestPGlite(), planner: false });
  });
  afterAll(() => server?.close());

  it('answers 503 problems on every plan route, and the rest works', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await client(server.url).get('/plans')).status).toBe(401);
    const learner = await guest(server.url);
    for (const res of [await learner.post('/plans', { courseId: 'mini-course', topic: 'x' }), await learner.get('/plans'), await learner.get(`/plans/${id}`), await learner.post(`/plans/${id}/retry`)]) {
      expect(res.status).toBe(503);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/not available/);
    }
    expect((await learner.get('/me')).status).toBe(200);
  });
});

describe('plans', () => {
  let server: TestServer;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startTestServer({
      database: await openTestPGlite(),
      planner: {
        config: { baseUrl: fake.baseUrl, apiKey: 'test', model: 'fake-model', prices: { inputPerMTok: 1, outputPerMTok: 2 }, dailyLimit: 3, concurrency: 2, leaseSeconds: 30 },
        pollMs: 50,
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  const proLearner = async () => {
    const learner = await guest(server.url);
    await server.runtime.learning.store.setTier(learner.learnerId, 'pro');
    return learner;
  };

  it('is for pro learners: 401 anonymous, 402 below pro', async () => {
    expect((await client(server.url).post('/plans', { courseId: 'mini-course', topic: 'x' })).status).toBe(401);
    const free = await guest(server.url);
    const res = await free.post('/plans', { courseId: 'mini-course', topic: 'x' });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ requiredTier: 'pro' });
  });

  it('creates a pending plan at once, generates it in the background, and keeps it to its learner', async () => {
    fake.script(streamOf(plan));
    const learner = await proLearner();
    const created = await learner.post('/plans', { courseId: 'mini-course', topic: 'Tokens'.padEnd(250, '!'), notes: 'short' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', modules: [], input: { topicLength: 250, topicTruncated: true, notesTruncated: false } });
    expect(created.body.topic).toHaveLength(200);
    const ready = await settle(learner, created.body.id);
    expect(ready.body).toMatchObject({ status: 'ready', attempts: 1, retryable: false, error: null });
    expect(ready.body.modules.map((m: { effortMinutes: number }) => m.effortMinutes)).toEqual([90, 480]);
    expect((await learner.get('/plans')).body.plans).toEqual([expect.objectContaining({ id: created.body.id, status: 'ready' })]);
    const other = await proLearner();
    expect((await other.get(`/plans/${created.body.id}`)).status).toBe(404);
    expect((await other.post(`/plans/${created.body.id}/retry`)).status).toBe(404);
    expect((await other.get('/plans')).body.plans).toEqual([]);
    expect((await learner.post(`/plans/${created.body.id}/retry`)).status).toBe(409);
  });

  it('answers bad input with 4xx problems', async () => {
    const learner = await proLearner();
    expect((await learner.post('/plans', { courseId: 'mini-course' })).status).toBe(400);
    expect((await learner.post('/plans', { courseId: 'mini-course', topic: 'x', extra: 1 })).status).toBe(400);
    expect((await learner.post('/plans', { courseId: 'mini-course', topic: '   ' })).status).toBe(422);
    expect((await learner.post('/plans', { courseId: 'no-such-course', topic: 'x' })).status).toBe(404);
    expect((await learner.get('/plans/not-a-uuid')).status).toBe(400);
    expect((await learner.post('/plans', { courseId: 'mini-course', topic: 'x' }, { 'idempotency-key': 'short' })).status).toBe(400);
  });

  it('returns the same plan for the same Idempotency-Key, and limits plans per day', async () => {
    fake.script(streamOf(plan));
    const learner = await proLearner();
    const headers = { 'idempotency-key': 'plan-key-0001' };
    const first = await learner.post('/plans', { courseId: 'mini-course', topic: 'Attention' }, headers);
    const again = await learner.post('/plans', { courseId: 'mini-course', topic: 'Attention' }, headers);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    await learner.post('/plans', { courseId: 'mini-course', topic: 'Two' });
    await learner.post('/plans', { courseId: 'mini-course', topic: 'Three' });
    const res = await fetch(`${server.url}/api/v1/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${learner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ courseId: 'mini-course', topic: 'Four' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Let the background work finish before the next test scripts the provider.
    for (const { id } of (await learner.get('/plans')).body.plans) await settle(learner, id);
  });

  it('a failed plan shows a generic error with a reference, and can be retried', async () => {
    fake.script({ kind: 'status', status: 500, body: { error: { message: 'secret provider detail' } } }, streamOf(plan));
    const learner = await proLearner();
    const created = await learner.post('/plans', { courseId: 'mini-course', topic: 'Sampling' });
    const failed = await settle(learner, created.body.id);
    // The class (for the learner's plain-words reason), never the provider's detail or status.
    expect(failed.body).toMatchObject({ status: 'failed', retryable: true, error: { reason: 'provider_error', correlationId: expect.any(String) } });
    expect(JSON.stringify(failed.body)).not.toMatch(/secret provider detail|500/);
    const retried = await learner.post(`/plans/${created.body.id}/retry`);
    expect(retried.status).toBe(200);
    expect((await settle(learner, created.body.id)).body).toMatchObject({ status: 'ready', attempts: 2 });
  });
});
