// A small hand-built course for unit tests of the domain (no bundle parsing involved).
import type { Course, Step } from './model.ts';
import type { CourseCatalog } from './ports.ts';

const step = (id: string, chapterId: string, over: Partial<Step> = {}): Step => ({
  id,
  chapterId,
  title: id.replace(/-/g, ' '),
  kind: 'lesson',
  minutes: 10,
  level: 'core',
  audience: 'all',
  concepts: [],
  markdown: `# ${id}\n\nBody of ${id}.\n`,
  sections: [{ anchor: '', heading: id, depth: 1, markdown: `Body of ${id}.` }],
  blocks: [{ audience: 'all', markdown: `Body of ${id}.\n` }],
  wordCount: 3,
  path: `chapters/${chapterId}/${id}.md`,
  ...over,
});

export function tinyCourse(id = 'tiny'): Course {
  const steps = [
    step('intro', 'basics'),
    step('deeper', 'basics', { level: 'deep-dive', audience: 'advanced', minutes: 20 }),
    step('basics-check', 'basics', { kind: 'checkpoint', quizId: 'basics-check', minutes: 5 }),
    step('more', 'advanced'),
    step('advanced-check', 'advanced', { kind: 'checkpoint', quizId: 'advanced-check' }),
  ];
  return {
    id,
    version: 'v1',
    authorVersion: '1.0.0',
    title: `Tiny ${id}`,
    summary: 'A tiny course',
    language: 'en',
    authors: [],
    tags: [],
    defaultPassScore: 70,
    chapters: [
      { id: 'basics', title: 'Basics', access: 'free', objectives: ['x'], prerequisites: [], stepIds: ['intro', 'deeper', 'basics-check'] },
      {
        id: 'advanced',
        title: 'Advanced',
        access: 'premium',
        objectives: ['y'],
        prerequisites: [{ type: 'step', stepId: 'basics-check' }],
        stepIds: ['more', 'advanced-check'],
      },
    ],
    steps,
    quizzes: {},
    glossary: [],
    catalogue: [],
  };
}

export const catalogOf = (...courses: Course[]): CourseCatalog => ({
  list: async () => courses,
  get: async (id) => courses.find((c) => c.id === id),
});
