import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Question } from '../course/model.ts';
import { roundTo } from './arithmetic.ts';
import { base, matching, multiple, numeric, option, ordering, quizOf, rule } from './fixture.test-helper.ts';
import { gradeAttempt, gradeQuestion } from './grade.ts';

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('grading properties', () => {
  it('multiple choice: score in [0, 1], and 1 exactly when the correct set is chosen', () => {
    const setup = fc
      .array(fc.boolean(), { minLength: 1, maxLength: 8 })
      .filter((flags) => flags.some(Boolean))
      .chain((flags) => fc.tuple(fc.constant(flags), fc.subarray(flags.map((_, i) => `o${i}`))));
    fc.assert(
      fc.property(setup, ([flags, chosen]) => {
        const q = multiple('q', flags.map((correct, i) => option(`o${i}`, correct)));
        const { score, correct } = gradeQuestion(q, { type: 'multiple', optionIds: chosen });
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const exact = chosen.length === flags.filter(Boolean).length && chosen.every((id) => flags[Number(id.slice(1))]);
        expect(score === 1).toBe(exact);
        expect(correct).toBe(exact);
      }),
    );
  });

  it('ordering: score in [0, 1], 1 exactly for the correct permutation', () => {
    const setup = fc.integer({ min: 2, max: 9 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray(ids(n, 'i'), { minLength: n, maxLength: n })));
    fc.assert(
      fc.property(setup, ([n, itemIds]) => {
        const { score } = gradeQuestion(ordering('q', ids(n, 'i')), { type: 'ordering', itemIds });
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(score === 1).toBe(itemIds.every((id, i) => id === `i${i}`));
        expect(score === 0 || score >= 2 / n - 1e-4).toBe(true);
      }),
    );
  });

  it('ordering: the reverse of 3+ items scores below 1 (in fact 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 50 }), (n) => {
        const items = ids(n, 'i');
        expect(gradeQuestion(ordering('q', items), { type: 'ordering', itemIds: [...items] }).score).toBe(1);
        expect(gradeQuestion(ordering('q', items), { type: 'ordering', itemIds: [...items].reverse() }).score).toBe(0);
      }),
    );
  });

  const answerArb = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const toleranceArb = fc.oneof(
    fc.record({ abs: fc.double({ min: 0, max: 1e3, noNaN: true }) }),
    fc.record({ rel: fc.double({ min: 0, max: 1, noNaN: true }) }),
  );
  const boundOf = (answer: number, tolerance: { abs: number } | { rel: number }) =>
    'abs' in tolerance ? tolerance.abs : tolerance.rel * Math.abs(answer);

  it('numeric: any value within the tolerance scores 1', () => {
    fc.assert(
      fc.property(answerArb, toleranceArb, fc.double({ min: -1, max: 1, noNaN: true }), (answer, tolerance, f) => {
        const value = answer + f * boundOf(answer, tolerance);
        expect(gradeQuestion(numeric('q', answer, tolerance), { type: 'numeric', value }).score).toBe(1);
      }),
    );
  });

  it('numeric: any value clearly outside the tolerance scores 0', () => {
    fc.assert(
      fc.property(answerArb, toleranceArb, fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.boolean(), (answer, tolerance, extra, above) => {
        const bound = boundOf(answer, tolerance);
        const margin = Math.max(extra, 1e-6 * Math.max(1, Math.abs(answer), bound));
        const value = above ? answer + bound + margin : answer - bound - margin;
        expect(gradeQuestion(numeric('q', answer, tolerance), { type: 'numeric', value }).score).toBe(0);
      }),
    );
  });

  it('matching: score = correctly matched left items / pairs', () => {
    const setup = fc.integer({ min: 2, max: 10 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.option(fc.integer({ min: 1, max: n + 2 }), { nil: undefined }), { minLength: n, maxLength: n })),
    );
    fc.assert(
      fc.property(setup, ([n, picks]) => {
        const q = matching('q', n, 2);
        const pairs: Record<string, string> = {};
        picks.forEach((p, i) => {
          if (p !== undefined) pairs[`l${i + 1}`] = p > n ? `x${p - n}` : `r${p}`;
        });
        const right = picks.filter((p, i) => p === i + 1).length;
        const grade = gradeQuestion(q, { type: 'matching', pairs });
        expect(grade.score).toBe(right === n ? 1 : roundTo(right / n, 4));
        expect(grade.parts?.filter((p) => p.correct)).toHaveLength(right);
        expect(grade.parts).toHaveLength(n);
      }),
    );
  });

  it('cloze: score = right blanks / blanks', () => {
    const blankArb = fc.record({ choice: fc.boolean(), right: fc.boolean(), answered: fc.boolean() });
    fc.assert(
      fc.property(fc.array(blankArb, { minLength: 1, maxLength: 8 }), (specs) => {
        const q: Question = {
          ...base('q'),
          type: 'cloze',
          text: specs.map((_, i) => `{{b${i}}}`).join(' '),
          blanks: specs.map((s, i) =>
            s.choice
              ? { id: `b${i}`, kind: 'choice' as const, options: [option('yes', true), option('no')] }
              : { id: `b${i}`, kind: 'text' as const, rule: rule(['Right Answer']) },
          ),
        };
        const blanks: Record<string, string> = {};
        specs.forEach((s, i) => {
          if (s.answered) blanks[`b${i}`] = s.choice ? (s.right ? 'yes' : 'no') : s.right ? ' right answer!' : 'wrong answer';
        });
        const right = specs.filter((s) => s.answered && s.right).length;
        const grade = gradeQuestion(q, { type: 'cloze', blanks });
        expect(grade.score).toBe(right === specs.length ? 1 : roundTo(right / specs.length, 4));
        expect(grade.parts?.map((p) => p.correct)).toEqual(specs.map((s) => s.answered && s.right));
      }),
    );
  });

  it('attempt: score = 100 x earned / possible to one decimal, passed = score >= pass score', () => {
    const questionArb = fc.record({ points: fc.integer({ min: 1, max: 10 }), pick: fc.constantFrom('right', 'wrong', 'none') });
    fc.assert(
      fc.property(fc.array(questionArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 100 }), (specs, passScore) => {
        const quiz = quizOf(
          specs.map((s, i) => multiple(`q${i}`, [option('a', true), option('b', true), option('c')], { points: s.points })),
          { passScore },
        );
        const answers = Object.fromEntries(
          specs.flatMap((s, i) => (s.pick === 'none' ? [] : [[`q${i}`, { type: 'multiple' as const, optionIds: s.pick === 'right' ? ['a', 'b'] : ['a'] }]])),
        );
        const grade = gradeAttempt(quiz, answers);
        const possible = specs.reduce((sum, s) => sum + s.points, 0);
        const earned = specs.reduce((sum, s) => sum + (s.pick === 'right' ? s.points : s.pick === 'wrong' ? s.points / 2 : 0), 0);
        expect(grade.pointsPossible).toBe(possible);
        expect(grade.pointsEarned).toBeCloseTo(earned, 9);
        expect(grade.score).toBe(Math.round((1000 * earned) / possible) / 10);
        expect(grade.passed).toBe(grade.score >= passScore);
      }),
    );
  });
});
