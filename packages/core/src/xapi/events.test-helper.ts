// Learning events for xAPI tests: a few hand-written ones, and an arbitrary of every well-formed event.
import fc from 'fast-check';
import type { LearningEvent, LearningEventType } from '../learner/events.ts';
import type { XapiExportOptions } from './to-statement.ts';

export const OPTIONS: XapiExportOptions = {
  activityBase: 'https://coursecompanion.example/xapi/activities',
  accountHomePage: 'https://coursecompanion.example',
  platform: 'Course Companion',
  courseTitle: 'Generative AI Fundamentals',
};

export const LEARNER = '6f1c1f8e-5b7a-4d8e-9a43-2f0b9b3c7d11';

const base = { learnerId: LEARNER, at: '2025-03-14T09:26:53.589Z', courseId: 'genai-fundamentals', chapterId: 'foundations' };

export const EVENTS = {
  viewed: { ...base, id: 'evt-viewed', type: 'viewed', stepId: 'what-is-an-llm', data: { title: 'What is an LLM?' } },
  completed: { ...base, id: 'evt-completed', type: 'completed', stepId: 'what-is-an-llm', data: { title: 'What is an LLM?' } },
  answered: {
    ...base,
    id: 'evt-answered',
    type: 'answered',
    stepId: 'foundations-check',
    quizId: 'foundations-check',
    questionId: 'q-tokens',
    attemptId: 'att-1',
    data: { score: 0.5, correct: false, title: 'Which of these are tokens?' },
  },
  passed: { ...base, id: 'evt-passed', type: 'passed', stepId: 'foundations-check', quizId: 'foundations-check', attemptId: 'att-1', data: { score: 57.3 } },
  failed: { ...base, id: 'evt-failed', type: 'failed', stepId: 'foundations-check', quizId: 'foundations-check', attemptId: 'att-1', data: { score: 40 } },
  progressed: { ...base, id: 'evt-progressed', type: 'progressed', data: { completion: 66.67 } },
  reviewed: { ...base, id: 'evt-reviewed', type: 'reviewed', quizId: 'foundations-check', questionId: 'q-tokens', data: { score: 1 } },
  hint_revealed: {
    ...base,
    id: 'evt-hint',
    type: 'hint_revealed',
    stepId: 'foundations-check',
    quizId: 'foundations-check',
    questionId: 'q-tokens',
    attemptId: 'att-1',
    data: { hintIndex: 0 },
  },
  bookmarked: { ...base, id: 'evt-bookmarked', type: 'bookmarked', stepId: 'what-is-an-llm', data: { title: 'What is an LLM?' } },
} satisfies Record<LearningEventType, LearningEvent>;

export const EVENT_TYPES = Object.keys(EVENTS) as LearningEventType[];

/** Ids as they come: UUIDs, slugs, and any Unicode text (slashes, spaces, '#', emoji...). */
const anyId = fc.oneof(fc.uuid(), fc.stringMatching(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const NEEDS_QUIZ: LearningEventType[] = ['answered', 'reviewed', 'passed', 'failed', 'hint_revealed'];
const NEEDS_QUESTION: LearningEventType[] = ['answered', 'reviewed', 'hint_revealed'];

export const learningEvent: fc.Arbitrary<LearningEvent> = fc
  .record({
    id: anyId,
    learnerId: fc.uuid(),
    type: fc.constantFrom(...EVENT_TYPES),
    at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    courseId: anyId,
    chapterId: maybe(anyId),
    stepId: maybe(anyId),
    quizId: anyId,
    questionId: anyId,
    keepQuiz: fc.boolean(),
    keepQuestion: fc.boolean(),
    attemptId: maybe(anyId),
    unitScore: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    quizScore: maybe(fc.integer({ min: 0, max: 1000 }).map((tenths) => tenths / 10)),
    completion: maybe(fc.double({ min: 0, max: 100, noNaN: true })),
    hintIndex: fc.nat(20),
    correct: maybe(fc.boolean()),
    title: maybe(fc.string({ unit: 'grapheme', maxLength: 80 })),
  })
  .map((r): LearningEvent => {
    const data: LearningEvent['data'] =
      r.type === 'answered' || r.type === 'reviewed' ? { score: r.unitScore, correct: r.correct, title: r.title }
      : r.type === 'passed' || r.type === 'failed' ? { score: r.quizScore }
      : r.type === 'progressed' ? { completion: r.completion }
      : r.type === 'hint_revealed' ? { hintIndex: r.hintIndex }
      : { title: r.title };
    return {
      id: r.id,
      learnerId: r.learnerId,
      type: r.type,
      at: r.at,
      courseId: r.courseId,
      ...(r.chapterId !== undefined && { chapterId: r.chapterId }),
      ...(r.stepId !== undefined && { stepId: r.stepId }),
      ...((NEEDS_QUIZ.includes(r.type) || r.keepQuiz) && { quizId: r.quizId }),
      ...((NEEDS_QUESTION.includes(r.type) || (r.keepQuiz && r.keepQuestion)) && { questionId: r.questionId }),
      ...(r.attemptId !== undefined && { attemptId: r.attemptId }),
      data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)),
    };
  });
