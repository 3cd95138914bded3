import { describe, expect, it } from 'vitest';
import type { Question } from '../course/model.ts';
import type { Answer } from './answers.ts';
import {
  base,
  matching,
  multiple,
  numeric,
  option,
  ordering,
  quizOf,
  rule,
  secretQuiz,
  shortText,
  single,
} from './fixture.test-helper.ts';
import { gradeAttempt, gradeQuestion, validateAnswer, validateSubmission, withinTolerance } from './grade.ts';

const scoreOf = (question: Question, answer: Answer | undefined) => gradeQuestion(question, answer).score;

describe('single choice', () => {
  const q = single('q', [option('a', true, 'Right!'), option('b', false, 'No: b is...'), option('c')]);

  it('scores 1 for the correct option, 0 otherwise, with the chosen option feedback', () => {
    expect(gradeQuestion(q, { type: 'single', optionId: 'a' })).toEqual({
      questionId: 'q',
      type: 'single',
      score: 1,
      correct: true,
      pointsEarned: 1,
      pointsPossible: 1,
      feedback: ['Right!'],
    });
    expect(gradeQuestion(q, { type: 'single', optionId: 'b' })).toMatchObject({ score: 0, correct: false, feedback: ['No: b is...'] });
    expect(gradeQuestion(q, { type: 'single', optionId: 'c' })).toMatchObject({ score: 0, feedback: [] });
  });

  it('scores 0 when unanswered or answered with another type', () => {
    expect(gradeQuestion(q, undefined)).toMatchObject({ score: 0, correct: false, pointsEarned: 0, feedback: [] });
    expect(scoreOf(q, { type: 'true_false', value: true })).toBe(0);
  });
});

describe('multiple choice', () => {
  // 3 correct (a, b, c), 2 wrong (d, e)
  const q = multiple('q', [option('a', true, 'fa'), option('b', true), option('c', true), option('d', false, 'fd'), option('e')], {
    points: 3,
  });
  const pick = (...optionIds: string[]) => gradeQuestion(q, { type: 'multiple', optionIds });

  it('gives partial credit (right - wrong) / correct, floored at 0', () => {
    expect(pick('a', 'b', 'c')).toMatchObject({ score: 1, correct: true, pointsEarned: 3 });
    expect(pick('a', 'b')).toMatchObject({ score: 0.6667, correct: false, pointsEarned: 2.0001 });
    expect(pick('a')).toMatchObject({ score: 0.3333 });
    expect(pick('a', 'b', 'c', 'd')).toMatchObject({ score: 0.6667 });
    expect(pick('a', 'd')).toMatchObject({ score: 0 });
    expect(pick('a', 'd', 'e')).toMatchObject({ score: 0 });
    expect(pick('d', 'e')).toMatchObject({ score: 0 });
    expect(pick()).toMatchObject({ score: 0 });
    expect(pick('a', 'b', 'c', 'd', 'e')).toMatchObject({ score: 0.3333 });
  });

  it('returns the feedback of every chosen option in authored order', () => {
    expect(pick('d', 'a').feedback).toEqual(['fa', 'fd']);
  });

  it('does not count a duplicated pick twice', () => {
    expect(pick('a', 'a', 'a').score).toBe(0.3333);
  });
});

describe('true/false', () => {
  const q: Question = { ...base('q'), type: 'true_false', answer: false, feedback: { true: 'It is not.', false: 'Indeed.' } };
  it('scores the value and shows the feedback of the chosen side', () => {
    expect(gradeQuestion(q, { type: 'true_false', value: false })).toMatchObject({ score: 1, feedback: ['Indeed.'] });
    expect(gradeQuestion(q, { type: 'true_false', value: true })).toMatchObject({ score: 0, feedback: ['It is not.'] });
    const bare: Question = { ...base('q'), type: 'true_false', answer: true };
    expect(gradeQuestion(bare, { type: 'true_false', value: true })).toMatchObject({ score: 1, feedback: [] });
  });
});

describe('numeric', () => {
  const value = (v: number) => ({ type: 'numeric' as const, value: v });

  it('with an absolute tolerance accepts the boundaries (despite binary floats) and nothing beyond', () => {
    const q = numeric('q', 0.3, { abs: 0.1 });
    expect(scoreOf(q, value(0.4))).toBe(1); // 0.4 - 0.3 = 0.10000000000000003 in binary
    expect(scoreOf(q, value(0.2))).toBe(1);
    expect(scoreOf(q, value(0.3))).toBe(1);
    expect(scoreOf(q, value(0.4001))).toBe(0);
    expect(scoreOf(q, value(0.1999))).toBe(0);
  });

  it('with a relative tolerance scales with the answer, also for negative answers', () => {
    const q = numeric('q', -200, { rel: 0.05 });
    expect(scoreOf(q, value(-210))).toBe(1);
    expect(scoreOf(q, value(-190))).toBe(1);
    expect(scoreOf(q, value(-210.01))).toBe(0);
    expect(scoreOf(q, value(-189.99))).toBe(0);
    expect(scoreOf(q, value(200))).toBe(0);
  });

  it('with a relative tolerance and an answer of 0 only accepts 0 (up to float noise)', () => {
    const q = numeric('q', 0, { rel: 0.5 });
    expect(scoreOf(q, value(0))).toBe(1);
    expect(scoreOf(q, value(-0))).toBe(1);
    expect(scoreOf(q, value(1e-12))).toBe(1);
    expect(scoreOf(q, value(0.001))).toBe(0);
  });

  it('without tolerance wants equality up to 1e-9 x max(1, |answer|)', () => {
    const q = numeric('q', 1e6);
    expect(scoreOf(q, value(1e6))).toBe(1);
    expect(scoreOf(q, value(1e6 + 5e-4))).toBe(1);
    expect(scoreOf(q, value(1e6 + 2e-3))).toBe(0);
    const small = numeric('s', 0.1 + 0.2);
    expect(scoreOf(small, value(0.3))).toBe(1);
    expect(scoreOf(small, value(0.3 + 2e-9))).toBe(0);
  });

  it('scores non-finite values 0, even against huge tolerances', () => {
    const q = numeric('q', 1, { abs: Number.MAX_VALUE });
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(scoreOf(q, value(v))).toBe(0);
      expect(withinTolerance({ answer: 1 }, v)).toBe(false);
    }
    expect(scoreOf(numeric('q', 1e308, { rel: 1 }), value(-1e308))).toBe(0); // the difference overflows
  });
});

describe('short text', () => {
  it('accepts a normalised accepted answer or a pattern match', () => {
    const q = shortText('q', rule(['Tokenizer'], { patterns: ['^byte[- ]?pair encoding$'] }));
    const text = (t: string) => scoreOf(q, { type: 'short_text', text: t });
    expect(text(' the tokenizer ')).toBe(0);
    expect(text('TOKENIZER.')).toBe(1);
    expect(text('Byte pair encoding')).toBe(1);
    expect(text('Byte-pair encoding')).toBe(1); // the hyphen is removed before the pattern runs: "bytepair"
    expect(text('byte pair  encodings')).toBe(0);
    expect(text('bytepair encoding')).toBe(1);
    expect(text('')).toBe(0);
  });
});

describe('ordering', () => {
  const q = ordering('q', ['a', 'b', 'c', 'd', 'e'], { points: 2 });
  const order = (...itemIds: string[]) => scoreOf(q, { type: 'ordering', itemIds });

  it('scores 1 only for the exact order', () => {
    expect(order('a', 'b', 'c', 'd', 'e')).toBe(1);
  });

  it('gives LIS / n otherwise', () => {
    expect(order('b', 'a', 'c', 'd', 'e')).toBe(0.8);
    expect(order('e', 'a', 'b', 'c', 'd')).toBe(0.8);
    expect(order('c', 'd', 'e', 'a', 'b')).toBe(0.6);
    expect(order('e', 'd', 'c', 'a', 'b')).toBe(0.4);
  });

  it('gives 0 when no two items are in relative order', () => {
    expect(order('e', 'd', 'c', 'b', 'a')).toBe(0);
    const two = ordering('t', ['x', 'y']);
    expect(scoreOf(two, { type: 'ordering', itemIds: ['y', 'x'] })).toBe(0);
    expect(scoreOf(two, { type: 'ordering', itemIds: ['x', 'y'] })).toBe(1);
  });

  it('reports points earned as score x points', () => {
    expect(gradeQuestion(q, { type: 'ordering', itemIds: ['b', 'a', 'c', 'd', 'e'] }).pointsEarned).toBe(1.6);
  });
});

describe('matching', () => {
  const q = matching('q', 4, 1);
  it('scores the fraction of left items matched correctly, with per-pair parts', () => {
    const grade = gradeQuestion(q, { type: 'matching', pairs: { l1: 'r1', l2: 'r3', l3: 'x1' } });
    expect(grade).toMatchObject({ score: 0.25, correct: false });
    expect(grade.parts).toEqual([
      { id: 'l1', correct: true },
      { id: 'l2', correct: false },
      { id: 'l3', correct: false },
      { id: 'l4', correct: false },
    ]);
    expect(scoreOf(q, { type: 'matching', pairs: { l1: 'r1', l2: 'r2', l3: 'r3', l4: 'r4' } })).toBe(1);
    expect(scoreOf(q, { type: 'matching', pairs: { l1: 'r1', l2: 'r2', l3: 'r3' } })).toBe(0.75);
  });

  it('lists every pair as wrong when unanswered', () => {
    expect(gradeQuestion(q, undefined).parts?.every((p) => !p.correct)).toBe(true);
  });

  it('never reads a learner key from the prototype', () => {
    const proto = matching('q', 2);
    proto.pairs[0]!.left.id = 'constructor';
    expect(scoreOf(proto, { type: 'matching', pairs: {} })).toBe(0);
  });
});

describe('cloze', () => {
  const q: Question = {
    ...base('q'),
    type: 'cloze',
    text: 'A {{model}} predicts the next {{unit}} with {{how}}.',
    blanks: [
      { id: 'model', kind: 'text', rule: rule(['language model', 'LLM']) },
      { id: 'unit', kind: 'choice', options: [option('token', true, 'Yes, tokens.'), option('word', false, 'Not words.')] },
      { id: 'how', kind: 'text', rule: rule(['Probabilities'], { caseSensitive: true }) },
    ],
  };
  const fill = (blanks: Record<string, string>) => gradeQuestion(q, { type: 'cloze', blanks });

  it('scores the fraction of right blanks; text blanks use short-text rules', () => {
    expect(fill({ model: 'Language  Model!', unit: 'token', how: 'Probabilities' })).toMatchObject({ score: 1, correct: true, feedback: ['Yes, tokens.'] });
    const partial = fill({ model: 'llm', unit: 'word', how: 'probabilities' });
    expect(partial).toMatchObject({ score: 0.3333, feedback: ['Not words.'] });
    expect(partial.parts).toEqual([
      { id: 'model', correct: true },
      { id: 'unit', correct: false },
      { id: 'how', correct: false },
    ]);
    expect(fill({ unit: 'token' }).score).toBe(0.3333);
    expect(fill({}).score).toBe(0);
  });

  it('does not read blank answers from the prototype', () => {
    const proto: Question = { ...base('p'), type: 'cloze', text: '{{constructor}}', blanks: [{ id: 'constructor', kind: 'text', rule: rule(['x']) }] };
    expect(scoreOf(proto, { type: 'cloze', blanks: {} })).toBe(0);
  });
});

describe('gradeAttempt', () => {
  const quiz = quizOf(
    [
      single('s', [option('a', true), option('b')], { points: 2 }),
      multiple('m', [option('a', true), option('b', true), option('c')], { points: 1 }),
      numeric('n', 42, undefined, { points: 3 }),
      ordering('o', ['a', 'b', 'c', 'd'], { points: 4 }),
    ],
    { passScore: 60 },
  );

  it('weights question scores by points and rounds the quiz score to one decimal', () => {
    const grade = gradeAttempt(quiz, {
      s: { type: 'single', optionId: 'a' },
      m: { type: 'multiple', optionIds: ['a'] },
      o: { type: 'ordering', itemIds: ['b', 'a', 'c', 'd'] },
    });
    // 2 + 0.5 + 0 (unanswered) + 0.75 x 4 = 5.5 of 10
    expect(grade).toMatchObject({ pointsEarned: 5.5, pointsPossible: 10, score: 55, passed: false });
    expect(grade.questions.map((q) => [q.questionId, q.score])).toEqual([
      ['s', 1],
      ['m', 0.5],
      ['n', 0],
      ['o', 0.75],
    ]);
  });

  it('passes at exactly the pass score', () => {
    const grade = gradeAttempt(quiz, {
      s: { type: 'single', optionId: 'a' },
      m: { type: 'multiple', optionIds: ['a', 'b'] },
      n: { type: 'numeric', value: 42 },
    });
    expect(grade).toMatchObject({ pointsEarned: 6, score: 60, passed: true });
  });

  it('rounds thirds sensibly and scores 100 for all correct', () => {
    const thirds = quizOf([single('a', [option('x', true), option('y')]), single('b', [option('x', true), option('y')]), single('c', [option('x', true), option('y')])]);
    const one = gradeAttempt(thirds, { a: { type: 'single', optionId: 'x' } });
    expect(one.score).toBe(33.3);
    const two = gradeAttempt(thirds, { a: { type: 'single', optionId: 'x' }, b: { type: 'single', optionId: 'x' } });
    expect(two).toMatchObject({ score: 66.7, passed: false });
    const all = gradeAttempt(thirds, { a: { type: 'single', optionId: 'x' }, b: { type: 'single', optionId: 'x' }, c: { type: 'single', optionId: 'x' } });
    expect(all).toMatchObject({ score: 100, passed: true });
  });

  it('scores an empty submission 0 and ignores answers to unknown questions', () => {
    expect(gradeAttempt(quiz, {})).toMatchObject({ score: 0, pointsEarned: 0, passed: false });
    expect(gradeAttempt(quiz, { ghost: { type: 'single', optionId: 'a' } }).score).toBe(0);
  });

  it('grades the every-type fixture fully right', () => {
    const grade = gradeAttempt(secretQuiz(), {
      'q-single': { type: 'single', optionId: 'a' },
      'q-multiple': { type: 'multiple', optionIds: ['b', 'a'] },
      'q-tf': { type: 'true_false', value: true },
      'q-numeric': { type: 'numeric', value: 7919.3 },
      'q-short': { type: 'short_text', text: 'secretacc1' }, // "secret acc 1" is accepted: punctuation between words is a space
      'q-order': { type: 'ordering', itemIds: ['i1', 'i2', 'i3', 'i4', 'i5'] },
      'q-match': { type: 'matching', pairs: { l1: 'r1', l2: 'r2', l3: 'r3' } },
      'q-cloze': { type: 'cloze', blanks: { 'b-text': 'Secret-Acc-2!', 'b-choice': 'o1' } },
    });
    expect(grade.questions.filter((q) => !q.correct)).toEqual([{ questionId: 'q-short', type: 'short_text', score: 0, correct: false, pointsEarned: 0, pointsPossible: 1, feedback: [] }]);
    expect(grade.score).toBe(87.5);
    expect(gradeQuestion(secretQuiz().questions.find((q) => q.id === 'q-short')!, { type: 'short_text', text: 'Secret acc-1' }).correct).toBe(true);
  });
});

describe('validateAnswer', () => {
  const quiz = secretQuiz();
  const byId = (id: string) => quiz.questions.find((q) => q.id === id)!;

  it('accepts well-formed answers', () => {
    expect(validateAnswer(byId('q-single'), { type: 'single', optionId: 'b' })).toEqual([]);
    expect(validateAnswer(byId('q-multiple'), { type: 'multiple', optionIds: [] })).toEqual([]);
    expect(validateAnswer(byId('q-order'), { type: 'ordering', itemIds: ['i5', 'i4', 'i3', 'i2', 'i1'] })).toEqual([]);
    expect(validateAnswer(byId('q-match'), { type: 'matching', pairs: { l1: 'x2', l2: 'x2' } })).toEqual([]);
    expect(validateAnswer(byId('q-cloze'), { type: 'cloze', blanks: { 'b-text': 'anything at all', 'b-choice': 'o3' } })).toEqual([]);
    expect(validateAnswer(byId('q-numeric'), { type: 'numeric', value: -1 })).toEqual([]);
  });

  it.each<[string, Answer, { path: string; message: RegExp }[]]>([
    ['q-single', { type: 'multiple', optionIds: ['a'] }, [{ path: 'type', message: /'single' question, not 'multiple'/ }]],
    ['q-single', { type: 'single', optionId: 'z' }, [{ path: 'optionId', message: /'z' is not an option/ }]],
    [
      'q-multiple',
      { type: 'multiple', optionIds: ['a', 'z', 'a'] },
      [
        { path: 'optionIds.1', message: /'z' is not an option/ },
        { path: 'optionIds.2', message: /more than once/ },
      ],
    ],
    ['q-order', { type: 'ordering', itemIds: ['i1', 'i2', 'i3', 'i4'] }, [{ path: 'itemIds', message: /all 5 items exactly once; missing: i5/ }]],
    ['q-order', { type: 'ordering', itemIds: ['i1', 'i2', 'i3', 'i4', 'i4'] }, [{ path: 'itemIds.4', message: /more than once/ }]],
    ['q-order', { type: 'ordering', itemIds: ['i1', 'i2', 'i3', 'i4', 'i5', 'i6'] }, [{ path: 'itemIds.5', message: /'i6' is not an item/ }]],
    ['q-match', { type: 'matching', pairs: { l9: 'r1' } }, [{ path: 'pairs.l9', message: /'l9' is not a left-hand item/ }]],
    ['q-match', { type: 'matching', pairs: { l1: 'l2' } }, [{ path: 'pairs.l1', message: /'l2' is not a right-hand item/ }]],
    ['q-cloze', { type: 'cloze', blanks: { nope: 'x' } }, [{ path: 'blanks.nope', message: /'nope' is not a blank/ }]],
    ['q-cloze', { type: 'cloze', blanks: { 'b-choice': 'token' } }, [{ path: 'blanks.b-choice', message: /'token' is not an option of this blank/ }]],
  ])('rejects an invalid answer to %s: %j', (id, answer, expected) => {
    const issues = validateAnswer(byId(id), answer);
    expect(issues).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expect(issues[i]?.path).toBe(e.path);
      expect(issues[i]?.message).toMatch(e.message);
    });
  });

  it('validates a whole submission with paths from `answers`, including unknown questions', () => {
    expect(
      validateSubmission(quiz, {
        'q-single': { type: 'single', optionId: 'z' },
        ghost: { type: 'true_false', value: true },
        'q-tf': { type: 'true_false', value: false },
      }),
    ).toEqual([
      { path: 'answers.q-single.optionId', message: "'z' is not an option of this question" },
      { path: 'answers.ghost', message: "this quiz has no question 'ghost'" },
    ]);
  });
});
