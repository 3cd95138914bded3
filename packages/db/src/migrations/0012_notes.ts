import { sql, type Kysely } from 'kysely';

/**
 * Notes, bookmarks, highlights and achievements (issue 14). Every row belongs to one learner and
 * goes with them (on delete cascade from `learner`, which an account deletion removes through
 * 0006's trigger).
 *
 * - A bookmark is unique per (learner, course, step, anchor); '' is the whole step, so adding the
 *   same bookmark twice (even concurrently) leaves one row.
 * - A note's highlight is all-or-nothing (section anchor, quote, offsets).
 * - An achievement is awarded once: its key is (learner, course, achievement); '' is the course of
 *   learner-wide milestones (streaks, reviews). Concurrent awards insert one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bookmark (
      id uuid primary key,
      learner_id uuid not null references learner(id) on delete cascade,
      course_id text not null check (char_length(course_id) between 1 and 64),
      step_id text not null check (char_length(step_id) between 1 and 64),
      anchor text not null default '' check (char_length(anchor) <= 200),
      created_at timestamptz not null,
      constraint bookmark_once unique (learner_id, course_id, step_id, anchor)
    )`.execute(db);
  await sql`create index bookmark_learner_created_idx on bookmark (learner_id, course_id, created_at)`.execute(db);

  await sql`
    create table note (
      id uuid primary key,
      learner_id uuid not null references learner(id) on delete cascade,
      course_id text not null check (char_length(course_id) between 1 and 64),
      step_id text not null check (char_length(step_id) between 1 and 64),
      markdown text not null check (char_length(markdown) between 1 and 10000),
      section_anchor text check (char_length(section_anchor) <= 200),
      quote text check (char_length(quote) between 1 and 2000),
      quote_start integer check (quote_start >= 0),
      quote_end integer,
      course_version text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint note_highlight_whole check (
        (quote is null and quote_start is null and quote_end is null and section_anchor is null)
        or (quote is not null and quote_start is not null and quote_end > quote_start)
      )
    )`.execute(db);
  await sql`create index note_learner_updated_idx on note (learner_id, updated_at)`.execute(db);

  await sql`
    create table achievement (
      learner_id uuid not null references learner(id) on delete cascade,
      course_id text not null check (char_length(course_id) <= 64),
      achievement_id text not null check (char_length(achievement_id) between 1 and 64),
      awarded_on date not null,
      recorded_at timestamptz not null,
      primary key (learner_id, course_id, achievement_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists achievement`.execute(db);
  await sql`drop table if exists note`.execute(db);
  await sql`drop table if exists bookmark`.execute(db);
}
