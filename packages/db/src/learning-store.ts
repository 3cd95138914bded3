import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import {
  Conflict,
  NotFound,
  type AnswerRecord,
  type AttemptContext,
  type AttemptRecord,
  type CardRecord,
  type CompletionRecords,
  type CourseState,
  type HintReveal,
  type LearnerRecord,
  type LearningEvent,
  type LearningStore,
  type LearningTx,
  type Position,
  type Profile,
  type StepCompletion,
  type SubmissionRecords,
  type SubmitOutcome,
  type Tier,
} from '@cc/core';
import type { LearningEventTable, QuizAttemptTable, ReviewCardTable, Schema } from './schema.ts';
import { eventColumns } from './event-columns.ts';

/**
 * The idempotency key of a submission was already used for another attempt of the learner
 * (a race the use-case's own check can lose). A `Conflict`, so doors answer 409.
 */
export class IdempotencyKeyReused extends Conflict {
  constructor(readonly idempotencyKey: string) {
    super('this Idempotency-Key was already used for another attempt');
  }
}

const UNIQUE_VIOLATION = '23505';
const IDEMPOTENCY_CONSTRAINT = 'quiz_attempt_idempotency_key_key';
/** Rows per INSERT of events: 11 parameters a row stays far below PostgreSQL's 65,535 limit. */
const EVENT_BATCH = 1000;
/** openAttempt re-selects and re-inserts at most this many times when racing other writers. */
const OPEN_ATTEMPT_TRIES = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Ids that reach reads from outside (URLs) may be anything; PostgreSQL would reject a malformed
 * uuid with an error, so such ids simply match nothing.
 */
const isUuid = (value: string): boolean => UUID.test(value);

const iso = (value: Date | string): string => new Date(value).toISOString();
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}

type AttemptRow = Selectable<QuizAttemptTable>;
type CardRow = Selectable<ReviewCardTable>;
type EventRow = Selectable<LearningEventTable>;

function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    learnerId: row.learner_id,
    courseId: row.course_id,
    quizId: row.quiz_id,
    courseVersion: row.course_version,
    number: Number(row.number),
    startedAt: iso(row.started_at),
    submittedAt: row.submitted_at === null ? null : iso(row.submitted_at),
    idempotencyKey: row.idempotency_key,
    score: row.score === null ? null : Number(row.score),
    passed: row.passed,
    answers: row.answers ?? null,
    grade: row.grade ?? null,
  };
}

function toCard(row: CardRow): CardRecord {
  return {
    id: row.id,
    courseId: row.course_id,
    quizId: row.quiz_id,
    questionId: row.question_id,
    card: row.card,
    due: iso(row.due),
    bestRecallDays: Number(row.best_recall_days),
  };
}

function toEvent(row: EventRow): LearningEvent {
  const event: LearningEvent = {
    id: row.id,
    learnerId: row.learner_id,
    type: row.type as LearningEvent['type'],
    at: iso(row.at),
    courseId: row.course_id,
    data: (row.data ?? {}) as LearningEvent['data'],
  };
  if (row.chapter_id !== null) event.chapterId = row.chapter_id;
  if (row.step_id !== null) event.stepId = row.step_id;
  if (row.quiz_id !== null) event.quizId = row.quiz_id;
  if (row.question_id !== null) event.questionId = row.question_id;
  if (row.attempt_id !== null) event.attemptId = row.attempt_id;
  return event;
}

/** The learner columns and the state aggregates a `CourseState` is built from. */
interface StateRow {
  learner_id: string;
  tier: Tier;
  profile: unknown;
  created_at: Date | string;
  completions: { s: string; at: string }[];
  attempts: { id: string; q: string; v: string; n: number; st: string; su: string | null; k: string | null; sc: number | null; p: boolean | null }[];
  resets: { q: string; at: string }[];
}

/**
 * The learner `l`'s completions, attempts (times and scores only) and resets in one course, as
 * three `json_agg` columns; `courseId` is a value or a column reference.
 */
function stateAggregates(courseId: unknown): RawBuilder<unknown> {
  return sql`
    coalesce((select json_agg(json_build_object('s', c.step_id, 'at', c.completed_at) order by c.completed_at, c.step_id)
              from step_completion c where c.learner_id = l.id and c.course_id = ${courseId}), '[]') as completions,
    coalesce((select json_agg(json_build_object('id', sa.id, 'q', sa.quiz_id, 'v', sa.course_version, 'n', sa.number,
                                                'st', sa.started_at, 'su', sa.submitted_at, 'k', sa.idempotency_key,
                                                'sc', sa.score, 'p', sa.passed)
                              order by sa.started_at, sa.quiz_id, sa.number)
              from quiz_attempt sa where sa.learner_id = l.id and sa.course_id = ${courseId}), '[]') as attempts,
    coalesce((select json_agg(json_build_object('q', r.quiz_id, 'at', r.reset_at) order by r.reset_at)
              from quiz_attempt_reset r where r.learner_id = l.id and r.course_id = ${courseId}), '[]') as resets`;
}

function toCourseState(row: StateRow, courseId: string): CourseState {
  return {
    learner: { id: row.learner_id, tier: row.tier, profile: (row.profile ?? null) as Profile | null, createdAt: iso(row.created_at) },
    completions: row.completions.map((c) => ({ stepId: c.s, completedAt: iso(c.at) })),
    attempts: row.attempts.map((a) => ({
      id: a.id,
      learnerId: row.learner_id,
      courseId,
      quizId: a.q,
      courseVersion: a.v,
      number: Number(a.n),
      startedAt: iso(a.st),
      submittedAt: a.su === null ? null : iso(a.su),
      idempotencyKey: a.k,
      score: a.sc === null ? null : Number(a.sc),
      passed: a.p,
      answers: null,
      grade: null,
    })),
    resets: row.resets.map((r) => ({ quizId: r.q, at: iso(r.at) })),
  };
}

/**
 * Statements that insert a batch of rows, each given as one JSON parameter read with
 * `jsonb_to_recordset` (one parameter however many rows), and only for each row of `source` (a
 * CTE of the enclosing statement: no row there, nothing written). The learner comes from `source`.
 */
const writesAfter = {
  answers: (source: string, answers: AnswerRecord[]) => sql`
    insert into question_answer (learner_id, course_id, quiz_id, question_id, score, used_hint, source, answered_at)
    select s.learner_id, v.course_id, v.quiz_id, v.question_id, v.score, v.used_hint, v.source, v.answered_at
    from ${sql.table(source)} s cross join jsonb_to_recordset(${JSON.stringify(
      answers.map((a) => ({ course_id: a.courseId, quiz_id: a.quizId, question_id: a.questionId, score: a.score, used_hint: a.usedHint, source: a.source, answered_at: a.at })),
    )}::jsonb) as v (course_id text, quiz_id text, question_id text, score double precision, used_hint boolean, source text, answered_at timestamptz)
    on conflict (learner_id, course_id, quiz_id, question_id) do update
      set score = excluded.score, used_hint = excluded.used_hint, source = excluded.source, answered_at = excluded.answered_at
      where question_answer.answered_at <= excluded.answered_at`,
  cards: (source: string, cards: CardRecord[]) => sql`
    insert into review_card (id, learner_id, course_id, quiz_id, question_id, card, due, best_recall_days)
    select v.id, s.learner_id, v.course_id, v.quiz_id, v.question_id, v.card, v.due, v.best_recall_days
    from ${sql.table(source)} s cross join jsonb_to_recordset(${JSON.stringify(
      cards.map((c) => ({ id: c.id, course_id: c.courseId, quiz_id: c.quizId, question_id: c.questionId, card: c.card ?? null, due: c.due, best_recall_days: c.bestRecallDays })),
    )}::jsonb) as v (id uuid, course_id text, quiz_id text, question_id text, card jsonb, due timestamptz, best_recall_days double precision)
    on conflict (learner_id, course_id, quiz_id, question_id) do update
      set card = excluded.card, due = excluded.due, best_recall_days = excluded.best_recall_days`,
  // In the order given (n), like appendEvents: seq follows it.
  events: (source: string, events: LearningEvent[]) => sql`
    insert into learning_event (id, learner_id, type, at, course_id, chapter_id, step_id, quiz_id, question_id, attempt_id, data)
    select v.id, s.learner_id, v.type, v.at, v.course_id, v.chapter_id, v.step_id, v.quiz_id, v.question_id, v.attempt_id, v.data
    from ${sql.table(source)} s cross join jsonb_to_recordset(${JSON.stringify(
      events.map((e, n) => ({ n, ...eventColumns(e) })),
    )}::jsonb) as v (n integer, id uuid, type text, at timestamptz, course_id text, chapter_id text, step_id text, quiz_id text,
                     question_id text, attempt_id uuid, data jsonb)
    order by v.n`,
  activityDay: (source: string, day: string | null) => sql`
    insert into activity_day (learner_id, day)
    select s.learner_id, ${day}::date from ${sql.table(source)} s where ${day}::date is not null
    on conflict (learner_id, day) do nothing`,
};

/**
 * The learning store on PostgreSQL or PGlite. Every statement is scoped by learner_id, so an id
 * belonging to another learner behaves exactly like an unknown one.
 */
export class PgLearningStore implements LearningStore {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction; inside a transaction already, `fn` joins it. */
  transaction<T>(fn: (tx: LearningTx) => Promise<T>): Promise<T> {
    if (this.#db.isTransaction) return fn(this);
    return this.#db.transaction().execute((trx) => fn(new PgLearningStore(trx)));
  }

  // Reads

  async getLearner(learnerId: string): Promise<LearnerRecord | undefined> {
    if (!isUuid(learnerId)) return undefined;
    const row = await this.#db
      .selectFrom('learner')
      .select(['id', 'tier', 'profile', 'created_at'])
      .where('id', '=', learnerId)
      .executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, tier: row.tier, profile: (row.profile ?? null) as Profile | null, createdAt: iso(row.created_at) };
  }

  async readCourseState(learnerId: string, courseId: string, options: { position?: boolean } = {}): Promise<CourseState | undefined> {
    if (!isUuid(learnerId)) return undefined;
    // One statement, one round trip: the learner row and narrow aggregates (the attempts without
    // their answers and grade), each served by an index that leads with learner_id.
    const position = options.position
      ? sql`, (select json_build_object('s', p.step_id, 'at', p.updated_at) from course_position p
               where p.learner_id = l.id and p.course_id = ${courseId}) as position`
      : sql``;
    const { rows } = await sql<StateRow & { position?: { s: string; at: string } | null }>`
      select l.id as learner_id, l.tier, l.profile, l.created_at, ${stateAggregates(courseId)} ${position}
      from learner l
      where l.id = ${learnerId}::uuid`.execute(this.#db);
    const row = rows[0];
    if (!row) return undefined;
    const state = toCourseState(row, courseId);
    if (options.position) state.position = row.position ? { stepId: row.position.s, at: iso(row.position.at) } : null;
    return state;
  }

  async readAttempt(learnerId: string, attemptId: string, idempotencyKey?: string): Promise<{ context: AttemptContext | undefined; keyAttemptId: string | null }> {
    if (!isUuid(learnerId)) return { context: undefined, keyAttemptId: null };
    // The attempt, its hints, the holder of the key and the learner's state in the attempt's
    // course: one statement (a submit used to make four reads).
    const keyHolder =
      idempotencyKey === undefined
        ? sql`null::uuid`
        : sql`(select k.id from quiz_attempt k where k.learner_id = ${learnerId}::uuid and k.idempotency_key = ${idempotencyKey})`;
    const { rows } = await sql<
      StateRow & {
        key_attempt_id: string | null;
        attempt: AttemptRow | null;
        hints: { q: string; i: number; at: string }[];
      }
    >`
      select ${keyHolder} as key_attempt_id,
        to_jsonb(a) as attempt,
        l.id as learner_id, l.tier, l.profile, l.created_at, ${stateAggregates(sql.ref('a.course_id'))},
        coalesce((select json_agg(json_build_object('q', h.question_id, 'i', h.hint_index, 'at', h.revealed_at)
                                  order by h.revealed_at, h.question_id, h.hint_index)
                  from hint_reveal h where h.attempt_id = a.id and h.learner_id = a.learner_id), '[]') as hints
      from (values (1)) as one (x)
      left join quiz_attempt a on a.id = ${isUuid(attemptId) ? attemptId : null}::uuid and a.learner_id = ${learnerId}::uuid
      left join learner l on l.id = a.learner_id`.execute(this.#db);
    const row = rows[0];
    const keyAttemptId = row?.key_attempt_id ?? null;
    if (!row?.attempt || row.learner_id === null) return { context: undefined, keyAttemptId };
    const attempt = toAttempt(row.attempt);
    return {
      keyAttemptId,
      context: {
        attempt,
        state: toCourseState(row, attempt.courseId),
        hints: row.hints.map((h) => ({ questionId: h.q, index: Number(h.i), at: iso(h.at) })),
      },
    };
  }

  async listCompletions(learnerId: string, courseId: string): Promise<StepCompletion[]> {
    if (!isUuid(learnerId)) return [];
    const rows = await this.#db
      .selectFrom('step_completion')
      .select(['step_id', 'completed_at'])
      .where('learner_id', '=', learnerId)
      .where('course_id', '=', courseId)
      .orderBy('completed_at')
      .orderBy('step_id')
      .execute();
    return rows.map((r) => ({ stepId: r.step_id, completedAt: iso(r.completed_at) }));
  }

  async getPosition(learnerId: string, courseId: string): Promise<Position | undefined> {
    if (!isUuid(learnerId)) return undefined;
    const row = await this.#db
      .selectFrom('course_position')
      .select(['step_id', 'updated_at'])
      .where('learner_id', '=', learnerId)
      .where('course_id', '=', courseId)
      .executeTakeFirst();
    return row && { stepId: row.step_id, at: iso(row.updated_at) };
  }

  async listAttempts(learnerId: string, courseId: string, quizId?: string): Promise<AttemptRecord[]> {
    if (!isUuid(learnerId)) return [];
    let query = this.#db
      .selectFrom('quiz_attempt')
      .selectAll()
      .where('learner_id', '=', learnerId)
      .where('course_id', '=', courseId);
    // Within one quiz the number is the order of the attempts, whatever the replicas' clocks say.
    query = quizId === undefined ? query.orderBy('started_at').orderBy('quiz_id') : query.where('quiz_id', '=', quizId);
    const rows = await query.orderBy('number').execute();
    return rows.map(toAttempt);
  }

  async getAttempt(learnerId: string, attemptId: string): Promise<AttemptRecord | undefined> {
    if (!isUuid(learnerId) || !isUuid(attemptId)) return undefined;
    const row = await this.#db
      .selectFrom('quiz_attempt')
      .selectAll()
      .where('id', '=', attemptId)
      .where('learner_id', '=', learnerId)
      .executeTakeFirst();
    return row && toAttempt(row);
  }

  async findAttemptByIdempotencyKey(learnerId: string, key: string): Promise<AttemptRecord | undefined> {
    if (!isUuid(learnerId)) return undefined;
    const row = await this.#db
      .selectFrom('quiz_attempt')
      .selectAll()
      .where('learner_id', '=', learnerId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row && toAttempt(row);
  }

  async listHints(learnerId: string, attemptId: string): Promise<HintReveal[]> {
    if (!isUuid(learnerId) || !isUuid(attemptId)) return [];
    const rows = await this.#db
      .selectFrom('hint_reveal')
      .select(['question_id', 'hint_index', 'revealed_at'])
      .where('attempt_id', '=', attemptId)
      .where('learner_id', '=', learnerId)
      .orderBy('revealed_at')
      .orderBy('question_id')
      .orderBy('hint_index')
      .execute();
    return rows.map((r) => ({ questionId: r.question_id, index: Number(r.hint_index), at: iso(r.revealed_at) }));
  }

  async listAnswers(learnerId: string, courseId: string): Promise<AnswerRecord[]> {
    if (!isUuid(learnerId)) return [];
    const rows = await this.#db
      .selectFrom('question_answer')
      .selectAll()
      .where('learner_id', '=', learnerId)
      .where('course_id', '=', courseId)
      .orderBy('quiz_id')
      .orderBy('question_id')
      .execute();
    return rows.map((r) => ({
      courseId: r.course_id,
      quizId: r.quiz_id,
      questionId: r.question_id,
      score: Number(r.score),
      usedHint: r.used_hint,
      source: r.source,
      at: iso(r.answered_at),
    }));
  }

  async getCard(learnerId: string, cardId: string): Promise<CardRecord | undefined> {
    if (!isUuid(learnerId) || !isUuid(cardId)) return undefined;
    const row = await this.#db
      .selectFrom('review_card')
      .selectAll()
      .where('id', '=', cardId)
      .where('learner_id', '=', learnerId)
      .executeTakeFirst();
    return row && toCard(row);
  }

  async listCards(learnerId: string, courseId: string): Promise<CardRecord[]> {
    if (!isUuid(learnerId)) return [];
    const rows = await this.#db
      .selectFrom('review_card')
      .selectAll()
      .where('learner_id', '=', learnerId)
      .where('course_id', '=', courseId)
      .orderBy('quiz_id')
      .orderBy('question_id')
      .execute();
    return rows.map(toCard);
  }

  async listAttemptResets(learnerId: string, courseId: string): Promise<{ quizId: string; at: string }[]> {
    if (!isUuid(learnerId)) return [];
    const rows = await this.#db
      .selectFrom('quiz_attempt_reset')
      .select(['quiz_id', 'reset_at'])
      .where('learner_id', '=', learnerId)
      .where('course_id', '=', courseId)
      .orderBy('reset_at')
      .execute();
    return rows.map((r) => ({ quizId: r.quiz_id, at: iso(r.reset_at) }));
  }

  async findReviewAnswer(learnerId: string, key: string): Promise<{ cardId: string; result: unknown } | undefined> {
    if (!isUuid(learnerId)) return undefined;
    const row = await this.#db
      .selectFrom('review_answer')
      .select(['card_id', 'result'])
      .where('learner_id', '=', learnerId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row && { cardId: row.card_id, result: row.result };
  }

  async listDueCards(learnerId: string, now: string, limit: number): Promise<CardRecord[]> {
    if (!isUuid(learnerId) || !(limit > 0)) return [];
    const rows = await this.#db
      .selectFrom('review_card')
      .selectAll()
      .where('learner_id', '=', learnerId)
      .where('due', '<=', sql<Date>`${now}::timestamptz`)
      .orderBy('due')
      .orderBy('id')
      .limit(Math.floor(limit))
      .execute();
    return rows.map(toCard);
  }

  async listActivityDays(learnerId: string): Promise<string[]> {
    if (!isUuid(learnerId)) return [];
    // As text: pg would parse a date into local midnight, a day early west of UTC.
    const rows = await this.#db
      .selectFrom('activity_day')
      .select(sql<string>`day::text`.as('day'))
      .where('learner_id', '=', learnerId)
      .orderBy('activity_day.day')
      .execute();
    return rows.map((r) => r.day);
  }

  async listEvents(learnerId: string, options: { limit: number; after?: string; since?: string }): Promise<LearningEvent[]> {
    if (!isUuid(learnerId) || !(options.limit > 0)) return [];
    const { after, since } = options;
    if (after !== undefined && !isUuid(after)) return [];
    let query = this.#db.selectFrom('learning_event').selectAll().where('learner_id', '=', learnerId);
    if (since !== undefined) query = query.where('at', '>=', sql<Date>`${since}::timestamptz`);
    if (after !== undefined) {
      // Keyset: strictly after the cursor event's (at, seq). An unknown cursor (or another
      // learner's event) yields no row, hence nothing.
      query = query.where(
        sql<boolean>`(at, seq) > (select c.at, c.seq from learning_event c where c.id = ${after} and c.learner_id = ${learnerId})`,
      );
    }
    const rows = await query.orderBy('at').orderBy('seq').limit(Math.floor(options.limit)).execute();
    return rows.map(toEvent);
  }

  // Writes

  /** Creating a learner that already exists is a no-op (two first requests may race). */
  async createLearner(learner: { id: string; tier: Tier; createdAt: string }): Promise<void> {
    await this.#db
      .insertInto('learner')
      .values({ id: learner.id, tier: learner.tier, created_at: learner.createdAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async setProfile(learnerId: string, profile: Profile): Promise<void> {
    if (!isUuid(learnerId)) return;
    await this.#db.updateTable('learner').set({ profile: JSON.stringify(profile) }).where('id', '=', learnerId).execute();
  }

  async setTier(learnerId: string, tier: Tier): Promise<boolean> {
    if (!isUuid(learnerId)) return false;
    const result = await this.#db.updateTable('learner').set({ tier }).where('id', '=', learnerId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async markCompleted(learnerId: string, courseId: string, stepId: string, at: string, records?: CompletionRecords): Promise<boolean> {
    if (!records) {
      const row = await this.#db
        .insertInto('step_completion')
        .values({ learner_id: learnerId, course_id: courseId, step_id: stepId, completed_at: at })
        .onConflict((oc) => oc.columns(['learner_id', 'course_id', 'step_id']).doNothing())
        .returning('step_id')
        .executeTakeFirst();
      return row !== undefined;
    }
    // One statement (atomic on its own, no transaction): the completion, then its events and
    // activity day only if it was inserted now.
    const { rows } = await sql<{ step_id: string }>`
      with done as (
        insert into step_completion (learner_id, course_id, step_id, completed_at)
        values (${learnerId}::uuid, ${courseId}, ${stepId}, ${at}::timestamptz)
        on conflict (learner_id, course_id, step_id) do nothing
        returning learner_id, step_id
      ),
      logged as (${writesAfter.events('done', records.events)}),
      active as (${writesAfter.activityDay('done', records.activityDay)})
      select step_id from done`.execute(this.#db);
    return rows.length > 0;
  }

  /** The latest `at` wins: a write older than the stored position is ignored. */
  async setPosition(learnerId: string, courseId: string, stepId: string, at: string, recorded: LearningEvent[] = []): Promise<void> {
    // One statement (atomic on its own, one round trip instead of a transaction's four): the
    // position, and the events whether or not it moved (an older visit still happened).
    await sql`
      with moved as (
        insert into course_position (learner_id, course_id, step_id, updated_at)
        values (${learnerId}::uuid, ${courseId}, ${stepId}, ${at}::timestamptz)
        on conflict (learner_id, course_id) do update
          set step_id = excluded.step_id, updated_at = excluded.updated_at
          where course_position.updated_at <= excluded.updated_at
      ),
      visitor as (select ${learnerId}::uuid as learner_id),
      logged as (${writesAfter.events('visitor', recorded)})
      select 1`.execute(this.#db);
  }

  async openAttempt(input: {
    id: string;
    learnerId: string;
    courseId: string;
    quizId: string;
    courseVersion: string;
    at: string;
  }): Promise<AttemptRecord> {
    const { id, learnerId, courseId, quizId, courseVersion, at } = input;
    // Insert first: the use-case calls this when the state it read shows no open attempt, so the
    // insert usually succeeds in one statement; a select follows only when it did nothing.
    for (let i = 0; i < OPEN_ATTEMPT_TRIES; i++) {
      // Without a conflict target, DO NOTHING covers every unique index: the one-open-attempt
      // partial index (an open attempt exists, perhaps opened by a concurrent caller: select it)
      // and the number (a concurrent caller opened and submitted one: take the next number).
      // Nothing raises, so this is safe inside a transaction too.
      const { rows } = await sql<AttemptRow>`
        insert into quiz_attempt (id, learner_id, course_id, quiz_id, course_version, number, started_at)
        select ${id}::uuid, ${learnerId}::uuid, ${courseId}::text, ${quizId}::text, ${courseVersion}::text,
               coalesce(max(number), 0) + 1, ${at}::timestamptz
        from quiz_attempt
        where learner_id = ${learnerId}::uuid and course_id = ${courseId}::text and quiz_id = ${quizId}::text
        on conflict do nothing
        returning *`.execute(this.#db);
      const inserted = rows[0];
      if (inserted) return toAttempt(inserted);
      const open = await this.#db
        .selectFrom('quiz_attempt')
        .selectAll()
        .where('learner_id', '=', learnerId)
        .where('course_id', '=', courseId)
        .where('quiz_id', '=', quizId)
        .where('submitted_at', 'is', null)
        .executeTakeFirst();
      if (open) return toAttempt(open);
    }
    throw new Error(`could not open an attempt of quiz '${quizId}' (attempt id ${id} taken, or constant contention)`);
  }

  async submitAttempt(input: {
    learnerId: string;
    attemptId: string;
    idempotencyKey: string;
    at: string;
    score: number;
    passed: boolean;
    answers: unknown;
    grade: unknown;
    records?: SubmissionRecords;
  }): Promise<SubmitOutcome> {
    const { learnerId, attemptId, records } = input;
    if (!isUuid(learnerId) || !isUuid(attemptId)) throw new NotFound('attempt', attemptId);
    let row: AttemptRow | undefined;
    try {
      // One statement (atomic on its own): the attempt, then what the submission records, only
      // if this statement submitted it (`submitted` has no row when it was already submitted).
      const { rows } = await sql<AttemptRow>`
        with submitted as (
          update quiz_attempt
          set submitted_at = ${input.at}::timestamptz, idempotency_key = ${input.idempotencyKey}, score = ${input.score}::double precision,
              passed = ${input.passed}, answers = ${json(input.answers)}::jsonb, grade = ${json(input.grade)}::jsonb
          where id = ${attemptId}::uuid and learner_id = ${learnerId}::uuid and submitted_at is null
          returning *
        )${
          records
            ? sql`,
        answered as (${writesAfter.answers('submitted', records.answers)}),
        carded as (${writesAfter.cards('submitted', records.cards)}),
        logged as (${writesAfter.events('submitted', records.events)}),
        active as (${writesAfter.activityDay('submitted', records.activityDay)})`
            : sql``
        }
        select * from submitted`.execute(this.#db);
      row = rows[0];
    } catch (error) {
      if (isUniqueViolation(error, IDEMPOTENCY_CONSTRAINT)) throw new IdempotencyKeyReused(input.idempotencyKey);
      throw error;
    }
    if (row) return { kind: 'submitted', attempt: toAttempt(row) };
    const stored = await this.getAttempt(learnerId, attemptId);
    if (!stored) throw new NotFound('attempt', attemptId);
    return { kind: 'already', attempt: stored };
  }

  async recordHint(learnerId: string, attemptId: string, hint: HintReveal): Promise<boolean> {
    if (!isUuid(learnerId) || !isUuid(attemptId)) return false;
    // Only into the learner's own attempt: another learner's attempt id inserts nothing.
    const { rows } = await sql<{ attempt_id: string }>`
      insert into hint_reveal (attempt_id, learner_id, question_id, hint_index, revealed_at)
      select a.id, a.learner_id, ${hint.questionId}::text, ${hint.index}::integer, ${hint.at}::timestamptz
      from quiz_attempt a
      where a.id = ${attemptId}::uuid and a.learner_id = ${learnerId}::uuid
      on conflict (attempt_id, question_id, hint_index) do nothing
      returning attempt_id`.execute(this.#db);
    return rows.length > 0;
  }

  /** The latest `at` wins: an answer older than the stored one is ignored. */
  async upsertAnswer(learnerId: string, answer: AnswerRecord): Promise<void> {
    await this.#db
      .insertInto('question_answer')
      .values({
        learner_id: learnerId,
        course_id: answer.courseId,
        quiz_id: answer.quizId,
        question_id: answer.questionId,
        score: answer.score,
        used_hint: answer.usedHint,
        source: answer.source,
        answered_at: answer.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['learner_id', 'course_id', 'quiz_id', 'question_id'])
          .doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            used_hint: eb.ref('excluded.used_hint'),
            source: eb.ref('excluded.source'),
            answered_at: eb.ref('excluded.answered_at'),
          }))
          .whereRef('question_answer.answered_at', '<=', 'excluded.answered_at'),
      )
      .execute();
  }

  async addAttemptReset(learnerId: string, reset: { courseId: string; quizId: string; at: string }): Promise<void> {
    await this.#db.insertInto('quiz_attempt_reset').values({ learner_id: learnerId, course_id: reset.courseId, quiz_id: reset.quizId, reset_at: reset.at }).execute();
  }

  async insertReviewAnswer(learnerId: string, answer: { key: string; cardId: string; at: string; result: unknown }): Promise<boolean> {
    if (!isUuid(learnerId) || !isUuid(answer.cardId)) return false;
    // Only for the learner's own card; a concurrent twin with the same key waits, then does nothing.
    const { rows } = await sql<{ card_id: string }>`
      insert into review_answer (learner_id, idempotency_key, card_id, answered_at, result)
      select c.learner_id, ${answer.key}::text, c.id, ${answer.at}::timestamptz, ${JSON.stringify(answer.result)}::jsonb
      from review_card c
      where c.id = ${answer.cardId}::uuid and c.learner_id = ${learnerId}::uuid
      on conflict (learner_id, idempotency_key) do nothing
      returning card_id`.execute(this.#db);
    return rows.length > 0;
  }

  async updateCardIfDue(learnerId: string, card: CardRecord, expectedDue: string): Promise<boolean> {
    if (!isUuid(learnerId) || !isUuid(card.id)) return false;
    const row = await this.#db
      .updateTable('review_card')
      .set({ card: JSON.stringify(card.card ?? null), due: card.due, best_recall_days: card.bestRecallDays })
      .where('id', '=', card.id)
      .where('learner_id', '=', learnerId)
      .where('due', '=', sql<Date>`${expectedDue}::timestamptz`)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async upsertCard(learnerId: string, card: CardRecord): Promise<CardRecord> {
    const row = await this.#db
      .insertInto('review_card')
      .values({
        id: card.id,
        learner_id: learnerId,
        course_id: card.courseId,
        quiz_id: card.quizId,
        question_id: card.questionId,
        card: JSON.stringify(card.card ?? null),
        due: card.due,
        best_recall_days: card.bestRecallDays,
      })
      .onConflict((oc) =>
        oc.columns(['learner_id', 'course_id', 'quiz_id', 'question_id']).doUpdateSet((eb) => ({
          card: eb.ref('excluded.card'),
          due: eb.ref('excluded.due'),
          best_recall_days: eb.ref('excluded.best_recall_days'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCard(row);
  }

  async addActivityDay(learnerId: string, day: string): Promise<void> {
    await this.#db
      .insertInto('activity_day')
      .values({ learner_id: learnerId, day })
      .onConflict((oc) => oc.columns(['learner_id', 'day']).doNothing())
      .execute();
  }

  async appendEvents(events: LearningEvent[]): Promise<void> {
    const rows = events.map((e) => ({ ...eventColumns(e), learner_id: e.learnerId, data: JSON.stringify(e.data ?? {}) }));
    if (rows.length === 0) return;
    if (rows.length <= EVENT_BATCH) {
      await this.#db.insertInto('learning_event').values(rows).execute();
      return;
    }
    // Several statements: all of them or none.
    await this.transaction(async (tx) => {
      const db = (tx as PgLearningStore).#db;
      for (let i = 0; i < rows.length; i += EVENT_BATCH) {
        await db.insertInto('learning_event').values(rows.slice(i, i + EVENT_BATCH)).execute();
      }
    });
  }

  async deleteLearner(learnerId: string): Promise<boolean> {
    if (!isUuid(learnerId)) return false;
    const row = await this.#db.deleteFrom('learner').where('id', '=', learnerId).returning('id').executeTakeFirst();
    return row !== undefined;
  }
}
