import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LearningEvent } from '@cc/core';
import type { Database } from './connect.ts';
import { PgLearningStore } from './learning-store.ts';
import { testDatabases } from './testing.ts';

describe.each(testDatabases())('event order on $name', ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(() => database.close());

  it('returns events written together, with one timestamp, in the order they were written, across pages', async () => {
    const store = new PgLearningStore(database.db);
    const learnerId = randomUUID();
    await store.createLearner({ id: learnerId, tier: 'free', createdAt: '2026-01-01T00:00:00.000Z' });
    const at = '2026-01-02T10:00:00.000Z';
    const types: LearningEvent['type'][] = ['answered', 'answered', 'passed', 'completed', 'progressed'];
    // Random ids: their order must not decide the events' order.
    const events = Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), learnerId, type: types[i % types.length]!, at, courseId: 'c', data: { score: i } }));
    await store.appendEvents(events);
    const read: LearningEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listEvents(learnerId, { limit: 6, ...(after && { after }) });
      read.push(...page);
      if (page.length < 6) break;
      after = page.at(-1)!.id;
    }
    expect(read.map((e) => e.data.score)).toEqual(events.map((e) => e.data.score));
  });
});
