// The course's reference material: the glossary (terms, aliases, definitions) and the catalogue of
// common errors and misconceptions, each linked to the steps that teach it. Look-ups forgive
// case, accents, plurals and small typos, and match aliases as well as terms.
import { z } from 'zod';
import { NotFound } from '../errors.ts';
import type { CatalogueEntry, Course, GlossaryTerm } from './model.ts';
import { requireCourse, type CourseDeps } from './navigation.ts';
import { contentWords, nameScore, overlapScore, words } from './fuzzy.ts';
import { StepRefView } from './views.ts';

export const GlossaryMatchView = z.object({
  id: z.string(),
  term: z.string(),
  aliases: z.array(z.string()),
  definition: z.string(),
  score: z.number().min(0).max(1).nullable().describe('How well the query matched (1 = exactly); null when listing'),
  matchedOn: z.string().nullable().describe('The term or alias the query matched; null when listing'),
});
export type GlossaryMatchView = z.infer<typeof GlossaryMatchView>;

export const GlossaryListView = z.object({
  courseId: z.string(),
  query: z.string().nullable(),
  terms: z.array(GlossaryMatchView),
});
export type GlossaryListView = z.infer<typeof GlossaryListView>;

export const GlossaryEntryView = z.object({
  courseId: z.string(),
  id: z.string(),
  term: z.string(),
  aliases: z.array(z.string()),
  definition: z.string(),
  steps: z.array(StepRefView).describe('The steps that teach the term, in reading order'),
  seeAlso: z.array(z.object({ id: z.string(), term: z.string() })),
});
export type GlossaryEntryView = z.infer<typeof GlossaryEntryView>;

const MistakeKind = z.enum(['error', 'misconception']);

export const MistakeMatchView = z.object({
  id: z.string(),
  kind: MistakeKind,
  title: z.string(),
  symptom: z.string(),
  tags: z.array(z.string()),
  score: z.number().min(0).max(1).nullable().describe('How well the query matched; null when listing'),
});
export type MistakeMatchView = z.infer<typeof MistakeMatchView>;

export const MistakeListView = z.object({
  courseId: z.string(),
  query: z.string().nullable(),
  entries: z.array(MistakeMatchView),
});
export type MistakeListView = z.infer<typeof MistakeListView>;

export const MistakeEntryView = z.object({
  courseId: z.string(),
  id: z.string(),
  kind: MistakeKind,
  title: z.string(),
  symptom: z.string(),
  meaning: z.string(),
  fix: z.string(),
  tags: z.array(z.string()),
  steps: z.array(StepRefView).describe('The steps that cover it, in reading order'),
});
export type MistakeEntryView = z.infer<typeof MistakeEntryView>;

/** Below this a glossary candidate is not worth showing. */
const MIN_TERM_SCORE = 0.5;
const MIN_MISTAKE_SCORE = 0.34;

function stepRefs(course: Course, stepIds: readonly string[]) {
  const wanted = new Set(stepIds);
  return course.steps.filter((s) => wanted.has(s.id)).map((s) => ({ id: s.id, chapterId: s.chapterId, title: s.title }));
}

const termMatch = (t: GlossaryTerm, score: number | null, matchedOn: string | null): GlossaryMatchView => ({
  id: t.id,
  term: t.term,
  aliases: t.aliases,
  definition: t.definition,
  score,
  matchedOn,
});

/** The glossary, alphabetically; with a query, the terms it names best first (aliases and ids count, typos forgiven). */
export async function lookupGlossary(deps: CourseDeps, courseId: string, query?: string, limit = 10): Promise<GlossaryListView> {
  const course = await requireCourse(deps, courseId);
  const q = query?.trim();
  if (!q) {
    const terms = [...course.glossary].sort((a, b) => a.term.localeCompare(b.term)).slice(0, limit).map((t) => termMatch(t, null, null));
    return { courseId: course.id, query: null, terms };
  }
  const scored = course.glossary
    .map((t) => {
      let best = { score: 0, on: t.term };
      for (const name of [t.term, ...t.aliases, t.id]) {
        const score = nameScore(q, name);
        if (score > best.score) best = { score, on: name === t.id ? t.term : name };
      }
      return { t, ...best };
    })
    .filter((m) => m.score >= MIN_TERM_SCORE)
    .sort((a, b) => b.score - a.score || a.t.term.localeCompare(b.t.term));
  return { courseId: course.id, query: q, terms: scored.slice(0, limit).map((m) => termMatch(m.t, Math.round(m.score * 100) / 100, m.on)) };
}

/** One glossary term with the steps that teach it and related terms. */
export async function getGlossaryTerm(deps: CourseDeps, courseId: string, termId: string): Promise<GlossaryEntryView> {
  const course = await requireCourse(deps, courseId);
  const term = course.glossary.find((t) => t.id === termId);
  if (!term) throw new NotFound('glossary term', `${course.id}/${termId}`);
  const byId = new Map(course.glossary.map((t) => [t.id, t]));
  return {
    courseId: course.id,
    id: term.id,
    term: term.term,
    aliases: term.aliases,
    definition: term.definition,
    steps: stepRefs(course, term.stepIds),
    seeAlso: term.seeAlso.flatMap((id) => {
      const other = byId.get(id);
      return other ? [{ id: other.id, term: other.term }] : [];
    }),
  };
}

const mistakeMatch = (e: CatalogueEntry, score: number | null): MistakeMatchView => ({
  id: e.id,
  kind: e.kind,
  title: e.title,
  symptom: e.symptom,
  tags: e.tags,
  score,
});

/**
 * The catalogue of errors and misconceptions; with a query (an error message, a symptom, a belief),
 * the entries that share the most of its words, best first.
 */
export async function lookupMistakes(
  deps: CourseDeps,
  courseId: string,
  options: { query?: string; kind?: 'error' | 'misconception'; limit?: number } = {},
): Promise<MistakeListView> {
  const course = await requireCourse(deps, courseId);
  const limit = options.limit ?? 10;
  const pool = course.catalogue.filter((e) => !options.kind || e.kind === options.kind);
  const q = options.query?.trim();
  if (!q) return { courseId: course.id, query: null, entries: pool.slice(0, limit).map((e) => mistakeMatch(e, null)) };
  const query = contentWords(q);
  const scored = pool
    .map((e) => {
      const byName = Math.max(nameScore(q, e.title), nameScore(q, e.id));
      const overlap = overlapScore(query, [
        { words: new Set([...words(e.title), ...e.tags.flatMap(words)]), weight: 1 },
        { words: contentWords(e.symptom), weight: 0.8 },
        { words: contentWords(e.meaning), weight: 0.5 },
      ]);
      return { e, score: Math.max(byName, overlap) };
    })
    .filter((m) => m.score >= MIN_MISTAKE_SCORE)
    .sort((a, b) => b.score - a.score || a.e.title.localeCompare(b.e.title));
  return { courseId: course.id, query: q, entries: scored.slice(0, limit).map((m) => mistakeMatch(m.e, Math.round(m.score * 100) / 100)) };
}

/** One error or misconception: what it looks like, what it means, the fix, and the steps that cover it. */
export async function getMistake(deps: CourseDeps, courseId: string, entryId: string): Promise<MistakeEntryView> {
  const course = await requireCourse(deps, courseId);
  const entry = course.catalogue.find((e) => e.id === entryId);
  if (!entry) throw new NotFound('catalogue entry', `${course.id}/${entryId}`);
  return {
    courseId: course.id,
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    symptom: entry.symptom,
    meaning: entry.meaning,
    fix: entry.fix,
    tags: entry.tags,
    steps: stepRefs(course, entry.stepIds),
  };
}
