// A hand-built course for progress tests: two chapters with core, optional and deep-dive steps
// and quizzes tagged with concepts.
import type { Course, Question, Quiz, Step } from '../course/model.ts';
import { DEFAULT_PROFILE, type Profile } from '../learner/profile.ts';

const step = (id: string, chapterId: string, over: Partial<Step> = {}): Step => ({
  id,
  chapterId,
  title: id,
  kind: 'lesson',
  minutes: 10,
  level: 'core',
  audience: 'all',
  concepts: [],
  markdown: `# ${id}\n`,
  sections: [],
  blocks: [{ audience: 'all', markdown: `Body of ${id}.\n` }],
  wordCount: 3,
  path: `chapters/${chapterId}/${id}.md`,
  ...over,
});

export const question = (id: string, concepts: string[]): Question => ({
  id,
  type: 'single',
  prompt: `Prompt ${id}`,
  concepts,
  points: 1,
  hints: [],
  options: [
    { id: 'a', text: 'A', correct: true },
    { id: 'b', text: 'B', correct: false },
  ],
});

const quiz = (id: string, kind: Quiz['kind'], questions: Question[]): Quiz => ({
  id,
  title: id,
  kind,
  policy: {
    passScore: 70,
    maxAttempts: null,
    grading: 'best',
    showAnswers: 'after_pass',
    shuffleQuestions: false,
    shuffleOptions: false,
  },
  questions,
});

/**
 * Minutes: core 10 + 5 + 20 + 5 = 40; optional 15 + 25 = 40; deep-dive 30 + 40 = 70.
 */
export function pathCourse(): Course {
  const steps = [
    step('what-is', 'foundations', { concepts: ['tokens'], quizId: 'what-is-check' }),
    step('maths-primer', 'foundations', { level: 'optional', audience: 'beginner', minutes: 15, concepts: ['probability'] }),
    step('attention-maths', 'foundations', { level: 'deep-dive', audience: 'advanced', minutes: 30, concepts: ['attention'] }),
    step('foundations-check', 'foundations', { kind: 'checkpoint', minutes: 5, quizId: 'foundations-check' }),
    step('first-app', 'building', { kind: 'exercise', minutes: 20, concepts: ['prompting'] }),
    step('tooling', 'building', { level: 'optional', minutes: 25, concepts: ['tooling'] }),
    step('scaling', 'building', { kind: 'reading', level: 'deep-dive', minutes: 40, concepts: ['scaling'] }),
    step('building-check', 'building', { kind: 'checkpoint', minutes: 5, quizId: 'building-check' }),
  ];
  return {
    id: 'llm-basics',
    version: 'v1',
    authorVersion: '1.0.0',
    title: 'LLM basics',
    summary: 'A fixture course',
    language: 'en',
    authors: [],
    tags: [],
    defaultPassScore: 70,
    chapters: [
      {
        id: 'foundations',
        title: 'Foundations',
        access: 'free',
        objectives: ['x'],
        prerequisites: [],
        stepIds: ['what-is', 'maths-primer', 'attention-maths', 'foundations-check'],
      },
      {
        id: 'building',
        title: 'Building',
        access: 'premium',
        objectives: ['y'],
        prerequisites: [{ type: 'step', stepId: 'foundations-check' }],
        stepIds: ['first-app', 'tooling', 'scaling', 'building-check'],
      },
    ],
    steps,
    quizzes: {
      'what-is-check': quiz('what-is-check', 'quick-check', [question('q1', ['tokens']), question('q2', ['tokens', 'probability'])]),
      'foundations-check': quiz('foundations-check', 'checkpoint', [
        question('q1', ['tokens']),
        question('q2', ['probability']),
        question('q3', ['attention']),
      ]),
      'building-check': quiz('building-check', 'checkpoint', [
        question('q1', ['prompting']),
        question('q2', ['prompting', 'tooling']),
        question('q3', ['scaling']),
      ]),
    },
    glossary: [],
    catalogue: [],
  };
}

export const profile = (over: Partial<Profile> = {}): Profile => ({ ...DEFAULT_PROFILE, ...over });

export const BEGINNER = profile({ softwareExperience: 'none', mathsBackground: 'basic', goals: ['understand'], weeklyMinutes: 60 });
export const EXPERT = profile({ softwareExperience: 'expert', mathsBackground: 'advanced', goals: ['build'], weeklyMinutes: 300 });
