// The course's reference material on REST: the glossary and the catalogue of common errors and
// misconceptions, listed or looked up (forgiving typos, aliases and plurals), each entry with the
// steps that teach it.
import { createRoute, z } from '@hono/zod-openapi';
import {
  getGlossaryTerm,
  getMistake,
  GlossaryEntryView,
  GlossaryListView,
  lookupGlossary,
  lookupMistakes,
  MistakeEntryView,
  MistakeListView,
  type CourseDeps,
} from '@cc/core';
import { json, named, openApiRouter, problemResponses, Slug } from '../http/openapi.ts';

const param = (name: string, example: string) => Slug.openapi({ param: { name, in: 'path' }, example });
const CourseParams = z.object({ courseId: param('courseId', 'genai-fundamentals') });
const Query = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters');
const Limit = z.coerce.number().int().min(1).max(200).default(20);

const routes = {
  glossary: createRoute({
    method: 'get',
    path: '/courses/{courseId}/glossary',
    tags: ['Reference'],
    summary: 'The glossary, alphabetically; with q, the terms it names best first (aliases, plurals and typos forgiven)',
    request: {
      params: CourseParams,
      query: z.object({ q: Query.optional().openapi({ example: 'tokeniser', description: 'A term or alias, as typed' }), limit: Limit }),
    },
    responses: { 200: json(named(GlossaryListView, 'GlossaryList'), 'Terms'), ...problemResponses },
  }),
  term: createRoute({
    method: 'get',
    path: '/courses/{courseId}/glossary/{termId}',
    tags: ['Reference'],
    summary: 'A glossary term with the steps that teach it and related terms',
    request: { params: CourseParams.extend({ termId: param('termId', 'context-window') }) },
    responses: { 200: json(named(GlossaryEntryView, 'GlossaryEntry'), 'The term'), ...problemResponses },
  }),
  mistakes: createRoute({
    method: 'get',
    path: '/courses/{courseId}/mistakes',
    tags: ['Reference'],
    summary: 'Common errors and misconceptions; with q (an error message, a symptom, a belief), the closest entries first',
    request: {
      params: CourseParams,
      query: z.object({
        q: Query.optional().openapi({ example: 'maximum context length exceeded' }),
        kind: z.enum(['error', 'misconception']).optional(),
        limit: Limit,
      }),
    },
    responses: { 200: json(named(MistakeListView, 'MistakeList'), 'Entries'), ...problemResponses },
  }),
  mistake: createRoute({
    method: 'get',
    path: '/courses/{courseId}/mistakes/{entryId}',
    tags: ['Reference'],
    summary: 'An error or misconception: symptom, meaning, fix, and the steps that cover it',
    request: { params: CourseParams.extend({ entryId: param('entryId', 'context-length-exceeded') }) },
    responses: { 200: json(named(MistakeEntryView, 'MistakeEntry'), 'The entry'), ...problemResponses },
  }),
};

export function referenceRoutes(deps: CourseDeps) {
  return openApiRouter()
    .openapi(routes.glossary, async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json(await lookupGlossary(deps, c.req.valid('param').courseId, q, limit), 200);
    })
    .openapi(routes.term, async (c) => {
      const { courseId, termId } = c.req.valid('param');
      return c.json(await getGlossaryTerm(deps, courseId, termId), 200);
    })
    .openapi(routes.mistakes, async (c) => {
      const { q, kind, limit } = c.req.valid('query');
      return c.json(await lookupMistakes(deps, c.req.valid('param').courseId, { limit, ...(q && { query: q }), ...(kind && { kind }) }), 200);
    })
    .openapi(routes.mistake, async (c) => {
      const { courseId, entryId } = c.req.valid('param');
      return c.json(await getMistake(deps, courseId, entryId), 200);
    });
}
