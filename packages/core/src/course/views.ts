// What the doors return for courses and steps. One zod schema per shape: the
// REST door turns them into OpenAPI, the MCP door into tool output schemas.
import { z } from 'zod';

const slug = z.string();

export const StepRefView = z.object({
  id: slug,
  chapterId: slug,
  title: z.string(),
});
export type StepRefView = z.infer<typeof StepRefView>;

export const CourseSummaryView = z.object({
  id: slug,
  title: z.string(),
  summary: z.string(),
  language: z.string(),
  version: z.string().describe('Content hash of the bundle currently served'),
  authorVersion: z.string(),
  tags: z.array(z.string()),
  chapterCount: z.number().int(),
  stepCount: z.number().int(),
  minutes: z.number().int().describe('Estimated minutes for all core steps'),
});
export type CourseSummaryView = z.infer<typeof CourseSummaryView>;

export const OutlineStepView = z.object({
  id: slug,
  title: z.string(),
  kind: z.enum(['lesson', 'exercise', 'checkpoint', 'reading']),
  minutes: z.number().int(),
  level: z.enum(['core', 'optional', 'deep-dive']),
  audience: z.enum(['all', 'beginner', 'advanced']),
  concepts: z.array(z.string()),
  hasQuiz: z.boolean(),
  quizId: slug.nullable().describe("The step's quiz (a lesson's quick check or a checkpoint), to start an attempt with"),
});

export const PrerequisiteView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), stepId: slug, minScore: z.number().optional() }),
  z.object({ type: z.literal('chapter'), chapterId: slug, minCompletion: z.number() }),
]);

export const OutlineChapterView = z.object({
  id: slug,
  title: z.string(),
  summary: z.string().optional(),
  access: z.enum(['free', 'premium']),
  objectives: z.array(z.string()),
  prerequisites: z.array(PrerequisiteView),
  minutes: z.number().int(),
  steps: z.array(OutlineStepView),
});

export const OutlineView = z.object({
  course: CourseSummaryView,
  chapters: z.array(OutlineChapterView),
});
export type OutlineView = z.infer<typeof OutlineView>;

export const StepView = z.object({
  courseId: slug,
  courseVersion: z.string(),
  chapter: z.object({ id: slug, title: z.string(), access: z.enum(['free', 'premium']) }),
  step: OutlineStepView.extend({
    position: z.number().int().describe('1-based position in the course'),
    wordCount: z.number().int(),
  }),
  markdown: z.string().describe('The step body, verbatim as authored'),
  sections: z.array(z.object({ anchor: z.string(), heading: z.string(), depth: z.number().int() })),
  blocks: z.array(
    z.object({
      audience: z.enum(['all', 'beginner', 'advanced']),
      title: z.string().optional(),
      markdown: z.string(),
    }),
  ),
  previous: StepRefView.nullable(),
  next: StepRefView.nullable(),
});
export type StepView = z.infer<typeof StepView>;

export const NeighboursView = z.object({
  current: StepRefView,
  previous: StepRefView.nullable(),
  next: StepRefView.nullable(),
});
export type NeighboursView = z.infer<typeof NeighboursView>;

export const SearchHitView = z.object({
  courseId: slug,
  chapterId: slug,
  stepId: slug,
  stepTitle: z.string(),
  anchor: z.string(),
  heading: z.string(),
  /** The passage is in a premium chapter. */
  premium: z.boolean(),
  /** Plain-text excerpt; empty for a premium passage the caller may not open (citation and title only). */
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  rank: z.number(),
});

/** A glossary term or a common error/misconception that matches the query, with where to read more. */
export const ReferenceHitView = z.object({
  courseId: slug,
  kind: z.enum(['term', 'mistake']),
  entryId: slug,
  title: z.string(),
  /** Plain-text excerpt of the definition, or of the meaning and fix. */
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  rank: z.number(),
  /** Cite as: course/glossary/term or course/mistakes/entry (the REST path of the whole entry). */
  citation: z.string(),
  /** The steps that teach it, in reading order. */
  steps: z.array(StepRefView),
});
export type ReferenceHitView = z.infer<typeof ReferenceHitView>;

export const SearchResultView = z.object({
  query: z.string(),
  hits: z.array(SearchHitView),
  /** Glossary terms and errors/misconceptions that match, best first (always open: reference material is free). */
  references: z.array(ReferenceHitView),
});
export type SearchResultView = z.infer<typeof SearchResultView>;
