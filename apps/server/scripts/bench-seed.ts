// `pnpm bench:seed`: fills a database with many learners whose rows the product itself wrote.
//
// How: a few "template" learners walk the course through the real server (REST, the real
// use-cases, a test clock spread over weeks), as the web app does: they read steps and record their
// position, start and submit quizzes (some wrong, then retried; some ask for a hint), complete steps
// and come back to answer due reviews. Their rows are then cloned in bulk inside PostgreSQL with
// INSERT ... SELECT over generate_series, in one transaction that drops the secondary indexes and
// foreign keys of the written tables first and recreates the same definitions at the end (the way
// pg_dump restores). Learner n copies template n % T; every uuid becomes a v4 uuid starting with n
// (seededUuid: references stay consistent, id indexes grow at their right end) and every time moves
// back (n % 29) days. Each learner gets a bearer session whose token is derived from n (benchToken),
// so `pnpm bench` can sign in as any seeded learner without storing tokens.
//
// Environment:
//   BENCH_DATABASE_URL / DATABASE_URL  the PostgreSQL database to fill
//   BENCH_SEED_LEARNERS   learners (default 100000); BENCH_SEED_TEMPLATES template journeys (default 20)
//   BENCH_SEED_BATCH      learners per INSERT ... SELECT batch (default 2500)
//   BENCH_SEED_FORCE=1    run even if the database holds learners this script did not seed
import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { FsContentStore } from '@cc/content';
import { migrateToLatest, openDatabase, type Database, type Schema } from '@cc/db';
import { client, guest, TestClock } from '../src/testing/client.ts';
import { startTestServer, UNLIMITED } from '../src/testing/test-server.ts';
import type { PresentedQuestion } from '@cc/core';
import { asPresented, correctAnswer, correctAnswers, loadCourseDir } from '../src/testing/quiz-keys.ts';

const repo = path.resolve(import.meta.dirname, '../../..');

/** The bearer token of seeded learner n (matches the session SQL in seed). */
export const benchToken = (n: number) => 'cc_' + createHash('sha256').update(`bench-seed:${n}`).digest('base64url');

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLONED = [
  'learner',
  'step_completion',
  'course_position',
  'quiz_attempt',
  'hint_reveal',
  'question_answer',
  'review_card',
  'review_answer',
  'quiz_attempt_reset',
  'activity_day',
  'learning_event',
] as const;

export interface SeedOptions {
  learners: number;
  templates?: number;
  batch?: number;
  force?: boolean;
  coursesDir?: string;
  /** A second connection for the template server (closing that server closes its database). */
  openTemplateDatabase: () => Promise<Database>;
  /** Progress lines (default: a bar on stderr). */
  progress?: (done: number, total: number, rows: number) => void;
  /** Phase lines (default: stderr). */
  log?: (line: string) => void;
}

export interface SeedResult {
  learners: number;
  rows: Record<string, number>;
  ms: number;
}

export async function seed(database: Database, options: SeedOptions): Promise<SeedResult> {
  const t0 = Date.now();
  const db = database.db as Kysely<Schema>;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await migrateToLatest(db);
  await guardAgainstRealData(db, options.force ?? false);
  await sql`create table if not exists bench_seed_template (idx int primary key, learner_id uuid not null)`.execute(db);
  await sql`truncate bench_seed_template`.execute(db);

  const templates = Math.min(options.templates ?? 20, options.learners);
  log(`walking ${templates} template learners through the server...`);
  const ids = await walkTemplates(options.openTemplateDatabase, templates, options.coursesDir ?? path.join(repo, 'courses'));
  log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const [idx, id] of ids.entries()) await sql`insert into bench_seed_template (idx, learner_id) values (${idx}, ${id}::uuid)`.execute(db);

  const columns = new Map<string, { name: string; type: string }[]>();
  for (const table of CLONED) {
    const { rows } = await sql<{ column_name: string; data_type: string; is_identity: string; is_generated: string }>`
      select column_name, data_type, is_identity, is_generated from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    columns.set(
      table,
      rows.filter((r) => r.is_identity !== 'YES' && r.is_generated !== 'ALWAYS').map((r) => ({ name: r.column_name, type: r.data_type })),
    );
  }

  const batch = options.batch ?? 2500;
  let rowsWritten = 0;
  const progress = options.progress ?? progressBar(Date.now(), templates);
  // One transaction, the way pg_dump restores: the secondary indexes and foreign keys of the
  // written tables are dropped, the rows written, then the same definitions (read from the catalog)
  // are created again, which checks every foreign key at once. If anything fails, nothing stays.
  await db.transaction().execute(async (trx) => {
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    const deferred = await deferIndexesAndForeignKeys(trx);
    // The templates' rows, copied once into small temporary tables: joining the growing tables
    // themselves would make every batch read more than the one before.
    for (const table of CLONED) {
      const learnerCol = table === 'learner' ? 'id' : 'learner_id';
      await sql
        .raw(`create temporary table template_${table} on commit drop as select * from ${table} where ${learnerCol} in (select learner_id from bench_seed_template)`)
        .execute(trx);
      await sql.raw(`analyze template_${table}`).execute(trx);
    }
    // Learner numbers start at `templates`: numbers below are the templates themselves.
    for (let from = templates; from < options.learners; from += batch) {
      const to = Math.min(options.learners, from + batch) - 1;
      // g: one row per new learner: its number, its template's id and its own id.
      const clones = `(select g.n, t.learner_id as template_id, ${seededUuid('g.n', 't.learner_id')} as learner_id
         from generate_series(${from}, ${to}) g(n) join bench_seed_template t on t.idx = g.n % ${templates}) g`;
      for (const table of CLONED) {
        const cols = columns.get(table)!;
        const select = cols.map((c) => mapped(table, c.name, c.type)).join(', ');
        const learnerCol = table === 'learner' ? 'id' : 'learner_id';
        const result = await sql
          .raw(
            `insert into ${table} (${cols.map((c) => c.name).join(', ')})
             select ${select} from ${clones} join template_${table} x on x.${learnerCol} = g.template_id`,
          )
          .execute(trx);
        rowsWritten += Number(result.numAffectedRows ?? 0);
      }
      const sessions = await sql
        .raw(
          `insert into auth_session (token_hash, learner_id, created_at, expires_at)
           select encode(sha256(convert_to('cc_' || rtrim(translate(encode(sha256(convert_to('bench-seed:' || g.n, 'UTF8')), 'base64'), '+/', '-_'), '='), 'UTF8')), 'hex'),
                  g.learner_id, now(), now() + interval '90 days'
           from ${clones}`,
        )
        .execute(trx);
      rowsWritten += Number(sessions.numAffectedRows ?? 0);
      progress(to + 1, options.learners, rowsWritten);
    }
    // Templates get sessions too, so every learner 0..n-1 can sign in with benchToken(n).
    for (const [idx, id] of ids.entries()) {
      await trx
        .insertInto('auth_session')
        .values({ token_hash: createHash('sha256').update(benchToken(idx)).digest('hex'), learner_id: id, created_at: new Date(), expires_at: new Date(Date.now() + 90 * 86_400_000) })
        .execute();
    }
    const t1 = Date.now();
    log(`building ${deferred.indexes.length} indexes and checking ${deferred.foreignKeys.length} foreign keys...`);
    for (const index of deferred.indexes) await sql.raw(index.def).execute(trx);
    for (const fk of deferred.foreignKeys) await sql.raw(`alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`).execute(trx);
    log(`  done in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  });
  log('analyze...');
  await sql`analyze`.execute(db);
  const rows: Record<string, number> = {};
  for (const table of [...CLONED, 'auth_session'] as const) {
    const { rows: r } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(db);
    rows[table] = Number(r[0]!.n);
  }
  return { learners: options.learners, rows, ms: Date.now() - t0 };
}

/** Every table the seed writes: the cloned ones and the sessions. */
const WRITTEN: readonly string[] = [...CLONED, 'auth_session'];

/**
 * Drops the indexes no constraint stands on and the foreign keys of the written tables, and
 * returns their definitions (pg_get_indexdef, pg_get_constraintdef) to create them again.
 * Primary keys and unique constraints stay: seeded ids grow with the learner number, so those
 * indexes only ever grow at their right end.
 */
async function deferIndexesAndForeignKeys(trx: Kysely<Schema>) {
  const { rows: indexes } = await sql<{ name: string; def: string }>`
    select quote_ident(ic.relname) as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    where c.relnamespace = current_schema()::regnamespace and c.relname = any(${WRITTEN as string[]})
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by ic.relname`.execute(trx);
  const { rows: foreignKeys } = await sql<{ name: string; tbl: string; def: string }>`
    select quote_ident(k.conname) as name, quote_ident(c.relname) as tbl, pg_get_constraintdef(k.oid) as def
    from pg_constraint k join pg_class c on c.oid = k.conrelid
    where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace and c.relname = any(${WRITTEN as string[]})
    order by c.relname, k.conname`.execute(trx);
  for (const fk of foreignKeys) await sql.raw(`alter table ${fk.tbl} drop constraint ${fk.name}`).execute(trx);
  for (const index of indexes) await sql.raw(`drop index ${index.name}`).execute(trx);
  return { indexes, foreignKeys };
}

/**
 * The id clone n gets for a template's uuid: a version-4 uuid (what the product's randomUUID makes,
 * and what its routes accept) whose first 8 hex digits are n, the rest from md5(n || uuid). The
 * same uuid maps to the same id within a learner, so references stay consistent.
 */
function seededUuid(n: string, uuid: string): string {
  return `overlay(overlay(overlay(md5(${n}::text || ${uuid}::text) placing lpad(to_hex(${n}), 8, '0') from 1) placing '4' from 13) placing '8' from 17)::uuid`;
}

/** The id clone n gets for a template's uuid (the SQL of seededUuid, for tests). */
export function seededUuidOf(n: number, uuid: string): string {
  const h = createHash('md5').update(`${n}${uuid}`).digest('hex');
  const hex = n.toString(16).padStart(8, '0') + h.slice(8, 12) + '4' + h.slice(13, 16) + '8' + h.slice(17);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The SELECT expression of one column for clone g.n (alias x = the template row). */
function mapped(table: string, name: string, type: string): string {
  if (name === 'learner_id' || (table === 'learner' && name === 'id')) return 'g.learner_id';
  if (type === 'uuid') return `case when x.${name} is null then null else ${seededUuid('g.n', `x.${name}`)} end`;
  if (type.startsWith('timestamp')) return `x.${name} - (g.n % 29) * interval '1 day'`;
  if (type === 'date') return `x.${name} - (g.n % 29)`;
  return `x.${name}`;
}

async function guardAgainstRealData(db: Kysely<Schema>, force: boolean) {
  const { rows } = await sql<{ marker: string | null }>`select to_regclass('bench_seed_template')::text as marker`.execute(db);
  const learners = await db.selectFrom('learner').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  if (Number(learners.n) === 0) return;
  if (rows[0]?.marker && !force) {
    throw new Error('this database was seeded already: drop it (or set BENCH_SEED_FORCE=1 to add more learners)');
  }
  if (!force) throw new Error(`the database holds ${learners.n} learners this script did not seed; refusing (BENCH_SEED_FORCE=1 overrides)`);
}

/** Template learners walk the course through the real server; returns their ids by index. */
async function walkTemplates(openTemplateDatabase: () => Promise<Database>, count: number, coursesDir: string): Promise<string[]> {
  const start = new Date(Date.now() - 45 * 86_400_000);
  const clock = new TestClock(start);
  const server = await startTestServer({ database: await openTemplateDatabase(), store: new FsContentStore(coursesDir), clock, limits: UNLIMITED, planner: false });
  const ids: string[] = [];
  try {
    const { courses } = (await client(server.url).get<{ courses: { id: string }[] }>('/courses')).body;
    const courseId = process.env.BENCH_COURSE ?? courses[0]!.id;
    const course = await loadCourseDir(path.join(coursesDir, courseId), courseId);
    const outline = (await client(server.url).get<{ chapters: { steps: { id: string; quizId: string | null }[] }[] }>(`/courses/${courseId}`)).body;
    const steps = outline.chapters.flatMap((c) => c.steps);
    for (let t = 0; t < count; t++) {
      const random = rng(1000 + t);
      clock.set(start.toISOString());
      clock.advanceDays(Math.floor(random() * 10));
      const me = await guest(server.url);
      ids.push(me.learnerId);
      // Most learners stop early; a few go far.
      const reach = Math.max(1, Math.floor(steps.length * random() ** 1.5));
      for (const step of steps.slice(0, reach)) {
        // The web app's flow: read the step, then record the position (and the view).
        const opened = await me.get(`/courses/${courseId}/steps/${step.id}`);
        if (opened.status !== 200) break;
        await me.put(`/me/courses/${courseId}/position`, { stepId: step.id });
        if (step.quizId && course.quizzes[step.quizId]) {
          const quiz = course.quizzes[step.quizId]!;
          for (let attempt = 0; attempt < 3; attempt++) {
            const open = await me.post(`/me/courses/${courseId}/quizzes/${step.quizId}/attempts`);
            if (open.status !== 200) break;
            const right = random() < 0.65 + attempt * 0.2;
            // Some unsure learners ask for a hint first.
            const hinted = (open.body.quiz.questions as { id: string; hintCount: number }[]).find((q) => q.hintCount > 0);
            if (hinted && random() < 0.25) await me.post(`/me/attempts/${open.body.attempt.id}/hints`, { questionId: hinted.id });
            const answers = right ? correctAnswers(quiz, open.body.quiz) : {};
            const graded = await me.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers }, { 'idempotency-key': `seed-${t}-${step.id}-${attempt}` });
            if (graded.status !== 200 || graded.body.passed) break;
          }
        }
        await me.post(`/me/courses/${courseId}/steps/${step.id}/complete`);
        if (random() < 0.5) clock.advanceDays(1 + Math.floor(random() * 2));
        else clock.current = new Date(clock.current.getTime() + Math.floor(random() * 3_600_000));
      }
      // Review sessions on later days: answer what is due (most right, as a learner who studied).
      for (let session = 0; session < 3; session++) {
        clock.advanceDays(2 + Math.floor(random() * 5));
        const due = await me.get<{ reviews: { cardId: string; quizId: string; question: PresentedQuestion }[] }>('/me/reviews/due?limit=10');
        for (const [i, review] of (due.body.reviews ?? []).entries()) {
          const question = course.quizzes[review.quizId]?.questions.find((q) => q.id === review.question.id);
          if (!question || random() < 0.2) continue;
          await me.post(`/me/reviews/${review.cardId}/answer`, { answer: asPresented(question, review.question, correctAnswer(question)) }, { 'idempotency-key': `seed-${t}-review-${session}-${i}` });
        }
      }
    }
  } finally {
    await server.close().catch(() => undefined);
  }
  return ids;
}

function progressBar(t0: number, first: number) {
  return (done: number, total: number, rows: number) => {
    const s = (Date.now() - t0) / 1000;
    const rate = rows / s;
    const eta = done > first ? (s / (done - first)) * (total - done) : 0;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} learners, ${rows.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')} rows/s, ETA ${Math.round(eta)} s   `,
    );
    if (done === total) process.stderr.write('\n');
  };
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL or DATABASE_URL (a PostgreSQL database)');
  const database = await openDatabase({ url });
  try {
    const result = await seed(database, {
      learners: Number(process.env.BENCH_SEED_LEARNERS ?? 100_000),
      templates: Number(process.env.BENCH_SEED_TEMPLATES ?? 20),
      batch: Number(process.env.BENCH_SEED_BATCH ?? 2500),
      force: process.env.BENCH_SEED_FORCE === '1',
      openTemplateDatabase: () => openDatabase({ url }),
    });
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    process.stdout.write(`${JSON.stringify({ ...result, totalRows: total }, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
