// After grading: what the learner sees of a graded attempt, and when the key may be shown.
import { z } from 'zod';
import type { Question, QuizPolicy, Quiz } from '../course/model.ts';
import { AnswerSchema, ownValue, type Answer } from './answers.ts';
import { QuestionGradeSchema, type AttemptGrade } from './grade.ts';

export interface RevealContext {
  /** The learner has a passing attempt of this quiz. */
  passed: boolean;
  /** Submitted attempts so far. */
  attemptsUsed: number;
}

/** Whether correct answers and explanations may be shown, per the quiz's `showAnswers`. */
export function revealAllowed(policy: Pick<QuizPolicy, 'showAnswers' | 'maxAttempts'>, { passed, attemptsUsed }: RevealContext): boolean {
  switch (policy.showAnswers) {
    case 'never':
      return false;
    case 'after_pass':
      return passed;
    case 'after_last_attempt':
      return passed || (policy.maxAttempts !== null && attemptsUsed >= policy.maxAttempts);
  }
}

const idList = z.array(z.string());

export const SolutionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('single'), optionIds: idList.describe('The correct option') }),
    z.object({ type: z.literal('multiple'), optionIds: idList.describe('Every correct option') }),
    z.object({ type: z.literal('true_false'), value: z.boolean() }),
    z.object({
      type: z.literal('numeric'),
      answer: z.number(),
      tolerance: z.union([z.object({ abs: z.number() }), z.object({ rel: z.number().describe('0.05 means 5 %') })]).optional(),
      unit: z.string().optional(),
    }),
    z.object({ type: z.literal('short_text'), accepted: z.array(z.string()).describe('Accepted answers') }),
    z.object({ type: z.literal('ordering'), itemIds: idList.describe('Item ids in the correct order') }),
    z.object({ type: z.literal('matching'), pairs: z.record(z.string(), z.string()).describe('Left item id -> right item id') }),
    z.object({
      type: z.literal('cloze'),
      blanks: z.array(
        z.discriminatedUnion('kind', [
          z.object({ id: z.string(), kind: z.literal('text'), accepted: z.array(z.string()).describe('Accepted answers') }),
          z.object({ id: z.string(), kind: z.literal('choice'), optionIds: idList.describe('The correct option') }),
        ]),
      ),
    }),
  ])
  .describe('The answer key of one question');
export type Solution = z.infer<typeof SolutionSchema>;

export const ReviewedQuestionSchema = QuestionGradeSchema.extend({
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
    revealed: z.boolean().describe('Whether solutions and explanations are included'),
    questions: z.array(ReviewedQuestionSchema),
  })
  .describe('A graded attempt as the learner sees it');
export type AttemptReview = z.infer<typeof AttemptReviewSchema>;

const correctIds = (options: readonly { id: string; correct: boolean }[]): string[] =>
  options.filter((o) => o.correct).map((o) => o.id);

export function solutionOf(question: Question): Solution {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { type: question.type, optionIds: correctIds(question.options) };
    case 'true_false':
      return { type: 'true_false', value: question.answer };
    case 'numeric':
      return {
        type: 'numeric',
        answer: question.answer,
        ...(question.tolerance !== undefined && { tolerance: { ...question.tolerance } }),
        ...(question.unit !== undefined && { unit: question.unit }),
      };
    case 'short_text':
      return { type: 'short_text', accepted: [...question.accepted] };
    case 'ordering':
      return { type: 'ordering', itemIds: question.items.map((i) => i.id) };
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(question.pairs.map((p) => [p.left.id, p.right.id])) };
    case 'cloze':
      return {
        type: 'cloze',
        blanks: question.blanks.map((blank) =>
          blank.kind === 'text'
            ? { id: blank.id, kind: 'text' as const, accepted: [...blank.rule.accepted] }
            : { id: blank.id, kind: 'choice' as const, optionIds: correctIds(blank.options) },
        ),
      };
  }
}

/** The graded attempt per question, with solutions and explanations only when `reveal`. */
export function reviewOfAttempt(
  quiz: Quiz,
  grade: AttemptGrade,
  answers: Readonly<Record<string, Answer>>,
  { reveal }: { reveal: boolean },
): AttemptReview {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  return {
    quizId: quiz.id,
    score: grade.score,
    passed: grade.passed,
    pointsEarned: grade.pointsEarned,
    pointsPossible: grade.pointsPossible,
    revealed: reveal,
    questions: grade.questions.map((graded): ReviewedQuestion => {
      const question = byId.get(graded.questionId);
      const answer = ownValue(answers, graded.questionId);
      return {
        questionId: graded.questionId,
        type: graded.type,
        ...(question !== undefined && { prompt: question.prompt }),
        answer: answer === undefined ? null : structuredClone(answer),
        score: graded.score,
        correct: graded.correct,
        pointsEarned: graded.pointsEarned,
        pointsPossible: graded.pointsPossible,
        feedback: [...graded.feedback],
        ...(graded.parts !== undefined && { parts: graded.parts.map((p) => ({ ...p })) }),
        ...(reveal && question !== undefined && { solution: solutionOf(question) }),
        ...(reveal && question?.explanation !== undefined && { explanation: question.explanation }),
      };
    }),
  };
}

/** The hint at `index` (0-based) of a question, or undefined when there is none. */
export function hint(quiz: Quiz, questionId: string, index: number): string | undefined {
  return quiz.questions.find((q) => q.id === questionId)?.hints[index];
}
