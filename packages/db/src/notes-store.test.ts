import { randomUUID } from 'node:crypto';
import {
  addBookmark,
  addNote,
  deleteLearner,
  deleteNote,
  exportNotes,
  getNote,
  Invalid,
  listBookmarks,
  listNotes,
  NotFound,
  PaymentRequired,
  removeBookmark,
  updateNote,
  type Course,
  type LearningDeps,
  type Step,
} from '@cc/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './connect.ts';
import { PgLearningStore } from './learning-store.ts';
import { PgNotesStore } from './notes-store.ts';
import { testDatabases } from './testing.ts';

const T0 = '2026-03-01T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

const WHY = 'Every model has a context window. When a chat grows past it, the oldest parts are dropped.';
const COST = 'Tokens cost money. Count them before you send a long prompt.';

function step(id: string, chapterId: string, why = WHY, cost = COST): Step {
  return {
    id,
    chapterId,
    title: `Title of ${id}`,
    kind: 'lesson',
    minutes: 5,
    level: 'core',
    audience: 'all',
    concepts: [],
    markdown: `# ${id}\n\n## Why windows matter\n\n${why}\n\n## Cost\n\n${cost}\n`,
    sections: [
      { anchor: 'why-windows-matter', heading: 'Why windows matter', depth: 2, markdown: why },
      { anchor: 'cost', heading: 'Cost', depth: 2, markdown: cost },
    ],
    blocks: [],
    wordCount: 30,
    path: `chapters/${chapterId}/${id}.md`,
  };
}

function course(version = 'v1', intro = step('intro', 'basics')): Course {
  return {
    id: 'tiny',
    version,
    authorVersion: '1.0.0',
    title: 'Tiny',
    summary: '',
    language: 'en',
    authors: [],
    tags: [],
    defaultPassScore: 70,
    chapters: [
      { id: 'basics', title: 'Basics', access: 'free', objectives: [], prerequisites: [], stepIds: ['intro', 'second'] },
      { id: 'paid', title: 'Paid', access: 'premium', objectives: [], prerequisites: [], stepIds: ['premium-step'] },
    ],
    steps: [intro, step('second', 'basics'), step('premium-step', 'paid')],
    quizzes: {},
    glossary: [],
    catalogue: [],
  };
}

const MD = step('intro', 'basics').markdown;
const quoteOf = (text: string, quote: string, sectionAnchor: string | null) => ({ sectionAnchor, quote, start: text.indexOf(quote), end: text.indexOf(quote) + quote.length });

describe.each(testDatabases())('notes and bookmarks on $name', ({ open }) => {
  let database: Database;
  let deps: LearningDeps;
  let now = T0;
  let served: Course;
  const ada = randomUUID();
  const bob = randomUUID();

  beforeEach(async () => {
    database = await open();
    const learning = new PgLearningStore(database.db);
    await learning.createLearner({ id: ada, tier: 'free', createdAt: T0 });
    await learning.createLearner({ id: bob, tier: 'free', createdAt: T0 });
    now = T0;
    served = course();
    deps = {
      catalog: { list: async () => [served], get: async (id) => (id === served.id ? served : undefined) },
      store: learning,
      clock: { now: () => new Date(now) },
      ids: { uuid: randomUUID },
      presentationSecret: 'test',
      notes: new PgNotesStore(database.db),
    };
  });
  afterEach(() => database.close());

  it('bookmarks: idempotent add (also concurrently), newest first per course, heading anchors checked', async () => {
    const first = await addBookmark(deps, ada, { courseId: 'tiny', stepId: 'intro' });
    expect(first).toMatchObject({ created: true, bookmark: { stepId: 'intro', stepTitle: 'Title of intro', anchor: null, heading: null, createdAt: T0 } });
    expect(await addBookmark(deps, ada, { courseId: 'tiny', stepId: 'intro' })).toEqual({ created: false, bookmark: first.bookmark });
    now = at(10);
    const twins = await Promise.all(Array.from({ length: 6 }, () => addBookmark(deps, ada, { courseId: 'tiny', stepId: 'second', anchor: 'cost' })));
    expect(twins.filter((t) => t.created)).toHaveLength(1);
    expect(new Set(twins.map((t) => t.bookmark.id)).size).toBe(1);
    expect(twins[0]!.bookmark).toMatchObject({ anchor: 'cost', heading: 'Cost' });
    // The learning record (the xAPI export) holds one 'bookmarked' per bookmark made, none for repeats.
    const recorded = (await deps.store.listEvents(ada, { limit: 100 })).filter((e) => e.type === 'bookmarked');
    expect(recorded.map((e) => [e.stepId, e.at]).sort()).toEqual([['intro', T0], ['second', at(10)]]);

    const list = await listBookmarks(deps, ada, 'tiny');
    expect(list.bookmarks.map((b) => [b.stepId, b.anchor])).toEqual([['second', 'cost'], ['intro', null]]);
    expect((await listBookmarks(deps, bob, 'tiny')).bookmarks).toEqual([]);

    await expect(addBookmark(deps, ada, { courseId: 'tiny', stepId: 'intro', anchor: 'no-such-heading' })).rejects.toBeInstanceOf(Invalid);
    await expect(addBookmark(deps, ada, { courseId: 'tiny', stepId: 'nope' })).rejects.toBeInstanceOf(NotFound);
    await expect(addBookmark(deps, ada, { courseId: 'nope', stepId: 'intro' })).rejects.toBeInstanceOf(NotFound);
    await expect(addBookmark(deps, ada, { courseId: 'tiny', stepId: 'premium-step' })).rejects.toBeInstanceOf(PaymentRequired);
    await expect(addBookmark(deps, ada, { courseId: 'tiny', stepId: 'Bad Id' } as never)).rejects.toBeInstanceOf(Invalid);
  });

  it("a learner cannot remove, read, edit or delete another learner's bookmarks and notes (not found, nothing changes)", async () => {
    const { bookmark } = await addBookmark(deps, ada, { courseId: 'tiny', stepId: 'intro' });
    const note = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'Mine' });
    await expect(removeBookmark(deps, bob, bookmark.id)).rejects.toBeInstanceOf(NotFound);
    await expect(getNote(deps, bob, note.id)).rejects.toBeInstanceOf(NotFound);
    await expect(updateNote(deps, bob, note.id, { markdown: 'Hijacked' })).rejects.toBeInstanceOf(NotFound);
    await expect(deleteNote(deps, bob, note.id)).rejects.toBeInstanceOf(NotFound);
    await expect(removeBookmark(deps, ada, 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
    expect((await listNotes(deps, bob, { q: 'Mine' })).notes).toEqual([]);
    expect(await getNote(deps, ada, note.id)).toEqual(note);
    expect((await listBookmarks(deps, ada, 'tiny')).bookmarks).toHaveLength(1);
    expect(await removeBookmark(deps, ada, bookmark.id)).toEqual({ id: bookmark.id, deleted: true });
    await expect(removeBookmark(deps, ada, bookmark.id)).rejects.toBeInstanceOf(NotFound);
  });

  it('notes: add, list newest first, edit, search own notes (words, case, LIKE characters literal), delete', async () => {
    const a = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'RAG means **retrieval** augmented generation' });
    now = at(5);
    const b = await addNote(deps, ada, { courseId: 'tiny', stepId: 'second', markdown: 'Budget: 100% of tokens_used', highlight: quoteOf(step('second', 'basics').markdown, 'Count them', 'cost') });
    await addNote(deps, bob, { courseId: 'tiny', stepId: 'intro', markdown: 'Bob also writes about rag' });
    expect(b.highlight).toEqual({ ...quoteOf(step('second', 'basics').markdown, 'Count them', 'cost'), status: 'anchored' });

    expect((await listNotes(deps, ada)).notes.map((n) => n.id)).toEqual([b.id, a.id]);
    expect((await listNotes(deps, ada, { stepId: 'intro' })).notes.map((n) => n.id)).toEqual([a.id]);
    expect((await listNotes(deps, ada, { q: 'rag' })).notes.map((n) => n.id)).toEqual([a.id]);
    expect((await listNotes(deps, ada, { q: 'RETRIEVAL rag' })).notes.map((n) => n.id)).toEqual([a.id]);
    expect((await listNotes(deps, ada, { q: 'rag budget' })).notes).toEqual([]);
    expect((await listNotes(deps, ada, { q: 'count' })).notes.map((n) => n.id)).toEqual([b.id]); // the quote counts
    expect((await listNotes(deps, ada, { q: '100%' })).notes.map((n) => n.id)).toEqual([b.id]);
    expect((await listNotes(deps, ada, { q: '%' })).notes.map((n) => n.id)).toEqual([b.id]);
    expect((await listNotes(deps, ada, { q: 'tokens_' })).notes.map((n) => n.id)).toEqual([b.id]);
    expect((await listNotes(deps, ada, { q: '_' })).notes.map((n) => n.id)).toEqual([b.id]);

    now = at(10);
    const edited = await updateNote(deps, ada, a.id, { markdown: 'RAG: retrieval first, then generate' });
    expect(edited).toMatchObject({ id: a.id, markdown: 'RAG: retrieval first, then generate', createdAt: T0, updatedAt: at(10) });
    expect((await listNotes(deps, ada)).notes.map((n) => n.id)).toEqual([a.id, b.id]);
    expect(await deleteNote(deps, ada, a.id)).toEqual({ id: a.id, deleted: true });
    await expect(getNote(deps, ada, a.id)).rejects.toBeInstanceOf(NotFound);
  });

  it('notes hold at most 10,000 characters (code points), are never empty, and a highlight must quote the step', async () => {
    const emoji = '🧠'.repeat(10_000); // 20,000 UTF-16 units, 10,000 characters
    expect((await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: emoji })).markdown).toBe(emoji);
    await expect(addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'x'.repeat(10_001) })).rejects.toBeInstanceOf(Invalid);
    await expect(addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: '  \n ' })).rejects.toBeInstanceOf(Invalid);
    const note = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'ok' });
    await expect(updateNote(deps, ada, note.id, { markdown: 'y'.repeat(10_001) })).rejects.toBeInstanceOf(Invalid);
    const bad = [
      { ...quoteOf(MD, 'Count them', 'cost'), quote: 'Count THEM' },
      { ...quoteOf(MD, 'Count them', 'no-such-section') },
      { ...quoteOf(MD, 'Count them', 'cost'), end: 10_000 },
      { ...quoteOf(MD, 'Count them', 'why-windows-matter') },
    ];
    for (const highlight of bad) {
      await expect(addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'n', highlight })).rejects.toBeInstanceOf(Invalid);
    }
    await expect(addNote(deps, ada, { courseId: 'tiny', stepId: 'premium-step', markdown: 'n' })).rejects.toBeInstanceOf(PaymentRequired);
  });

  it('after a content edit, untouched highlights stay, moved ones are re-anchored, edited ones are flagged stale', async () => {
    const keep = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'window', highlight: quoteOf(MD, 'the oldest parts are dropped', 'why-windows-matter') });
    const move = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'cost', highlight: quoteOf(MD, 'Count them', 'cost') });
    const gone = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'money', highlight: quoteOf(MD, 'Tokens cost money.', 'cost') });
    const whole = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'title', highlight: quoteOf(MD, '# intro', null) });

    const newCost = 'Prices change. Tokens are billed per thousand. Count them before you send a long prompt.';
    served = course('v2', step('intro', 'basics', WHY, newCost));
    const MD2 = served.steps[0]!.markdown;
    const byId = new Map((await listNotes(deps, ada)).notes.map((n) => [n.id, n.highlight]));
    expect(byId.get(keep.id)).toEqual({ ...keep.highlight, status: 'anchored' });
    expect(byId.get(move.id)).toEqual({ ...quoteOf(MD2, 'Count them', 'cost'), status: 'moved' });
    expect(byId.get(gone.id)).toEqual({ ...gone.highlight, status: 'stale' });
    expect(byId.get(whole.id)?.status).toBe('anchored'); // before the edit, so at the same offsets

    // The step disappears: every highlight on it is stale, the notes stay.
    served = { ...course('v3'), steps: course('v3').steps.filter((s) => s.id !== 'intro') };
    const orphaned = (await listNotes(deps, ada)).notes;
    expect(orphaned).toHaveLength(4);
    for (const n of orphaned) expect(n).toMatchObject({ stepTitle: null, highlight: { status: 'stale' } });
  });

  it("exports the learner's notes and bookmarks as JSON, and deletes them with the learner", async () => {
    await addBookmark(deps, ada, { courseId: 'tiny', stepId: 'intro', anchor: 'cost' });
    const note = await addNote(deps, ada, { courseId: 'tiny', stepId: 'intro', markdown: 'keep me', highlight: quoteOf(MD, 'Count them', 'cost') });
    await addNote(deps, bob, { courseId: 'tiny', stepId: 'intro', markdown: 'bob' });
    const exported = await exportNotes(deps, ada);
    expect(exported).toMatchObject({ format: 'course-companion.notes/1', learnerId: ada, bookmarks: [{ anchor: 'cost' }], notes: [note] });
    expect(JSON.stringify(exported)).not.toContain('bob');

    await deleteLearner(deps, ada);
    const count = async (table: 'note' | 'bookmark', learner: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where learner_id = ${learner}`.execute(database.db)).rows[0]!.n;
    expect(await count('note', ada)).toBe(0);
    expect(await count('bookmark', ada)).toBe(0);
    expect(await count('note', bob)).toBe(1);
  });
});
