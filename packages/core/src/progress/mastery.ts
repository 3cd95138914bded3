// Concept and chapter mastery, and knowledge gaps (docs/learning-engine.md, "Mastery").
import type { Course } from '../course/model.ts';
import { roundTo } from '../quiz/arithmetic.ts';
import { add, compareFractions, divide, ratio, scoreFraction, toNumber, ZERO, type Fraction } from './fraction.ts';

export const MASTERY_LEVELS = ['not_started', 'attempted', 'familiar', 'proficient', 'mastered'] as const;
export type MasteryLevel = (typeof MASTERY_LEVELS)[number];

/** Accuracy and coverage are fractions (0..1); the recall interval is in days. */
export const FAMILIAR_ACCURACY = 0.7;
export const PROFICIENT_ACCURACY = 0.9;
export const PROFICIENT_COVERAGE = 0.5;
export const MASTERED_RECALL_DAYS = 7;

// Accuracy and coverage are computed and compared as exact fractions (fraction.ts); the figures
// returned are rounded to 4 decimals, for display only.
const FAMILIAR = ratio(7, 10);
const PROFICIENT = ratio(9, 10);
const HALF = ratio(1, 2);
const atLeast = (value: Fraction, threshold: Fraction): boolean => compareFractions(value, threshold) >= 0;
const DISPLAY_DECIMALS = 4;
const display = (f: Fraction): number => roundTo(toNumber(f), DISPLAY_DECIMALS);

/** The exact accuracy and coverage behind each stats object (for ordering gaps without float noise). */
const exact = new WeakMap<MasteryStats, { accuracy: Fraction; coverage: Fraction }>();

/** One question of the course with the learner's latest facts about it. */
export interface QuestionRecord {
  quizId: string;
  questionId: string;
  concepts: readonly string[];
  /** Score 0..1 of the learner's most recent answer (quiz or review), null when never answered. */
  score: number | null;
  /**
   * The longest interval (days since the card's previous review) at which this question's review
   * card was recalled correctly (rated hard, good or easy), null when never. Only `>= 7` matters.
   */
  lastRecallDays: number | null;
}

export interface MasteryStats {
  level: MasteryLevel;
  /** Mean score of the latest answers (0..1); 0 when nothing is answered. */
  accuracy: number;
  /** answered / total (0..1). */
  coverage: number;
  answered: number;
  total: number;
}

export interface ConceptMastery extends MasteryStats {
  concept: string;
}

export interface ChapterMastery extends MasteryStats {
  chapterId: string;
}

export const questionKey = (quizId: string, questionId: string): string => `${quizId}/${questionId}`;

/** The level (and its figures) for a set of questions taken together. */
export function masteryOf(questions: readonly QuestionRecord[]): MasteryStats {
  for (const q of questions) {
    if (q.score !== null && !(q.score >= 0 && q.score <= 1)) {
      throw new RangeError(`score of ${questionKey(q.quizId, q.questionId)} must be within 0..1, got ${q.score}`);
    }
  }
  const total = questions.length;
  const answered = questions.filter((q) => q.score !== null);
  const sum = answered.reduce((acc, q) => add(acc, scoreFraction(q.score ?? 0)), ZERO);
  const accuracy = answered.length ? divide(sum, answered.length) : ZERO;
  const coverage = total ? ratio(answered.length, total) : ZERO;
  const recalledLong = questions.some((q) => q.lastRecallDays !== null && q.lastRecallDays >= MASTERED_RECALL_DAYS);

  let level: MasteryLevel;
  if (answered.length === 0) level = 'not_started';
  else if (!atLeast(accuracy, FAMILIAR)) level = 'attempted';
  else if (!atLeast(accuracy, PROFICIENT) || !atLeast(coverage, HALF)) level = 'familiar';
  else level = recalledLong ? 'mastered' : 'proficient';

  const stats = { level, accuracy: display(accuracy), coverage: display(coverage), answered: answered.length, total };
  exact.set(stats, { accuracy, coverage });
  return stats;
}

/** Mastery per concept tag, sorted by concept. A question counts once per concept it carries. */
export function conceptMastery(questions: readonly QuestionRecord[]): ConceptMastery[] {
  const byConcept = new Map<string, QuestionRecord[]>();
  for (const q of questions) {
    for (const concept of new Set(q.concepts)) {
      const list = byConcept.get(concept);
      if (list) list.push(q);
      else byConcept.set(concept, [q]);
    }
  }
  return [...byConcept.keys()].sort().map((concept) => withExact(masteryOf(byConcept.get(concept) ?? []), { concept }));
}

/**
 * The course's questions (each once, in reading order of the steps that carry their quizzes) with
 * the learner's facts looked up by `questionKey`.
 */
export function questionRecords(
  course: Course,
  latest: { scores: ReadonlyMap<string, number>; lastRecallDays?: ReadonlyMap<string, number> },
): QuestionRecord[] {
  const records: QuestionRecord[] = [];
  const seen = new Set<string>();
  for (const step of course.steps) {
    const quiz = step.quizId === undefined ? undefined : course.quizzes[step.quizId];
    if (!quiz) continue;
    for (const question of quiz.questions) {
      const key = questionKey(quiz.id, question.id);
      if (seen.has(key)) continue;
      seen.add(key);
      records.push({
        quizId: quiz.id,
        questionId: question.id,
        concepts: question.concepts,
        score: latest.scores.get(key) ?? null,
        lastRecallDays: latest.lastRecallDays?.get(key) ?? null,
      });
    }
  }
  return records;
}

/** Per chapter, in course order: the questions of the quizzes its steps carry, taken together. */
export function chapterMastery(course: Course, questions: readonly QuestionRecord[]): ChapterMastery[] {
  const stepQuizzes = new Map(course.steps.map((s) => [s.id, s.quizId]));
  return course.chapters.map((chapter) => {
    const quizIds = new Set(chapter.stepIds.map((id) => stepQuizzes.get(id)).filter((q) => q !== undefined));
    return withExact(masteryOf(questions.filter((q) => quizIds.has(q.quizId))), { chapterId: chapter.id });
  });
}

/**
 * Concepts at `attempted`, then concepts taught in completed steps whose questions are all
 * unanswered (`not_started`). Attempted ones come first, lowest accuracy first (then lowest
 * coverage, then name); the unanswered ones follow by name. Concepts without any question cannot
 * be measured and are never gaps.
 */
export function knowledgeGaps(concepts: readonly ConceptMastery[], taughtConcepts: ReadonlySet<string>): ConceptMastery[] {
  const attempted = concepts
    .filter((c) => c.level === 'attempted')
    .sort((a, b) => byExact(a, b, 'accuracy') || byExact(a, b, 'coverage') || compare(a.concept, b.concept));
  const unanswered = concepts
    .filter((c) => c.level === 'not_started' && c.total > 0 && taughtConcepts.has(c.concept))
    .sort((a, b) => compare(a.concept, b.concept));
  return [...attempted, ...unanswered];
}

/** The concepts taught by the steps the learner completed. */
export function taughtConcepts(course: Course, completedStepIds: ReadonlySet<string>): Set<string> {
  return new Set(course.steps.filter((s) => completedStepIds.has(s.id)).flatMap((s) => s.concepts));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `extra` fields first (as the views list them), then the stats; the exact figures follow the new object. */
function withExact<E extends object>(stats: MasteryStats, extra: E): E & MasteryStats {
  const out = { ...extra, ...stats };
  const figures = exact.get(stats);
  if (figures) exact.set(out, figures);
  return out;
}

function byExact(a: MasteryStats, b: MasteryStats, field: 'accuracy' | 'coverage'): number {
  const x = exact.get(a)?.[field];
  const y = exact.get(b)?.[field];
  return x && y ? compareFractions(x, y) : a[field] - b[field];
}
