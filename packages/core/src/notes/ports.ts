// What bookmarks and notes need from storage. Implemented by @cc/db. Every method takes the
// learnerId and filters by it: another learner's id is simply not found.
import type { LearningEvent } from '../learner/events.ts';

export interface BookmarkRecord {
  id: string;
  learnerId: string;
  courseId: string;
  stepId: string;
  /** '' for the whole step. */
  anchor: string;
  createdAt: string;
}

export interface StoredHighlight {
  sectionAnchor: string | null;
  quote: string;
  start: number;
  end: number;
}

export interface NoteRecord {
  id: string;
  learnerId: string;
  courseId: string;
  stepId: string;
  markdown: string;
  highlight: StoredHighlight | null;
  /** The course version the note (and its offsets) was written against. */
  courseVersion: string;
  createdAt: string;
  updatedAt: string;
}

export interface NotesStore {
  /**
   * Inserts, or returns the existing bookmark on the same (course, step, anchor): `created` false.
   * `recorded` is appended to the learning record in the same statement, only when the bookmark is
   * created: a bookmark never exists without its event, nor an event without its bookmark.
   */
  addBookmark(bookmark: BookmarkRecord, recorded: LearningEvent): Promise<{ created: boolean; bookmark: BookmarkRecord }>;
  /** Newest first; every course when courseId is omitted. */
  listBookmarks(learnerId: string, courseId?: string): Promise<BookmarkRecord[]>;
  removeBookmark(learnerId: string, bookmarkId: string): Promise<boolean>;
  addNote(note: NoteRecord): Promise<void>;
  getNote(learnerId: string, noteId: string): Promise<NoteRecord | undefined>;
  /** Newest (by update) first. `words`: each must appear in the Markdown or the quote, case-insensitively. */
  listNotes(learnerId: string, filter: { courseId?: string; stepId?: string; words?: string[]; limit: number }): Promise<NoteRecord[]>;
  updateNote(learnerId: string, noteId: string, markdown: string, at: string): Promise<NoteRecord | undefined>;
  deleteNote(learnerId: string, noteId: string): Promise<boolean>;
}
