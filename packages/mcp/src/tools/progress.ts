import { randomUUID } from 'node:crypto';
// The signed-in learner's standing: progress, streak, mastery and gaps, the personalised path,
// and spaced review.
import * as z from 'zod';
import {
  AnswerSchema,
  answerReview,
  courseProgress,
  CourseProgressView,
  DueReviewsSchema,
  dueReviews,
  learningPath,
  LearningPathSchema,
  mastery,
  MasteryView,
  ReviewResultSchema,
  streak,
  StreakView,
  IdempotencyKey,
} from '@cc/core';
import { CardId, CourseId, Limit } from '../inputs.ts';
import { defineTool, learnerOf, READ } from '../tool.ts';

const ownRecord = "Reads the learner's own record; changes nothing.";

export const progressTool = defineTool({
  name: 'get_progress',
  title: 'Get course progress',
  description: 'Completion of the course and of each chapter, each step\'s status, checkpoint scores, and where to resume. Report only these figures.',
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRecord,
  input: z.object({ courseId: CourseId }),
  output: CourseProgressView,
  run: ({ courseId }, ctx) => courseProgress(ctx.deps.learning, learnerOf(ctx), courseId),
  text: (p) => `${p.completion}% of the core steps done.${p.resume ? ` Resume at ${p.resume.id}.` : ''}`,
});

export const streakTool = defineTool({
  name: 'get_streak',
  title: 'Get learning streak',
  description: "The learner's current and longest streak of active days, in their own time zone, and whether today counts yet.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRecord,
  input: z.object({}),
  output: StreakView,
  run: (_args, ctx) => streak(ctx.deps.learning, learnerOf(ctx)),
  text: (s) => `Streak: ${s.current} day(s) (longest ${s.longest}); ${s.activeToday ? 'today counts' : 'nothing yet today'}.`,
});

export const masteryTool = defineTool({
  name: 'get_mastery',
  title: 'Get mastery and knowledge gaps',
  description: 'Mastery per concept and chapter (not started, attempted, familiar, proficient, mastered) and the knowledge gaps to work on.',
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRecord,
  input: z.object({ courseId: CourseId }),
  output: MasteryView,
  run: ({ courseId }, ctx) => mastery(ctx.deps.learning, learnerOf(ctx), courseId),
  text: (m) => `${m.concepts.length} concept(s) tracked.`,
});

export const pathTool = defineTool({
  name: 'get_learning_path',
  title: 'Get personalised path',
  description: "The learner's path through a course from their profile: core, optional and skipped steps, and the estimated finish date.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRecord,
  input: z.object({ courseId: CourseId }),
  output: LearningPathSchema,
  run: ({ courseId }, ctx) => learningPath(ctx.deps.learning, learnerOf(ctx), courseId),
  text: (p) => `Path for a ${p.level} learner.`,
});

export const dueReviewsTool = defineTool({
  name: 'get_due_reviews',
  title: 'Get due reviews',
  description: 'Questions due for spaced review (FSRS), without their answers. Ask them one at a time and send each answer with answer_review.',
  access: 'signed-in',
  hints: READ,
  hintsWhy: ownRecord,
  input: z.object({ limit: Limit(20, 5) }),
  output: DueReviewsSchema,
  run: ({ limit }, ctx) => dueReviews(ctx.deps.learning, learnerOf(ctx), limit),
  text: ({ total, reviews }) => (total ? `${total} review(s) due; ${reviews.length} listed.` : 'Nothing due for review.'),
});

export const answerReviewTool = defineTool({
  name: 'answer_review',
  title: 'Answer a review question',
  description:
    "Grades the learner's answer to a due review card and schedules its next review. The answer has the same shape as in submit_quiz. Send a fresh idempotencyKey per answer and the same one when retrying it: the retry returns the recorded result instead of a second grading.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  hintsWhy: "Records the answer and reschedules the card in the learner's own record; each answer is a new review (a resent idempotencyKey replays the recorded one).",
  input: z.object({
    cardId: CardId,
    answer: AnswerSchema,
    idempotencyKey: IdempotencyKey.optional()
      .describe('A unique key for this answer; resending it returns the same result. Generated when absent.'),
  }),
  output: ReviewResultSchema,
  run: ({ cardId, answer, idempotencyKey }, ctx) =>
    answerReview(ctx.deps.learning, learnerOf(ctx), cardId, idempotencyKey ?? `mcp-${randomUUID()}`, answer),
  text: (r) => `${r.correct ? 'Correct' : 'Not quite'}; next review ${r.nextDue.slice(0, 10)}.`,
});
