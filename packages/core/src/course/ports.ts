import type { Course } from './model.ts';

/** Where courses come from. Implemented by @cc/content (filesystem or S3/R2 with a version-keyed cache). */
export interface CourseCatalog {
  /** Every loadable course, current version. */
  list(): Promise<Course[]>;
  /** The current version of one course, or undefined when there is no such course. */
  get(courseId: string): Promise<Course | undefined>;
}

export interface SearchHit {
  courseId: string;
  chapterId: string;
  stepId: string;
  stepTitle: string;
  anchor: string;
  heading: string;
  /** Plain-text excerpt around the match. */
  snippet: string;
  /** [start, end) character offsets of matched terms inside `snippet`. */
  highlights: [number, number][];
  rank: number;
}

/** A glossary term or an error/misconception entry that matches a query. */
export interface ReferenceHit {
  courseId: string;
  kind: 'term' | 'mistake';
  entryId: string;
  title: string;
  /** Plain-text excerpt of the definition, or of the meaning and fix. */
  snippet: string;
  highlights: [number, number][];
  rank: number;
}

/** Full-text index over step sections, glossary terms and catalogue entries. Implemented by @cc/db (PostgreSQL / PGlite). */
export interface SearchIndex {
  /** Make the index hold exactly this version of the course (idempotent; no-op when already indexed). */
  ensureIndexed(course: Course): Promise<void>;
  search(query: string, options: { courseId?: string; limit: number }): Promise<SearchHit[]>;
  searchReference(query: string, options: { courseId?: string; limit: number }): Promise<ReferenceHit[]>;
}
