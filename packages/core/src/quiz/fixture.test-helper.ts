// Hand-built quizzes for the quiz engine's tests (no bundle parsing involved).
import type { ChoiceOption, Question, Quiz, QuizPolicy, TextMatchRule } from '../course/model.ts';

type Base = Pick<Question, 'id' | 'prompt' | 'concepts' | 'points' | 'hints'> & { explanation?: string };
type QuestionOf<T extends Question['type']> = Extract<Question, { type: T }>;

export const base = (id: string, over: Partial<Base> = {}): Base => ({
  id,
  prompt: `Prompt of ${id}`,
  concepts: ['topic'],
  points: 1,
  hints: [],
  ...over,
});

export const option = (id: string, correct = false, feedback?: string): ChoiceOption => ({
  id,
  text: `Option ${id}`,
  correct,
  ...(feedback !== undefined && { feedback }),
});

export const rule = (accepted: string[], over: Partial<TextMatchRule> = {}): TextMatchRule => ({
  accepted,
  patterns: [],
  caseSensitive: false,
  keepPunctuation: false,
  ...over,
});

export const single = (id: string, options: ChoiceOption[], over: Partial<Base> = {}): QuestionOf<'single'> => ({
  ...base(id, over),
  type: 'single',
  options,
});

export const multiple = (id: string, options: ChoiceOption[], over: Partial<Base> = {}): QuestionOf<'multiple'> => ({
  ...base(id, over),
  type: 'multiple',
  options,
});

export const numeric = (
  id: string,
  answer: number,
  tolerance?: { abs: number } | { rel: number },
  over: Partial<Base> = {},
): QuestionOf<'numeric'> => ({ ...base(id, over), type: 'numeric', answer, ...(tolerance && { tolerance }) });

export const shortText = (id: string, textRule: TextMatchRule, over: Partial<Base> = {}): QuestionOf<'short_text'> => ({
  ...base(id, over),
  type: 'short_text',
  ...textRule,
});

export const ordering = (id: string, itemIds: string[], over: Partial<Base> = {}): QuestionOf<'ordering'> => ({
  ...base(id, over),
  type: 'ordering',
  parsons: false,
  items: itemIds.map((itemId) => ({ id: itemId, text: `Item ${itemId}` })),
});

/** Pairs l1-r1, l2-r2, ... plus distractors x1, x2, ... */
export const matching = (id: string, pairCount: number, distractorCount = 0, over: Partial<Base> = {}): QuestionOf<'matching'> => ({
  ...base(id, over),
  type: 'matching',
  pairs: Array.from({ length: pairCount }, (_, i) => ({
    left: { id: `l${i + 1}`, text: `Left ${i + 1}` },
    right: { id: `r${i + 1}`, text: `Right ${i + 1}` },
  })),
  distractors: Array.from({ length: distractorCount }, (_, i) => ({ id: `x${i + 1}`, text: `Distractor ${i + 1}` })),
});

export const policy = (over: Partial<QuizPolicy> = {}): QuizPolicy => ({
  passScore: 70,
  maxAttempts: null,
  grading: 'best',
  showAnswers: 'after_pass',
  shuffleQuestions: false,
  shuffleOptions: false,
  ...over,
});

export const quizOf = (questions: Question[], over: Partial<QuizPolicy> = {}): Quiz => ({
  id: 'quiz',
  title: 'A quiz',
  kind: 'checkpoint',
  policy: policy(over),
  questions,
});

/** Every secret field holds a marker containing SECRET (ids and visible texts never do). */
export const NUMERIC_ANSWER = 7919.25;
export const NUMERIC_TOLERANCE = 0.0625;

export function secretQuiz(over: Partial<QuizPolicy> = {}): Quiz {
  const secrets = (n: number) => ({ explanation: `SECRET-EXPL-${n}`, hints: [`SECRET-HINT-${n}a`, `SECRET-HINT-${n}b`] });
  return {
    id: 'secret-quiz',
    title: 'Every question type',
    kind: 'checkpoint',
    policy: policy({ shuffleQuestions: true, shuffleOptions: true, ...over }),
    questions: [
      single('q-single', [option('a', true, 'SECRET-FB-1'), option('b', false, 'SECRET-FB-2'), option('c')], secrets(1)),
      multiple(
        'q-multiple',
        [option('a', true, 'SECRET-FB-3'), option('b', true), option('c', false, 'SECRET-FB-4'), option('d')],
        secrets(2),
      ),
      {
        ...base('q-tf', secrets(3)),
        type: 'true_false',
        answer: true,
        feedback: { true: 'SECRET-FB-TF-TRUE', false: 'SECRET-FB-TF-FALSE' },
      },
      { ...numeric('q-numeric', NUMERIC_ANSWER, { abs: NUMERIC_TOLERANCE }, secrets(4)), unit: 'km' },
      shortText('q-short', rule(['SECRET-ACC-1'], { patterns: ['^SECRET-PAT-1$'] }), secrets(5)),
      { ...ordering('q-order', ['i1', 'i2', 'i3', 'i4', 'i5'], secrets(6)), parsons: true },
      matching('q-match', 3, 2, secrets(7)),
      {
        ...base('q-cloze', secrets(8)),
        type: 'cloze',
        text: 'Fill {{b-text}} and {{b-choice}}.',
        blanks: [
          { id: 'b-text', kind: 'text', rule: rule(['SECRET-ACC-2'], { patterns: ['SECRET-PAT-2'] }) },
          { id: 'b-choice', kind: 'choice', options: [option('o1', true, 'SECRET-FB-5'), option('o2', false, 'SECRET-FB-6'), option('o3')] },
        ],
      },
    ],
  };
}

export function questionOf<T extends Question['type']>(quiz: Quiz, type: T): QuestionOf<T> {
  const found = quiz.questions.find((q): q is QuestionOf<T> => q.type === type);
  if (found === undefined) throw new Error(`no ${type} question in ${quiz.id}`);
  return found;
}
