import { randomUUID } from 'node:crypto';
import { Conflict, NotFound, type CardRecord, type LearningEvent, type Profile } from '@cc/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connect.ts';
import { IdempotencyKeyReused, PgLearningStore } from './learning-store.ts';
import { migrateToLatest } from './migrate.ts';
import { createScratchPostgresDatabase, testDatabases, testDatabaseUrl } from './testing.ts';

const A = '0a000000-0000-4000-8000-00000000000a';
const B = '0b000000-0000-4000-8000-00000000000b';
const T0 = '2026-03-01T09:00:00.000Z';
const t = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const PROFILE: Profile = {
  softwareExperience: 'beginner',
  mathsBackground: 'advanced',
  goals: ['build', 'career'],
  weeklyMinutes: 90,
  timeZone: 'Pacific/Kiritimati',
  depth: 'deep',
};

/** Tables holding learner rows, and the column naming the learner. */
const LEARNER_TABLES = [
  ['learner', 'id'],
  ['step_completion', 'learner_id'],
  ['course_position', 'learner_id'],
  ['quiz_attempt', 'learner_id'],
  ['hint_reveal', 'learner_id'],
  ['question_answer', 'learner_id'],
  ['review_card', 'learner_id'],
  ['activity_day', 'learner_id'],
  ['learning_event', 'learner_id'],
] as const;

/** Every row of the learner, table by table, in a stable order (dates as text). */
async function learnerRows(database: Database, learnerId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, column] of LEARNER_TABLES) {
    const { rows } = await sql<{ row: string }>`
      select to_jsonb(t)::text as row from ${sql.table(table)} t
      where ${sql.ref(column)} = ${learnerId}::uuid order by 1`.execute(database.db);
    out[table] = rows.map((r) => JSON.parse(r.row));
  }
  return out;
}

async function rowCounts(database: Database, learnerId: string): Promise<Record<string, number>> {
  const rows = await learnerRows(database, learnerId);
  return Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));
}

function event(learnerId: string, at: string, fields: Partial<LearningEvent> = {}): LearningEvent {
  return { id: randomUUID(), learnerId, type: 'viewed', at, courseId: 'llm', data: {}, ...fields };
}

function card(fields: Partial<CardRecord> = {}): CardRecord {
  return {
    id: randomUUID(),
    courseId: 'llm',
    quizId: 'q1',
    questionId: 'a',
    card: { due: T0, stability: 1.5, reps: [1, 2] },
    due: T0,
    bestRecallDays: 0,
    ...fields,
  };
}

/** Gives the learner a row in every table. */
async function populate(store: PgLearningStore, learnerId: string): Promise<{ attemptId: string; cardId: string; eventId: string }> {
  await store.setProfile(learnerId, PROFILE);
  await store.markCompleted(learnerId, 'llm', 'intro', t(1));
  await store.setPosition(learnerId, 'llm', 'intro', t(1));
  const attempt = await store.openAttempt({ id: randomUUID(), learnerId, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at: t(2) });
  await store.recordHint(learnerId, attempt.id, { questionId: 'a', index: 0, at: t(3) });
  await store.upsertAnswer(learnerId, { courseId: 'llm', quizId: 'q1', questionId: 'a', score: 1, usedHint: true, source: 'quiz', at: t(4) });
  const stored = await store.upsertCard(learnerId, card());
  await store.addActivityDay(learnerId, '2026-03-01');
  const e = event(learnerId, t(5), { attemptId: attempt.id, quizId: 'q1' });
  await store.appendEvents([e]);
  return { attemptId: attempt.id, cardId: stored.id, eventId: e.id };
}

describe.each(testDatabases())('PgLearningStore on $name', ({ open }) => {
  let database: Database;
  let store: PgLearningStore;
  beforeEach(async () => {
    database = await open();
    store = new PgLearningStore(database.db);
    await store.createLearner({ id: A, tier: 'free', createdAt: T0 });
    await store.createLearner({ id: B, tier: 'premium', createdAt: t(1) });
  });
  afterEach(() => database.close());

  describe('learners', () => {
    it('creates, reads, sets the profile and the tier', async () => {
      expect(await store.getLearner(A)).toEqual({ id: A, tier: 'free', profile: null, createdAt: T0 });
      await store.setProfile(A, PROFILE);
      expect(await store.setTier(A, 'pro')).toBe(true);
      expect(await store.getLearner(A)).toEqual({ id: A, tier: 'pro', profile: PROFILE, createdAt: T0 });
      expect(await store.getLearner(B)).toEqual({ id: B, tier: 'premium', profile: null, createdAt: t(1) });
    });

    it('treats creating an existing learner as a no-op', async () => {
      await store.setTier(A, 'pro');
      await store.createLearner({ id: A, tier: 'free', createdAt: t(9) });
      expect(await store.getLearner(A)).toMatchObject({ tier: 'pro', createdAt: T0 });
    });

    it('answers unknown and malformed learner ids with nothing', async () => {
      const unknown = randomUUID();
      expect(await store.getLearner(unknown)).toBeUndefined();
      expect(await store.getLearner('not-a-uuid')).toBeUndefined();
      expect(await store.setTier(unknown, 'pro')).toBe(false);
      expect(await store.setTier('not-a-uuid', 'pro')).toBe(false);
      expect(await store.listAttempts('not-a-uuid', 'llm')).toEqual([]);
      expect(await store.deleteLearner('not-a-uuid')).toBe(false);
    });

    it('rejects a tier outside free, premium, pro', async () => {
      await expect(store.setTier(A, 'gold' as 'pro')).rejects.toThrow();
    });
  });

  describe('progress', () => {
    it('marks a step completed once', async () => {
      expect(await store.markCompleted(A, 'llm', 'intro', t(1))).toBe(true);
      expect(await store.markCompleted(A, 'llm', 'intro', t(5))).toBe(false);
      expect(await store.markCompleted(A, 'llm', 'next', t(2))).toBe(true);
      expect(await store.markCompleted(A, 'other', 'intro', t(3))).toBe(true);
      expect(await store.listCompletions(A, 'llm')).toEqual([
        { stepId: 'intro', completedAt: t(1) },
        { stepId: 'next', completedAt: t(2) },
      ]);
      expect(await store.listCompletions(B, 'llm')).toEqual([]);
    });

    it('keeps the latest position per course', async () => {
      expect(await store.getPosition(A, 'llm')).toBeUndefined();
      await store.setPosition(A, 'llm', 'intro', t(1));
      await store.setPosition(A, 'llm', 'next', t(2));
      expect(await store.getPosition(A, 'llm')).toEqual({ stepId: 'next', at: t(2) });
      // A write older than the stored one (a slow request) does not move the learner back.
      await store.setPosition(A, 'llm', 'intro', t(1));
      expect(await store.getPosition(A, 'llm')).toEqual({ stepId: 'next', at: t(2) });
      await store.setPosition(A, 'other', 'x', t(3));
      expect(await store.getPosition(A, 'other')).toEqual({ stepId: 'x', at: t(3) });
      expect(await store.getPosition(B, 'llm')).toBeUndefined();
    });

    it('records a visit (the position and its events) in one statement: both or neither', async () => {
      const first = event(A, t(2), { stepId: 'next' });
      await store.setPosition(A, 'llm', 'next', t(2), [first]);
      expect(await store.getPosition(A, 'llm')).toEqual({ stepId: 'next', at: t(2) });
      // An older visit (a slow request) keeps the later place, and still happened.
      const older = event(A, t(1), { stepId: 'intro' });
      await store.setPosition(A, 'llm', 'intro', t(1), [older]);
      expect(await store.getPosition(A, 'llm')).toEqual({ stepId: 'next', at: t(2) });
      expect((await store.listEvents(A, { limit: 10 })).map((e) => e.id).sort()).toEqual([first.id, older.id].sort());
      // An event that cannot be written (its id is taken) leaves the position where it was.
      await expect(store.setPosition(A, 'llm', 'last', t(3), [{ ...event(A, t(3)), id: first.id }])).rejects.toThrow();
      expect(await store.getPosition(A, 'llm')).toEqual({ stepId: 'next', at: t(2) });
      expect(await store.listEvents(A, { limit: 10 })).toHaveLength(2);
      expect(await store.listEvents(B, { limit: 10 })).toEqual([]);
    });

    it('records activity days once each, in date order', async () => {
      await store.addActivityDay(A, '2026-03-02');
      await store.addActivityDay(A, '2026-02-28');
      await store.addActivityDay(A, '2026-03-02');
      expect(await store.listActivityDays(A)).toEqual(['2026-02-28', '2026-03-02']);
      expect(await store.listActivityDays(B)).toEqual([]);
    });
  });

  describe('attempts', () => {
    const open1 = (fields: { id?: string; quizId?: string; at?: string; courseVersion?: string } = {}) =>
      store.openAttempt({ id: fields.id ?? randomUUID(), learnerId: A, courseId: 'llm', quizId: fields.quizId ?? 'q1', courseVersion: fields.courseVersion ?? 'v1', at: fields.at ?? t(1) });

    it('opens one attempt and returns it while it is open', async () => {
      const id = randomUUID();
      const first = await open1({ id });
      expect(first).toEqual({
        id,
        learnerId: A,
        courseId: 'llm',
        quizId: 'q1',
        courseVersion: 'v1',
        number: 1,
        startedAt: t(1),
        submittedAt: null,
        idempotencyKey: null,
        score: null,
        passed: null,
        answers: null,
        grade: null,
      });
      expect(await open1({ at: t(2), courseVersion: 'v2' })).toEqual(first);
      expect(await store.getAttempt(A, id)).toEqual(first);
    });

    it('submits once, numbers the next attempt, and round-trips answers and grade as JSON', async () => {
      const attempt = await open1();
      const answers = { a: { optionIds: ['x', 'y'] }, b: { value: 3.25 }, c: { text: 'héllo "quoted" 😀' } };
      const grade = [{ questionId: 'a', score: 0.5, correct: false }, { questionId: 'b', score: 1, correct: true }];
      const submit = { learnerId: A, attemptId: attempt.id, idempotencyKey: 'key-1', at: t(10), score: 66.7, passed: false, answers, grade };
      const outcome = await store.submitAttempt(submit);
      const submitted = { ...attempt, submittedAt: t(10), idempotencyKey: 'key-1', score: 66.7, passed: false, answers, grade };
      expect(outcome).toEqual({ kind: 'submitted', attempt: submitted });

      // Again, with the same or another key: the stored attempt, unchanged.
      expect(await store.submitAttempt({ ...submit, at: t(11), score: 100, passed: true })).toEqual({ kind: 'already', attempt: submitted });
      expect(await store.submitAttempt({ ...submit, idempotencyKey: 'key-2' })).toEqual({ kind: 'already', attempt: submitted });
      expect(await store.findAttemptByIdempotencyKey(A, 'key-1')).toEqual(submitted);
      expect(await store.findAttemptByIdempotencyKey(A, 'key-2')).toBeUndefined();

      const second = await open1({ at: t(20), courseVersion: 'v2' });
      expect(second).toMatchObject({ number: 2, courseVersion: 'v2', startedAt: t(20), submittedAt: null });
      const other = await open1({ quizId: 'q2', at: t(30) });
      expect(other.number).toBe(1);
      expect(await store.listAttempts(A, 'llm', 'q1')).toEqual([submitted, second]);
      expect(await store.listAttempts(A, 'llm')).toEqual([submitted, second, other]);
      expect(await store.listAttempts(A, 'other')).toEqual([]);
      expect(await store.listAttempts(B, 'llm')).toEqual([]);
    });

    it('keeps scalar and null JSON as they are', async () => {
      const attempt = await open1();
      const outcome = await store.submitAttempt({ learnerId: A, attemptId: attempt.id, idempotencyKey: 'k', at: t(2), score: 0, passed: false, answers: 'plain', grade: null });
      expect(outcome.attempt).toMatchObject({ answers: 'plain', grade: null, score: 0, passed: false });
    });

    it("reads a learner's course state in one go: the same rows as the list reads, attempts without answers, no one else's", async () => {
      const attempt = await open1();
      await store.submitAttempt({ learnerId: A, attemptId: attempt.id, idempotencyKey: 'key-1', at: t(10), score: 80, passed: true, answers: { a: { value: 1 } }, grade: [{ questionId: 'a', score: 1 }] });
      await open1({ at: t(20) });
      await open1({ quizId: 'q2', at: t(21) });
      await store.markCompleted(A, 'llm', 's1', t(5));
      await store.markCompleted(A, 'other', 's9', t(5));
      await store.addAttemptReset(A, { courseId: 'llm', quizId: 'q1', at: t(15) });
      await store.markCompleted(B, 'llm', 's2', t(6));
      await store.setProfile(A, PROFILE);
      const state = await store.readCourseState(A, 'llm');
      expect(state).toEqual({
        learner: await store.getLearner(A),
        completions: await store.listCompletions(A, 'llm'),
        attempts: (await store.listAttempts(A, 'llm')).map((a) => ({ ...a, answers: null, grade: null })),
        resets: await store.listAttemptResets(A, 'llm'),
      });
      expect(state!.learner.profile).toEqual(PROFILE);
      expect(state!.completions).toEqual([{ stepId: 's1', completedAt: t(5) }]);
      expect(state!.attempts.map((a) => [a.quizId, a.number, a.score])).toEqual([['q1', 1, 80], ['q1', 2, null], ['q2', 1, null]]);
      expect(state!.resets).toEqual([{ quizId: 'q1', at: t(15) }]);
      expect(await store.readCourseState(B, 'llm')).toMatchObject({ learner: { id: B, tier: 'premium' }, completions: [{ stepId: 's2' }], attempts: [], resets: [] });
      expect(await store.readCourseState(randomUUID(), 'llm')).toBeUndefined();
      expect(await store.readCourseState('not-a-uuid', 'llm')).toBeUndefined();
    });

    it('reads the resume position with the state only when asked', async () => {
      expect((await store.readCourseState(A, 'llm', { position: true }))!.position).toBeNull();
      await store.setPosition(A, 'llm', 'intro', t(3));
      await store.setPosition(B, 'llm', 'other', t(4));
      expect((await store.readCourseState(A, 'llm', { position: true }))!.position).toEqual(await store.getPosition(A, 'llm'));
      expect(await store.readCourseState(A, 'llm')).not.toHaveProperty('position');
    });

    it('reads an attempt with its hints, the key holder and the course state in one go; no one else\'s', async () => {
      const first = await open1();
      await store.submitAttempt({ learnerId: A, attemptId: first.id, idempotencyKey: 'key-1', at: t(10), score: 80, passed: true, answers: { a: { value: 1 } }, grade: [{ questionId: 'a', score: 1 }] });
      const open = await open1({ at: t(20) });
      await store.recordHint(A, open.id, { questionId: 'b', index: 0, at: t(21) });
      await store.recordHint(A, open.id, { questionId: 'a', index: 0, at: t(22) });
      await store.markCompleted(A, 'llm', 's1', t(5));

      const read = await store.readAttempt(A, first.id, 'key-1');
      expect(read).toEqual({
        keyAttemptId: first.id,
        context: { attempt: await store.getAttempt(A, first.id), state: await store.readCourseState(A, 'llm'), hints: [] },
      });
      expect(read.context!.attempt.answers).toEqual({ a: { value: 1 } });
      expect(await store.readAttempt(A, open.id, 'key-1')).toMatchObject({ keyAttemptId: first.id, context: { attempt: { id: open.id }, hints: await store.listHints(A, open.id) } });
      expect((await store.readAttempt(A, open.id)).keyAttemptId).toBeNull();
      expect((await store.readAttempt(A, open.id, 'unused')).keyAttemptId).toBeNull();
      // An unknown or malformed attempt id still tells whether the key is taken.
      expect(await store.readAttempt(A, randomUUID(), 'key-1')).toEqual({ context: undefined, keyAttemptId: first.id });
      expect(await store.readAttempt(A, 'not-a-uuid', 'key-1')).toEqual({ context: undefined, keyAttemptId: first.id });
      // Another learner's attempt and key are nothing to B.
      expect(await store.readAttempt(B, open.id, 'key-1')).toEqual({ context: undefined, keyAttemptId: null });
      expect(await store.readAttempt('not-a-uuid', open.id, 'key-1')).toEqual({ context: undefined, keyAttemptId: null });
    });

    it('writes what a submission records in its statement, only when it submits', async () => {
      const attempt = await open1();
      const answer = { courseId: 'llm', quizId: 'q1', questionId: 'a', score: 1, usedHint: false, source: 'quiz' as const, at: t(10) };
      const events = [event(A, t(10), { type: 'answered', attemptId: attempt.id }), event(A, t(10), { type: 'passed', attemptId: attempt.id })];
      const records = { answers: [answer, { ...answer, questionId: 'b', score: 0, usedHint: true }], cards: [card(), card({ questionId: 'b' })], events, activityDay: '2026-03-01' };
      const submit = { learnerId: A, attemptId: attempt.id, idempotencyKey: 'key-1', at: t(10), score: 50, passed: true, answers: {}, grade: {}, records };
      expect((await store.submitAttempt(submit)).kind).toBe('submitted');
      expect(await store.listAnswers(A, 'llm')).toEqual(records.answers);
      expect(await store.listCards(A, 'llm')).toEqual(records.cards);
      expect(await store.listEvents(A, { limit: 10 })).toEqual(events);
      expect(await store.listActivityDays(A)).toEqual(['2026-03-01']);
      // A second submit (a twin, or a replay with other records) writes none of its records.
      const again = { answers: [{ ...answer, score: 0, at: t(11) }], cards: [card({ questionId: 'c' })], events: [event(A, t(11))], activityDay: '2026-03-02' };
      expect((await store.submitAttempt({ ...submit, at: t(11), records: again })).kind).toBe('already');
      expect(await store.listAnswers(A, 'llm')).toEqual(records.answers);
      expect(await store.listCards(A, 'llm')).toEqual(records.cards);
      expect(await store.listEvents(A, { limit: 10 })).toEqual(events);
      expect(await store.listActivityDays(A)).toEqual(['2026-03-01']);
      // Into another learner's attempt: nothing at all.
      const before = await rowCounts(database, B);
      await expect(store.submitAttempt({ ...submit, learnerId: B, idempotencyKey: 'key-b', records: again })).rejects.toBeInstanceOf(NotFound);
      expect(await rowCounts(database, B)).toEqual(before);
    });

    it('writes what a first completion records in its statement, only the first time', async () => {
      const events = [event(A, t(1), { type: 'completed', stepId: 'intro' }), event(A, t(1), { type: 'progressed' })];
      expect(await store.markCompleted(A, 'llm', 'intro', t(1), { events, activityDay: '2026-03-01' })).toBe(true);
      expect(await store.markCompleted(A, 'llm', 'intro', t(2), { events: [event(A, t(2), { type: 'completed' })], activityDay: '2026-03-02' })).toBe(false);
      expect(await store.listCompletions(A, 'llm')).toEqual([{ stepId: 'intro', completedAt: t(1) }]);
      expect(await store.listEvents(A, { limit: 10 })).toEqual(events);
      expect(await store.listActivityDays(A)).toEqual(['2026-03-01']);
      expect(await store.markCompleted(A, 'llm', 'next', t(3), { events: [], activityDay: null })).toBe(true);
      expect(await store.listActivityDays(A)).toEqual(['2026-03-01']);
    });

    it('refuses a key already used for another attempt with IdempotencyKeyReused (a Conflict)', async () => {
      const first = await open1();
      const base = { learnerId: A, idempotencyKey: 'same', at: t(5), score: 80, passed: true, answers: {}, grade: {} };
      await store.submitAttempt({ ...base, attemptId: first.id });
      const second = await open1();
      const error = await store.submitAttempt({ ...base, attemptId: second.id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdempotencyKeyReused);
      expect(error).toBeInstanceOf(Conflict);
      expect(await store.getAttempt(A, second.id)).toEqual(second);
      // Keys are per learner: B may use the same one.
      const bAttempt = await store.openAttempt({ id: randomUUID(), learnerId: B, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at: t(1) });
      expect((await store.submitAttempt({ ...base, learnerId: B, attemptId: bAttempt.id })).kind).toBe('submitted');
    });

    it('answers NotFound when submitting an unknown attempt', async () => {
      const base = { learnerId: A, idempotencyKey: 'k', at: t(5), score: 80, passed: true, answers: {}, grade: {} };
      await expect(store.submitAttempt({ ...base, attemptId: randomUUID() })).rejects.toBeInstanceOf(NotFound);
      await expect(store.submitAttempt({ ...base, attemptId: 'nope' })).rejects.toBeInstanceOf(NotFound);
      expect(await store.getAttempt(A, 'nope')).toBeUndefined();
    });

    it('records each hint once and lists them in reveal order', async () => {
      const attempt = await open1();
      expect(await store.recordHint(A, attempt.id, { questionId: 'b', index: 0, at: t(2) })).toBe(true);
      expect(await store.recordHint(A, attempt.id, { questionId: 'a', index: 0, at: t(3) })).toBe(true);
      expect(await store.recordHint(A, attempt.id, { questionId: 'a', index: 0, at: t(4) })).toBe(false);
      expect(await store.recordHint(A, attempt.id, { questionId: 'a', index: 1, at: t(4) })).toBe(true);
      expect(await store.recordHint(A, randomUUID(), { questionId: 'a', index: 0, at: t(4) })).toBe(false);
      expect(await store.recordHint(A, 'nope', { questionId: 'a', index: 0, at: t(4) })).toBe(false);
      expect(await store.listHints(A, attempt.id)).toEqual([
        { questionId: 'b', index: 0, at: t(2) },
        { questionId: 'a', index: 0, at: t(3) },
        { questionId: 'a', index: 1, at: t(4) },
      ]);
      expect(await store.listHints(A, randomUUID())).toEqual([]);
    });
  });

  describe('answers and cards', () => {
    it('keeps the latest answer per question', async () => {
      const answer = { courseId: 'llm', quizId: 'q1', questionId: 'a', score: 0.5, usedHint: false, source: 'quiz' as const, at: t(1) };
      await store.upsertAnswer(A, answer);
      await store.upsertAnswer(A, { ...answer, questionId: 'b', score: 0 });
      await store.upsertAnswer(A, { ...answer, score: 1, usedHint: true, source: 'review', at: t(2) });
      // Older than the stored answer: ignored.
      await store.upsertAnswer(A, { ...answer, score: 0, at: t(0) });
      expect(await store.listAnswers(A, 'llm')).toEqual([
        { ...answer, score: 1, usedHint: true, source: 'review', at: t(2) },
        { ...answer, questionId: 'b', score: 0 },
      ]);
      expect(await store.listAnswers(A, 'other')).toEqual([]);
      expect(await store.listAnswers(B, 'llm')).toEqual([]);
    });

    it('inserts a card, then replaces it keeping its id', async () => {
      const first = card({ bestRecallDays: 0 });
      expect(await store.upsertCard(A, first)).toEqual(first);
      const replaced = card({ card: { stability: 9, log: [] }, due: t(60 * 24 * 7), bestRecallDays: 7.5 });
      expect(await store.upsertCard(A, replaced)).toEqual({ ...replaced, id: first.id });
      expect(await store.getCard(A, first.id)).toEqual({ ...replaced, id: first.id });
      expect(await store.getCard(A, replaced.id)).toBeUndefined();
      expect(await store.listCards(A, 'llm')).toEqual([{ ...replaced, id: first.id }]);
    });

    it('lists due cards soonest first, up to the limit, due <= now included', async () => {
      const late = await store.upsertCard(A, card({ questionId: 'late', due: t(30) }));
      const soon = await store.upsertCard(A, card({ questionId: 'soon', due: t(10) }));
      const exactlyNow = await store.upsertCard(A, card({ questionId: 'now', due: t(20) }));
      const future = await store.upsertCard(A, card({ questionId: 'future', due: t(21) }));
      await store.upsertCard(B, card({ questionId: 'b-soon', due: t(0) }));
      expect(await store.listDueCards(A, t(20), 10)).toEqual([soon, exactlyNow]);
      expect(await store.listDueCards(A, t(40), 3)).toEqual([soon, exactlyNow, future]);
      expect(await store.listDueCards(A, t(40), 10)).toEqual([soon, exactlyNow, future, late]);
      expect(await store.listDueCards(A, t(40), 1)).toEqual([soon]);
      expect(await store.listDueCards(A, t(40), 0)).toEqual([]);
      expect(await store.listDueCards(A, t(5), 10)).toEqual([]);
    });
  });

  describe('events', () => {
    it('round-trips events, leaving out absent fields', async () => {
      const full = event(A, t(1), {
        type: 'answered',
        chapterId: 'basics',
        stepId: 'check',
        quizId: 'q1',
        questionId: 'a',
        attemptId: randomUUID(),
        data: { score: 0.5, correct: false, title: 'Which "token"? 😀' },
      });
      const bare = event(A, t(2), { type: 'progressed', chapterId: 'basics', data: { completion: 50 } });
      await store.appendEvents([full, bare]);
      await store.appendEvents([]);
      const listed = await store.listEvents(A, { limit: 10 });
      expect(listed).toEqual([full, bare]);
      expect(Object.keys(listed[1]!).sort()).toEqual(['at', 'chapterId', 'courseId', 'data', 'id', 'learnerId', 'type']);
    });

    it('pages by (at, insertion order) with after, and filters by since', async () => {
      const sameAt = [randomUUID(), randomUUID(), randomUUID()].sort();
      const events = [
        event(A, t(3)),
        event(A, t(1), { id: sameAt[2]! }),
        event(A, t(1), { id: sameAt[0]! }),
        event(A, t(2)),
        event(A, t(1), { id: sameAt[1]! }),
      ];
      await store.appendEvents(events);
      await store.appendEvents([event(B, t(0)), event(B, t(2))]);
      // Stable sort by time: events with one timestamp keep the order they were written in.
      const ordered = [...events].sort((x, y) => x.at.localeCompare(y.at));

      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listEvents(A, { limit: 2, ...(after && { after }) });
        if (page.length === 0) break;
        pages.push(page.map((e) => e.id));
        after = page.at(-1)!.id;
      }
      expect(pages).toEqual([ordered.slice(0, 2), ordered.slice(2, 4), ordered.slice(4)].map((p) => p.map((e) => e.id)));

      expect((await store.listEvents(A, { limit: 10, since: t(2) })).map((e) => e.at)).toEqual([t(2), t(3)]);
      expect(await store.listEvents(A, { limit: 10, since: t(2), after: ordered[3]!.id })).toEqual([ordered[4]]);
      expect(await store.listEvents(A, { limit: 10, after: randomUUID() })).toEqual([]);
      expect(await store.listEvents(A, { limit: 10, after: 'nope' })).toEqual([]);
      expect(await store.listEvents(A, { limit: 0 })).toEqual([]);
    });

    it('appends large batches in one go', async () => {
      const many = Array.from({ length: 2500 }, (_, i) => event(A, t(i)));
      await store.appendEvents(many);
      expect(await store.listEvents(A, { limit: 5000 })).toHaveLength(2500);
      // A bad row in the last batch leaves none of the earlier batches behind.
      const broken = Array.from({ length: 2100 }, (_, i) => event(B, t(i)));
      broken[2050] = { ...broken[2050]!, learnerId: randomUUID() };
      await expect(store.appendEvents(broken)).rejects.toThrow();
      expect(await store.listEvents(B, { limit: 10 })).toEqual([]);
    });
  });

  describe('transactions', () => {
    it('commits every write of the callback', async () => {
      const result = await store.transaction(async (tx) => {
        await tx.markCompleted(A, 'llm', 'intro', t(1));
        await tx.appendEvents([event(A, t(1), { type: 'completed' })]);
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store.listCompletions(A, 'llm')).toHaveLength(1);
      expect(await store.listEvents(A, { limit: 10 })).toHaveLength(1);
    });

    it('leaves no row behind when the callback throws, nested calls included', async () => {
      const C = randomUUID();
      const failure = new Error('boom');
      const attempt = await store.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at: t(1) });
      const before = await learnerRows(database, A);
      await expect(
        store.transaction(async (tx) => {
          await tx.createLearner({ id: C, tier: 'free', createdAt: t(0) });
          await tx.markCompleted(A, 'llm', 'intro', t(1));
          await tx.submitAttempt({ learnerId: A, attemptId: attempt.id, idempotencyKey: 'k', at: t(2), score: 100, passed: true, answers: {}, grade: {} });
          await tx.upsertCard(A, card());
          // A nested transaction joins the outer one.
          await (tx as PgLearningStore).transaction(async (inner) => {
            await inner.addActivityDay(A, '2026-03-01');
            await inner.appendEvents([event(A, t(2))]);
          });
          expect(await tx.listActivityDays(A)).toEqual(['2026-03-01']);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.getLearner(C)).toBeUndefined();
      expect(await learnerRows(database, A)).toEqual(before);
      expect(await store.getAttempt(A, attempt.id)).toEqual(attempt);
    });

    it('rolls back when a write fails, surfacing IdempotencyKeyReused', async () => {
      const base = { learnerId: A, idempotencyKey: 'same', at: t(5), score: 80, passed: true, answers: {}, grade: {} };
      const first = await store.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at: t(1) });
      await store.submitAttempt({ ...base, attemptId: first.id });
      const second = await store.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q2', courseVersion: 'v1', at: t(1) });
      await expect(
        store.transaction(async (tx) => {
          await tx.markCompleted(A, 'llm', 'intro', t(1));
          await tx.submitAttempt({ ...base, attemptId: second.id });
        }),
      ).rejects.toBeInstanceOf(IdempotencyKeyReused);
      expect(await store.listCompletions(A, 'llm')).toEqual([]);
    });
  });

  it('keeps learners apart: ids of another learner match nothing and change nothing', async () => {
    const a = await populate(store, A);
    await populate(store, B);
    const before = await learnerRows(database, A);

    expect(await store.getAttempt(B, a.attemptId)).toBeUndefined();
    expect(await store.listHints(B, a.attemptId)).toEqual([]);
    expect(await store.recordHint(B, a.attemptId, { questionId: 'z', index: 5, at: t(9) })).toBe(false);
    await expect(
      store.submitAttempt({ learnerId: B, attemptId: a.attemptId, idempotencyKey: 'b-key', at: t(9), score: 0, passed: false, answers: {}, grade: {} }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await store.getCard(B, a.cardId)).toBeUndefined();
    expect(await store.listEvents(B, { limit: 10, after: a.eventId })).toEqual([]);
    // B's own upsert of the same question touches B's card only.
    await store.upsertCard(B, card({ id: randomUUID(), bestRecallDays: 30 }));

    expect(await learnerRows(database, A)).toEqual(before);
    expect((await store.getAttempt(A, a.attemptId))?.submittedAt).toBeNull();
    expect(await store.listHints(A, a.attemptId)).toHaveLength(1);
  });

  it('deletes a learner with every row of theirs, and no one else’s', async () => {
    await populate(store, A);
    const attempt = await store.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q2', courseVersion: 'v1', at: t(1) });
    await store.submitAttempt({ learnerId: A, attemptId: attempt.id, idempotencyKey: 'k', at: t(2), score: 50, passed: false, answers: {}, grade: {} });
    await populate(store, B);
    const bBefore = await learnerRows(database, B);
    expect(Object.values(await rowCounts(database, A)).every((n) => n > 0)).toBe(true);

    expect(await store.deleteLearner(A)).toBe(true);
    expect(await store.deleteLearner(A)).toBe(false);
    expect(await rowCounts(database, A)).toEqual(Object.fromEntries(LEARNER_TABLES.map(([table]) => [table, 0])));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from hint_reveal h join quiz_attempt a on a.id = h.attempt_id where a.learner_id = ${A}::uuid`.execute(database.db);
    expect(rows).toEqual([{ n: 0 }]);
    expect(await learnerRows(database, B)).toEqual(bBefore);
    expect(await store.getLearner(A)).toBeUndefined();
  });

  it('returns dates and instants unchanged whatever the process time zone', async () => {
    const saved = process.env['TZ'];
    try {
      for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Paris', 'UTC']) {
        process.env['TZ'] = zone;
        const learner = randomUUID();
        await store.createLearner({ id: learner, tier: 'free', createdAt: '2026-03-29T00:30:00.000Z' });
        // 2026-03-29 is the day Europe switches to summer time.
        await store.addActivityDay(learner, '2026-03-29');
        await store.addActivityDay(learner, '2026-12-31');
        await store.addActivityDay(learner, '2026-01-01');
        expect(await store.listActivityDays(learner)).toEqual(['2026-01-01', '2026-03-29', '2026-12-31']);
        expect((await store.getLearner(learner))?.createdAt).toBe('2026-03-29T00:30:00.000Z');
        await store.markCompleted(learner, 'llm', 'intro', '2026-03-29T01:59:59.999Z');
        expect(await store.listCompletions(learner, 'llm')).toEqual([{ stepId: 'intro', completedAt: '2026-03-29T01:59:59.999Z' }]);
      }
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });
});

describe.runIf(testDatabaseUrl())('PgLearningStore on postgres, concurrent requests', () => {
  const CONCURRENCY = 10;
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  let replicas: Database[];
  let stores: PgLearningStore[];

  beforeEach(async () => {
    scratch = await createScratchPostgresDatabase(testDatabaseUrl() ?? '');
    // Two replicas with 5 connections each: the 10 calls really run at the same time.
    replicas = await Promise.all([1, 2].map(() => openDatabase({ url: scratch.url, poolSize: 5 })));
    await migrateToLatest(replicas[0]!.db);
    stores = replicas.map((r) => new PgLearningStore(r.db));
    await stores[0]!.createLearner({ id: A, tier: 'free', createdAt: T0 });
  });
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await scratch.drop();
  });

  const each = <T>(fn: (store: PgLearningStore, i: number) => Promise<T>) =>
    Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => fn(stores[i % stores.length]!, i)));

  const attemptRows = async (quizId: string) =>
    (await replicas[0]!.db.selectFrom('quiz_attempt').select(['id', 'number', 'submitted_at', 'idempotency_key']).where('quiz_id', '=', quizId).orderBy('number').execute());

  it('opens exactly one attempt for concurrent starts, then the next number', async () => {
    const open = (at: string) =>
      each((store, i) =>
        // Half of them inside a transaction, as a use-case may call it.
        i % 2 === 0
          ? store.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at })
          : store.transaction((tx) => tx.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at })),
      );
    const first = await open(t(1));
    expect(new Set(first.map((a) => a.id)).size).toBe(1);
    expect(await attemptRows('q1')).toHaveLength(1);

    await stores[0]!.submitAttempt({ learnerId: A, attemptId: first[0]!.id, idempotencyKey: 'k1', at: t(2), score: 10, passed: false, answers: {}, grade: {} });
    const second = await open(t(3));
    expect(new Set(second.map((a) => a.id)).size).toBe(1);
    expect(second[0]!.number).toBe(2);
    expect((await attemptRows('q1')).map((r) => r.number)).toEqual([1, 2]);
  });

  it('opens distinct numbers when attempts are started and submitted in a tight race', async () => {
    // Each worker starts an attempt and submits it at once: numbers must never repeat.
    await each(async (store, i) => {
      for (let round = 0; round < 3; round++) {
        const attempt = await store.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'race', courseVersion: 'v1', at: t(round) });
        await store.submitAttempt({ learnerId: A, attemptId: attempt.id, idempotencyKey: `w${i}-r${round}`, at: t(round), score: 0, passed: false, answers: {}, grade: {} });
      }
    });
    const rows = await attemptRows('race');
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.submitted_at === null)).toHaveLength(0);
  });

  it('submits an attempt exactly once for concurrent submits', async () => {
    const attempt = await stores[0]!.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at: t(1) });
    const outcomes = await each((store, i) => {
      const input = { learnerId: A, attemptId: attempt.id, idempotencyKey: `key-${i}`, at: t(2), score: i, passed: false, answers: { i }, grade: { i } };
      return i % 2 === 0 ? store.submitAttempt(input) : store.transaction((tx) => tx.submitAttempt(input));
    });
    const submitted = outcomes.filter((o) => o.kind === 'submitted');
    expect(submitted).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already')).toHaveLength(CONCURRENCY - 1);
    for (const o of outcomes) expect(o.attempt).toEqual(submitted[0]!.attempt);
    const rows = await attemptRows('q1');
    expect(rows).toHaveLength(1);
    expect(rows.filter((r) => r.submitted_at !== null)).toHaveLength(1);
    expect(rows[0]!.idempotency_key).toBe(submitted[0]!.attempt.idempotencyKey);
  });

  it('lets one of two attempts submitted at once with the same key win; the other gets IdempotencyKeyReused', async () => {
    const attempts = await Promise.all(
      ['qa', 'qb'].map((quizId) => stores[0]!.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId, courseVersion: 'v1', at: t(1) })),
    );
    const results = await Promise.allSettled(
      attempts.map((a, i) =>
        stores[i]!.transaction((tx) => tx.submitAttempt({ learnerId: A, attemptId: a.id, idempotencyKey: 'shared', at: t(2), score: 50, passed: false, answers: {}, grade: {} })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReused);
  });

  it('completes a step once for concurrent completions', async () => {
    const results = await each((store, i) => store.markCompleted(A, 'llm', 'intro', t(i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await stores[1]!.listCompletions(A, 'llm')).toHaveLength(1);
  });

  it('records a hint once for concurrent reveals', async () => {
    const attempt = await stores[0]!.openAttempt({ id: randomUUID(), learnerId: A, courseId: 'llm', quizId: 'q1', courseVersion: 'v1', at: t(1) });
    const results = await each((store, i) => store.recordHint(A, attempt.id, { questionId: 'a', index: 0, at: t(i) }));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await stores[1]!.listHints(A, attempt.id)).toHaveLength(1);
  });
});
