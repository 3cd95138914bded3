import { describe, expect, it } from 'vitest';
import { pathCourse } from './fixture.test-helper.ts';
import {
  chapterMastery,
  conceptMastery,
  FAMILIAR_ACCURACY,
  knowledgeGaps,
  MASTERED_RECALL_DAYS,
  MASTERY_LEVELS,
  masteryOf,
  PROFICIENT_ACCURACY,
  PROFICIENT_COVERAGE,
  type QuestionRecord,
  questionKey,
  questionRecords,
  taughtConcepts,
} from './mastery.ts';

let n = 0;
const q = (concepts: string[], score: number | null, lastRecallDays: number | null = null): QuestionRecord => ({
  quizId: 'quiz',
  questionId: `q${++n}`,
  concepts,
  score,
  lastRecallDays,
});
/** Questions on one concept with the given latest scores (null = unanswered) and recall intervals. */
const set = (scores: (number | null)[], recall: (number | null)[] = []): QuestionRecord[] =>
  scores.map((s, i) => q(['c'], s, recall[i] ?? null));

describe('mastery thresholds', () => {
  it('exports the thresholds and the level order', () => {
    expect(MASTERY_LEVELS).toEqual(['not_started', 'attempted', 'familiar', 'proficient', 'mastered']);
    expect([FAMILIAR_ACCURACY, PROFICIENT_ACCURACY, PROFICIENT_COVERAGE, MASTERED_RECALL_DAYS]).toEqual([0.7, 0.9, 0.5, 7]);
  });

  it('is not_started with no answer, even when questions exist', () => {
    expect(masteryOf(set([null, null]))).toEqual({ level: 'not_started', accuracy: 0, coverage: 0, answered: 0, total: 2 });
    expect(masteryOf([])).toMatchObject({ level: 'not_started', total: 0 });
  });

  it('69.9 % is attempted, 70 % is familiar', () => {
    expect(masteryOf(set([0.699]))).toMatchObject({ level: 'attempted', answered: 1 });
    expect(masteryOf(set([0.7]))).toMatchObject({ level: 'familiar' });
    expect(masteryOf(set([0]))).toMatchObject({ level: 'attempted', accuracy: 0 });
  });

  it('a mean that is 70 % in exact arithmetic is familiar (floats would make it 0.6999999999999998)', () => {
    const three = masteryOf(set([0.7, 0.7, 0.7]));
    expect(three.accuracy).toBe(0.7);
    expect(three.level).toBe('familiar');
  });

  it('keeps exact fractions and rounds only the figures shown: (1/3 + 1) / 2 is 2/3, shown 0.6667', () => {
    // Question scores are stored to 4 decimals (1/3 -> 0.3333); the fraction they stand for is used.
    expect(masteryOf(set([0.3333, 1]))).toMatchObject({ accuracy: 0.6667, level: 'attempted' });
    expect(masteryOf(set([0.6667, 0.6667, 0.6667, 0.8]))).toMatchObject({ accuracy: 0.7, level: 'familiar' });
    // Equal gaps reached by different sums compare equal, and fall back to coverage and name.
    // In floats these read 0.66665 (c), 0.6667 (b) and 0.666675 (a), and sorted c, b, a.
    const concepts = conceptMastery([q(['c'], 0.3333), q(['c'], 1), q(['b'], 0.6667), q(['a'], 0.1667), q(['a'], 0.5), q(['a'], 1), q(['a'], 1)]);
    expect(knowledgeGaps(concepts, new Set()).map((c) => [c.concept, c.accuracy])).toEqual([
      ['a', 0.6667],
      ['b', 0.6667],
      ['c', 0.6667],
    ]);
  });

  it('89.9 % is familiar, 90 % is proficient (full coverage)', () => {
    expect(masteryOf(set([0.899]))).toMatchObject({ level: 'familiar' });
    expect(masteryOf(set([0.9]))).toMatchObject({ level: 'proficient' });
    expect(masteryOf(set([1, 0.8]))).toMatchObject({ level: 'proficient', accuracy: 0.9 });
    expect(masteryOf(set([0.9, 0.9, 0.9]))).toMatchObject({ level: 'proficient' });
  });

  it('proficient needs coverage of at least 50 %', () => {
    expect(masteryOf(set([1, null]))).toMatchObject({ level: 'proficient', coverage: 0.5 });
    expect(masteryOf(set([1, null, null]))).toMatchObject({ level: 'familiar', accuracy: 1, answered: 1, total: 3 });
    expect(masteryOf(set([1, 1, null, null, null]))).toMatchObject({ level: 'familiar', coverage: 0.4 });
  });

  it('mastered needs a correct recall at an interval of 7+ days', () => {
    expect(masteryOf(set([1, 1], [6, 6.9]))).toMatchObject({ level: 'proficient' });
    expect(masteryOf(set([1, 1], [null, 7]))).toMatchObject({ level: 'mastered' });
    expect(masteryOf(set([1, 1], [30]))).toMatchObject({ level: 'mastered' });
    // A long recall does not lift a level below proficient.
    expect(masteryOf(set([0.7, 1], [30, 30]))).toMatchObject({ level: 'familiar' });
    expect(masteryOf(set([1, null, null], [30]))).toMatchObject({ level: 'familiar' });
  });

  it('rejects scores outside 0..1', () => {
    expect(() => masteryOf(set([1.5]))).toThrow(RangeError);
    expect(() => masteryOf(set([Number.NaN]))).toThrow(RangeError);
  });
});

describe('concept and chapter mastery on the fixture course', () => {
  const course = pathCourse();
  const records = questionRecords(course, {
    scores: new Map([
      [questionKey('what-is-check', 'q1'), 1],
      [questionKey('what-is-check', 'q2'), 0.5],
      [questionKey('foundations-check', 'q1'), 1],
      [questionKey('building-check', 'q1'), 1],
      [questionKey('building-check', 'q2'), 1],
    ]),
    lastRecallDays: new Map([[questionKey('building-check', 'q2'), 9]]),
  });

  it('lists every question of the course once with its latest facts', () => {
    expect(records.map((r) => questionKey(r.quizId, r.questionId))).toEqual([
      'what-is-check/q1',
      'what-is-check/q2',
      'foundations-check/q1',
      'foundations-check/q2',
      'foundations-check/q3',
      'building-check/q1',
      'building-check/q2',
      'building-check/q3',
    ]);
    expect(records[1]).toEqual({ quizId: 'what-is-check', questionId: 'q2', concepts: ['tokens', 'probability'], score: 0.5, lastRecallDays: null });
  });

  it('computes each concept from the questions carrying it', () => {
    const byConcept = Object.fromEntries(conceptMastery(records).map(({ concept, ...rest }) => [concept, rest]));
    expect(Object.keys(byConcept)).toEqual(['attention', 'probability', 'prompting', 'scaling', 'tokens', 'tooling']);
    expect(byConcept.tokens).toEqual({ level: 'familiar', accuracy: 0.8333, coverage: 1, answered: 3, total: 3 });
    expect(byConcept.probability).toEqual({ level: 'attempted', accuracy: 0.5, coverage: 0.5, answered: 1, total: 2 });
    expect(byConcept.attention).toMatchObject({ level: 'not_started', total: 1 });
    expect(byConcept.prompting).toMatchObject({ level: 'mastered', accuracy: 1, coverage: 1 });
    expect(byConcept.tooling).toMatchObject({ level: 'mastered' });
    expect(byConcept.scaling).toMatchObject({ level: 'not_started' });
  });

  it('computes each chapter from its questions taken together', () => {
    expect(chapterMastery(course, records)).toEqual([
      { chapterId: 'foundations', level: 'familiar', accuracy: 0.8333, coverage: 0.6, answered: 3, total: 5 },
      { chapterId: 'building', level: 'mastered', accuracy: 1, coverage: 0.6667, answered: 2, total: 3 },
    ]);
  });

  it('knowledge gaps: attempted concepts weakest first, then unanswered concepts taught in completed steps', () => {
    const concepts = conceptMastery(records);
    const taught = taughtConcepts(course, new Set(['what-is', 'attention-maths', 'scaling', 'maths-primer']));
    expect([...taught].sort()).toEqual(['attention', 'probability', 'scaling', 'tokens']);
    expect(knowledgeGaps(concepts, taught).map((c) => [c.concept, c.level])).toEqual([
      ['probability', 'attempted'],
      ['attention', 'not_started'],
      ['scaling', 'not_started'],
    ]);
    // Unanswered concepts not taught yet are not gaps; attempted ones are, taught or not.
    expect(knowledgeGaps(concepts, new Set()).map((c) => c.concept)).toEqual(['probability']);
  });

  it('orders attempted gaps by accuracy, then coverage, then name', () => {
    const concepts = conceptMastery([
      q(['b'], 0.5),
      q(['a'], 0.5),
      q(['low'], 0.1),
      q(['wide'], 0.5),
      q(['wide'], 0.5),
      q(['narrow'], 0.5),
      q(['narrow'], null),
      q(['fine'], 1),
      q(['untaught'], null),
      q(['fresh'], null),
    ]);
    expect(knowledgeGaps(concepts, new Set(['fresh', 'fine', 'no-questions'])).map((c) => c.concept)).toEqual([
      'low',
      'narrow',
      'a',
      'b',
      'wide',
      'fresh',
    ]);
  });
});
