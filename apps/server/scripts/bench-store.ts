// The store's work in a submit and a first completion, one connection: the statement pattern of
// before 2026-12-01 (separate reads, a transaction of one statement per row) against the current
// one (readAttempt; the submit or completion with its records in one statement), interleaved in
// blocks of 20 so that a noisy machine's load falls on both alike. Prints medians.
//   tsx apps/server/scripts/bench-store.ts [postgres://.../scratch]   (no URL: in-memory PGlite)
// It writes into the database it is given: use a scratch one.
import { randomUUID } from 'node:crypto';
import type { AnswerRecord, LearningEvent } from '@cc/core';
import { migrateToLatest, openDatabase, PgLearningStore } from '@cc/db';

const url = process.argv[2] ?? '';
const database = await openDatabase({ url });
await migrateToLatest(database.db);
const store = new PgLearningStore(database.db);
const learner = randomUUID();
await store.createLearner({ id: learner, tier: 'pro', createdAt: new Date().toISOString() });
let tick = Date.parse('2026-01-01T00:00:00Z');
const next = () => new Date((tick += 1000)).toISOString();
const answers = (at: string): AnswerRecord[] => ['a', 'b', 'c'].map((q) => ({ courseId: 'c', quizId: 'q', questionId: q, score: 1, usedHint: false, source: 'quiz', at }));
const events = (at: string, n: number, attemptId?: string): LearningEvent[] =>
  Array.from({ length: n }, () => ({ id: randomUUID(), learnerId: learner, type: 'answered', at, courseId: 'c', quizId: 'q', ...(attemptId ? { attemptId } : {}), data: { score: 1 } }));

async function submitOld() {
  const at = next();
  const a = await store.openAttempt({ id: randomUUID(), learnerId: learner, courseId: 'c', quizId: 'q', courseVersion: 'v', at });
  const key = randomUUID();
  const t0 = performance.now();
  await store.findAttemptByIdempotencyKey(learner, key);
  await store.getAttempt(learner, a.id);
  await store.readCourseState(learner, 'c');
  await store.listHints(learner, a.id);
  await store.transaction(async (tx) => {
    await tx.submitAttempt({ learnerId: learner, attemptId: a.id, idempotencyKey: key, at, score: 100, passed: true, answers: {}, grade: {} });
    for (const r of answers(at)) await tx.upsertAnswer(learner, r);
    await tx.appendEvents(events(at, 4, a.id));
    await tx.addActivityDay(learner, at.slice(0, 10));
  });
  return performance.now() - t0;
}
async function submitNew() {
  const at = next();
  const a = await store.openAttempt({ id: randomUUID(), learnerId: learner, courseId: 'c', quizId: 'q', courseVersion: 'v', at });
  const key = randomUUID();
  const t0 = performance.now();
  await store.readAttempt(learner, a.id, key);
  await store.submitAttempt({ learnerId: learner, attemptId: a.id, idempotencyKey: key, at, score: 100, passed: true, answers: {}, grade: {}, records: { answers: answers(at), cards: [], events: events(at, 4, a.id), activityDay: at.slice(0, 10) } });
  return performance.now() - t0;
}
let step = 0;
async function completeOld() {
  const at = next();
  const t0 = performance.now();
  await store.readCourseState(learner, 'c');
  await store.transaction(async (tx) => {
    if (!(await tx.markCompleted(learner, 'c', `s${step++}`, at))) return;
    await tx.appendEvents(events(at, 2));
    await tx.addActivityDay(learner, at.slice(0, 10));
  });
  return performance.now() - t0;
}
async function completeNew() {
  const at = next();
  const t0 = performance.now();
  await store.readCourseState(learner, 'c');
  await store.markCompleted(learner, 'c', `s${step++}`, at, { events: events(at, 2), activityDay: at.slice(0, 10) });
  return performance.now() - t0;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, pair] of [['submit (3 answers, 4 events)', [submitOld, submitNew]], ['step complete (first)', [completeOld, completeNew]]] as const) {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < 10; i++) for (const [k, fn] of pair.entries()) for (let j = 0; j < 20; j++) times[k as 0 | 1].push(await fn());
  console.log(`${database.kind} ${name}: before median ${median(times[0]).toFixed(2)} ms, after median ${median(times[1]).toFixed(2)} ms (${times[0].length} each)`);
}
await database.close();
