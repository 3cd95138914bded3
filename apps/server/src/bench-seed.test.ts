// `pnpm bench:seed`, run small: the cloned learners' rows are rows the product reads as it reads the
// rows it wrote itself (progress, streak, due reviews, graded attempts, event pages through REST),
// their ids pass the routes' uuid checks, each clone signs in with its derived token, a clone never
// sees another learner's data, and the indexes and constraints the seed rebuilds are the product's.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { FsContentStore } from '@cc/content';
import { testDatabases } from '@cc/db/testing';
import { migrateToLatest, type Database } from '@cc/db';
import { client } from './testing/client.ts';
import { startTestServer, UNLIMITED, type TestServer } from './testing/test-server.ts';
import type { PresentedQuestion } from '@cc/core';
import { asPresented, correctAnswer, loadCourseDir } from './testing/quiz-keys.ts';
import { benchToken, seed, seededUuidOf, type SeedResult } from '../scripts/bench-seed.ts';

const coursesDir = path.resolve(import.meta.dirname, '../../../courses');
const TEMPLATES = 5;
const LEARNERS = 200;

describe.each(testDatabases())('bench:seed on $name', (database) => {
  let db: Database;
  let server: TestServer;
  let result: SeedResult;
  let courseId: string;
  let schemaBefore: string[];
  // The template server and the reading server share this database: their close() must not end it.
  const shared = () => Promise.resolve({ ...db, close: async () => undefined });

  beforeAll(async () => {
    db = await database.open();
    await migrateToLatest(db.db);
    schemaBefore = await schema(db);
    result = await seed(db, { learners: LEARNERS, templates: TEMPLATES, batch: 64, coursesDir, openTemplateDatabase: shared, progress: () => undefined });
    server = await startTestServer({ database: await shared(), store: new FsContentStore(coursesDir), limits: UNLIMITED, planner: false });
    courseId = (await client(server.url).get('/courses')).body.courses[0].id;
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const as = (n: number) => client(server.url, benchToken(n));
  const completed = (progress: { chapters: { steps: { id: string; completedAt: string | null }[] }[] }) =>
    progress.chapters.flatMap((c) => c.steps.filter((s) => s.completedAt !== null).map((s) => s.id));

  it('writes every learner with progress, attempts, events and cards', async () => {
    expect(result.rows.learner).toBe(LEARNERS);
    expect(result.rows.auth_session).toBeGreaterThanOrEqual(LEARNERS);
    for (const table of ['step_completion', 'quiz_attempt', 'question_answer', 'review_card', 'review_answer', 'activity_day', 'learning_event']) {
      expect(result.rows[table], table).toBeGreaterThan(LEARNERS);
    }
    // One resume position per learner (one course); some learners asked for hints.
    expect(result.rows.course_position).toBe(LEARNERS);
    expect(result.rows.hint_reveal).toBeGreaterThan(0);
    // Attempt numbers stay 1, 2, ... per learner and quiz; every completion has its completion event.
    const { rows } = await sql<{ bad: string }>`
      select count(*)::text as bad from (
        select learner_id, quiz_id, max(number) as top, count(*) as n from quiz_attempt group by learner_id, quiz_id
      ) a where a.top <> a.n`.execute(db.db);
    expect(rows[0]!.bad).toBe('0');
    const orphans = await sql<{ n: string }>`
      select count(*)::text as n from step_completion c where not exists (
        select 1 from learning_event e where e.learner_id = c.learner_id and e.type = 'completed' and e.step_id = c.step_id)`.execute(db.db);
    expect(orphans.rows[0]!.n).toBe('0');
  });

  it('a seeded learner reads the progress, streak and due reviews of its template, shifted in time', async () => {
    for (const n of [137, 42, 199]) {
      const template = n % TEMPLATES;
      const mine = await as(n).get(`/me/courses/${courseId}/progress`);
      const theirs = await as(template).get(`/me/courses/${courseId}/progress`);
      expect(mine.status).toBe(200);
      expect(completed(mine.body)).toEqual(completed(theirs.body));
      expect(mine.body.completion).toBe(theirs.body.completion);

      const streak = await as(n).get('/me/streak');
      expect(streak.status).toBe(200);
      expect(streak.body.longest).toBe((await as(template).get('/me/streak')).body.longest);

      // Shifted back by n % 29 days: at least the template's cards are due, exactly as many as the rows say.
      const due = await as(n).get('/me/reviews/due?limit=50');
      expect(due.status).toBe(200);
      const dueRows = await sql<{ n: string }>`
        select count(*)::text as n from review_card c join auth_session s on s.learner_id = c.learner_id
        where s.token_hash = encode(sha256(convert_to(${benchToken(n)}, 'UTF8')), 'hex') and c.due <= now()`.execute(db.db);
      expect(due.body.total).toBe(Number(dueRows.rows[0]!.n));
      expect(due.body.total).toBeGreaterThanOrEqual((await as(template).get('/me/reviews/due?limit=50')).body.total);
    }
  });

  it('leaves exactly the indexes and constraints the migrations made (it rebuilds some after loading)', async () => {
    expect(await schema(db)).toEqual(schemaBefore);
  });

  it("a seeded learner's ids pass the routes' uuid checks: graded attempts, event pages, review answers", async () => {
    const n = 88;
    const template = n % TEMPLATES;
    const templateId = (await as(template).get('/me')).body.id as string;
    const attempts = await sql<{ id: string }>`select id from quiz_attempt where learner_id = ${templateId} order by started_at`.execute(db.db);
    expect(attempts.rows.length).toBeGreaterThan(0);
    for (const { id } of attempts.rows.slice(0, 5)) {
      const mine = await as(n).get(`/me/attempts/${seededUuidOf(n, id)}`);
      const theirs = await as(template).get(`/me/attempts/${id}`);
      expect(mine.status).toBe(200);
      expect({ score: mine.body.score, passed: mine.body.passed }).toEqual({ score: theirs.body.score, passed: theirs.body.passed });
      // Another learner's attempt is not found, seeded or not.
      expect((await as(n + 1).get(`/me/attempts/${seededUuidOf(n, id)}`)).status).toBe(404);
    }

    const first = await as(n).get('/me/events?limit=3');
    expect(first.status).toBe(200);
    const next = await as(n).get(`/me/events?limit=3&after=${first.body.next}`);
    expect(next.status).toBe(200);
    expect(next.body.events[0].id).not.toBe(first.body.events[0].id);

    const course = await loadCourseDir(path.join(coursesDir, courseId), courseId);
    const due = await as(n).get('/me/reviews/due?limit=50');
    expect(due.body.total).toBeGreaterThan(0);
    const [review] = due.body.reviews as { cardId: string; quizId: string; question: PresentedQuestion }[];
    const question = course.quizzes[review!.quizId]!.questions.find((q) => q.id === review!.question.id)!;
    const answered = await as(n).post(`/me/reviews/${review!.cardId}/answer`, { answer: asPresented(question, review!.question, correctAnswer(question)) }, { 'idempotency-key': 'seeded-review-1' });
    expect(answered.status).toBe(200);
  });

  it('refuses to seed again over the same database unless forced', async () => {
    await expect(seed(db, { learners: 10, templates: 1, coursesDir, openTemplateDatabase: shared, progress: () => undefined })).rejects.toThrow(/seeded already/);
  });
});

/** Index and constraint definitions of the current schema. */
async function schema(db: Database): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select indexdef as def from pg_indexes where schemaname = current_schema()
    union all
    select c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) from pg_constraint k join pg_class c on c.oid = k.conrelid
    where k.connamespace = current_schema()::regnamespace`.execute(db.db);
  return rows.map((r) => r.def).filter((d) => !d.includes('bench_seed_template')).sort();
}
