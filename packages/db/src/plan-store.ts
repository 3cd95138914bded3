// Plans in PostgreSQL/PGlite: the learner-facing PlanStore (every read filtered by learner) and the
// PlanWorkQueue the generator's workers use. Claims are row locks taken with FOR UPDATE SKIP LOCKED
// plus a lease renewed by heartbeats, so any number of replicas share the queue, a claim is worked
// once, and an attempt whose worker died is closed by whoever sees its lease expired.
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  AttemptOutcome,
  ClaimedAttempt,
  FailureClass,
  PlanAttemptRecord,
  PlanModuleRecord,
  PlanRecord,
  PlanStore,
  PlanWorkQueue,
  StoredPlan,
} from '@cc/core';
import type { PlanAttemptTable, PlanTable, Schema } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));
const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

function toPlan(row: Selectable<PlanTable>): PlanRecord {
  return {
    id: row.id,
    learnerId: row.learner_id,
    courseId: row.course_id,
    topic: row.topic,
    notes: row.notes,
    topicLength: Number(row.topic_length),
    notesLength: Number(row.notes_length),
    topicTruncated: row.topic_truncated,
    notesTruncated: row.notes_truncated,
    idempotencyKey: row.idempotency_key,
    createdAt: iso(row.created_at),
  };
}

function toAttempt(row: Selectable<PlanAttemptTable>): PlanAttemptRecord {
  return {
    id: row.id,
    planId: row.plan_id,
    number: Number(row.number),
    status: row.status,
    classification: row.classification,
    queuedAt: iso(row.queued_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    moduleCount: num(row.module_count),
    taskCount: num(row.task_count),
    durationMs: num(row.duration_ms),
    promptHash: row.prompt_hash,
    flags: row.flags,
    model: row.model,
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    costUsd: num(row.cost_usd),
  };
}

const outcomeColumns = (o: AttemptOutcome) => ({
  finished_at: o.finishedAt,
  lease_until: null,
  duration_ms: Math.max(0, Math.round(o.durationMs)),
  prompt_hash: o.promptHash,
  flags: JSON.stringify(o.flags),
  model: o.model,
  input_tokens: o.inputTokens,
  output_tokens: o.outputTokens,
  cost_usd: o.costUsd,
});

export interface CostReport {
  learners: { learnerId: string; plans: number; attempts: number; inputTokens: number; outputTokens: number; costUsd: number }[];
  plans: { planId: string; learnerId: string; attempts: number; status: string; inputTokens: number; outputTokens: number; costUsd: number }[];
}

export class PgPlanStore implements PlanStore, PlanWorkQueue {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async createPlan(plan: PlanRecord, firstAttempt: { id: string; queuedAt: string }): Promise<{ created: boolean; plan: PlanRecord }> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('plan')
          .values({
            id: plan.id,
            learner_id: plan.learnerId,
            course_id: plan.courseId,
            topic: plan.topic,
            notes: plan.notes,
            topic_length: plan.topicLength,
            notes_length: plan.notesLength,
            topic_truncated: plan.topicTruncated,
            notes_truncated: plan.notesTruncated,
            idempotency_key: plan.idempotencyKey,
            created_at: plan.createdAt,
          })
          .execute();
        await trx
          .insertInto('plan_attempt')
          .values({ id: firstAttempt.id, plan_id: plan.id, number: 1, status: 'queued', queued_at: firstAttempt.queuedAt })
          .execute();
      });
      return { created: true, plan };
    } catch (error) {
      if (plan.idempotencyKey !== null && isUniqueViolation(error, 'plan_idempotency_key')) {
        const existing = await this.findPlanByIdempotencyKey(plan.learnerId, plan.idempotencyKey);
        if (existing) return { created: false, plan: existing };
      }
      throw error;
    }
  }

  async findPlanByIdempotencyKey(learnerId: string, key: string): Promise<PlanRecord | undefined> {
    const row = await this.#db.selectFrom('plan').selectAll().where('learner_id', '=', learnerId).where('idempotency_key', '=', key).executeTakeFirst();
    return row && toPlan(row);
  }

  async #attempts(planIds: string[]): Promise<Map<string, PlanAttemptRecord[]>> {
    const byPlan = new Map<string, PlanAttemptRecord[]>(planIds.map((id) => [id, []]));
    if (planIds.length === 0) return byPlan;
    const rows = await this.#db.selectFrom('plan_attempt').selectAll().where('plan_id', 'in', planIds).orderBy('plan_id').orderBy('number').execute();
    for (const row of rows) byPlan.get(row.plan_id)?.push(toAttempt(row));
    return byPlan;
  }

  async getPlan(learnerId: string, planId: string): Promise<StoredPlan | undefined> {
    if (!UUID.test(planId)) return undefined;
    const row = await this.#db.selectFrom('plan').selectAll().where('id', '=', planId).where('learner_id', '=', learnerId).executeTakeFirst();
    if (!row) return undefined;
    const attempts = (await this.#attempts([planId])).get(planId) ?? [];
    const succeeded = attempts.find((a) => a.status === 'succeeded');
    return { plan: toPlan(row), attempts, modules: succeeded ? await this.#modules(succeeded.id) : [] };
  }

  async #modules(attemptId: string): Promise<PlanModuleRecord[]> {
    const modules = await this.#db.selectFrom('plan_module').selectAll().where('attempt_id', '=', attemptId).orderBy('position').execute();
    const tasks = await this.#db.selectFrom('plan_task').selectAll().where('attempt_id', '=', attemptId).orderBy('module_position').orderBy('position').execute();
    return modules.map((m) => ({
      order: Number(m.position),
      title: m.title,
      summary: m.summary,
      effortMinutes: Number(m.effort_minutes),
      tasks: tasks
        .filter((t) => Number(t.module_position) === Number(m.position))
        .map((t) => ({ order: Number(t.position), title: t.title, stepId: t.step_id, effortMinutes: Number(t.effort_minutes) })),
    }));
  }

  async listPlans(learnerId: string, limit: number): Promise<Omit<StoredPlan, 'modules'>[]> {
    const rows = await this.#db.selectFrom('plan').selectAll().where('learner_id', '=', learnerId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    const attempts = await this.#attempts(rows.map((r) => r.id));
    return rows.map((row) => ({ plan: toPlan(row), attempts: attempts.get(row.id) ?? [] }));
  }

  async countPlansSince(learnerId: string, since: string): Promise<number> {
    const row = await this.#db
      .selectFrom('plan')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('learner_id', '=', learnerId)
      .where('created_at', '>=', new Date(since))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Inserts the plan's next attempt (number = last + 1) if the plan is the learner's. */
  async #insertAttempt(learnerId: string, planId: string, values: { id: string; status: 'queued' | 'failed'; at: string; classification?: FailureClass }) {
    const row = await this.#db
      .insertInto('plan_attempt')
      .columns(['id', 'plan_id', 'number', 'status', 'classification', 'queued_at', 'finished_at'])
      .expression((eb) =>
        eb
          .selectFrom('plan')
          .select([
            sql.lit(values.id).as('id'),
            'plan.id as plan_id',
            sql<number>`(select coalesce(max(number), 0) + 1 from plan_attempt where plan_id = ${planId})`.as('number'),
            sql.lit(values.status).as('status'),
            sql`${values.classification ?? null}::text`.as('classification'),
            sql`${values.at}::timestamptz`.as('queued_at'),
            sql`${values.status === 'failed' ? values.at : null}::timestamptz`.as('finished_at'),
          ])
          .where('plan.id', '=', planId)
          .where('plan.learner_id', '=', learnerId),
      )
      .returningAll()
      .executeTakeFirst();
    return row && toAttempt(row);
  }

  async enqueueAttempt(learnerId: string, planId: string, attempt: { id: string; queuedAt: string }): Promise<PlanAttemptRecord | undefined> {
    if (!UUID.test(planId)) return undefined;
    try {
      return await this.#insertAttempt(learnerId, planId, { id: attempt.id, status: 'queued', at: attempt.queuedAt });
    } catch (error) {
      // A concurrent retry queued one first (one open attempt per plan, or the same number).
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  async recordCapped(learnerId: string, planId: string, attempt: { id: string; at: string }): Promise<void> {
    if (!UUID.test(planId)) return;
    try {
      await this.#insertAttempt(learnerId, planId, { id: attempt.id, status: 'failed', at: attempt.at, classification: 'capped' });
    } catch (error) {
      if (!isUniqueViolation(error, 'plan_attempt_number')) throw error;
    }
  }

  // The work queue.

  async closeExpired(leaseEndedBefore: string): Promise<number> {
    const rows = await this.#db
      .updateTable('plan_attempt')
      .set({
        status: 'failed',
        classification: 'timeout',
        finished_at: sql<Date>`now()`,
        lease_until: null,
        flags: sql<string>`flags || '["lease_expired"]'::jsonb`,
      })
      .where('status', '=', 'running')
      .where('lease_until', '<', new Date(leaseEndedBefore))
      .returning('id')
      .execute();
    return rows.length;
  }

  async claim(workerId: string, now: string, leaseUntil: string): Promise<ClaimedAttempt | undefined> {
    const row = await this.#db
      .updateTable('plan_attempt')
      .set({ status: 'running', started_at: now, lease_until: leaseUntil, worker_id: workerId })
      .where('status', '=', 'queued')
      .where('id', '=', (eb) =>
        eb.selectFrom('plan_attempt').select('id').where('status', '=', 'queued').orderBy('queued_at').orderBy('id').limit(1).forUpdate().skipLocked(),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    const plan = await this.#db.selectFrom('plan').selectAll().where('id', '=', row.plan_id).executeTakeFirstOrThrow();
    return { attempt: toAttempt(row), plan: toPlan(plan) };
  }

  async heartbeat(attemptId: string, workerId: string, leaseUntil: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('plan_attempt')
      .set({ lease_until: leaseUntil })
      .where('id', '=', attemptId)
      .where('worker_id', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async succeed(attemptId: string, workerId: string, outcome: AttemptOutcome & { modules: PlanModuleRecord[] }): Promise<boolean> {
    const taskCount = outcome.modules.reduce((n, m) => n + m.tasks.length, 0);
    return this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('plan_attempt')
        .set({ status: 'succeeded', classification: null, module_count: outcome.modules.length, task_count: taskCount, ...outcomeColumns(outcome) })
        .where('id', '=', attemptId)
        .where('worker_id', '=', workerId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      if (outcome.modules.length > 0) {
        await trx
          .insertInto('plan_module')
          .values(outcome.modules.map((m) => ({ attempt_id: attemptId, position: m.order, title: m.title, summary: m.summary, effort_minutes: m.effortMinutes })))
          .execute();
      }
      const tasks = outcome.modules.flatMap((m) =>
        m.tasks.map((t) => ({ attempt_id: attemptId, module_position: m.order, position: t.order, title: t.title, step_id: t.stepId, effort_minutes: t.effortMinutes })),
      );
      if (tasks.length > 0) await trx.insertInto('plan_task').values(tasks).execute();
      // Deferred checks (contiguous ordering) run now, inside the transaction, not at the commit.
      await sql`set constraints all immediate`.execute(trx);
      return true;
    });
  }

  async fail(attemptId: string, workerId: string, outcome: AttemptOutcome & { classification: FailureClass }): Promise<boolean> {
    const result = await this.#db
      .updateTable('plan_attempt')
      .set({ status: 'failed', classification: outcome.classification, ...outcomeColumns(outcome) })
      .where('id', '=', attemptId)
      .where('worker_id', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Operator report: token usage and estimated cost per learner and per plan, costliest first. */
  async costReport(limit = 100): Promise<CostReport> {
    const perPlan = await this.#db
      .selectFrom('plan')
      .innerJoin('plan_attempt', 'plan_attempt.plan_id', 'plan.id')
      .select((eb) => [
        'plan.id as plan_id',
        'plan.learner_id as learner_id',
        eb.fn.count<string>('plan_attempt.id').filterWhere('plan_attempt.classification', 'is distinct from', 'capped').as('attempts'),
        sql<string>`bool_or(plan_attempt.status = 'succeeded')`.as('ready'),
        sql<string>`coalesce(sum(plan_attempt.input_tokens), 0)`.as('input_tokens'),
        sql<string>`coalesce(sum(plan_attempt.output_tokens), 0)`.as('output_tokens'),
        sql<string>`coalesce(sum(plan_attempt.cost_usd), 0)`.as('cost_usd'),
      ])
      .groupBy(['plan.id', 'plan.learner_id'])
      .execute();
    const plans = perPlan.map((r) => ({
      planId: r.plan_id,
      learnerId: r.learner_id,
      attempts: Number(r.attempts),
      status: String(r.ready) === 'true' ? 'ready' : 'not ready',
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      costUsd: Number(r.cost_usd),
    }));
    const learners = new Map<string, CostReport['learners'][number]>();
    for (const p of plans) {
      const l = learners.get(p.learnerId) ?? { learnerId: p.learnerId, plans: 0, attempts: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      l.plans += 1;
      l.attempts += p.attempts;
      l.inputTokens += p.inputTokens;
      l.outputTokens += p.outputTokens;
      l.costUsd += p.costUsd;
      learners.set(p.learnerId, l);
    }
    const byCost = <T extends { costUsd: number }>(a: T, b: T) => b.costUsd - a.costUsd;
    return { learners: [...learners.values()].sort(byCost).slice(0, limit), plans: plans.sort(byCost).slice(0, limit) };
  }
}
