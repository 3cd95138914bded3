import type { ColumnType, GeneratedAlways } from 'kysely';

/** The database as Kysely sees it. Add a table here together with the migration that creates it. */
export interface Schema {
  course_index: CourseIndexTable;
  search_section: SearchSectionTable;
}

export interface CourseIndexTable {
  course_id: string;
  /** The `Course.version` whose sections `search_section` currently holds. */
  version: string;
  indexed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SearchSectionTable {
  course_id: string;
  /** Reading-order ordinal of the section within its course (steps in order, then sections). */
  position: number;
  chapter_id: string;
  step_id: string;
  step_title: string;
  anchor: string;
  heading: string;
  depth: number;
  /** The section's Markdown converted to plain text. */
  body: string;
  tsv: GeneratedAlways<string>;
}
