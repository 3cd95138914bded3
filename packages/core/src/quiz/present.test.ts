import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matching, NUMERIC_ANSWER, NUMERIC_TOLERANCE, ordering, questionOf, quizOf, secretQuiz } from './fixture.test-helper.ts';
import type { Question, Quiz } from '../course/model.ts';
import { presentQuiz, QuizPresentationSchema, type PresentedQuestion, type QuizPresentation } from './present.ts';
import { quizWithPresentedIds, type PresentationKey } from './presented-ids.ts';

const SECRET_KEYS = ['correct', 'feedback', 'explanation', 'hints', 'accepted', 'patterns', 'tolerance', 'answer', 'rule', 'pairs', 'distractors'];

function expectNoLeak(presentation: QuizPresentation): void {
  const json = JSON.stringify(presentation);
  expect(json).not.toMatch(/SECRET/);
  for (const key of SECRET_KEYS) expect(json).not.toContain(`"${key}"`);
  expect(json).not.toContain(String(NUMERIC_ANSWER));
  expect(json).not.toContain(String(NUMERIC_TOLERANCE));
}

const presented = <T extends PresentedQuestion['type']>(p: QuizPresentation, type: T) =>
  p.questions.find((q): q is Extract<PresentedQuestion, { type: T }> => q.type === type)!;

const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);
const key = (learnerId: string, n: number, secret = 'test-secret'): PresentationKey => ({ secret, learnerId, attempt: `attempt:${n}` });

/** Every option/item/choice id of a question, in model order. */
function idsOf(q: Question): string[] {
  switch (q.type) {
    case 'single':
    case 'multiple':
      return ids(q.options);
    case 'ordering':
      return ids(q.items);
    case 'matching':
      return [...q.pairs.map((p) => `left:${p.left.id}`), ...q.pairs.map((p) => p.right.id), ...ids(q.distractors)];
    case 'cloze':
      return q.blanks.flatMap((b) => (b.kind === 'choice' ? ids(b.options) : []));
    default:
      return [];
  }
}

/** Presented id -> author id, for tests that check which authored option sits where. */
function authorIdsFor(quiz: Quiz, k: PresentationKey): (items: readonly { id: string }[]) => string[] {
  const back = new Map<string, string>();
  const presented = quizWithPresentedIds(quiz, k);
  quiz.questions.forEach((q, i) => {
    const theirs = idsOf(presented.questions[i]!);
    idsOf(q).forEach((id, j) => back.set(theirs[j]!.replace(/^left:/, ''), id.replace(/^left:/, '')));
  });
  return (items) => items.map((item) => back.get(item.id) ?? `?${item.id}`);
}

describe('presentQuiz', () => {
  const quiz = secretQuiz();
  const ctx = key('learner-1', 1);
  const authored = authorIdsFor(quiz, ctx);

  it('contains no correct flags, feedback, explanations, hints, keys or tolerances', () => {
    const p = presentQuiz(quiz, ctx);
    expectNoLeak(p);
    expect(QuizPresentationSchema.parse(p)).toEqual(p);
  });

  it('presents what is needed to answer each type', () => {
    const p = presentQuiz(quiz, ctx);
    expect(p).toMatchObject({
      id: 'secret-quiz',
      title: 'Every question type',
      kind: 'checkpoint',
      policy: { passScore: 70, maxAttempts: null, grading: 'best', showAnswers: 'after_pass' },
    });
    expect(Object.keys(p.policy).sort()).toEqual(['grading', 'maxAttempts', 'passScore', 'showAnswers']);
    expect(new Set(ids(p.questions))).toEqual(new Set(ids(quiz.questions)));
    expect(presented(p, 'single')).toMatchObject({ prompt: 'Prompt of q-single', points: 1, concepts: ['topic'], hintCount: 2 });
    expect(new Set(authored(presented(p, 'multiple').options))).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(presented(p, 'multiple').options[0]).toEqual({ id: expect.any(String), text: expect.stringMatching(/^Option /) });
    expect(Object.keys(presented(p, 'true_false')).sort()).toEqual(['concepts', 'hintCount', 'id', 'points', 'prompt', 'type']);
    expect(presented(p, 'numeric').unit).toBe('km');
    expect(presented(p, 'ordering')).toMatchObject({ parsons: true });
    expect(new Set(authored(presented(p, 'ordering').items))).toEqual(new Set(['i1', 'i2', 'i3', 'i4', 'i5']));
    expect(new Set(authored(presented(p, 'matching').left))).toEqual(new Set(['l1', 'l2', 'l3']));
    expect(new Set(authored(presented(p, 'matching').right))).toEqual(new Set(['r1', 'r2', 'r3', 'x1', 'x2']));
    const cloze = presented(p, 'cloze');
    expect(cloze.text).toBe('Fill {{b-text}} and {{b-choice}}.');
    expect(cloze.blanks[0]).toEqual({ id: 'b-text', kind: 'text' });
    expect(cloze.blanks[1]).toMatchObject({ id: 'b-choice', kind: 'choice' });
  });

  it('is deterministic per learner and attempt, and differs across them', () => {
    expect(presentQuiz(quiz, ctx)).toEqual(presentQuiz(quiz, ctx));
    const orders = new Set<string>();
    for (let attemptNumber = 1; attemptNumber <= 20; attemptNumber++) {
      orders.add(ids(presentQuiz(quiz, key('learner-1', attemptNumber)).questions).join());
    }
    for (let i = 0; i < 20; i++) orders.add(ids(presentQuiz(quiz, key(`l-${i}`, 1)).questions).join());
    expect(orders.size).toBeGreaterThan(30);
  });

  it('keeps authored order when shuffling is off, except ordering items and matching right sides', () => {
    const plain = secretQuiz({ shuffleQuestions: false, shuffleOptions: false });
    for (let attemptNumber = 1; attemptNumber <= 30; attemptNumber++) {
      const k = key('learner-1', attemptNumber);
      const back = authorIdsFor(plain, k);
      const p = presentQuiz(plain, k);
      expect(ids(p.questions)).toEqual(ids(plain.questions));
      expect(back(presented(p, 'single').options)).toEqual(['a', 'b', 'c']);
      expect(back(presented(p, 'matching').left)).toEqual(['l1', 'l2', 'l3']);
      const cloze = presented(p, 'cloze').blanks[1];
      expect(cloze?.kind === 'choice' && back(cloze.options)).toEqual(['o1', 'o2', 'o3']);
      expect(back(presented(p, 'ordering').items)).not.toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
    }
    const rights = new Set(
      Array.from({ length: 30 }, (_, n) => authorIdsFor(plain, key('x', n))(presented(presentQuiz(plain, key('x', n)), 'matching').right).join()),
    );
    expect(rights.size).toBeGreaterThan(10);
  });

  it('shuffles options when asked', () => {
    const orders = new Set(
      Array.from({ length: 30 }, (_, n) => authorIdsFor(quiz, key('x', n))(presented(presentQuiz(quiz, key('x', n)), 'multiple').options).join()),
    );
    expect(orders.size).toBeGreaterThan(10);
  });

  it('always reverses a two-item ordering question', () => {
    const two = quizOf([ordering('q', ['first', 'second'])]);
    for (let attemptNumber = 1; attemptNumber <= 50; attemptNumber++) {
      const k = key('learner', attemptNumber);
      const p = presentQuiz(two, k);
      expect(authorIdsFor(two, k)(presented(p, 'ordering').items)).toEqual(['second', 'first']);
    }
  });

  it('returns a fresh object: changing it leaves the course model alone', () => {
    const model = secretQuiz();
    const before = structuredClone(model);
    const p = presentQuiz(model, ctx);
    for (const q of p.questions) {
      q.prompt = 'changed';
      q.concepts.push('changed');
      if (q.type === 'single' || q.type === 'multiple') q.options.forEach((o) => (o.text = 'changed'));
      if (q.type === 'ordering') q.items.forEach((o) => (o.text = 'changed'));
      if (q.type === 'matching') [...q.left, ...q.right].forEach((o) => (o.text = 'changed'));
      if (q.type === 'cloze') q.blanks.forEach((b) => b.kind === 'choice' && b.options.forEach((o) => (o.id = 'changed')));
    }
    p.policy.passScore = 0;
    expect(model).toEqual(before);
  });

  it('for any learner and attempt: leaks nothing, never shows ordering items in order, never lines matches up', () => {
    const wide = quizOf([ordering('o', ['a', 'b', 'c']), ordering('t', ['x', 'y']), matching('m', 2), matching('n', 3, 1)], {
      shuffleOptions: false,
    });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), (learnerId, attemptNumber, shuffleOptions) => {
        const ctxN = key(learnerId, attemptNumber);
        const p = presentQuiz(secretQuiz({ shuffleOptions }), ctxN);
        expectNoLeak(p);
        expect(authorIdsFor(secretQuiz({ shuffleOptions }), ctxN)(presented(p, 'ordering').items)).not.toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
        const wideQuiz = { ...wide, policy: { ...wide.policy, shuffleOptions } };
        const back = authorIdsFor(wideQuiz, ctxN);
        for (const q of presentQuiz(wideQuiz, ctxN).questions) {
          if (q.type === 'ordering') expect(back(q.items)).not.toEqual([...back(q.items)].sort());
          if (q.type === 'matching') {
            const lined = back(q.left).every((l, i) => back(q.right)[i] === l.replace('l', 'r'));
            expect(lined).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matching right sides cover every pair and distractor exactly once', () => {
    const q = presented(presentQuiz(secretQuiz(), ctx), 'matching');
    expect([...authored(q.right)].sort()).toEqual(['r1', 'r2', 'r3', 'x1', 'x2']);
    expect(questionOf(secretQuiz(), 'matching').pairs).toHaveLength(3);
  });

  it('shows every option, item and choice under an opaque id: per learner and attempt, never the author id', () => {
    const every = (p: QuizPresentation) =>
      p.questions.flatMap((q) => {
        if (q.type === 'single' || q.type === 'multiple') return ids(q.options);
        if (q.type === 'ordering') return ids(q.items);
        if (q.type === 'matching') return [...ids(q.left), ...ids(q.right)];
        if (q.type === 'cloze') return q.blanks.flatMap((b) => (b.kind === 'choice' ? ids(b.options) : []));
        return [];
      });
    const authorIds = new Set(quiz.questions.flatMap(idsOf).map((id) => id.replace(/^left:/, '')));
    const mine = every(presentQuiz(quiz, ctx));
    expect(mine.length).toBeGreaterThan(15);
    expect(every(presentQuiz(quiz, ctx))).toEqual(mine);
    for (const id of mine) {
      expect(id).toMatch(/^[0-9a-f]{12}$/);
      expect(authorIds.has(id)).toBe(false);
    }
    for (const other of [key('learner-1', 2), key('learner-2', 1), key('learner-1', 1, 'another-secret')]) {
      const theirs = new Set(every(presentQuiz(quiz, other)));
      expect(mine.filter((id) => theirs.has(id))).toEqual([]);
    }
  });
});
