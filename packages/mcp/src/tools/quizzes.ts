// Quizzes for the signed-in learner: start (or resume) an attempt without answer keys, read it,
// reveal a hint, submit answers for grading. The grader decides; keys appear only as the quiz's
// policy allows, after grading.
import * as z from 'zod';
import { AnswerSchema, getAttempt, GradedAttemptSchema, OpenAttemptSchema, revealHint, startAttempt, submitAttempt } from '@cc/core';
import { AttemptId, CourseId, QuizId, Slug } from '../inputs.ts';
import { defineTool, learnerOf, READ } from '../tool.ts';

type Open = z.infer<typeof OpenAttemptSchema>;

const openText = (a: Open) =>
  `Attempt ${a.attempt.number} of "${a.quiz.title}": ${a.quiz.questions.length} question(s), pass at ${a.quiz.policy.passScore}%. ` +
  'Ask the questions in this order; do not answer them for the learner.';

export const startQuizTool = defineTool({
  name: 'start_quiz',
  title: 'Start a quiz',
  description:
    "Starts an attempt at a quiz for the signed-in learner, or returns the attempt already open. The questions come shuffled with opaque ids and no answers. Quiz ids are in the outline and the step (quizId).",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  hintsWhy: "Opens an attempt in the learner's own record; while it is open, calling again returns the same attempt.",
  input: z.object({ courseId: CourseId, quizId: QuizId }),
  output: OpenAttemptSchema,
  run: ({ courseId, quizId }, ctx) => startAttempt(ctx.deps.learning, learnerOf(ctx), courseId, quizId),
  text: openText,
});

export const getAttemptTool = defineTool({
  name: 'get_quiz_attempt',
  title: 'Get a quiz attempt',
  description: 'One of the learner\'s attempts: the questions and revealed hints while open, the graded review once submitted.',
  access: 'signed-in',
  hints: READ,
  hintsWhy: "Reads the learner's own attempt; changes nothing.",
  input: z.object({ attemptId: AttemptId }),
  output: z.object({ open: OpenAttemptSchema.nullable(), graded: GradedAttemptSchema.nullable() }),
  async run({ attemptId }, ctx) {
    const attempt = await getAttempt(ctx.deps.learning, learnerOf(ctx), attemptId);
    return 'quiz' in attempt ? { open: attempt, graded: null } : { open: null, graded: attempt };
  },
  text: ({ open, graded }) => (open ? openText(open) : graded ? `Graded: ${graded.score}% (${graded.passed ? 'passed' : 'not passed'}).` : ''),
});

export const hintTool = defineTool({
  name: 'reveal_hint',
  title: 'Reveal a hint',
  description: 'Reveals the next hint for one question of an open attempt (hints come one at a time; using one is noted for spaced review).',
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  hintsWhy: 'Records that a hint was shown (each call reveals the next one); nothing is removed.',
  input: z.object({ attemptId: AttemptId, questionId: Slug.describe('Question id from the attempt') }),
  output: z.object({ questionId: z.string(), index: z.number().int(), text: z.string(), remaining: z.number().int() }),
  run: ({ attemptId, questionId }, ctx) => revealHint(ctx.deps.learning, learnerOf(ctx), attemptId, questionId),
  text: (h) => `Hint ${h.index + 1}: ${h.text} (${h.remaining} more).`,
});

export const submitQuizTool = defineTool({
  name: 'submit_quiz',
  title: 'Submit quiz answers',
  description:
    "Submits the learner's answers to an open attempt and returns the grade: score, pass, per-question feedback, and the solutions when the quiz's policy allows. Answers are keyed by question id, each shaped by the question type (single: optionId; multiple: optionIds; true_false/numeric: value; short_text: text; ordering: itemIds; matching: pairs; cloze: blanks). Submit only what the learner answered; never answer for them. Re-submitting the same attempt returns the same grade.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  hintsWhy: "Grades and records the attempt in the learner's own record; the same attempt is graded once and a retry returns the same result.",
  input: z.object({
    attemptId: AttemptId,
    answers: z.record(Slug, AnswerSchema).describe('Question id -> answer'),
  }),
  output: GradedAttemptSchema,
  // One key per attempt: a retried call (network, model) replays the first grade.
  run: ({ attemptId, answers }, ctx) => submitAttempt(ctx.deps.learning, learnerOf(ctx), attemptId, `mcp-submit-${attemptId}`, { answers }),
  text: (g) =>
    `Score ${g.score}% (${g.passed ? 'passed' : `not passed; ${g.attempt.attemptsRemaining ?? 'unlimited'} attempt(s) left`}). ` +
    'Report the grade as given; the grader decides.',
});
