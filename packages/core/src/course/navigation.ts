import { NotFound } from '../errors.ts';
import { tierAllows } from '../learner/access.ts';
import type { Tier } from '../learner/profile.ts';
import type { Course, Step } from './model.ts';
import type { CourseCatalog, SearchIndex } from './ports.ts';
import type {
  CourseSummaryView,
  NeighboursView,
  OutlineView,
  SearchResultView,
  StepRefView,
  StepView,
} from './views.ts';

export interface CourseDeps {
  catalog: CourseCatalog;
}

export interface SearchDeps extends CourseDeps {
  search: SearchIndex;
}

const coreMinutes = (steps: readonly Step[]) =>
  steps.filter((s) => s.level === 'core').reduce((sum, s) => sum + s.minutes, 0);

export function summarise(course: Course): CourseSummaryView {
  return {
    id: course.id,
    title: course.title,
    summary: course.summary,
    language: course.language,
    version: course.version,
    authorVersion: course.authorVersion,
    tags: course.tags,
    chapterCount: course.chapters.length,
    stepCount: course.steps.length,
    minutes: coreMinutes(course.steps),
  };
}

export async function requireCourse(deps: CourseDeps, courseId: string): Promise<Course> {
  const course = await deps.catalog.get(courseId);
  if (!course) throw new NotFound('course', courseId);
  return course;
}

export function requireStep(course: Course, stepId: string): { step: Step; index: number } {
  const index = course.steps.findIndex((s) => s.id === stepId);
  const step = course.steps[index];
  if (!step) throw new NotFound('step', `${course.id}/${stepId}`);
  return { step, index };
}

const ref = (step: Step | undefined): StepRefView | null =>
  step ? { id: step.id, chapterId: step.chapterId, title: step.title } : null;

const outlineStep = (s: Step) => ({
  id: s.id,
  title: s.title,
  kind: s.kind,
  minutes: s.minutes,
  level: s.level,
  audience: s.audience,
  concepts: s.concepts,
  hasQuiz: s.quizId !== undefined,
  quizId: s.quizId ?? null,
});

export async function listCourses(deps: CourseDeps): Promise<CourseSummaryView[]> {
  const courses = await deps.catalog.list();
  return courses.map(summarise).sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * Views of a course are built once per loaded course (a content version is one immutable Course
 * object; a new version is a new object, so these entries go with the old one). Callers must not
 * mutate a view they get.
 */
const outlines = new WeakMap<Course, OutlineView>();
const stepViews = new WeakMap<Course, Map<string, StepView>>();

export async function getOutline(deps: CourseDeps, courseId: string): Promise<OutlineView> {
  const course = await requireCourse(deps, courseId);
  let view = outlines.get(course);
  if (!view) outlines.set(course, (view = outlineOf(course)));
  return view;
}

function outlineOf(course: Course): OutlineView {
  const byId = new Map(course.steps.map((s) => [s.id, s]));
  return {
    course: summarise(course),
    chapters: course.chapters.map((ch) => {
      const steps = ch.stepIds.map((id) => byId.get(id)).filter((s): s is Step => s !== undefined);
      return {
        id: ch.id,
        title: ch.title,
        ...(ch.summary !== undefined && { summary: ch.summary }),
        access: ch.access,
        objectives: ch.objectives,
        prerequisites: ch.prerequisites,
        minutes: coreMinutes(steps),
        steps: steps.map(outlineStep),
      };
    }),
  };
}

export async function getStep(deps: CourseDeps, courseId: string, stepId: string): Promise<StepView> {
  const course = await requireCourse(deps, courseId);
  let views = stepViews.get(course);
  if (!views) stepViews.set(course, (views = new Map()));
  let view = views.get(stepId);
  if (!view) views.set(stepId, (view = stepViewOf(course, stepId)));
  return view;
}

function stepViewOf(course: Course, stepId: string): StepView {
  const { step, index } = requireStep(course, stepId);
  const chapter = course.chapters.find((c) => c.id === step.chapterId);
  if (!chapter) throw new NotFound('chapter', step.chapterId);
  return {
    courseId: course.id,
    courseVersion: course.version,
    chapter: { id: chapter.id, title: chapter.title, access: chapter.access },
    step: { ...outlineStep(step), position: index + 1, wordCount: step.wordCount },
    markdown: step.markdown,
    sections: step.sections.map(({ anchor, heading, depth }) => ({ anchor, heading, depth })),
    blocks: step.blocks,
    previous: ref(course.steps[index - 1]),
    next: ref(course.steps[index + 1]),
  };
}

export async function getNeighbours(deps: CourseDeps, courseId: string, stepId: string): Promise<NeighboursView> {
  const course = await requireCourse(deps, courseId);
  const { step, index } = requireStep(course, stepId);
  return {
    current: { id: step.id, chapterId: step.chapterId, title: step.title },
    previous: ref(course.steps[index - 1]),
    next: ref(course.steps[index + 1]),
  };
}

/**
 * Ranked passages with citations. A passage in a chapter the caller's tier does not open (`tier`
 * undefined: an anonymous caller, who has the free tier's access) comes as its citation and title
 * only, marked premium: the step itself would answer 402, so its text must not leak through search.
 */
export async function searchCourses(
  deps: SearchDeps,
  query: string,
  options: { courseId?: string; limit: number; tier?: Tier },
): Promise<SearchResultView> {
  const courses = options.courseId
    ? [await requireCourse(deps, options.courseId)]
    : await deps.catalog.list();
  // ensureIndexed is an idempotent version check, so a replica that never saw
  // the load event still searches the version it serves.
  for (const course of courses) await deps.search.ensureIndexed(course);
  const where = { limit: options.limit, ...(options.courseId !== undefined && { courseId: options.courseId }) };
  const hits = await deps.search.search(query, where);
  const references = await deps.search.searchReference(query, where);
  const byId = new Map(courses.map((course) => [course.id, course] as const));
  const chapters = new Map(courses.flatMap((course) => course.chapters.map((chapter) => [`${course.id}/${chapter.id}`, chapter] as const)));
  const tier = options.tier ?? 'free';
  return {
    query,
    hits: hits.map((hit) => {
      const chapter = chapters.get(`${hit.courseId}/${hit.chapterId}`);
      const premium = chapter?.access !== 'free';
      // An unknown chapter (an index row of another version) is treated as closed.
      const open = chapter !== undefined && tierAllows(tier, chapter);
      return open ? { ...hit, premium } : { ...hit, premium, snippet: '', highlights: [] };
    }),
    references: references.flatMap((ref) => {
      const course = byId.get(ref.courseId);
      const entry = course && (ref.kind === 'term' ? course.glossary : course.catalogue).find((e) => e.id === ref.entryId);
      // A row of another version than the one served: left out.
      if (!course || !entry) return [];
      const wanted = new Set(entry.stepIds);
      const steps = course.steps.filter((s) => wanted.has(s.id)).map((s) => ({ id: s.id, chapterId: s.chapterId, title: s.title }));
      return [{ ...ref, citation: `${ref.courseId}/${ref.kind === 'term' ? 'glossary' : 'mistakes'}/${ref.entryId}`, steps }];
    }),
  };
}
