import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { migrateToLatest, openDatabase, PgLearningStore, PgPlanStore } from '@cc/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './plans.ts';

describe('pnpm plans cost', () => {
  let dataDir: string;
  const learnerId = randomUUID();
  const planId = randomUUID();
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cc-plans-cli-'));
    const database = await openDatabase({ dataDir });
    try {
      await migrateToLatest(database.db);
      const now = new Date().toISOString();
      await new PgLearningStore(database.db).createLearner({ id: learnerId, tier: 'pro', createdAt: now });
      const store = new PgPlanStore(database.db);
      await store.createPlan(
        { id: planId, learnerId, courseId: 'c', topic: 't', notes: '', topicLength: 1, notesLength: 0, topicTruncated: false, notesTruncated: false, idempotencyKey: null, createdAt: now },
        { id: randomUUID(), queuedAt: now },
      );
      const claim = (await store.claim('w', now, new Date(Date.now() + 60_000).toISOString()))!;
      await store.fail(claim.attempt.id, 'w', { classification: 'validation', finishedAt: now, durationMs: 10, promptHash: null, flags: [], model: 'm', inputTokens: 1200, outputTokens: 300, costUsd: 0.0123 });
    } finally {
      await database.close();
    }
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints usage and cost per learner and per plan', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`), env: { DATA_DIR: dataDir } };
    expect(await main(['cost'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(new RegExp(`${learnerId}\\s+1\\s+1\\s+1200\\s+300\\s+\\$0\\.0123`));
    expect(text).toMatch(new RegExp(`${planId}\\s+${learnerId}\\s+not ready\\s+1`));
    out.length = 0;
    expect(await main(['cost', '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ learners: [{ learnerId, costUsd: 0.0123 }], plans: [{ planId }] });
    expect(await main(['cost', '--limit', 'x'], io)).toBe(2);
    expect(await main(['nope'], io)).toBe(2);
  });
});
