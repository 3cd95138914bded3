// The learner's bookmarks and notes ("save this for later", "what did I note about RAG?"). The
// same core use-cases as REST's /api/v1/me/bookmarks and /me/notes, so both doors see one record.
import * as z from 'zod';
import {
  AchievementsView,
  getAchievements,
  addBookmark,
  addNote,
  BookmarkAdded,
  BookmarkList,
  Deleted,
  deleteNote,
  HighlightInput,
  listBookmarks,
  listNotes,
  MAX_NOTE_CHARS,
  MAX_SEARCH_CHARS,
  NoteList,
  NoteMarkdown,
  NoteView,
  removeBookmark,
  updateNote,
} from '@cc/core';
import { CourseId, StepId } from '../inputs.ts';
import { defineTool, learnerOf, READ, type Hints } from '../tool.ts';

const BookmarkId = z.uuid().describe('Bookmark id from add_bookmark or list_bookmarks');
const NoteId = z.uuid().describe('Note id from add_note, list_notes or search_notes');
const Anchor = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\p{L}\p{N}_-]+$/u)
  .describe("A heading anchor from the step's sections (open_step lists them)");
const ownRead = "Reads the learner's own notes and bookmarks; changes nothing.";
const WRITE_ONCE: Hints = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const REMOVE: Hints = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };

const noteLine = (n: NoteView) =>
  `${n.courseId}/${n.stepId}${n.highlight ? ` on "${n.highlight.quote.slice(0, 60)}"${n.highlight.status === 'stale' ? ' (passage changed since)' : ''}` : ''}`;

export const addBookmarkTool = defineTool({
  name: 'add_bookmark',
  title: 'Bookmark a step',
  description: 'Saves a step (optionally one of its headings) for later, in the learner\'s bookmarks. Adding the same bookmark again returns the existing one.',
  access: 'signed-in',
  hints: WRITE_ONCE,
  hintsWhy: "Adds to the learner's own bookmarks; the same bookmark twice is stored once, and nothing is overwritten.",
  input: z.object({ courseId: CourseId, stepId: StepId, anchor: Anchor.optional() }),
  output: BookmarkAdded,
  run: (args, ctx) => addBookmark(ctx.deps.learning, learnerOf(ctx), args),
  text: (r) => `${r.created ? 'Bookmarked' : 'Already bookmarked'}: ${r.bookmark.stepTitle ?? r.bookmark.stepId}${r.bookmark.heading ? ` > ${r.bookmark.heading}` : ''}.`,
});

export const listBookmarksTool = defineTool({
  name: 'list_bookmarks',
  title: 'List bookmarks',
  description: "The learner's bookmarks in a course, newest first.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRead,
  input: z.object({ courseId: CourseId }),
  output: BookmarkList,
  run: ({ courseId }, ctx) => listBookmarks(ctx.deps.learning, learnerOf(ctx), courseId),
  text: (l) => (l.bookmarks.length ? `${l.bookmarks.length} bookmark(s): ${l.bookmarks.map((b) => b.stepId).join(', ')}.` : 'No bookmarks in this course.'),
});

export const removeBookmarkTool = defineTool({
  name: 'remove_bookmark',
  title: 'Remove a bookmark',
  description: 'Removes one of the learner\'s bookmarks.',
  access: 'signed-in',
  hints: REMOVE,
  hintsWhy: "Deletes one of the learner's own bookmarks (it can be added again); a second call finds nothing more to delete.",
  input: z.object({ bookmarkId: BookmarkId }),
  output: Deleted,
  run: ({ bookmarkId }, ctx) => removeBookmark(ctx.deps.learning, learnerOf(ctx), bookmarkId),
  text: () => 'Bookmark removed.',
});

export const addNoteTool = defineTool({
  name: 'add_note',
  title: 'Write a note',
  description:
    `Saves a Markdown note (at most ${MAX_NOTE_CHARS} characters) on a step for the learner, optionally on a highlighted passage: ` +
    "the section's heading anchor (or null for the whole step), the exact quoted text and its offsets in that section's Markdown.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  hintsWhy: "Adds a note to the learner's own record; each call adds another note and nothing is overwritten.",
  input: z.object({ courseId: CourseId, stepId: StepId, markdown: NoteMarkdown, highlight: HighlightInput.optional() }),
  output: NoteView,
  run: (args, ctx) => addNote(ctx.deps.learning, learnerOf(ctx), args),
  text: (n) => `Note saved on ${noteLine(n)}.`,
});

export const listNotesTool = defineTool({
  name: 'list_notes',
  title: 'List notes',
  description: "The learner's notes, newest first, optionally in one course or step. Each highlight says whether its passage is still where it was.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRead,
  input: z.object({ courseId: CourseId.optional(), stepId: StepId.optional(), limit: z.number().int().min(1).max(200).default(50) }),
  output: NoteList,
  run: (args, ctx) => listNotes(ctx.deps.learning, learnerOf(ctx), args),
  text: (l) => (l.notes.length ? `${l.notes.length} note(s).` : 'No notes yet.'),
});

export const searchNotesTool = defineTool({
  name: 'search_notes',
  title: 'Search my notes',
  description: "Finds the learner's own notes whose text or highlighted quote contains every word of the query (case-insensitive), newest first.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRead,
  input: z.object({ query: z.string().min(1).max(MAX_SEARCH_CHARS), courseId: CourseId.optional(), limit: z.number().int().min(1).max(200).default(20) }),
  output: NoteList,
  run: ({ query, ...rest }, ctx) => listNotes(ctx.deps.learning, learnerOf(ctx), { ...rest, q: query }),
  text: (l) => (l.notes.length ? `${l.notes.length} note(s) match: ${l.notes.map(noteLine).join('; ')}.` : `No notes match "${l.query}".`),
});

export const updateNoteTool = defineTool({
  name: 'update_note',
  title: 'Edit a note',
  description: "Replaces the Markdown of one of the learner's notes (its step and highlight stay).",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  hintsWhy: "Overwrites the text of one of the learner's own notes (the previous text is not kept); the same edit twice leaves the same note.",
  input: z.object({ noteId: NoteId, markdown: NoteMarkdown }),
  output: NoteView,
  run: ({ noteId, markdown }, ctx) => updateNote(ctx.deps.learning, learnerOf(ctx), noteId, { markdown }),
  text: (n) => `Note on ${noteLine(n)} updated.`,
});

export const deleteNoteTool = defineTool({
  name: 'delete_note',
  title: 'Delete a note',
  description: "Deletes one of the learner's notes for good.",
  access: 'signed-in',
  hints: REMOVE,
  hintsWhy: "Deletes one of the learner's own notes permanently; a second call finds nothing more to delete.",
  input: z.object({ noteId: NoteId }),
  output: Deleted,
  run: ({ noteId }, ctx) => deleteNote(ctx.deps.learning, learnerOf(ctx), noteId),
  text: () => 'Note deleted.',
});

export const achievementsTool = defineTool({
  name: 'get_achievements',
  title: 'Get achievements',
  description:
    "The learner's milestones in a course (first step, chapter done, first-try checkpoint, mastered concept, course complete) and across courses (3/7/30-day streaks, 50 reviews): each earned one with its date, the others with their progress, and which are next. Report only these figures.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  hintsWhy: "Records newly earned milestones in the learner's own record (each once, with the date it was earned); calling it again changes nothing more.",
  input: z.object({ courseId: CourseId }),
  output: AchievementsView,
  run: ({ courseId }, ctx) => getAchievements(ctx.deps.learning, learnerOf(ctx), courseId),
  text: (a) => `${a.earned} of ${a.total} achievements earned.${a.next.length ? ` Next: ${a.next.join(', ')}.` : ''}`,
});
