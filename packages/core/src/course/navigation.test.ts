import { describe, expect, it } from 'vitest';
import { NotFound } from '../errors.ts';
import { catalogOf, tinyCourse } from './fixture.test-helper.ts';
import { openStep } from '../learner/steps.ts';
import type { LearningDeps } from '../learner/deps.ts';
import type { Course } from './model.ts';
import type { CourseCatalog } from './ports.ts';
import { getNeighbours, getOutline, getStep, listCourses } from './navigation.ts';

const deps = { catalog: catalogOf(tinyCourse('tiny'), tinyCourse('another')) };

describe('course navigation', () => {
  it('lists courses sorted by title with counts and core minutes only', async () => {
    const courses = await listCourses(deps);
    expect(courses.map((c) => c.id)).toEqual(['another', 'tiny']);
    expect(courses[1]).toMatchObject({ chapterCount: 2, stepCount: 5, minutes: 10 + 5 + 10 + 10 });
  });

  it('builds the outline in manifest order with per-chapter minutes', async () => {
    const outline = await getOutline(deps, 'tiny');
    expect(outline.chapters.map((c) => [c.id, c.steps.map((s) => s.id), c.minutes])).toEqual([
      ['basics', ['intro', 'deeper', 'basics-check'], 15],
      ['advanced', ['more', 'advanced-check'], 20],
    ]);
    expect(outline.chapters[1]?.prerequisites).toEqual([{ type: 'step', stepId: 'basics-check' }]);
    expect(outline.chapters[0]?.steps[2]).toMatchObject({ kind: 'checkpoint', hasQuiz: true, quizId: expect.any(String) });
  });

  it('serves a step verbatim with its position and neighbours across chapter borders', async () => {
    const step = await getStep(deps, 'tiny', 'basics-check');
    expect(step.markdown).toBe('# basics-check\n\nBody of basics-check.\n');
    expect(step.step.position).toBe(3);
    expect(step.previous?.id).toBe('deeper');
    expect(step.next).toEqual({ id: 'more', chapterId: 'advanced', title: 'more' });
  });

  it('has no previous step at the start and no next step at the end', async () => {
    expect((await getNeighbours(deps, 'tiny', 'intro')).previous).toBeNull();
    expect((await getNeighbours(deps, 'tiny', 'advanced-check')).next).toBeNull();
  });

  it('answers NotFound for an unknown course or step', async () => {
    await expect(getOutline(deps, 'nope')).rejects.toBeInstanceOf(NotFound);
    await expect(getStep(deps, 'tiny', 'nope')).rejects.toThrow("step 'tiny/nope' was not found");
  });

  it('builds views once per content version and serves the new version as soon as it is loaded', async () => {
    let served: Course = tinyCourse('tiny');
    const catalog: CourseCatalog = { ...catalogOf(), get: async (id) => (id === 'tiny' ? served : undefined), list: async () => [served] };
    const learning = { catalog } as unknown as LearningDeps; // an anonymous read touches only the catalog
    const outline = await getOutline({ catalog }, 'tiny');
    const anonymous = await openStep(learning, undefined, 'tiny', 'intro');
    expect(await getOutline({ catalog }, 'tiny')).toBe(outline);
    expect(await openStep(learning, undefined, 'tiny', 'intro')).toBe(anonymous);

    const v2 = tinyCourse('tiny');
    served = { ...v2, version: 'v2', title: 'Tiny, revised', steps: v2.steps.map((s) => (s.id === 'intro' ? { ...s, markdown: '# intro\n\nRevised.\n' } : s)) };
    expect((await getOutline({ catalog }, 'tiny')).course).toMatchObject({ version: 'v2', title: 'Tiny, revised' });
    const revised = await openStep(learning, undefined, 'tiny', 'intro');
    expect(revised).toMatchObject({ courseVersion: 'v2', markdown: '# intro\n\nRevised.\n' });
    expect((await getStep({ catalog }, 'tiny', 'intro')).markdown).toBe('# intro\n\nRevised.\n');
  });
});
