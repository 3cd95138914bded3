import { createRoute, z } from '@hono/zod-openapi';
import {
  CourseSummaryView,
  getLearner,
  getNeighbours,
  getOutline,
  listCourses,
  NeighboursView,
  OutlineView,
  searchCourses,
  SearchResultView,
  type LearningDeps,
  type SearchDeps,
} from '@cc/core';
import type { IdentityVariables } from '../auth/identify.ts';
import { jsonOnce } from '../http/cached-json.ts';
import { json, named, openApiRouter, problemResponses, Slug } from '../http/openapi.ts';

const CourseParams = z.object({
  courseId: Slug.openapi({ param: { name: 'courseId', in: 'path' }, example: 'genai-fundamentals' }),
});
const StepParams = CourseParams.extend({
  stepId: Slug.openapi({ param: { name: 'stepId', in: 'path' }, example: 'what-is-an-llm' }),
});

const CourseList = z.object({ courses: z.array(named(CourseSummaryView, 'CourseSummary')) }).openapi('CourseList');

const listRoute = createRoute({
  method: 'get',
  path: '/courses',
  tags: ['Courses'],
  summary: 'List courses',
  responses: { 200: json(CourseList, 'Every course currently served'), 500: problemResponses[500] },
});

const outlineRoute = createRoute({
  method: 'get',
  path: '/courses/{courseId}',
  tags: ['Courses'],
  summary: 'Course outline: chapters, steps and estimated minutes',
  request: { params: CourseParams },
  responses: { 200: json(named(OutlineView, 'Outline'), 'The outline'), ...problemResponses },
});

const neighboursRoute = createRoute({
  method: 'get',
  path: '/courses/{courseId}/steps/{stepId}/neighbours',
  tags: ['Steps'],
  summary: 'Previous and next step in reading order',
  request: { params: StepParams },
  responses: { 200: json(named(NeighboursView, 'Neighbours'), 'The neighbours'), ...problemResponses },
});

const SearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .openapi({ example: 'context window', description: 'Words or "quoted phrases"; -word excludes' }),
  course: Slug.optional().openapi({ description: 'Limit to one course' }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** Anonymous callers are welcome; a signed-in learner's tier decides which passages show their text. */
const optionalAuth: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }, {}];

const searchRoute = createRoute({
  method: 'get',
  path: '/search',
  tags: ['Search'],
  summary: 'Full-text search over step sections, the glossary and common errors, with citations and highlighted snippets',
  description:
    "Passages of premium chapters that the caller's tier does not open (anonymous callers have the free tier's access) " +
    'come with their citation and title only: `premium: true`, an empty snippet and no highlights. ' +
    '`references` lists the glossary terms and errors/misconceptions that match, each with its citation ' +
    '(`course/glossary/term` or `course/mistakes/entry`) and the steps that teach it.',
  security: optionalAuth,
  request: { query: SearchQuery },
  responses: { 200: json(named(SearchResultView, 'SearchResult'), 'Ranked passages'), ...problemResponses },
});

export function courseRoutes(deps: SearchDeps & { learning: LearningDeps }) {
  return openApiRouter<{ Variables: IdentityVariables }>()
    .openapi(listRoute, async (c) => c.json({ courses: await listCourses(deps) }, 200))
    .openapi(outlineRoute, async (c) => jsonOnce(c, await getOutline(deps, c.req.valid('param').courseId)))
    .openapi(neighboursRoute, async (c) => {
      const { courseId, stepId } = c.req.valid('param');
      return c.json(await getNeighbours(deps, courseId, stepId), 200);
    })
    .openapi(searchRoute, async (c) => {
      const { q, course, limit } = c.req.valid('query');
      const learnerId = c.get('learnerId');
      const tier = learnerId === undefined ? undefined : (await getLearner(deps.learning, learnerId)).tier;
      return c.json(await searchCourses(deps, q, { limit, ...(course && { courseId: course }), ...(tier && { tier }) }), 200);
    });
}
