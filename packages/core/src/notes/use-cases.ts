// Bookmarks and notes behind both doors. The learner id comes from the caller's credentials; every
// read and write is scoped by it, so another learner's bookmark or note id answers not found.
import type { Course, Step } from '../course/model.ts';
import { requireStep } from '../course/navigation.ts';
import { Invalid, NotFound, Unavailable, type Issue } from '../errors.ts';
import { assertAccess } from '../learner/access.ts';
import { eventFactory, learnerInCourse, requireLearner, type LearningDeps } from '../learner/deps.ts';
import { resolveHighlight, sectionSpan } from './highlight.ts';
import {
  BookmarkInput,
  NoteFilter,
  NoteInput,
  NoteUpdate,
  type BookmarkAdded,
  type BookmarkList,
  type BookmarkView,
  type Deleted,
  type NoteList,
  type NotesExport,
  type NoteView,
} from './model.ts';
import type { BookmarkRecord, NoteRecord, NotesStore } from './ports.ts';

export function notesStore(deps: LearningDeps): NotesStore {
  if (!deps.notes) throw new Unavailable('notes and bookmarks are not available on this server');
  return deps.notes;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Invalid(`the ${what} is not valid`, parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  return parsed.data;
}

/** The course, step and an access check: a trace is only left on a step the learner may open. */
async function openableStep(deps: LearningDeps, learnerId: string, courseId: string, stepId: string): Promise<{ course: Course; step: Step }> {
  const { course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const { step } = requireStep(course, stepId);
  assertAccess(course, step, snapshot);
  return { course, step };
}

type Courses = (courseId: string) => Course | undefined;

async function coursesFor(deps: LearningDeps, ids: Iterable<string>): Promise<Courses> {
  const found = new Map<string, Course | undefined>();
  for (const id of new Set(ids)) found.set(id, await deps.catalog.get(id));
  return (id) => found.get(id);
}

const stepIn = (course: Course | undefined, stepId: string) => course?.steps.find((s) => s.id === stepId);

function bookmarkView(b: BookmarkRecord, courses: Courses): BookmarkView {
  const step = stepIn(courses(b.courseId), b.stepId);
  const anchor = b.anchor === '' ? null : b.anchor;
  return {
    id: b.id,
    courseId: b.courseId,
    stepId: b.stepId,
    stepTitle: step?.title ?? null,
    anchor,
    heading: (anchor && step?.sections.find((s) => s.anchor === anchor)?.heading) ?? null,
    createdAt: b.createdAt,
  };
}

function noteView(n: NoteRecord, courses: Courses): NoteView {
  const step = stepIn(courses(n.courseId), n.stepId);
  return {
    id: n.id,
    courseId: n.courseId,
    stepId: n.stepId,
    stepTitle: step?.title ?? null,
    markdown: n.markdown,
    highlight: n.highlight && resolveHighlight(step, n.highlight),
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

export async function addBookmark(deps: LearningDeps, learnerId: string, input: BookmarkInput): Promise<BookmarkAdded> {
  const store = notesStore(deps);
  const { courseId, stepId, anchor } = parse(BookmarkInput, input, 'bookmark');
  const { course, step } = await openableStep(deps, learnerId, courseId, stepId);
  const now = deps.clock.now();
  if (anchor !== undefined && !step.sections.some((s) => s.anchor === anchor)) {
    throw new Invalid(`the step '${step.id}' has no section '${anchor}'`, [{ path: 'anchor', message: 'not a heading anchor of this step' }]);
  }
  // The learning record (and so the xAPI export) says when a step was bookmarked; a repeated add
  // changes nothing and records nothing. A removal is not an event: the bookmark still happened.
  const event = eventFactory(deps, learnerId, course.id, now);
  const { created, bookmark } = await store.addBookmark(
    { id: deps.ids.uuid(), learnerId, courseId: course.id, stepId: step.id, anchor: anchor ?? '', createdAt: now.toISOString() },
    event('bookmarked', { chapterId: step.chapterId, stepId: step.id, data: { title: step.title } }),
  );
  return { created, bookmark: bookmarkView(bookmark, (id) => (id === course.id ? course : undefined)) };
}

export async function listBookmarks(deps: LearningDeps, learnerId: string, courseId: string): Promise<BookmarkList> {
  const store = notesStore(deps);
  await requireLearner(deps.store, learnerId);
  const course = await deps.catalog.get(courseId);
  if (!course) throw new NotFound('course', courseId);
  const bookmarks = await store.listBookmarks(learnerId, course.id);
  return { courseId: course.id, bookmarks: bookmarks.map((b) => bookmarkView(b, () => course)) };
}

export async function removeBookmark(deps: LearningDeps, learnerId: string, bookmarkId: string): Promise<Deleted> {
  const store = notesStore(deps);
  await requireLearner(deps.store, learnerId);
  if (!(await store.removeBookmark(learnerId, bookmarkId))) throw new NotFound('bookmark', bookmarkId);
  return { id: bookmarkId, deleted: true };
}

export async function addNote(deps: LearningDeps, learnerId: string, input: NoteInput): Promise<NoteView> {
  const store = notesStore(deps);
  const { courseId, stepId, markdown, highlight } = parse(NoteInput, input, 'note');
  const { course, step } = await openableStep(deps, learnerId, courseId, stepId);
  if (highlight) {
    const issues: Issue[] = [];
    const span = highlight.sectionAnchor === null ? { start: 0, end: step.markdown.length } : sectionSpan(step, highlight.sectionAnchor);
    if (!span) issues.push({ path: 'highlight.sectionAnchor', message: 'not a heading anchor of this step' });
    else if (highlight.end <= highlight.start || highlight.end > step.markdown.length) issues.push({ path: 'highlight.end', message: `offsets must satisfy start < end <= ${step.markdown.length}` });
    else if (step.markdown.slice(highlight.start, highlight.end) !== highlight.quote) issues.push({ path: 'highlight.quote', message: "the quote is not the step's Markdown at these offsets" });
    else if (highlight.start < span.start || highlight.end > span.end) issues.push({ path: 'highlight.sectionAnchor', message: 'the quote is not inside this section' });
    if (issues.length) throw new Invalid('the highlighted passage is not in the step as it is now', issues);
  }
  const now = deps.clock.now().toISOString();
  const note: NoteRecord = {
    id: deps.ids.uuid(),
    learnerId,
    courseId: course.id,
    stepId: step.id,
    markdown,
    highlight: highlight ?? null,
    courseVersion: course.version,
    createdAt: now,
    updatedAt: now,
  };
  await store.addNote(note);
  return noteView(note, () => course);
}

export async function getNote(deps: LearningDeps, learnerId: string, noteId: string): Promise<NoteView> {
  const store = notesStore(deps);
  await requireLearner(deps.store, learnerId);
  const note = await store.getNote(learnerId, noteId);
  if (!note) throw new NotFound('note', noteId);
  return noteView(note, await coursesFor(deps, [note.courseId]));
}

/** The learner's notes, newest first; with `q`, only those whose text or quote holds every word. */
export async function listNotes(deps: LearningDeps, learnerId: string, filter: NoteFilter = {}): Promise<NoteList> {
  const store = notesStore(deps);
  const { courseId, stepId, q, limit } = parse(NoteFilter, filter, 'note filter');
  await requireLearner(deps.store, learnerId);
  const words = q === undefined ? [] : q.split(/\s+/u).filter((w) => w !== '').slice(0, 10);
  const notes = await store.listNotes(learnerId, { ...(courseId && { courseId }), ...(stepId && { stepId }), words, limit });
  const courses = await coursesFor(deps, notes.map((n) => n.courseId));
  return { notes: notes.map((n) => noteView(n, courses)), query: q === undefined ? null : words.join(' ') };
}

export async function updateNote(deps: LearningDeps, learnerId: string, noteId: string, update: NoteUpdate): Promise<NoteView> {
  const store = notesStore(deps);
  const { markdown } = parse(NoteUpdate, update, 'note');
  await requireLearner(deps.store, learnerId);
  const note = await store.updateNote(learnerId, noteId, markdown, deps.clock.now().toISOString());
  if (!note) throw new NotFound('note', noteId);
  return noteView(note, await coursesFor(deps, [note.courseId]));
}

export async function deleteNote(deps: LearningDeps, learnerId: string, noteId: string): Promise<Deleted> {
  const store = notesStore(deps);
  await requireLearner(deps.store, learnerId);
  if (!(await store.deleteNote(learnerId, noteId))) throw new NotFound('note', noteId);
  return { id: noteId, deleted: true };
}

/** Everything the learner wrote: every bookmark and note, as one JSON document. */
export async function exportNotes(deps: LearningDeps, learnerId: string): Promise<NotesExport> {
  const store = notesStore(deps);
  await requireLearner(deps.store, learnerId);
  const [bookmarks, notes] = await Promise.all([store.listBookmarks(learnerId), store.listNotes(learnerId, { words: [], limit: 100_000 })]);
  const courses = await coursesFor(deps, [...bookmarks, ...notes].map((r) => r.courseId));
  return {
    format: 'course-companion.notes/1',
    learnerId,
    exportedAt: deps.clock.now().toISOString(),
    bookmarks: bookmarks.map((b) => bookmarkView(b, courses)),
    notes: notes.map((n) => noteView(n, courses)),
  };
}
