// Author lints for answer keys that can be guessed without knowing the subject (docs/course-bundle.md,
// "Warnings"). The engine presents opaque ids, but a bundle's ids and texts still teach authors
// habits that leak keys elsewhere (exports, other players), and texts are shown as written.
import type { ChoiceOptionFile, QuestionFile } from '../format/quiz.ts';
import { reportAt } from '../load/course-index.ts';
import type { ProblemCollector } from '../load/problems.ts';
import type { QuizInfo } from '../load/read-files.ts';
import { beatsChance, cueFigure, type CueFigure } from './chance.ts';

/** The cues measured over a whole course; each figure counts hits against chance. */
export interface CueStats {
  /** single: the right option has the first id in sorted order. */
  singleFirstId: CueFigure;
  /** multiple: the right options are the first ids in sorted order (`a,b`, `a,b,c`). */
  multipleFirstIds: CueFigure;
  /** cloze drop-down blanks: the right option has the first id in sorted order (`o1`). */
  blankFirstId: CueFigure;
  /** single: the right option is the longest text (ties share the hit). */
  longestRight: CueFigure;
  /** true/false: keyed false (chance 1/2 each). */
  trueFalseFalse: CueFigure;
  /** true/false: keyed true (chance 1/2 each). */
  trueFalseTrue: CueFigure;
  /** multiple: two or more right options (chance: a uniformly random non-empty subset). */
  multipleTwoOrMore: CueFigure;
}

const collator = new Intl.Collator('en', { numeric: true });
/** Ids as a learner would sort them: `l2` before `l10`. */
export const sortIds = (ids: readonly string[]): string[] => [...ids].sort((a, b) => collator.compare(a, b));

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((value, index) => value === b[index]);

function rightIdsFirst(options: readonly ChoiceOptionFile[]): boolean {
  const right = options.filter((option) => option.correct).map((option) => option.id);
  const sorted = sortIds(options.map((option) => option.id));
  return sameList(sortIds(right), sorted.slice(0, right.length));
}

/** Characters a learner reads: Markdown emphasis and code marks do not count. */
const visibleLength = (text: string): number => text.replace(/[*_`]/g, '').trim().length;

function longest(options: readonly ChoiceOptionFile[]): { hit: boolean; chance: number } {
  const lengths = options.map((option) => visibleLength(option.text));
  const max = Math.max(...lengths);
  const tied = options.filter((_option, index) => lengths[index] === max);
  return { hit: tied.some((option) => option.correct), chance: tied.length / options.length };
}

/** Non-empty subsets of n options with two or more members, over all non-empty subsets. */
const twoOrMoreChance = (n: number): number => (2 ** n - 1 - n) / (2 ** n - 1);

/** The digits of an id (`l3` -> `3`, `left-12` -> `12`), or undefined without any. */
const digitsOf = (id: string): string | undefined => id.match(/\d+/g)?.join('-');

/** Whether a matching question's ids pair left with right: same id, same digits, or the same rank when sorted. */
export function matchingIdsFollowKey(pairs: readonly { left: { id: string }; right: { id: string } }[]): boolean {
  if (pairs.length < 2) return false;
  if (pairs.every((pair) => pair.left.id === pair.right.id)) return true;
  if (pairs.every((pair) => digitsOf(pair.left.id) !== undefined && digitsOf(pair.left.id) === digitsOf(pair.right.id))) return true;
  const lefts = sortIds(pairs.map((pair) => pair.left.id));
  const rights = sortIds(pairs.map((pair) => pair.right.id));
  const rightOf = new Map(pairs.map((pair) => [pair.left.id, pair.right.id]));
  return lefts.every((left, index) => rightOf.get(left) === rights[index]);
}

/** Whether sorting an ordering question's item ids gives the correct order. */
export function orderingIdsFollowKey(items: readonly { id: string }[]): boolean {
  const ids = items.map((item) => item.id);
  return items.length >= 2 && (sameList(sortIds(ids), ids) || sameList([...ids].sort(), ids));
}

interface Trial {
  hit: boolean;
  chance: number;
}

const CUE_WARNINGS: Record<keyof CueStats, string> = {
  singleFirstId: 'the right option has the first id (sorted) in {hits} of {questions} single-choice questions (chance {expected}): the ids give the key away; use ids that say nothing about correctness',
  multipleFirstIds: 'the right options are the first ids (sorted) in {hits} of {questions} multiple-choice questions (chance {expected}): the ids give the key away',
  blankFirstId: 'the right option has the first id (sorted) in {hits} of {questions} drop-down blanks (chance {expected}): the ids give the key away',
  longestRight: 'the right option is the longest in {hits} of {questions} single-choice questions (chance {expected}): make distractors as long and as specific as the right answer',
  trueFalseFalse: '{hits} of {questions} true/false questions are keyed false (chance {expected}): answering "false" every time beats chance',
  trueFalseTrue: '{hits} of {questions} true/false questions are keyed true (chance {expected}): answering "true" every time beats chance',
  multipleTwoOrMore: '{hits} of {questions} multiple-choice questions have two or more right options (chance {expected}): some should have exactly one',
};

export const formatExpected = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/**
 * Measures the guessing cues of every quiz, warns per question where ids follow the key of an
 * ordering or matching question, and warns per course where a cue beats chance.
 */
export function lintKeyCues(quizzes: readonly QuizInfo[], problems: ProblemCollector): CueStats {
  const trials: Record<keyof CueStats, Trial[]> = {
    singleFirstId: [],
    multipleFirstIds: [],
    blankFirstId: [],
    longestRight: [],
    trueFalseFalse: [],
    trueFalseTrue: [],
    multipleTwoOrMore: [],
  };
  for (const quiz of quizzes) {
    if (quiz.data === undefined) continue;
    quiz.data.questions.forEach((question: QuestionFile, index) => {
      const warn = (path: PropertyKey[], message: string) =>
        reportAt(problems, 'warning', quiz.file.path, quiz.source, ['questions', index, ...path], message);
      switch (question.type) {
        case 'single': {
          const n = question.options.length;
          trials.singleFirstId.push({ hit: rightIdsFirst(question.options), chance: 1 / n });
          trials.longestRight.push(longest(question.options));
          break;
        }
        case 'multiple': {
          const n = question.options.length;
          const right = question.options.filter((option) => option.correct).length;
          trials.multipleFirstIds.push({ hit: rightIdsFirst(question.options), chance: n / (2 ** n - 1) });
          trials.multipleTwoOrMore.push({ hit: right >= 2, chance: twoOrMoreChance(n) });
          break;
        }
        case 'true_false':
          trials.trueFalseFalse.push({ hit: !question.answer, chance: 0.5 });
          trials.trueFalseTrue.push({ hit: question.answer, chance: 0.5 });
          break;
        case 'ordering':
          if (orderingIdsFollowKey(question.items)) {
            warn(['items'], 'the item ids, sorted, give the correct order: use ids that say nothing about position');
          }
          break;
        case 'matching':
          if (matchingIdsFollowKey(question.pairs)) {
            warn(['pairs'], 'the left and right ids pair up by name or sorted rank (`l1`-`r1`): use ids that say nothing about the pairs');
          }
          break;
        case 'cloze':
          for (const blank of question.blanks) {
            if (!('options' in blank)) continue;
            trials.blankFirstId.push({ hit: rightIdsFirst(blank.options), chance: 1 / blank.options.length });
          }
          break;
        case 'numeric':
        case 'short_text':
          break;
      }
    });
  }
  const stats = Object.fromEntries(Object.entries(trials).map(([cue, list]) => [cue, cueFigure(list)])) as unknown as CueStats;
  for (const cue of Object.keys(CUE_WARNINGS) as (keyof CueStats)[]) {
    const figure = stats[cue];
    if (!beatsChance(figure)) continue;
    const message = CUE_WARNINGS[cue]
      .replace('{hits}', String(figure.hits))
      .replace('{questions}', String(figure.questions))
      .replace('{expected}', formatExpected(figure.expected));
    problems.warn('quizzes/', undefined, undefined, message);
  }
  return stats;
}
