// Bookmarks and notes in PostgreSQL/PGlite. Every statement filters by learner; idempotent
// bookmarks rest on the bookmark_once constraint rather than a read-then-write.
import { sql, type Kysely } from 'kysely';
import type { BookmarkRecord, LearningEvent, NoteRecord, NotesStore } from '@cc/core';
import { eventColumns } from './event-columns.ts';
import type { Schema } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (value: Date | string): string => new Date(value).toISOString();
/** A LIKE pattern matching `word` literally anywhere. */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface BookmarkRow {
  id: string;
  learner_id: string;
  course_id: string;
  step_id: string;
  anchor: string;
  created_at: Date | string;
}

interface NoteRow {
  id: string;
  learner_id: string;
  course_id: string;
  step_id: string;
  markdown: string;
  section_anchor: string | null;
  quote: string | null;
  quote_start: number | null;
  quote_end: number | null;
  course_version: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const toBookmark = (r: BookmarkRow): BookmarkRecord => ({
  id: r.id,
  learnerId: r.learner_id,
  courseId: r.course_id,
  stepId: r.step_id,
  anchor: r.anchor,
  createdAt: iso(r.created_at),
});

const toNote = (r: NoteRow): NoteRecord => ({
  id: r.id,
  learnerId: r.learner_id,
  courseId: r.course_id,
  stepId: r.step_id,
  markdown: r.markdown,
  highlight:
    r.quote === null ? null : { sectionAnchor: r.section_anchor, quote: r.quote, start: Number(r.quote_start), end: Number(r.quote_end) },
  courseVersion: r.course_version,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export class PgNotesStore implements NotesStore {
  constructor(private readonly db: Kysely<Schema>) {}

  async addBookmark(b: BookmarkRecord, recorded: LearningEvent): Promise<{ created: boolean; bookmark: BookmarkRecord }> {
    const e = eventColumns(recorded);
    // One statement: the event is written from the inserted row, so it exists exactly when the
    // bookmark was created (a concurrent twin inserts nothing, and records nothing).
    const inserted = await sql<BookmarkRow>`
      with created as (
        insert into bookmark (id, learner_id, course_id, step_id, anchor, created_at)
        values (${b.id}, ${b.learnerId}, ${b.courseId}, ${b.stepId}, ${b.anchor}, ${b.createdAt})
        on conflict on constraint bookmark_once do nothing
        returning *
      ), recorded as (
        insert into learning_event (id, learner_id, type, at, course_id, chapter_id, step_id, quiz_id, question_id, attempt_id, data)
        select ${e.id}::uuid, c.learner_id, ${e.type}, ${e.at}::timestamptz, ${e.course_id}, ${e.chapter_id}, ${e.step_id}, ${e.quiz_id}, ${e.question_id},
               ${e.attempt_id}::uuid, ${JSON.stringify(e.data)}::jsonb
        from created c
      )
      select * from created`.execute(this.db);
    if (inserted.rows[0]) return { created: true, bookmark: toBookmark(inserted.rows[0]) };
    const existing = await sql<BookmarkRow>`
      select * from bookmark
      where learner_id = ${b.learnerId} and course_id = ${b.courseId} and step_id = ${b.stepId} and anchor = ${b.anchor}`.execute(this.db);
    return { created: false, bookmark: toBookmark(existing.rows[0]!) };
  }

  async listBookmarks(learnerId: string, courseId?: string): Promise<BookmarkRecord[]> {
    const { rows } = await sql<BookmarkRow>`
      select * from bookmark
      where learner_id = ${learnerId} ${courseId === undefined ? sql`` : sql`and course_id = ${courseId}`}
      order by created_at desc, id desc`.execute(this.db);
    return rows.map(toBookmark);
  }

  async removeBookmark(learnerId: string, bookmarkId: string): Promise<boolean> {
    if (!UUID.test(bookmarkId)) return false;
    const { rows } = await sql`delete from bookmark where learner_id = ${learnerId} and id = ${bookmarkId} returning id`.execute(this.db);
    return rows.length > 0;
  }

  async addNote(n: NoteRecord): Promise<void> {
    const h = n.highlight;
    await sql`
      insert into note (id, learner_id, course_id, step_id, markdown, section_anchor, quote, quote_start, quote_end, course_version, created_at, updated_at)
      values (${n.id}, ${n.learnerId}, ${n.courseId}, ${n.stepId}, ${n.markdown}, ${h?.sectionAnchor ?? null}, ${h?.quote ?? null},
              ${h?.start ?? null}, ${h?.end ?? null}, ${n.courseVersion}, ${n.createdAt}, ${n.updatedAt})`.execute(this.db);
  }

  async getNote(learnerId: string, noteId: string): Promise<NoteRecord | undefined> {
    if (!UUID.test(noteId)) return undefined;
    const { rows } = await sql<NoteRow>`select * from note where learner_id = ${learnerId} and id = ${noteId}`.execute(this.db);
    return rows[0] && toNote(rows[0]);
  }

  async listNotes(learnerId: string, filter: { courseId?: string; stepId?: string; words?: string[]; limit: number }): Promise<NoteRecord[]> {
    const conditions = [sql`learner_id = ${learnerId}`];
    if (filter.courseId !== undefined) conditions.push(sql`course_id = ${filter.courseId}`);
    if (filter.stepId !== undefined) conditions.push(sql`step_id = ${filter.stepId}`);
    for (const word of filter.words ?? []) {
      const pattern = containing(word);
      conditions.push(sql`(markdown ilike ${pattern} escape '\\' or coalesce(quote, '') ilike ${pattern} escape '\\')`);
    }
    const { rows } = await sql<NoteRow>`
      select * from note where ${sql.join(conditions, sql` and `)}
      order by updated_at desc, id desc limit ${filter.limit}`.execute(this.db);
    return rows.map(toNote);
  }

  async updateNote(learnerId: string, noteId: string, markdown: string, at: string): Promise<NoteRecord | undefined> {
    if (!UUID.test(noteId)) return undefined;
    const { rows } = await sql<NoteRow>`
      update note set markdown = ${markdown}, updated_at = ${at}
      where learner_id = ${learnerId} and id = ${noteId} returning *`.execute(this.db);
    return rows[0] && toNote(rows[0]);
  }

  async deleteNote(learnerId: string, noteId: string): Promise<boolean> {
    if (!UUID.test(noteId)) return false;
    const { rows } = await sql`delete from note where learner_id = ${learnerId} and id = ${noteId} returning id`.execute(this.db);
    return rows.length > 0;
  }
}
