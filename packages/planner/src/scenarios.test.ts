// Every way a provider answers, against a scripted OpenAI-compatible server on loopback, through
// the real worker, the real provider client (openai) and a real database (PGlite).
import { randomUUID } from 'node:crypto';
import { getPlan, requestPlan, type Course, type PlanDeps, type PlanView } from '@cc/core';
import { PgLearningStore, PgPlanStore, type Database } from '@cc/db';
import { openTestPGlite } from '@cc/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES, type Deadlines } from './deadline.ts';
import { openAiProvider } from './provider.ts';
import { startFakeOpenAI, streamOf, type FakeOpenAI, type Reply } from './testing/fake-openai.ts';
import { PlanWorker } from './worker.ts';

const course = {
  id: 'tiny',
  title: 'Tiny course',
  chapters: [{ id: 'basics', title: 'Basics', stepIds: ['intro', 'more'] }],
  steps: [
    { id: 'intro', title: 'Intro', kind: 'lesson', level: 'core', minutes: 10 },
    { id: 'more', title: 'More', kind: 'lesson', level: 'core', minutes: 15 },
  ],
} as unknown as Course;

const task = (order: number, stepId: string | null = 'intro') => ({ order, title: `Task ${order}`, stepId, effortMinutes: 20 });
const mod = (order: number, tasks = [task(1), task(2, 'more')]) => ({ order, title: `Module ${order}`, summary: 'Why and what', effortMinutes: 60, tasks });
const valid = JSON.stringify({ modules: [mod(1), mod(2)] });
/** Scaled deadlines: the same logic as 10 s / 20 s / 9.5 s, at a tenth of the wait. */
const FAST: Deadlines = { baseMs: 1000, extendedMs: 2000, extendIfModuleBeforeMs: 950 };
const NOTES = 'my private notes: I am preparing for an interview at ACME';

let database: Database;
let fake: FakeOpenAI;
let deps: PlanDeps;
const store = () => new PgPlanStore(database.db);
const logs: string[] = [];
const logger = { info: (m: string, d?: object) => logs.push(JSON.stringify({ m, ...d })), warn: (m: string, d?: object) => logs.push(JSON.stringify({ m, ...d })), error: (m: string, d?: object) => logs.push(JSON.stringify({ m, ...d })) };
const learner = randomUUID();

beforeAll(async () => {
  [database, fake] = await Promise.all([openTestPGlite(), startFakeOpenAI()]);
  const learning = new PgLearningStore(database.db);
  await learning.createLearner({ id: learner, tier: 'pro', createdAt: new Date().toISOString() });
  deps = {
    catalog: { list: async () => [course], get: async (id) => (id === 'tiny' ? course : undefined) },
    store: learning,
    presentationSecret: 'test-presentation-secret',
    clock: { now: () => new Date() },
    ids: { uuid: randomUUID },
    plans: store(),
    dailyLimit: 1000,
  };
});
afterAll(async () => {
  await fake?.close();
  await database?.close();
});

async function waitUntilSettled(planId: string): Promise<PlanView> {
  for (;;) {
    const view = await getPlan(deps, learner, planId);
    if (view.status !== 'pending') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Queues a plan, lets a worker run its attempt against `reply`, and returns what was recorded. */
async function scenario(reply: Reply, deadlines: Deadlines = FAST) {
  fake.script(reply);
  const worker = new PlanWorker({
    queue: store(),
    learning: deps,
    provider: openAiProvider({ baseUrl: fake.baseUrl, apiKey: 'test-key', model: 'fake-model' }),
    deadlines,
    prices: { inputPerMTok: 2, outputPerMTok: 8 },
    logger,
    concurrency: 2,
    pollMs: 50,
  });
  const { plan } = await requestPlan(deps, learner, { courseId: 'tiny', topic: 'Attention', notes: NOTES });
  await worker.start();
  try {
    const view = await waitUntilSettled(plan.id);
    const stored = (await store().getPlan(learner, plan.id))!;
    const attempt = stored.attempts.at(-1)!;
    const rows = await sql<{ m: string; t: string }>`
      select (select count(*) from plan_module where attempt_id = ${attempt.id}) as m,
             (select count(*) from plan_task where attempt_id = ${attempt.id}) as t`.execute(database.db);
    return { view, attempt, persisted: { modules: Number(rows.rows[0]!.m), tasks: Number(rows.rows[0]!.t) } };
  } finally {
    await worker.stop();
  }
}

const nothingPersisted = { modules: 0, tasks: 0 };

describe('plan generation against an OpenAI-compatible provider', () => {
  it('a valid plan: ready, counted, costed; structured output requested with the schema', async () => {
    const { view, attempt, persisted } = await scenario(streamOf(valid, { size: 7 }));
    expect(view).toMatchObject({ status: 'ready', attempts: 1, error: null });
    expect(view.modules.map((m) => m.tasks.map((t) => t.stepId))).toEqual([['intro', 'more'], ['intro', 'more']]);
    expect(attempt).toMatchObject({ status: 'succeeded', classification: null, moduleCount: 2, taskCount: 4, model: 'fake-model', inputTokens: 1000, outputTokens: 400, costUsd: 0.0052 });
    expect(attempt.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(persisted).toEqual({ modules: 2, tasks: 4 });
    const request = fake.requests.at(-1) as Record<string, unknown>;
    expect(request).toMatchObject({ model: 'fake-model', stream: true, response_format: { type: 'json_schema', json_schema: { strict: true, schema: { type: 'object', required: ['modules'] } } } });
    // The prompt carries the profile fields planning needs, never the learner's id.
    expect(JSON.stringify(request)).not.toContain(learner);
  });

  it('malformed JSON: failed, validation, nothing persisted', async () => {
    const { view, attempt, persisted } = await scenario(streamOf('{"modules": [{"order": 1, "title": "x"'.concat('}}')));
    expect(view).toMatchObject({ status: 'failed', retryable: true, modules: [], error: { correlationId: attempt.id } });
    expect(attempt).toMatchObject({ status: 'failed', classification: 'validation' });
    expect(attempt.flags).toContain('malformed_json');
    expect(persisted).toEqual(nothingPersisted);
  });

  it('schema-invalid output: validation', async () => {
    const bad = JSON.stringify({ modules: [{ ...mod(1), effortMinutes: 'an hour' }] });
    const { view, attempt, persisted } = await scenario(streamOf(bad));
    expect([view.status, attempt.classification]).toEqual(['failed', 'validation']);
    expect(persisted).toEqual(nothingPersisted);
  });

  it('duplicate ordering: validation', async () => {
    const dup = JSON.stringify({ modules: [mod(1), mod(1)] });
    const { view, attempt, persisted } = await scenario(streamOf(dup));
    expect([view.status, attempt.classification]).toEqual(['failed', 'validation']);
    expect(persisted).toEqual(nothingPersisted);
  });

  it('429 with Retry-After: rate_limit, the delay kept as a flag', async () => {
    const { view, attempt, persisted } = await scenario({ kind: 'status', status: 429, headers: { 'retry-after': '7' }, body: { error: { message: 'slow down', type: 'rate_limit' } } });
    expect([view.status, attempt.classification]).toEqual(['failed', 'rate_limit']);
    expect(attempt.flags).toContain('retry_after_7s');
    expect(persisted).toEqual(nothingPersisted);
  });

  it('500: provider_error', async () => {
    const { view, attempt, persisted } = await scenario({ kind: 'status', status: 500 });
    expect([view.status, attempt.classification]).toEqual(['failed', 'provider_error']);
    expect(persisted).toEqual(nothingPersisted);
  });

  it('a stream cut midway: provider_error, nothing persisted', async () => {
    const { view, attempt, persisted } = await scenario({ kind: 'stream', pieces: [{ text: valid.slice(0, 150) }, { afterMs: 50, text: valid.slice(150, 200) }], cut: true });
    expect([view.status, attempt.classification]).toEqual(['failed', 'provider_error']);
    expect(persisted).toEqual(nothingPersisted);
  });

  it('a slow stream with a module parsed before the extension threshold: extended, succeeds', async () => {
    const firstModuleEnd = valid.indexOf('}]}') + 3;
    const { view, attempt } = await scenario({
      kind: 'stream',
      pieces: [{ text: valid.slice(0, firstModuleEnd) }, { afterMs: FAST.baseMs + 400, text: valid.slice(firstModuleEnd) }],
      usage: { prompt_tokens: 10, completion_tokens: 10 },
    });
    expect(view.status).toBe('ready');
    expect(attempt.flags).toContain('deadline_extended');
    expect(attempt.durationMs).toBeGreaterThanOrEqual(FAST.baseMs);
  });

  it('a slow stream with no complete module by the deadline: timeout at the base deadline', async () => {
    const { view, attempt, persisted } = await scenario({
      kind: 'stream',
      pieces: [{ text: valid.slice(0, 60) }, { afterMs: FAST.extendedMs + 1000, text: valid.slice(60) }],
    });
    expect([view.status, attempt.classification]).toEqual(['failed', 'timeout']);
    expect(attempt.flags).not.toContain('deadline_extended');
    expect(attempt.durationMs).toBeGreaterThanOrEqual(FAST.baseMs);
    expect(persisted).toEqual(nothingPersisted);
  });

  it('real clock: no module before 9.5 s, timeout at 10 s', async () => {
    const { view, attempt } = await scenario({ kind: 'stream', pieces: [{ text: valid.slice(0, 60) }, { afterMs: 25_000, text: valid.slice(60) }] }, DEFAULT_DEADLINES);
    expect([view.status, attempt.classification]).toEqual(['failed', 'timeout']);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(10_000);
  });

  it('a failed plan is retried to success; raw notes never reach the log', async () => {
    const first = await scenario({ kind: 'status', status: 500 });
    fake.script(streamOf(valid));
    const worker = new PlanWorker({
      queue: store(),
      learning: deps,
      provider: openAiProvider({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'fake-model' }),
      deadlines: FAST,
      prices: { inputPerMTok: 0, outputPerMTok: 0 },
      logger,
      concurrency: 1,
      pollMs: 50,
    });
    const { retryPlan } = await import('@cc/core');
    await retryPlan(deps, learner, first.view.id);
    await worker.start();
    try {
      expect(await waitUntilSettled(first.view.id)).toMatchObject({ status: 'ready', attempts: 2 });
    } finally {
      await worker.stop();
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain('private notes');
    expect(logs.some((l) => l.includes(`"notesLength":${NOTES.length}`))).toBe(true);
  });
});
