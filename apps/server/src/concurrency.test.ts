// Parallel requests for one learner (double clicks, retries, two devices) must record exactly
// one attempt per submission, one completion per step and one active day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { guest, TestClock } from './testing/client.ts';
import { answersFor, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = '/me/courses/mini-course';
const authorPerfect = {
  'token-facts': { type: 'multiple', optionIds: ['a', 'b'] },
  'tokens-per-word': { type: 'numeric', value: 1000 },
  'name-the-tool': { type: 'short_text', text: 'tokenizer' },
  'pipeline-order': { type: 'ordering', itemIds: ['text', 'split', 'ids'] },
};

describe.each(testDatabases())('concurrent requests of one learner on $name', (database) => {
  let server: TestServer;
  const clock = new TestClock(new Date('2026-06-01T10:00:00Z'));
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), clock });
  });
  afterAll(() => server?.close());

  it('records each submission, completion and active day exactly once', async () => {
    const me = await guest(server.url);
    const start = await Promise.all(Array.from({ length: 8 }, () => me.post(`${C}/quizzes/basics-checkpoint/attempts`)));
    // Concurrent starts share one open attempt.
    expect(new Set(start.map((r) => r.body.attempt.id)).size).toBe(1);
    const attemptId = start[0]!.body.attempt.id;
    const basics = (await loadCourseDir(fixtureCourseDir())).quizzes['basics-checkpoint']!;
    const perfect = answersFor(basics, start[0]!.body.quiz, authorPerfect);

    const sameKey = { 'idempotency-key': 'double-click-0001' };
    const submits = await Promise.all([
      ...Array.from({ length: 8 }, () => me.post(`/me/attempts/${attemptId}/submit`, { answers: perfect }, sameKey)),
      ...Array.from({ length: 4 }, (_, i) => me.post(`/me/attempts/${attemptId}/submit`, { answers: perfect }, { 'idempotency-key': `other-device-${i}` })),
    ]);
    const completions = await Promise.all(
      ['welcome', 'first-exercise', 'history'].flatMap((step) => Array.from({ length: 5 }, () => me.post(`${C}/steps/${step}/complete`))),
    );

    // Same key: all answered with the one graded result. Other keys: either they won the race
    // (then every same-key request got 409) or they were refused with 409. Exactly one winner.
    const ok = submits.filter((r) => r.status === 200);
    expect(submits.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(new Set(ok.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(ok[0]!.body).toMatchObject({ score: 100, passed: true });

    expect(completions.every((r) => r.status === 200)).toBe(true);
    expect(completions.filter((r) => r.body.newlyCompleted)).toHaveLength(3);

    const progress = await me.get(`${C}/progress`);
    expect(progress.body.chapters[0].checkpoint).toMatchObject({ attemptsUsed: 1, score: 100 });
    const events = (await me.get('/me/events?limit=500')).body.events as { type: string; stepId?: string }[];
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('passed')).toBe(1);
    expect(count('answered')).toBe(4);
    // three lessons plus the checkpoint passed once
    expect(count('completed')).toBe(4);
    expect((await me.get('/me/streak')).body).toMatchObject({ current: 1, longest: 1, activeToday: true });
    const cards = (await me.get('/me/reviews/due?limit=50')).body.reviews;
    expect(cards).toHaveLength(0); // all just scheduled into the future, once each
    clock.advanceDays(30);
    expect((await me.get('/me/reviews/due?limit=50')).body.reviews).toHaveLength(4);
  });
});
