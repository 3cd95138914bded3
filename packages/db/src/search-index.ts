import { sql, type Insertable, type Kysely } from 'kysely';
import type { Course, ReferenceHit, SearchHit, SearchIndex } from '@cc/core';
import { markdownToPlainText, stripControlChars } from './markdown-text.ts';
import type { Schema, SearchReferenceTable, SearchSectionTable } from './schema.ts';
import { GT_STAND_IN, LT_STAND_IN, parseHeadline, START_SEL, STOP_SEL } from './snippet.ts';

/** Longer queries are cut to this many UTF-16 code units. */
export const MAX_QUERY_LENGTH = 1000;
/** `limit` is clamped to this. */
export const MAX_SEARCH_LIMIT = 100;

/** First key of the two-key advisory lock taken while (re)indexing a course; the second is hashtext(course_id). */
const INDEX_LOCK_NAMESPACE = 0x63630001;
/** Rows per INSERT: 9 parameters a row stays far below PostgreSQL's 65,535-parameter limit. */
const INSERT_BATCH = 500;
/** Search results kept per process (each a handful of passages). */
const SEARCH_CACHE_ENTRIES = 500;

const HEADLINE_OPTIONS = [
  `StartSel="${START_SEL}"`,
  `StopSel="${STOP_SEL}"`,
  'MaxWords=20',
  'MinWords=8',
  'ShortWord=3',
  'MaxFragments=2',
  'FragmentDelimiter=" … "',
].join(', ');

export class PgSearchIndex implements SearchIndex {
  readonly #db: Kysely<Schema>;
  /**
   * Versions this process saw indexed, and when. Only a cache: the database stays the truth, and
   * it is asked again after `recheckMs`, so a replica notices when another one re-indexed.
   */
  readonly #seen = new Map<string, { version: string; at: number }>();
  readonly #recheckMs: number;
  /**
   * Results per (indexed versions, query, course, limit), least recently used first. The key
   * names the content versions, so a new version never meets old results; an entry also expires
   * after `recheckMs`, like #seen, so this process's staleness is bounded the same way.
   */
  readonly #results = new Map<string, { hits: SearchHit[]; at: number }>();

  constructor(db: Kysely<Schema>, options: { recheckMs?: number } = {}) {
    this.#db = db;
    this.#recheckMs = options.recheckMs ?? 10_000;
  }

  async ensureIndexed(course: Course): Promise<void> {
    const seen = this.#seen.get(course.id);
    if (seen?.version === course.version && performance.now() - seen.at < this.#recheckMs) return;
    await this.#ensureIndexed(course);
    this.#seen.set(course.id, { version: course.version, at: performance.now() });
  }

  async #ensureIndexed(course: Course): Promise<void> {
    if ((await indexedVersion(this.#db, course.id)) === course.version) return;
    const rows = sectionRows(course);
    await this.#db.transaction().execute(async (trx) => {
      // Replicas indexing the same course queue here; the loser then sees the winner's version.
      await sql`select pg_advisory_xact_lock(${sql.lit(INDEX_LOCK_NAMESPACE)}, hashtext(${course.id}))`.execute(trx);
      if ((await indexedVersion(trx, course.id)) === course.version) return;
      await trx.deleteFrom('search_section').where('course_id', '=', course.id).execute();
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await trx
          .insertInto('search_section')
          .values(rows.slice(i, i + INSERT_BATCH))
          .execute();
      }
      await trx.deleteFrom('search_reference').where('course_id', '=', course.id).execute();
      const references = referenceRows(course);
      for (let i = 0; i < references.length; i += INSERT_BATCH) {
        await trx
          .insertInto('search_reference')
          .values(references.slice(i, i + INSERT_BATCH))
          .execute();
      }
      await trx
        .insertInto('course_index')
        .values({ course_id: course.id, version: course.version, indexed_at: sql`now()` })
        .onConflict((oc) => oc.column('course_id').doUpdateSet({ version: course.version, indexed_at: sql`now()` }))
        .execute();
    });
  }

  /** Glossary terms and errors/misconceptions of the indexed versions that match `query`, best first. */
  searchReference(query: string, options: { courseId?: string; limit: number }): Promise<ReferenceHit[]> {
    return searchReferenceRows(this.#db, query, options);
  }

  async search(query: string, options: { courseId?: string; limit: number }): Promise<SearchHit[]> {
    const text = stripControlChars(query.slice(0, MAX_QUERY_LENGTH));
    const limit = Math.min(Math.floor(options.limit), MAX_SEARCH_LIMIT);
    // websearch_to_tsquery ignores everything but letters and digits; skip the round trip.
    if (!(limit > 0) || !/[\p{L}\p{N}]/u.test(text)) return [];

    const key = this.#resultKey(text, options.courseId, limit);
    const cached = key === undefined ? undefined : this.#results.get(key);
    if (key !== undefined && cached) {
      this.#results.delete(key);
      if (performance.now() - cached.at < this.#recheckMs) {
        this.#results.set(key, cached);
        return cached.hits;
      }
    }
    const hits = await this.#search(text, options.courseId, limit);
    if (key !== undefined) {
      this.#results.set(key, { hits, at: performance.now() });
      if (this.#results.size > SEARCH_CACHE_ENTRIES) this.#results.delete(this.#results.keys().next().value!);
    }
    return hits;
  }

  /** Undefined (no caching) while this process has not seen the version it would search. */
  #resultKey(text: string, courseId: string | undefined, limit: number): string | undefined {
    let versions: string[];
    if (courseId !== undefined) {
      const seen = this.#seen.get(courseId);
      if (!seen) return undefined;
      versions = [`${courseId}@${seen.version}`];
    } else {
      if (this.#seen.size === 0) return undefined;
      versions = [...this.#seen].map(([id, seen]) => `${id}@${seen.version}`).sort();
    }
    return JSON.stringify([versions, courseId ?? null, limit, text]);
  }

  async #search(text: string, courseId: string | undefined, limit: number): Promise<SearchHit[]> {
    const options = { courseId };
    const tsquery = sql<string>`websearch_to_tsquery('english', ${text})`;
    const ranked = this.#db
      .selectFrom('search_section as s')
      .select([
        's.course_id',
        's.chapter_id',
        's.step_id',
        's.step_title',
        's.anchor',
        's.heading',
        's.position',
        's.body',
        sql<number>`ts_rank_cd(s.tsv, ${tsquery})`.as('rank'),
      ])
      .where(sql<boolean>`s.tsv @@ ${tsquery}`)
      .$if(options.courseId !== undefined, (qb) => qb.where('s.course_id', '=', options.courseId ?? ''))
      .orderBy('rank', 'desc')
      .orderBy('s.course_id')
      .orderBy('s.position')
      .limit(limit);

    // ts_headline is the expensive part, so it runs on the top `limit` rows only.
    const rows = await this.#db
      .selectFrom(ranked.as('r'))
      .select([
        'r.course_id',
        'r.chapter_id',
        'r.step_id',
        'r.step_title',
        'r.anchor',
        'r.heading',
        'r.rank',
        sql<string>`ts_headline('english', translate(r.body, '<>', ${LT_STAND_IN + GT_STAND_IN}), ${tsquery}, ${HEADLINE_OPTIONS})`.as('headline'),
      ])
      .orderBy('r.rank', 'desc')
      .orderBy('r.course_id')
      .orderBy('r.position')
      .execute();

    return rows.map((row) => ({
      courseId: row.course_id,
      chapterId: row.chapter_id,
      stepId: row.step_id,
      stepTitle: row.step_title,
      anchor: row.anchor,
      heading: row.heading,
      ...parseHeadline(row.headline),
      rank: Number(row.rank),
    }));
  }
}

/** The same query over glossary terms and catalogue entries. */
async function searchReferenceRows(db: Kysely<Schema>, query: string, options: { courseId?: string; limit: number }): Promise<ReferenceHit[]> {
  const text = stripControlChars(query.slice(0, MAX_QUERY_LENGTH));
  const limit = Math.min(Math.floor(options.limit), MAX_SEARCH_LIMIT);
  if (!(limit > 0) || !/[\p{L}\p{N}]/u.test(text)) return [];
  const tsquery = sql<string>`websearch_to_tsquery('english', ${text})`;
  // The query is a glossary term's name or alias (any case and spacing): that term comes first,
  // however often a mistake's text repeats the words.
  const exactName = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const exact = sql<boolean>`(r.kind = 'term' and (lower(r.title) = ${exactName} or ${exactName} = any(string_to_array(lower(r.keywords), chr(10)))))`;
  const ranked = db
    .selectFrom('search_reference as r')
    .select(['r.course_id', 'r.kind', 'r.entry_id', 'r.title', 'r.body', exact.as('exact'), sql<number>`ts_rank_cd(r.tsv, ${tsquery})`.as('rank')])
    .where(sql<boolean>`r.tsv @@ ${tsquery}`)
    .$if(options.courseId !== undefined, (qb) => qb.where('r.course_id', '=', options.courseId ?? ''))
    .orderBy('exact', 'desc')
    .orderBy('rank', 'desc')
    .orderBy('r.course_id')
    .orderBy('r.kind')
    .orderBy('r.entry_id')
    .limit(limit);
  const rows = await db
    .selectFrom(ranked.as('x'))
    .select([
      'x.course_id',
      'x.kind',
      'x.entry_id',
      'x.title',
      'x.rank',
      sql<string>`ts_headline('english', translate(x.body, '<>', ${LT_STAND_IN + GT_STAND_IN}), ${tsquery}, ${HEADLINE_OPTIONS})`.as('headline'),
    ])
    .orderBy('x.exact', 'desc')
    .orderBy('x.rank', 'desc')
    .orderBy('x.course_id')
    .orderBy('x.kind')
    .orderBy('x.entry_id')
    .execute();
  return rows.map((row) => ({
    courseId: row.course_id,
    kind: row.kind,
    entryId: row.entry_id,
    title: row.title,
    ...parseHeadline(row.headline),
    rank: Number(row.rank),
  }));
}

async function indexedVersion(db: Kysely<Schema>, courseId: string): Promise<string | undefined> {
  const row = await db.selectFrom('course_index').select('version').where('course_id', '=', courseId).executeTakeFirst();
  return row?.version;
}

/** One row per step section, numbered in reading order. */
function sectionRows(course: Course): Insertable<SearchSectionTable>[] {
  const rows: Insertable<SearchSectionTable>[] = [];
  for (const step of course.steps) {
    for (const section of step.sections) {
      rows.push({
        course_id: course.id,
        position: rows.length,
        chapter_id: step.chapterId,
        step_id: step.id,
        step_title: stripControlChars(step.title),
        anchor: section.anchor,
        heading: stripControlChars(section.heading),
        depth: section.depth,
        body: markdownToPlainText(section.markdown),
      });
    }
  }
  return rows;
}

/** One row per glossary term and per catalogue entry. */
function referenceRows(course: Course): Insertable<SearchReferenceTable>[] {
  const clean = (parts: readonly string[]) => stripControlChars(parts.filter(Boolean).join('\n'));
  return [
    ...course.glossary.map((t) => ({
      course_id: course.id,
      kind: 'term' as const,
      entry_id: t.id,
      title: stripControlChars(t.term),
      keywords: clean(t.aliases),
      body: markdownToPlainText(t.definition),
    })),
    ...course.catalogue.map((e) => ({
      course_id: course.id,
      kind: 'mistake' as const,
      entry_id: e.id,
      title: stripControlChars(e.title),
      keywords: clean([e.symptom, ...e.tags]),
      body: markdownToPlainText(`${e.meaning}\n\n${e.fix}`),
    })),
  ];
}
