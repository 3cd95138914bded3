import { describe, expect, it } from 'vitest';
import { editFile, lineOf, miniCourseFiles, replaceOnce, text, withFile } from '../test-support/fixtures.ts';
import { parseBundle } from '../load/parse-bundle.ts';
import { beatsChance, cueFigure, tailProbability } from './chance.ts';
import { matchingIdsFollowKey, orderingIdsFollowKey, sortIds } from './key-cues.ts';

const good = await miniCourseFiles();
const warnings = (files: Map<string, Uint8Array>) => parseBundle(files).problems.filter((p) => p.severity === 'warning');

/** A quiz file of `count` copies of one question, for course-wide figures. */
function quizOf(id: string, question: (i: number) => string, count: number): string {
  return `id: ${id}\ntitle: Extra\nkind: quick-check\nquestions:\n${Array.from({ length: count }, (_, i) => question(i)).join('')}`;
}
/** The mini course with an extra quick check on the welcome step's chapter (attached to `history`). */
function withExtraQuiz(yaml: string): Map<string, Uint8Array> {
  const files = withFile(good, 'quizzes/extra-check.yaml', yaml);
  return editFile(files, 'chapters/basics/first-exercise.md', replaceOnce('concepts: [tokenization]', 'concepts: [tokenization]\nquiz: extra-check'));
}

describe('chance', () => {
  it('computes the tail of a Poisson binomial exactly', () => {
    expect(tailProbability([0.5, 0.5], 2)).toBeCloseTo(0.25);
    expect(tailProbability([0.5, 0.5], 1)).toBeCloseTo(0.75);
    expect(tailProbability([0.25, 0.5, 1], 3)).toBeCloseTo(0.125);
    expect(tailProbability([0.3], 0)).toBe(1);
  });

  it('says a cue beats chance only when it hits more often than luck plausibly explains', () => {
    const always = cueFigure(Array.from({ length: 10 }, () => ({ hit: true, chance: 0.25 })));
    expect(always).toMatchObject({ questions: 10, hits: 10, expected: 2.5 });
    expect(beatsChance(always)).toBe(true);
    // 3 of 10 at chance 1/4 is above the 2.5 expected, but well within luck.
    expect(beatsChance(cueFigure(Array.from({ length: 10 }, (_, i) => ({ hit: i < 3, chance: 0.25 }))))).toBe(false);
    expect(beatsChance(cueFigure([]))).toBe(false);
  });
});

describe('ids that follow the key', () => {
  it('sorts ids as a learner would (l2 before l10)', () => {
    expect(sortIds(['l10', 'l2', 'l1'])).toEqual(['l1', 'l2', 'l10']);
  });

  it('recognises ordering ids in sorted order', () => {
    expect(orderingIdsFollowKey([{ id: 'a' }, { id: 'b' }, { id: 'c' }])).toBe(true);
    expect(orderingIdsFollowKey([{ id: 'l1' }, { id: 'l2' }, { id: 'l10' }])).toBe(true);
    expect(orderingIdsFollowKey([{ id: 'text' }, { id: 'split' }, { id: 'ids' }])).toBe(false);
  });

  it('recognises matching ids that pair by digits, by name or by sorted rank', () => {
    const pairs = (...ids: [string, string][]) => ids.map(([left, right]) => ({ left: { id: left }, right: { id: right } }));
    expect(matchingIdsFollowKey(pairs(['l1', 'r1'], ['l2', 'r2'], ['l3', 'r3']))).toBe(true);
    expect(matchingIdsFollowKey(pairs(['l2', 'r2'], ['l1', 'r1']))).toBe(true);
    expect(matchingIdsFollowKey(pairs(['token', 'token'], ['window', 'window']))).toBe(true);
    expect(matchingIdsFollowKey(pairs(['apple', 'x'], ['banana', 'y'], ['cherry', 'z']))).toBe(true);
    expect(matchingIdsFollowKey(pairs(['token', 'unit'], ['window', 'limit']))).toBe(false);
  });

  it('warns on an ordering question whose ids sort into the answer, at the items line', () => {
    const files = editFile(good, 'quizzes/basics-checkpoint.yaml', (yaml) =>
      yaml.replace('{ id: text,', '{ id: s1,').replace('{ id: split,', '{ id: s2,').replace('{ id: ids,', '{ id: s3,'));
    const found = warnings(files).filter((p) => p.file === 'quizzes/basics-checkpoint.yaml');
    expect(found).toEqual([
      {
        severity: 'warning',
        file: 'quizzes/basics-checkpoint.yaml',
        line: lineOf(text(files, 'quizzes/basics-checkpoint.yaml'), '    items:'),
        field: 'questions[3].items',
        message: 'the item ids, sorted, give the correct order: use ids that say nothing about position',
      },
    ]);
  });

  it('warns on a matching question with lN/rN ids', () => {
    const files = editFile(good, 'quizzes/practice-checkpoint.yaml', (yaml) =>
      yaml.replace('{ id: token,', '{ id: l1,').replace('{ id: unit,', '{ id: r1,').replace('{ id: window,', '{ id: l2,').replace('{ id: limit,', '{ id: r2,'));
    expect(warnings(files).filter((p) => p.file === 'quizzes/practice-checkpoint.yaml')).toEqual([
      expect.objectContaining({ field: 'questions[0].pairs', message: expect.stringContaining('pair up by name or sorted rank') }),
    ]);
  });

  it('warns, course-wide, when the right option always has the first id, and reports the figures', () => {
    const single = (i: number) =>
      `  - id: q${i}\n    type: single\n    prompt: Pick.\n    concepts: [tokens]\n    options:\n` +
      `      - { id: a, text: Right one, correct: true, feedback: Yes. }\n      - { id: b, text: Wrong one, feedback: No. }\n` +
      `      - { id: c, text: Wrong two, feedback: No. }\n      - { id: d, text: Wrong six, feedback: No. }\n`;
    const result = parseBundle(withExtraQuiz(quizOf('extra-check', single, 6)));
    expect(result.stats.cues.singleFirstId).toMatchObject({ questions: 8, hits: 7, expected: 6 * 0.25 + 2 * 0.5 });
    expect(result.problems).toContainEqual({
      severity: 'warning',
      file: 'quizzes/',
      message: expect.stringMatching(/^the right option has the first id \(sorted\) in 7 of 8 single-choice questions \(chance 2\.5\)/),
    });
  });
});

describe('guessing cues from texts and keys', () => {
  it('warns when the right option is the longest far more often than chance', () => {
    const single = (i: number) =>
      `  - id: q${i}\n    type: single\n    prompt: Pick.\n    concepts: [tokens]\n    options:\n` +
      `      - { id: zz${i}, text: No, feedback: No. }\n      - { id: mm${i}, text: The long and careful right answer, correct: true, feedback: Yes. }\n` +
      `      - { id: kk${i}, text: Nope, feedback: No. }\n`;
    const result = parseBundle(withExtraQuiz(quizOf('extra-check', single, 6)));
    expect(result.stats.cues.longestRight.hits).toBe(6);
    expect(result.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^the right option is the longest in 6 of 8/));
    expect(result.problems.map((p) => p.message)).not.toContainEqual(expect.stringMatching(/first id/));
  });

  it('warns when true/false questions are nearly all keyed false, and not when they are balanced', () => {
    const tf = (answer: (i: number) => boolean) => (i: number) =>
      `  - id: q${i}\n    type: true_false\n    prompt: Is it?\n    concepts: [tokens]\n    answer: ${answer(i)}\n`;
    const skewed = parseBundle(withExtraQuiz(quizOf('extra-check', tf(() => false), 8)));
    expect(skewed.stats.cues.trueFalseFalse).toMatchObject({ questions: 9, hits: 8, expected: 4.5 });
    expect(skewed.problems.map((p) => p.message)).toContainEqual('8 of 9 true/false questions are keyed false (chance 4.5): answering "false" every time beats chance');
    const balanced = parseBundle(withExtraQuiz(quizOf('extra-check', tf((i) => i % 2 === 0), 8)));
    expect(balanced.problems.filter((p) => p.file === 'quizzes/')).toEqual([]);
  });

  it('warns when every multiple-choice question has two or more right options', () => {
    const multiple = (i: number) =>
      `  - id: q${i}\n    type: multiple\n    prompt: Pick all.\n    concepts: [tokens]\n    options:\n` +
      `      - { id: z${i}, text: One, correct: true, feedback: Yes. }\n      - { id: y${i}, text: Two, correct: true, feedback: Yes. }\n` +
      `      - { id: x${i}, text: Six, feedback: No. }\n`;
    const result = parseBundle(withExtraQuiz(quizOf('extra-check', multiple, 14)));
    expect(result.stats.cues.multipleTwoOrMore).toMatchObject({ questions: 15, hits: 15 });
    expect(result.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^15 of 15 multiple-choice questions have two or more right options/));
  });
});
