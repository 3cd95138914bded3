import { sql, type Kysely } from 'kysely';

/**
 * Learning plans (issue 12): a plan, its generation attempts, and the modules and tasks of the
 * attempt that succeeded. The plan's status is derived from its attempts (no status column).
 * Ordering is 1..N without gaps or duplicates: primary keys refuse duplicates, checks refuse
 * positions below 1, and deferred constraint triggers refuse gaps at commit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table plan (
      id uuid primary key,
      learner_id uuid not null references learner(id) on delete cascade,
      course_id text not null,
      topic text not null check (char_length(topic) between 1 and 200),
      notes text not null default '' check (char_length(notes) <= 2000),
      topic_length integer not null check (topic_length >= 0),
      notes_length integer not null check (notes_length >= 0),
      topic_truncated boolean not null,
      notes_truncated boolean not null,
      idempotency_key text,
      created_at timestamptz not null,
      constraint plan_idempotency_key unique (learner_id, idempotency_key)
    )`.execute(db);
  await sql`create index plan_learner_created_idx on plan (learner_id, created_at)`.execute(db);

  await sql`
    create table plan_attempt (
      id uuid primary key,
      plan_id uuid not null references plan(id) on delete cascade,
      number integer not null check (number >= 1),
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
      classification text check (classification in ('validation', 'provider_error', 'rate_limit', 'timeout', 'capped')),
      queued_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      lease_until timestamptz,
      worker_id text,
      module_count integer check (module_count >= 0),
      task_count integer check (task_count >= 0),
      duration_ms integer check (duration_ms >= 0),
      prompt_hash text,
      flags jsonb not null default '[]',
      model text,
      input_tokens integer,
      output_tokens integer,
      cost_usd numeric(14, 6),
      constraint plan_attempt_number unique (plan_id, number),
      constraint plan_attempt_classified check ((status = 'failed') = (classification is not null)),
      constraint plan_attempt_leased check ((status = 'running') = (lease_until is not null))
    )`.execute(db);
  // At most one queued or running attempt per plan: concurrent retries queue one.
  await sql`create unique index plan_attempt_open on plan_attempt (plan_id) where status in ('queued', 'running')`.execute(db);
  await sql`create index plan_attempt_queued_idx on plan_attempt (queued_at) where status = 'queued'`.execute(db);
  await sql`create index plan_attempt_lease_idx on plan_attempt (lease_until) where status = 'running'`.execute(db);

  await sql`
    create table plan_module (
      attempt_id uuid not null references plan_attempt(id) on delete cascade,
      position integer not null check (position >= 1),
      title text not null,
      summary text not null,
      effort_minutes integer not null check (effort_minutes between 15 and 480),
      primary key (attempt_id, position)
    )`.execute(db);
  await sql`
    create table plan_task (
      attempt_id uuid not null,
      module_position integer not null,
      position integer not null check (position >= 1),
      title text not null,
      step_id text,
      effort_minutes integer not null check (effort_minutes between 5 and 120),
      primary key (attempt_id, module_position, position),
      foreign key (attempt_id, module_position) references plan_module(attempt_id, position) on delete cascade
    )`.execute(db);

  // No gaps: at commit, the positions of an attempt's modules (and of a module's tasks) are 1..N.
  await sql`
    create function plan_module_contiguous() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from plan_module where attempt_id = new.attempt_id
                 having max(position) <> count(*)) then
        raise exception 'plan modules of attempt % are not numbered 1..N', new.attempt_id using errcode = '23514';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger plan_module_contiguous after insert or update on plan_module
    deferrable initially deferred for each row execute function plan_module_contiguous()`.execute(db);
  await sql`
    create function plan_task_contiguous() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from plan_task where attempt_id = new.attempt_id and module_position = new.module_position
                 having max(position) <> count(*)) then
        raise exception 'plan tasks of module % are not numbered 1..N', new.module_position using errcode = '23514';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger plan_task_contiguous after insert or update on plan_task
    deferrable initially deferred for each row execute function plan_task_contiguous()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table plan_task`.execute(db);
  await sql`drop table plan_module`.execute(db);
  await sql`drop function plan_task_contiguous()`.execute(db);
  await sql`drop function plan_module_contiguous()`.execute(db);
  await sql`drop table plan_attempt`.execute(db);
  await sql`drop table plan`.execute(db);
}
