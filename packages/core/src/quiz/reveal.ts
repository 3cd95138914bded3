// After grading: what the learner sees of a graded attempt, and when the key may be shown.
import { z } from 'zod';
import type { Question, QuizPolicy, Quiz } from '../course/model.ts';
import {
  AnswerSchema,
  ClozeAnswerSchema,
  MatchingAnswerSchema,
  MultipleAnswerSchema,
  NumericAnswerSchema,
  OrderingAnswerSchema,
  ownValue,
  ShortTextAnswerSchema,
  SingleAnswerSchema,
  TrueFalseAnswerSchema,
  type Answer,
} from './answers.ts';
import { QuestionGradeSchema, type AttemptGrade } from './grade.ts';
import { PresentedQuestionSchema, type QuizPresentation } from './present.ts';

export interface RevealContext {
  /** The learner has a passing attempt of this quiz. */
  passed: boolean;
  /** Submitted attempts so far (in the current round). */
  attemptsUsed: number;
  /** Some round of attempts was used up (quiz/rounds.ts); default: attemptsUsed >= maxAttempts. */
  exhaustedOnce?: boolean;
}

const usedUp = (policy: Pick<QuizPolicy, 'maxAttempts'>, { attemptsUsed, exhaustedOnce }: RevealContext): boolean =>
  exhaustedOnce ?? (policy.maxAttempts !== null && attemptsUsed >= policy.maxAttempts);

/** Whether correct answers (solutions) and explanations may be shown, per the quiz's `showAnswers`. */
export function revealAllowed(policy: Pick<QuizPolicy, 'showAnswers' | 'maxAttempts'>, context: RevealContext): boolean {
  switch (policy.showAnswers) {
    case 'never':
      return false;
    case 'after_pass':
      return context.passed;
    case 'after_last_attempt':
      return context.passed || usedUp(policy, context);
  }
}

/**
 * Whether explanations may be shown: whenever solutions may, and also once a round of attempts is
 * used up without passing (no dead ends: the learner learns why before the next round), unless the
 * quiz shows answers `never`.
 */
export function explainAllowed(policy: Pick<QuizPolicy, 'showAnswers' | 'maxAttempts'>, context: RevealContext): boolean {
  return revealAllowed(policy, context) || (policy.showAnswers !== 'never' && usedUp(policy, context));
}

// A solution has the shape of the answer that scores 1 (same `type`, same fields, ids as presented
// to this learner), plus what a renderer needs to explain it: every accepted text, the tolerance.

export const SolutionSchema = z
  .discriminatedUnion('type', [
    z.object(SingleAnswerSchema.shape).meta({ id: 'SingleSolution', description: 'The correct option of a `single` question' }),
    z.object(MultipleAnswerSchema.shape).meta({ id: 'MultipleSolution', description: 'Every correct option of a `multiple` question' }),
    z.object(TrueFalseAnswerSchema.shape).meta({ id: 'TrueFalseSolution', description: 'The right value of a `true_false` question' }),
    z
      .object({
        ...NumericAnswerSchema.shape,
        tolerance: z.union([z.object({ abs: z.number() }), z.object({ rel: z.number().describe('0.05 means 5 %') })]).optional(),
        unit: z.string().optional(),
      })
      .meta({ id: 'NumericSolution', description: 'The expected value of a `numeric` question, with the tolerance it is graded with' }),
    z
      .object({ ...ShortTextAnswerSchema.shape, accepted: z.array(z.string()).describe('Every accepted answer (`text` is the first)') })
      .meta({ id: 'ShortTextSolution', description: 'A `short_text` answer that scores 1' }),
    z.object(OrderingAnswerSchema.shape).meta({ id: 'OrderingSolution', description: 'The items of an `ordering` question in the correct order' }),
    z.object(MatchingAnswerSchema.shape).meta({ id: 'MatchingSolution', description: 'The correct right item for each left item of a `matching` question' }),
    z
      .object({
        ...ClozeAnswerSchema.shape,
        accepted: z.record(z.string(), z.array(z.string())).describe('Text blanks: every accepted answer (the one in `blanks` is the first)'),
      })
      .meta({ id: 'ClozeSolution', description: 'A `cloze` answer that scores 1' }),
  ])
  .meta({ id: 'Solution', description: 'The answer key of one question, shaped like the answer that scores 1' });
export type Solution = z.infer<typeof SolutionSchema>;

export const ReviewedQuestionSchema = QuestionGradeSchema.extend({
  question: PresentedQuestionSchema.nullable().describe(
    'The question as the learner saw it (texts in the order shown, ids as presented); null when it is no longer in the quiz',
  ),
  prompt: z.string().optional().describe('Markdown; absent when the question is no longer in the quiz'),
  answer: AnswerSchema.nullable().describe("The learner's answer; null when unanswered"),
  solution: SolutionSchema.optional().describe('Only when the quiz policy allows showing answers'),
  explanation: z.string().optional().describe('Markdown; only when the quiz policy allows showing answers'),
});
export type ReviewedQuestion = z.infer<typeof ReviewedQuestionSchema>;

export const AttemptReviewSchema = z
  .object({
    quizId: z.string(),
    score: z.number().describe('0-100, one decimal'),
    passed: z.boolean(),
    pointsEarned: z.number(),
    pointsPossible: z.number(),
    revealed: z.boolean().describe('Whether solutions are included (explanations too; they may also show alone once a round of attempts is used up)'),
    questions: z.array(ReviewedQuestionSchema).describe('In the order the learner saw them'),
  })
  .meta({ id: 'AttemptReview', description: 'A graded attempt as the learner sees it' });
export type AttemptReview = z.infer<typeof AttemptReviewSchema>;

const correctIds = (options: readonly { id: string; correct: boolean }[]): string[] =>
  options.filter((o) => o.correct).map((o) => o.id);

export function solutionOf(question: Question): Solution {
  switch (question.type) {
    case 'single':
      return { type: 'single', optionId: correctIds(question.options)[0] ?? '' };
    case 'multiple':
      return { type: 'multiple', optionIds: correctIds(question.options) };
    case 'true_false':
      return { type: 'true_false', value: question.answer };
    case 'numeric':
      return {
        type: 'numeric',
        value: question.answer,
        ...(question.tolerance !== undefined && { tolerance: { ...question.tolerance } }),
        ...(question.unit !== undefined && { unit: question.unit }),
      };
    case 'short_text':
      return { type: 'short_text', text: question.accepted[0] ?? '', accepted: [...question.accepted] };
    case 'ordering':
      return { type: 'ordering', itemIds: question.items.map((i) => i.id) };
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(question.pairs.map((p) => [p.left.id, p.right.id])) };
    case 'cloze': {
      const blanks: Record<string, string> = {};
      const accepted: Record<string, string[]> = {};
      for (const blank of question.blanks) {
        if (blank.kind === 'text') {
          blanks[blank.id] = blank.rule.accepted[0] ?? '';
          accepted[blank.id] = [...blank.rule.accepted];
        } else {
          blanks[blank.id] = correctIds(blank.options)[0] ?? '';
        }
      }
      return { type: 'cloze', blanks, accepted };
    }
  }
}

/**
 * The graded attempt per question, in the order the learner saw the questions, each with the
 * question as presented; solutions and explanations only when `reveal`. `quiz` and `presentation`
 * must be in the same id space as `answers` and `grade` (the learner's presented ids).
 */
export function reviewOfAttempt(
  quiz: Quiz,
  grade: AttemptGrade,
  answers: Readonly<Record<string, Answer>>,
  { reveal, presentation, explain = reveal }: { reveal: boolean; presentation: QuizPresentation; explain?: boolean },
): AttemptReview {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const shown = new Map(presentation.questions.map((q, i) => [q.id, { q, i }]));
  const rank = (id: string) => shown.get(id)?.i ?? Number.MAX_SAFE_INTEGER;
  const ordered = grade.questions.map((g, i) => ({ g, i })).sort((a, b) => rank(a.g.questionId) - rank(b.g.questionId) || a.i - b.i);
  return {
    quizId: quiz.id,
    score: grade.score,
    passed: grade.passed,
    pointsEarned: grade.pointsEarned,
    pointsPossible: grade.pointsPossible,
    revealed: reveal,
    questions: ordered.map(({ g: graded }): ReviewedQuestion => {
      const question = byId.get(graded.questionId);
      const presented = question === undefined ? undefined : shown.get(graded.questionId)?.q;
      const answer = ownValue(answers, graded.questionId);
      return {
        questionId: graded.questionId,
        type: graded.type,
        question: presented === undefined ? null : structuredClone(presented),
        ...(question !== undefined && { prompt: question.prompt }),
        answer: answer === undefined ? null : structuredClone(answer),
        score: graded.score,
        correct: graded.correct,
        pointsEarned: graded.pointsEarned,
        pointsPossible: graded.pointsPossible,
        feedback: [...graded.feedback],
        ...(graded.parts !== undefined && { parts: graded.parts.map((p) => ({ ...p })) }),
        ...(reveal && question !== undefined && { solution: solutionOf(question) }),
        ...((reveal || explain) && question?.explanation !== undefined && { explanation: question.explanation }),
      };
    }),
  };
}

/** The hint at `index` (0-based) of a question, or undefined when there is none. */
export function hint(quiz: Quiz, questionId: string, index: number): string | undefined {
  return quiz.questions.find((q) => q.id === questionId)?.hints[index];
}
