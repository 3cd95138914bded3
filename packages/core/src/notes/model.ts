// Bookmarks, notes and highlights: the learner's own traces on a course. Zod schemas here are the
// single source for both doors (REST bodies and views, MCP inputs and outputs).
import { z } from 'zod';

/** Notes are Markdown of at most this many characters (Unicode code points). */
export const MAX_NOTE_CHARS = 10_000;
/** A highlighted passage quotes at most this many characters. */
export const MAX_QUOTE_CHARS = 2_000;
export const MAX_ANCHOR_CHARS = 200;
export const MAX_SEARCH_CHARS = 200;

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9, single hyphens)');
const anchor = z
  .string()
  .min(1)
  .max(MAX_ANCHOR_CHARS)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'a heading anchor: letters, digits, hyphens and underscores');

export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export const NoteMarkdown = z
  .string()
  .refine((s) => s.trim().length > 0, 'a note must not be empty')
  .refine((s) => codePoints(s) <= MAX_NOTE_CHARS, `a note has at most ${MAX_NOTE_CHARS} characters`)
  .describe(`Markdown, 1 to ${MAX_NOTE_CHARS} characters`);

export const BookmarkInput = z.strictObject({
  courseId: slug,
  stepId: slug,
  anchor: anchor.optional().describe("A heading anchor of the step (from the step's sections); omit for the whole step"),
});
export type BookmarkInput = z.infer<typeof BookmarkInput>;

export const HighlightInput = z.strictObject({
  sectionAnchor: anchor
    .nullable()
    .describe("The heading anchor of the section holding the passage (from the step's sections), or null; a passage is re-anchored only inside its section"),
  quote: z.string().min(1).max(MAX_QUOTE_CHARS).describe("The highlighted text, exactly as it appears in the step's Markdown"),
  start: z.number().int().min(0).describe("Offset of the quote's first character in the step's `markdown` (UTF-16 code units, as in JavaScript)"),
  end: z.number().int().min(1).describe('Offset just past its last character'),
});
export type HighlightInput = z.infer<typeof HighlightInput>;

export const NoteInput = z.strictObject({
  courseId: slug,
  stepId: slug,
  markdown: NoteMarkdown,
  highlight: HighlightInput.optional().describe('The passage the note is about, if any'),
});
export type NoteInput = z.infer<typeof NoteInput>;

export const NoteUpdate = z.strictObject({ markdown: NoteMarkdown });
export type NoteUpdate = z.infer<typeof NoteUpdate>;

const StepOfTrace = z.object({
  courseId: z.string(),
  stepId: z.string(),
  stepTitle: z.string().nullable().describe('null when the step is no longer in the course'),
});

export const BookmarkView = StepOfTrace.extend({
  id: z.uuid(),
  anchor: z.string().nullable(),
  heading: z.string().nullable().describe("The anchored section's heading now; null for the whole step or a section that is gone"),
  createdAt: z.string(),
});
export type BookmarkView = z.infer<typeof BookmarkView>;

export const BookmarkAdded = z.object({
  created: z.boolean().describe('false: the learner already had this bookmark (returned unchanged)'),
  bookmark: BookmarkView,
});
export type BookmarkAdded = z.infer<typeof BookmarkAdded>;

export const BookmarkList = z.object({ courseId: z.string(), bookmarks: z.array(BookmarkView) });
export type BookmarkList = z.infer<typeof BookmarkList>;

export const HighlightView = z.object({
  sectionAnchor: z.string().nullable(),
  quote: z.string(),
  start: z.number().int().describe('Where the quote is in the current content (re-anchored after an edit); the stored offset when stale'),
  end: z.number().int(),
  status: z
    .enum(['anchored', 'moved', 'stale'])
    .describe('anchored: found where it was; moved: found nearby after a content edit (offsets re-anchored); stale: the passage was edited or removed'),
});
export type HighlightView = z.infer<typeof HighlightView>;

export const NoteView = StepOfTrace.extend({
  id: z.uuid(),
  markdown: z.string(),
  highlight: HighlightView.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NoteView = z.infer<typeof NoteView>;

export const NoteList = z.object({
  notes: z.array(NoteView),
  query: z.string().nullable().describe('The search words, when this is a search'),
});
export type NoteList = z.infer<typeof NoteList>;

export const NoteFilter = z.strictObject({
  courseId: slug.optional(),
  stepId: slug.optional(),
  q: z.string().max(MAX_SEARCH_CHARS).optional().describe('Words that must all appear in the note or its quote (case-insensitive)'),
  limit: z.number().int().min(1).max(200).default(50),
});
export type NoteFilter = z.input<typeof NoteFilter>;

export const Deleted = z.object({ id: z.uuid(), deleted: z.literal(true) });
export type Deleted = z.infer<typeof Deleted>;

/** The learner's notes and bookmarks as one JSON document (data export). */
export const NotesExport = z.object({
  format: z.literal('course-companion.notes/1'),
  learnerId: z.string(),
  exportedAt: z.string(),
  bookmarks: z.array(BookmarkView),
  notes: z.array(NoteView),
});
export type NotesExport = z.infer<typeof NotesExport>;
