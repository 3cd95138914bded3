// Browsing without an account: the courses, an outline, search with citations, the glossary and
// the catalogue of common errors and misconceptions.
import * as z from 'zod';
import {
  CourseSummaryView,
  getGlossaryTerm,
  getLearner,
  getMistake,
  getOutline,
  GlossaryEntryView,
  GlossaryMatchView,
  listCourses,
  lookupGlossary,
  lookupMistakes,
  MistakeEntryView,
  MistakeMatchView,
  OutlineView,
  ReferenceHitView,
  SearchHitView,
  searchCourses,
} from '@cc/core';
import { CourseId, Limit } from '../inputs.ts';
import { defineTool, READ } from '../tool.ts';

const readsCourses = 'Reads published course content; changes nothing and calls nothing outside Course Companion.';

export const listCoursesTool = defineTool({
  name: 'list_courses',
  title: 'List courses',
  description: 'Every course Course Companion serves: id, title, summary, chapter and step counts, estimated minutes. Start here to find a course id.',
  access: 'public',
  hints: READ,
  hintsWhy: readsCourses,
  input: z.object({}),
  output: z.object({ courses: z.array(CourseSummaryView) }),
  run: async (_args, ctx) => ({ courses: await listCourses(ctx.deps.learning) }),
  text: ({ courses }) => `${courses.length} course(s): ${courses.map((c) => `${c.title} (${c.id})`).join(', ')}.`,
});

export const getOutlineTool = defineTool({
  name: 'get_course_outline',
  title: 'Get course outline',
  description:
    "A course's chapters and steps in reading order: step ids, kinds, minutes, level, access (free or premium), prerequisites, and each step's quizId (its quick check or checkpoint).",
  access: 'public',
  hints: READ,
  hintsWhy: readsCourses,
  input: z.object({ courseId: CourseId }),
  output: OutlineView,
  run: async ({ courseId }, ctx) => getOutline(ctx.deps.learning, courseId),
  text: (o) => `${o.course.title}: ${o.chapters.length} chapters, ${o.course.stepCount} steps, about ${o.course.minutes} minutes.`,
});

const CitedHit = SearchHitView.extend({ citation: z.string().describe('Cite as: course/step#section') });

export const searchTool = defineTool({
  name: 'search_course',
  title: 'Search course content',
  description:
    'Full-text search over the step sections, the glossary and the common errors and misconceptions of one course or all courses. Returns ranked passages with their step and section for citation, and matching glossary terms and errors/misconceptions (references) with their citation and the steps that teach them. Answer only from these passages and references and cite them. A premium passage the caller cannot open comes with premium: true and an empty snippet: cite its title, and say it needs a premium plan.',
  access: 'public',
  hints: READ,
  hintsWhy: readsCourses,
  input: z.object({
    query: z.string().trim().min(1).max(200).describe('Words or "quoted phrases"; -word excludes'),
    courseId: CourseId.optional(),
    limit: Limit(20, 5),
  }),
  output: z.object({ query: z.string(), hits: z.array(CitedHit), references: z.array(ReferenceHitView) }),
  async run({ query, courseId, limit }, ctx) {
    // Premium passages show their text only to a learner whose tier opens them (as on REST).
    const tier = ctx.learnerId === undefined ? undefined : (await getLearner(ctx.deps.learning, ctx.learnerId)).tier;
    const result = await searchCourses({ catalog: ctx.deps.learning.catalog, search: ctx.deps.search }, query, {
      limit,
      ...(courseId && { courseId }),
      ...(tier && { tier }),
    });
    return {
      query: result.query,
      hits: result.hits.map((h) => ({ ...h, citation: `${h.courseId}/${h.stepId}${h.anchor ? `#${h.anchor}` : ''}` })),
      references: result.references,
    };
  },
  text: ({ hits, references, query }) =>
    hits.length + references.length === 0
      ? `No passage matches "${query}". Say so rather than answering from memory.`
      : `${hits.length} passage(s) and ${references.length} glossary/error reference(s) for "${query}"; cite them by their citation.`,
});

export const lookupTermTool = defineTool({
  name: 'lookup_term',
  title: 'Look up a glossary term',
  description:
    "Looks a term up in a course's glossary (aliases, plurals and small typos are forgiven). Returns the best entry, its definition and the steps that teach it, and other close matches.",
  access: 'public',
  hints: READ,
  hintsWhy: readsCourses,
  input: z.object({ courseId: CourseId, term: z.string().trim().min(1).max(100).describe('The term as the learner wrote it') }),
  output: z.object({ query: z.string(), best: GlossaryEntryView.nullable(), matches: z.array(GlossaryMatchView) }),
  async run({ courseId, term }, ctx) {
    const found = await lookupGlossary(ctx.deps.learning, courseId, term, 5);
    const top = found.terms[0];
    return { query: term, best: top ? await getGlossaryTerm(ctx.deps.learning, courseId, top.id) : null, matches: found.terms };
  },
  text: ({ best, query }) => (best ? `${best.term}: ${best.definition}` : `"${query}" is not in this course's glossary.`),
});

export const lookupMistakeTool = defineTool({
  name: 'lookup_mistake',
  title: 'Look up an error or misconception',
  description:
    "Matches an error message, a symptom or a belief against the course's catalogue of common errors and misconceptions. Returns the best entry (symptom, meaning, fix, steps that cover it) and other candidates. Use it before explaining an error.",
  access: 'public',
  hints: READ,
  hintsWhy: readsCourses,
  input: z.object({
    courseId: CourseId,
    query: z.string().trim().min(1).max(1000).describe('The error message or what the learner believes or observes'),
    kind: z.enum(['error', 'misconception']).optional(),
  }),
  output: z.object({ query: z.string(), best: MistakeEntryView.nullable(), matches: z.array(MistakeMatchView) }),
  async run({ courseId, query, kind }, ctx) {
    const found = await lookupMistakes(ctx.deps.learning, courseId, { query, limit: 5, ...(kind && { kind }) });
    const top = found.entries[0];
    return { query, best: top ? await getMistake(ctx.deps.learning, courseId, top.id) : null, matches: found.entries };
  },
  text: ({ best }) => (best ? `Closest entry: ${best.title} (${best.kind}).` : 'No catalogue entry matches; do not invent one.'),
});
