import { z } from 'zod';
import { PresentedQuestionSchema, QuizPresentationSchema } from '../quiz/present.ts';
import { AttemptReviewSchema } from '../quiz/reveal.ts';

export const AttemptStateSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  quizId: z.string(),
  number: z.number().int(),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  attemptsUsed: z.number().int().describe('Submitted attempts in the current round'),
  attemptsRemaining: z.number().int().nullable().describe('Left in the current round; null: unlimited'),
  round: z.number().int().describe('Round of attempts (a new round of max_attempts opens after a cool-down, or an operator reset)'),
  nextRoundAt: z.string().nullable().describe('When the round is used up: when the next one opens'),
});

export const QuizAttemptsSchema = z.object({
  courseId: z.string(),
  quizId: z.string(),
  title: z.string(),
  recordedScore: z.number().nullable(),
  passed: z.boolean(),
  attemptsUsed: z.number().int(),
  attemptsRemaining: z.number().int().nullable(),
  round: z.number().int(),
  nextRoundAt: z.string().nullable(),
  attempts: z
    .array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        startedAt: z.string(),
        submittedAt: z.string().nullable(),
        score: z.number().nullable(),
        passed: z.boolean().nullable(),
      }),
    )
    .describe('Oldest first; GET /me/attempts/{id} renders one'),
});

export const OpenAttemptSchema = z.object({
  attempt: AttemptStateSchema,
  quiz: QuizPresentationSchema,
  hints: z.array(z.object({ questionId: z.string(), index: z.number().int(), text: z.string() })).describe('Hints revealed so far'),
});

export const GradedAttemptSchema = z.object({
  attempt: AttemptStateSchema,
  score: z.number().min(0).max(100),
  passed: z.boolean(),
  recordedScore: z.number().nullable().describe('The score that counts for this quiz (best or last attempt, per policy)'),
  review: AttemptReviewSchema,
});

export const DueReviewSchema = z.object({
  cardId: z.string(),
  courseId: z.string(),
  quizId: z.string(),
  chapterId: z.string().describe('The chapter the question comes from'),
  stepId: z.string().describe('The step whose quiz holds the question'),
  stepTitle: z.string(),
  due: z.string(),
  question: PresentedQuestionSchema.describe('Under ids of its own for this repetition of the card; answer with them'),
});

export const DueReviewsSchema = z.object({
  total: z.number().int().describe('Cards due now in all, however many are listed'),
  reviews: z.array(DueReviewSchema).describe('The first `limit` of them, most overdue first'),
});

export const ReviewResultSchema = z.object({
  cardId: z.string(),
  score: z.number().min(0).max(1),
  correct: z.boolean(),
  nextDue: z.string(),
  review: AttemptReviewSchema,
});
