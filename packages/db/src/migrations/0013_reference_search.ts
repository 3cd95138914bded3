import { sql, type Kysely } from 'kysely';

/**
 * Glossary terms and the catalogue of errors and misconceptions in the full-text index, beside the
 * step sections (issue 10). One row per entry of a course's current version, replaced with its
 * sections when the course is re-indexed. The indexed versions are forgotten here, so every course
 * is re-indexed (sections and entries) on its next load or search.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_reference')
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('term', 'mistake')`))
    .addColumn('entry_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    // Aliases, tags and the symptom: words a learner searches with, weighted like the title.
    .addColumn('keywords', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('tsv', sql`tsvector`, (col) =>
      col
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', keywords), 'A') || setweight(to_tsvector('english', body), 'B')`,
        )
        .stored(),
    )
    .addPrimaryKeyConstraint('search_reference_pkey', ['course_id', 'kind', 'entry_id'])
    .execute();
  await db.schema.createIndex('search_reference_tsv_idx').on('search_reference').using('gin').column('tsv').execute();
  await sql`delete from course_index`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_reference').execute();
  await sql`delete from course_index`.execute(db);
}
