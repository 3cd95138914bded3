// Validating and grading submitted answers (docs/learning-engine.md, "Quizzes").
import { z } from 'zod';
import type { ChoiceOption, Question, QuestionType, Quiz } from '../course/model.ts';
import type { Issue } from '../errors.ts';
import { ownValue, QuestionTypeSchema, type Answer, type AnswerOf } from './answers.ts';
import { longestIncreasingRun, questionScore, roundTo } from './arithmetic.ts';
import { matchesText } from './normalise.ts';

export const PartGradeSchema = z.object({
  id: z.string().describe('Blank id (cloze) or left item id (matching)'),
  correct: z.boolean(),
});
export type PartGrade = z.infer<typeof PartGradeSchema>;

export const QuestionGradeSchema = z.object({
  questionId: z.string(),
  type: QuestionTypeSchema,
  score: z.number().min(0).max(1).describe('0 to 1, four decimals; partial credit per question type'),
  correct: z.boolean().describe('True when the score is 1'),
  pointsEarned: z.number().describe('score x points'),
  pointsPossible: z.number(),
  feedback: z.array(z.string()).describe('Feedback (Markdown) of the options the learner chose'),
  parts: z.array(PartGradeSchema).optional().describe('Cloze: one entry per blank; matching: one per left item'),
});
export type QuestionGrade = z.infer<typeof QuestionGradeSchema>;

export const AttemptGradeSchema = z.object({
  score: z.number().min(0).max(100).describe('100 x points earned / points possible, one decimal'),
  passed: z.boolean().describe("score >= the quiz's pass score"),
  pointsEarned: z.number(),
  pointsPossible: z.number(),
  questions: z.array(QuestionGradeSchema).describe('In the authored question order; unanswered questions score 0'),
});
export type AttemptGrade = z.infer<typeof AttemptGradeSchema>;

type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
type Pair = { [T in QuestionType]: { type: T; question: QuestionOf<T>; answer: AnswerOf<T> } }[QuestionType];

function pairOf(question: Question, answer: Answer): Pair | undefined {
  // Same `type` on both sides is exactly what makes them a Pair; TS cannot see it across two unions.
  return question.type === answer.type ? ({ type: question.type, question, answer } as Pair) : undefined;
}

// ---------------------------------------------------------------- validation

function idListIssues(ids: readonly string[], known: ReadonlySet<string>, path: string, what: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!known.has(id)) issues.push({ path: `${path}.${i}`, message: `'${id}' is not ${what} of this question` });
    else if (seen.has(id)) issues.push({ path: `${path}.${i}`, message: `'${id}' is listed more than once` });
    seen.add(id);
  });
  return issues;
}

function pairIssues({ type, question, answer }: Pair): Issue[] {
  switch (type) {
    case 'single':
      return question.options.some((o) => o.id === answer.optionId)
        ? []
        : [{ path: 'optionId', message: `'${answer.optionId}' is not an option of this question` }];
    case 'multiple':
      return idListIssues(answer.optionIds, new Set(question.options.map((o) => o.id)), 'optionIds', 'an option');
    case 'true_false':
    case 'numeric':
    case 'short_text':
      return [];
    case 'ordering': {
      const issues = idListIssues(answer.itemIds, new Set(question.items.map((i) => i.id)), 'itemIds', 'an item');
      if (issues.length === 0 && answer.itemIds.length !== question.items.length) {
        const given = new Set(answer.itemIds);
        const missing = question.items.filter((i) => !given.has(i.id)).map((i) => i.id);
        issues.push({
          path: 'itemIds',
          message: `must list all ${question.items.length} items exactly once; missing: ${missing.join(', ')}`,
        });
      }
      return issues;
    }
    case 'matching': {
      const lefts = new Set(question.pairs.map((p) => p.left.id));
      const rights = new Set([...question.pairs.map((p) => p.right.id), ...question.distractors.map((d) => d.id)]);
      return Object.entries(answer.pairs).flatMap(([left, right]): Issue[] => {
        if (!lefts.has(left)) return [{ path: `pairs.${left}`, message: `'${left}' is not a left-hand item of this question` }];
        if (!rights.has(right)) return [{ path: `pairs.${left}`, message: `'${right}' is not a right-hand item of this question` }];
        return [];
      });
    }
    case 'cloze':
      return Object.entries(answer.blanks).flatMap(([blankId, value]): Issue[] => {
        const blank = question.blanks.find((b) => b.id === blankId);
        if (blank === undefined) return [{ path: `blanks.${blankId}`, message: `'${blankId}' is not a blank of this question` }];
        if (blank.kind === 'choice' && !blank.options.some((o) => o.id === value)) {
          return [{ path: `blanks.${blankId}`, message: `'${value}' is not an option of this blank` }];
        }
        return [];
      });
  }
}

/** Why an answer cannot be graded for this question (an empty list when it can). Paths are relative to the answer. */
export function validateAnswer(question: Question, answer: Answer): Issue[] {
  const pair = pairOf(question, answer);
  if (pair === undefined) {
    return [{ path: 'type', message: `this is a '${question.type}' question, not '${answer.type}'` }];
  }
  return pairIssues(pair);
}

/** validateAnswer for a whole submission, plus answers to questions the quiz does not have. Paths start at `answers`. */
export function validateSubmission(quiz: Quiz, answers: Readonly<Record<string, Answer>>): Issue[] {
  return Object.entries(answers).flatMap(([questionId, answer]): Issue[] => {
    const question = quiz.questions.find((q) => q.id === questionId);
    if (question === undefined) return [{ path: `answers.${questionId}`, message: `this quiz has no question '${questionId}'` }];
    return validateAnswer(question, answer).map((issue) => ({ ...issue, path: `answers.${questionId}.${issue.path}` }));
  });
}

// ---------------------------------------------------------------- grading

interface RawGrade {
  score: number;
  feedback: string[];
  parts?: PartGrade[];
}

const feedbackOf = (options: readonly ChoiceOption[], chosen: (id: string) => boolean): string[] =>
  options.flatMap((o) => (chosen(o.id) && o.feedback !== undefined ? [o.feedback] : []));

function gradeMultiple(question: QuestionOf<'multiple'>, answer: AnswerOf<'multiple'>): RawGrade {
  const chosen = new Set(answer.optionIds);
  let right = 0;
  let wrong = 0;
  for (const option of question.options) {
    if (chosen.has(option.id)) {
      if (option.correct) right++;
      else wrong++;
    }
  }
  const correctCount = question.options.filter((o) => o.correct).length;
  // The loader requires a correct option; without one, only choosing nothing is right.
  const score = correctCount === 0 ? Number(right + wrong === 0) : Math.max(0, (right - wrong) / correctCount);
  return { score, feedback: feedbackOf(question.options, (id) => chosen.has(id)) };
}

// Float care: 0.4 is within 0.1 of 0.3 even though 0.4 - 0.3 > 0.1 in binary.
const SLACK = 1e-9;

export function withinTolerance(question: Pick<QuestionOf<'numeric'>, 'answer' | 'tolerance'>, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const { answer, tolerance } = question;
  const bound = tolerance === undefined ? 0 : 'abs' in tolerance ? tolerance.abs : tolerance.rel * Math.abs(answer);
  return Math.abs(value - answer) <= bound + SLACK * Math.max(1, Math.abs(answer), bound);
}

function gradeOrdering(question: QuestionOf<'ordering'>, answer: AnswerOf<'ordering'>): RawGrade {
  const n = question.items.length;
  const exact = answer.itemIds.length === n && question.items.every((item, i) => answer.itemIds[i] === item.id);
  if (exact) return { score: 1, feedback: [] };
  const position = new Map(question.items.map((item, i) => [item.id, i]));
  const positions = answer.itemIds.flatMap((id) => {
    const p = position.get(id);
    return p === undefined ? [] : [p];
  });
  const run = longestIncreasingRun(positions);
  return { score: run <= 1 ? 0 : run / n, feedback: [] };
}

function fraction(parts: readonly PartGrade[]): number {
  return parts.length === 0 ? 0 : parts.filter((p) => p.correct).length / parts.length;
}

function gradeMatching(question: QuestionOf<'matching'>, answer: AnswerOf<'matching'> | undefined): RawGrade {
  const parts = question.pairs.map((pair) => ({
    id: pair.left.id,
    correct: answer !== undefined && ownValue(answer.pairs, pair.left.id) === pair.right.id,
  }));
  return { score: fraction(parts), feedback: [], parts };
}

function gradeCloze(question: QuestionOf<'cloze'>, answer: AnswerOf<'cloze'> | undefined): RawGrade {
  const feedback: string[] = [];
  const parts = question.blanks.map((blank) => {
    const value = answer === undefined ? undefined : ownValue(answer.blanks, blank.id);
    if (value === undefined) return { id: blank.id, correct: false };
    if (blank.kind === 'text') return { id: blank.id, correct: matchesText(blank.rule, value) };
    feedback.push(...feedbackOf(blank.options, (id) => id === value));
    return { id: blank.id, correct: blank.options.some((o) => o.id === value && o.correct) };
  });
  return { score: fraction(parts), feedback, parts };
}

function gradePair({ type, question, answer }: Pair): RawGrade {
  switch (type) {
    case 'single':
      return {
        score: Number(question.options.some((o) => o.id === answer.optionId && o.correct)),
        feedback: feedbackOf(question.options, (id) => id === answer.optionId),
      };
    case 'multiple':
      return gradeMultiple(question, answer);
    case 'true_false': {
      const feedback = answer.value ? question.feedback?.true : question.feedback?.false;
      return { score: Number(answer.value === question.answer), feedback: feedback === undefined ? [] : [feedback] };
    }
    case 'numeric':
      return { score: Number(withinTolerance(question, answer.value)), feedback: [] };
    case 'short_text':
      return { score: Number(matchesText(question, answer.text)), feedback: [] };
    case 'ordering':
      return gradeOrdering(question, answer);
    case 'matching':
      return gradeMatching(question, answer);
    case 'cloze':
      return gradeCloze(question, answer);
  }
}

function ungraded(question: Question): RawGrade {
  if (question.type === 'matching') return gradeMatching(question, undefined);
  if (question.type === 'cloze') return gradeCloze(question, undefined);
  return { score: 0, feedback: [] };
}

/**
 * Grades one answer, assumed valid (see validateAnswer); an answer of another type, like a
 * missing one, scores 0. Unknown ids count as wrong picks of nothing.
 */
export function gradeQuestion(question: Question, answer: Answer | undefined): QuestionGrade {
  const pair = answer === undefined ? undefined : pairOf(question, answer);
  const raw = pair === undefined ? ungraded(question) : gradePair(pair);
  const score = questionScore(raw.score);
  return {
    questionId: question.id,
    type: question.type,
    score,
    correct: score === 1,
    pointsEarned: roundTo(score * question.points, 4),
    pointsPossible: question.points,
    feedback: raw.feedback,
    ...(raw.parts !== undefined && { parts: raw.parts }),
  };
}

/** Grades every question of the quiz (unanswered ones score 0); answers to other question ids are ignored. */
export function gradeAttempt(quiz: Quiz, answers: Readonly<Record<string, Answer>>): AttemptGrade {
  const questions = quiz.questions.map((q) => gradeQuestion(q, ownValue(answers, q.id)));
  const pointsPossible = roundTo(questions.reduce((sum, q) => sum + q.pointsPossible, 0), 4);
  const pointsEarned = roundTo(questions.reduce((sum, q) => sum + q.pointsEarned, 0), 4);
  const score = pointsPossible > 0 ? roundTo((100 * pointsEarned) / pointsPossible, 1) : 0;
  return { score, passed: score >= quiz.policy.passScore, pointsEarned, pointsPossible, questions };
}
