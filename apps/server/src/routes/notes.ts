// The learner's bookmarks and notes (with highlighted passages). The learner id comes only from the
// session; another learner's bookmark or note id answers 404 like an id that never existed.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  AchievementsView,
  addBookmark,
  addNote,
  BookmarkAdded,
  BookmarkInput,
  BookmarkList,
  deleteNote,
  exportNotes,
  getAchievements,
  getNote,
  Invalid,
  listBookmarks,
  listNotes,
  MAX_NOTE_CHARS,
  MAX_SEARCH_CHARS,
  NoteInput,
  NoteList,
  NotesExport,
  NoteUpdate,
  NoteView,
  removeBookmark,
  updateNote,
  type LearningDeps,
} from '@cc/core';
import { requireLearnerId, type IdentityVariables } from '../auth/identify.ts';
import { authResponses, json, learnerSecurity, named, openApiRouter, problemContent, Slug } from '../http/openapi.ts';
import { problem, zodIssues } from '../http/problem.ts';

const responses = authResponses;
const writeResponses = {
  ...responses,
  402: { description: 'The step is premium content the learner cannot open', content: problemContent },
  413: { description: 'The body is over 1 MiB', content: problemContent },
  422: {
    description: `The body is not a valid ${'bookmark or note'}: e.g. a note over ${MAX_NOTE_CHARS} characters, an unknown heading anchor, or a quote that is not the text at its offsets`,
    content: problemContent,
  },
  423: { description: 'The step is locked until its prerequisites hold', content: problemContent },
} as const;

/** A body of the wrong shape or size is invalid input for the resource (422); other parts keep the router's 400. */
const bodyHook = (result: { success: true } | { success: false; error: z.ZodError; target: string }, c: Context): undefined => {
  if (result.success) return undefined;
  if (result.target === 'json') throw new Invalid('the body is not valid', zodIssues(result.error));
  return problem(c, 400, `The request ${result.target} is not valid`, { issues: zodIssues(result.error) }) as never;
};

const uuid = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const CourseParams = z.object({ courseId: Slug.openapi({ param: { name: 'courseId', in: 'path' }, example: 'genai-fundamentals' }) });
const BookmarkParams = z.object({ bookmarkId: uuid('bookmarkId') });
const NoteParams = z.object({ noteId: uuid('noteId') });
const Note = named(NoteView, 'Note');
const body = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const routes = {
  addBookmark: createRoute({
    method: 'post',
    path: '/me/bookmarks',
    tags: ['Notes'],
    summary: 'Bookmark a step (optionally one of its headings); adding the same bookmark again returns it (200)',
    security: learnerSecurity,
    request: body(named(BookmarkInput, 'BookmarkInput')),
    responses: {
      201: json(named(BookmarkAdded, 'BookmarkAdded'), 'The new bookmark'),
      200: json(named(BookmarkAdded, 'BookmarkAdded'), 'The learner already had this bookmark'),
      ...writeResponses,
    },
  }),
  listBookmarks: createRoute({
    method: 'get',
    path: '/me/courses/{courseId}/bookmarks',
    tags: ['Notes'],
    summary: "The learner's bookmarks in a course, newest first",
    security: learnerSecurity,
    request: { params: CourseParams },
    responses: { 200: json(named(BookmarkList, 'BookmarkList'), 'Bookmarks'), ...responses },
  }),
  removeBookmark: createRoute({
    method: 'delete',
    path: '/me/bookmarks/{bookmarkId}',
    tags: ['Notes'],
    summary: 'Remove a bookmark',
    security: learnerSecurity,
    request: { params: BookmarkParams },
    responses: { 204: { description: 'Removed' }, ...responses },
  }),
  addNote: createRoute({
    method: 'post',
    path: '/me/notes',
    tags: ['Notes'],
    summary: `Write a note (Markdown, at most ${MAX_NOTE_CHARS} characters) on a step, optionally on a highlighted passage`,
    description:
      "A highlight names the section (a heading anchor from the step's sections, or null for the whole step), the exact quoted text, " +
      'and its offsets in that Markdown. When the content changes later, the highlight is re-anchored if its quote is still in that ' +
      'section (status `moved`), else flagged `stale`.',
    security: learnerSecurity,
    request: body(named(NoteInput, 'NoteInput')),
    responses: { 201: json(Note, 'The new note'), ...writeResponses },
  }),
  listNotes: createRoute({
    method: 'get',
    path: '/me/notes',
    tags: ['Notes'],
    summary: "The learner's notes, newest first; `q` searches them (every word must appear in the note or its quote)",
    security: learnerSecurity,
    request: {
      query: z.object({
        courseId: Slug.optional(),
        stepId: Slug.optional(),
        q: z.string().max(MAX_SEARCH_CHARS).optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
      }),
    },
    responses: { 200: json(named(NoteList, 'NoteList'), 'Notes'), ...responses },
  }),
  exportNotes: createRoute({
    method: 'get',
    path: '/me/export/notes',
    tags: ['Notes'],
    summary: "Every bookmark and note of the learner as one JSON document (data export)",
    security: learnerSecurity,
    responses: { 200: json(named(NotesExport, 'NotesExport'), 'The export'), ...responses },
  }),
  getNote: createRoute({
    method: 'get',
    path: '/me/notes/{noteId}',
    tags: ['Notes'],
    summary: 'One note, with its highlight resolved against the current content',
    security: learnerSecurity,
    request: { params: NoteParams },
    responses: { 200: json(Note, 'The note'), ...responses },
  }),
  updateNote: createRoute({
    method: 'patch',
    path: '/me/notes/{noteId}',
    tags: ['Notes'],
    summary: "Edit a note's Markdown",
    security: learnerSecurity,
    request: { params: NoteParams, ...body(named(NoteUpdate, 'NoteUpdate')) },
    responses: { 200: json(Note, 'The edited note'), ...writeResponses },
  }),
  achievements: createRoute({
    method: 'get',
    path: '/me/courses/{courseId}/achievements',
    tags: ['Progress'],
    summary: "The learner's achievements in a course (and learner-wide ones: streaks, reviews), each with its date or its progress; newly earned ones are awarded",
    security: learnerSecurity,
    request: { params: CourseParams },
    responses: { 200: json(named(AchievementsView, 'Achievements'), 'Achievements'), ...responses },
  }),
  deleteNote: createRoute({
    method: 'delete',
    path: '/me/notes/{noteId}',
    tags: ['Notes'],
    summary: 'Delete a note',
    security: learnerSecurity,
    request: { params: NoteParams },
    responses: { 204: { description: 'Deleted' }, ...responses },
  }),
};

export function noteRoutes(learning: LearningDeps) {
  return openApiRouter<{ Variables: IdentityVariables }>()
    .openapi(
      routes.addBookmark,
      async (c) => {
        const added = await addBookmark(learning, requireLearnerId(c), c.req.valid('json'));
        return added.created ? c.json(added, 201) : c.json(added, 200);
      },
      bodyHook,
    )
    .openapi(routes.listBookmarks, async (c) => c.json(await listBookmarks(learning, requireLearnerId(c), c.req.valid('param').courseId), 200))
    .openapi(routes.removeBookmark, async (c) => {
      await removeBookmark(learning, requireLearnerId(c), c.req.valid('param').bookmarkId);
      return c.body(null, 204);
    })
    .openapi(routes.addNote, async (c) => c.json(await addNote(learning, requireLearnerId(c), c.req.valid('json')), 201), bodyHook)
    .openapi(routes.listNotes, async (c) => {
      const { courseId, stepId, q, limit } = c.req.valid('query');
      const filter = { ...(courseId && { courseId }), ...(stepId && { stepId }), ...(q !== undefined && { q }), ...(limit && { limit }) };
      return c.json(await listNotes(learning, requireLearnerId(c), filter), 200);
    })
    .openapi(routes.exportNotes, async (c) => {
      const learnerId = requireLearnerId(c);
      return c.json(await exportNotes(learning, learnerId), 200, { 'content-disposition': 'attachment; filename="course-companion-notes.json"' });
    })
    .openapi(routes.getNote, async (c) => c.json(await getNote(learning, requireLearnerId(c), c.req.valid('param').noteId), 200))
    .openapi(
      routes.updateNote,
      async (c) => c.json(await updateNote(learning, requireLearnerId(c), c.req.valid('param').noteId, c.req.valid('json')), 200),
      bodyHook,
    )
    .openapi(routes.achievements, async (c) => c.json(await getAchievements(learning, requireLearnerId(c), c.req.valid('param').courseId), 200))
    .openapi(routes.deleteNote, async (c) => {
      await deleteNote(learning, requireLearnerId(c), c.req.valid('param').noteId);
      return c.body(null, 204);
    });
}
