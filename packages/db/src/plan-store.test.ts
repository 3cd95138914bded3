import { randomUUID } from 'node:crypto';
import {
  Conflict,
  getPlan,
  listPlans,
  NotFound,
  PaymentRequired,
  RateLimited,
  requestPlan,
  retryPlan,
  type Course,
  type PlanDeps,
  type PlanModuleRecord,
} from '@cc/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './connect.ts';
import { PgLearningStore } from './learning-store.ts';
import { PgPlanStore } from './plan-store.ts';
import { testDatabases } from './testing.ts';

const T0 = '2026-03-01T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const course = { id: 'tiny', steps: [{ id: 'intro' }, { id: 'more' }] } as unknown as Course;

const modules = (n = 2): PlanModuleRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    order: i + 1,
    title: `Module ${i + 1}`,
    summary: 'Summary',
    effortMinutes: 60,
    tasks: [
      { order: 1, title: 'Read', stepId: 'intro', effortMinutes: 20 },
      { order: 2, title: 'Practise', stepId: null, effortMinutes: 40 },
    ],
  }));
const outcome = { finishedAt: T0, durationMs: 1234, promptHash: 'h', flags: [], model: 'm', inputTokens: 100, outputTokens: 50, costUsd: 0.0125 };

describe.each(testDatabases())('plan store on $name', ({ open }) => {
  let database: Database;
  let store: PgPlanStore;
  let deps: PlanDeps;
  let now = T0;
  const learner = randomUUID();
  const other = randomUUID();

  beforeEach(async () => {
    database = await open();
    store = new PgPlanStore(database.db);
    const learning = new PgLearningStore(database.db);
    await learning.createLearner({ id: learner, tier: 'pro', createdAt: T0 });
    await learning.createLearner({ id: other, tier: 'pro', createdAt: T0 });
    now = T0;
    deps = {
      catalog: { list: async () => [course], get: async (id) => (id === course.id ? course : undefined) },
      store: learning,
      presentationSecret: 'test-presentation-secret',
      clock: { now: () => new Date(now) },
      ids: { uuid: randomUUID },
      plans: store,
      dailyLimit: 3,
    };
  });
  afterEach(() => database.close());

  const request = (key?: string, topic = 'Transformers') => requestPlan(deps, learner, { courseId: 'tiny', topic, notes: 'secret notes' }, key);
  const claimOne = (worker: string, lease = at(30)) => store.claim(worker, now, lease);

  it('creates a pending plan with a queued attempt; the same idempotency key returns it', async () => {
    const first = await request('key-12345678');
    expect(first).toMatchObject({ created: true, plan: { status: 'pending', attempts: 1, modules: [], error: null } });
    const again = await request('key-12345678');
    expect(again).toEqual({ created: false, plan: first.plan });
    await expect(request('key-12345678', 'Something else')).rejects.toBeInstanceOf(Conflict);
    expect(await listPlans(deps, learner)).toHaveLength(1);
  });

  it('concurrent creates with one key make one plan', async () => {
    const results = await Promise.all([request('twin-key-0001'), request('twin-key-0001'), request('twin-key-0001')]);
    expect(new Set(results.map((r) => r.plan.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('refuses learners below pro, and past the daily limit with a retry delay', async () => {
    await new PgLearningStore(database.db).setTier(other, 'premium');
    await expect(requestPlan(deps, other, { courseId: 'tiny', topic: 'x' })).rejects.toBeInstanceOf(PaymentRequired);
    for (let i = 0; i < 3; i++) await request();
    const refused = await request().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimited);
    expect((refused as RateLimited).retryAfterSeconds).toBe(15 * 3600);
    now = '2026-03-02T00:00:01.000Z';
    await expect(request()).resolves.toMatchObject({ created: true });
  });

  it('keeps plans to their learner', async () => {
    const { plan } = await request();
    await expect(getPlan(deps, other, plan.id)).rejects.toBeInstanceOf(NotFound);
    await expect(retryPlan(deps, other, plan.id)).rejects.toBeInstanceOf(NotFound);
    expect(await listPlans(deps, other)).toEqual([]);
    await expect(getPlan(deps, learner, 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
  });

  it('hands a queued attempt to exactly one of many concurrent claims', async () => {
    const { plan } = await request();
    const claims = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((w) => claimOne(w)));
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]!.plan).toMatchObject({ id: plan.id, notes: 'secret notes' });
    expect(await claimOne('w5')).toBeUndefined();
  });

  it('writes attempt, modules and tasks together; the plan is then ready', async () => {
    const { plan } = await request();
    const claim = (await claimOne('w1'))!;
    expect(await store.succeed(claim.attempt.id, 'w1', { ...outcome, modules: modules(2) })).toBe(true);
    const view = await getPlan(deps, learner, plan.id);
    expect(view).toMatchObject({ status: 'ready', retryable: false, error: null });
    expect(view.modules).toEqual(modules(2));
    const stored = await store.getPlan(learner, plan.id);
    expect(stored!.attempts[0]).toMatchObject({ status: 'succeeded', classification: null, moduleCount: 2, taskCount: 4, durationMs: 1234, costUsd: 0.0125 });
  });

  it('refuses gaps and duplicates in the database too, and then nothing of the attempt persists', async () => {
    const { plan } = await request();
    const claim = (await claimOne('w1'))!;
    const gap = modules(2).map((m, i) => ({ ...m, order: i === 1 ? 3 : 1 }));
    await expect(store.succeed(claim.attempt.id, 'w1', { ...outcome, modules: gap })).rejects.toThrow();
    const taskGap = modules(1).map((m) => ({ ...m, tasks: m.tasks.map((t, i) => ({ ...t, order: i === 0 ? 1 : 5 })) }));
    await expect(store.succeed(claim.attempt.id, 'w1', { ...outcome, modules: taskGap })).rejects.toThrow();
    const dup = modules(2).map((m) => ({ ...m, order: 1 }));
    await expect(store.succeed(claim.attempt.id, 'w1', { ...outcome, modules: dup })).rejects.toThrow();
    const counts = await sql<{ m: string; t: string }>`select (select count(*) from plan_module) as m, (select count(*) from plan_task) as t`.execute(database.db);
    expect(Number(counts.rows[0]!.m) + Number(counts.rows[0]!.t)).toBe(0);
    expect((await getPlan(deps, learner, plan.id)).status).toBe('pending');
  });

  it('a worker that lost its claim writes nothing; an expired lease closes the attempt as failed and retryable', async () => {
    const { plan } = await request();
    const claim = (await claimOne('w1', at(30)))!;
    expect(await store.closeExpired(at(10))).toBe(0);
    expect(await store.heartbeat(claim.attempt.id, 'w1', at(60))).toBe(true);
    expect(await store.closeExpired(at(61))).toBe(1);
    expect(await store.heartbeat(claim.attempt.id, 'w1', at(90))).toBe(false);
    expect(await store.succeed(claim.attempt.id, 'w1', { ...outcome, modules: modules() })).toBe(false);
    expect(await store.fail(claim.attempt.id, 'w1', { ...outcome, classification: 'provider_error' })).toBe(false);
    const view = await getPlan(deps, learner, plan.id);
    expect(view).toMatchObject({ status: 'failed', retryable: true, modules: [], error: { correlationId: claim.attempt.id } });
    const stored = await store.getPlan(learner, plan.id);
    expect(stored!.attempts[0]).toMatchObject({ status: 'failed', classification: 'timeout', flags: ['lease_expired'] });
  });

  it('retries up to three attempts, then records capped without queuing work', async () => {
    const { plan } = await request();
    for (let n = 1; n <= 3; n++) {
      const claim = (await claimOne('w'))!;
      expect(claim.attempt.number).toBe(n);
      await store.fail(claim.attempt.id, 'w', { ...outcome, classification: 'provider_error' });
      if (n < 3) {
        const [a, b] = await Promise.all([retryPlan(deps, learner, plan.id), retryPlan(deps, learner, plan.id)]);
        expect([a.status, b.status]).toEqual(['pending', 'pending']);
      }
    }
    expect(await getPlan(deps, learner, plan.id)).toMatchObject({ status: 'failed', attempts: 3, retryable: false });
    await expect(retryPlan(deps, learner, plan.id)).rejects.toBeInstanceOf(Conflict);
    expect(await claimOne('w')).toBeUndefined();
    const stored = await store.getPlan(learner, plan.id);
    expect(stored!.attempts.map((a) => [a.number, a.status, a.classification])).toEqual([
      [1, 'failed', 'provider_error'],
      [2, 'failed', 'provider_error'],
      [3, 'failed', 'provider_error'],
      [4, 'failed', 'capped'],
    ]);
  });

  it('a ready plan cannot be retried; a pending one is answered as it is', async () => {
    const { plan } = await request();
    expect((await retryPlan(deps, learner, plan.id)).status).toBe('pending');
    const claim = (await claimOne('w1'))!;
    await store.succeed(claim.attempt.id, 'w1', { ...outcome, modules: modules(1) });
    await expect(retryPlan(deps, learner, plan.id)).rejects.toBeInstanceOf(Conflict);
  });

  it('reports cost per learner and per plan', async () => {
    const { plan } = await request();
    const claim = (await claimOne('w1'))!;
    await store.fail(claim.attempt.id, 'w1', { ...outcome, classification: 'validation' });
    await retryPlan(deps, learner, plan.id);
    const second = (await claimOne('w1'))!;
    await store.succeed(second.attempt.id, 'w1', { ...outcome, modules: modules(1) });
    const report = await store.costReport();
    expect(report.plans).toEqual([{ planId: plan.id, learnerId: learner, attempts: 2, status: 'ready', inputTokens: 200, outputTokens: 100, costUsd: 0.025 }]);
    expect(report.learners).toEqual([{ learnerId: learner, plans: 1, attempts: 2, inputTokens: 200, outputTokens: 100, costUsd: 0.025 }]);
  });

  it('deleting the learner deletes their plans', async () => {
    await request();
    await new PgLearningStore(database.db).deleteLearner(learner);
    const rows = await sql<{ n: string }>`select count(*) as n from plan_attempt`.execute(database.db);
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});
