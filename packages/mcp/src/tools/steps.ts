// Reading the course: open a step (anyone may open free, unlocked steps; a signed-in learner gets
// their personalised view and the visit is recorded), move next / previous, resume, check access,
// and mark a step complete.
import * as z from 'zod';
import {
  AccessView,
  completeStep,
  Conflict,
  courseProgress,
  getNeighbours,
  openStep,
  PersonalisedStepView,
  stepAccess,
  StepCompletionView,
  visitAndOpenStep,
  type PersonalisedStepView as Step,
} from '@cc/core';
import { CourseId, StepId } from '../inputs.ts';
import { defineTool, learnerOf, READ, type Hints, type ToolContext } from '../tool.ts';

/** Opening a step records the visit and the resume position: a write, but repeating it changes nothing more. */
const VISIT: Hints = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const visitWhy = "Records that the learner opened the step and moves their resume position there (their own record only); opening it again leaves the same state.";

const stepText = (s: Step) =>
  `${s.step.title} (${s.step.kind}, ${s.step.minutes} min, step ${s.step.position}, chapter "${s.chapter.title}"). ` +
  `Teach from structuredContent.markdown and the blocks marked shown; cite ${s.courseId}/${s.step.id}.` +
  (s.step.quizId ? ` Its quiz: ${s.step.quizId}.` : '') +
  (s.next ? ` Next: ${s.next.id}.` : ' Last step of the course.');

/**
 * Opens a step as the caller. For a signed-in learner a tool call is an action: the visit and the
 * resume position are recorded too (visitStep, behind the same gates), then the step is read.
 */
async function open(ctx: ToolContext, courseId: string, stepId: string) {
  if (ctx.learnerId !== undefined) return visitAndOpenStep(ctx.deps.learning, ctx.learnerId, courseId, stepId);
  return openStep(ctx.deps.learning, undefined, courseId, stepId);
}

export const openStepTool = defineTool({
  name: 'open_step',
  title: 'Open a step',
  description:
    "A step's content, verbatim Markdown with its sections, audience blocks (shown or not for this learner), quiz id and neighbours. Anyone may open free, unlocked steps; a signed-in learner gets their personalised view and the visit is recorded as their resume position. Locked or premium steps answer with what is needed.",
  access: 'either',
  hints: VISIT,
  hintsWhy: visitWhy,
  input: z.object({ courseId: CourseId, stepId: StepId }),
  output: PersonalisedStepView,
  run: ({ courseId, stepId }, ctx) => open(ctx, courseId, stepId),
  text: stepText,
});

function moveTool(direction: 'next' | 'previous') {
  return defineTool({
    name: `${direction}_step`,
    title: direction === 'next' ? 'Go to the next step' : 'Go back to the previous step',
    description: `Opens the step ${direction === 'next' ? 'after' : 'before'} the given one in reading order, for the signed-in learner (personalised, recorded as their position).`,
    access: 'signed-in',
    hints: VISIT,
    hintsWhy: visitWhy,
    input: z.object({ courseId: CourseId, stepId: StepId.describe('The step the learner is on') }),
    output: PersonalisedStepView,
    async run({ courseId, stepId }, ctx) {
      const target = (await getNeighbours(ctx.deps.learning, courseId, stepId))[direction];
      if (!target) throw new Conflict(direction === 'next' ? `'${stepId}' is the last step of the course` : `'${stepId}' is the first step of the course`);
      return open(ctx, courseId, target.id);
    },
    text: stepText,
  });
}

export const nextStepTool = moveTool('next');
export const previousStepTool = moveTool('previous');

export const resumeTool = defineTool({
  name: 'resume_course',
  title: 'Resume the course',
  description: "Opens where the signed-in learner left off: the last step they opened, else the first open step they have not done.",
  access: 'signed-in',
  hints: VISIT,
  hintsWhy: visitWhy,
  input: z.object({ courseId: CourseId }),
  output: PersonalisedStepView,
  async run({ courseId }, ctx) {
    const progress = await courseProgress(ctx.deps.learning, learnerOf(ctx), courseId);
    if (!progress.resume) throw new Conflict('nothing to resume: every step of this course is done or locked');
    return open(ctx, courseId, progress.resume.id);
  },
  text: stepText,
});

export const accessTool = defineTool({
  name: 'check_step_access',
  title: 'Check step access',
  description:
    'Whether the caller may open a step, and if not why: the tier that opens it (upgrade) or the prerequisites still missing (locked), with current scores. Anonymous callers are treated as free learners with no progress.',
  access: 'either',
  hints: READ,
  hintsWhy: "Reads the course and the caller's own progress; changes nothing.",
  input: z.object({ courseId: CourseId, stepId: StepId }),
  output: z.object({ access: AccessView }),
  run: async ({ courseId, stepId }, ctx) => ({ access: await stepAccess(ctx.deps.learning, ctx.learnerId, courseId, stepId) }),
  text: ({ access }) =>
    access.allowed ? 'Open.' : access.reason === 'upgrade' ? `Needs the ${access.requiredTier ?? 'premium'} tier.` : 'Locked until the listed requirements are met.',
});

export const completeTool = defineTool({
  name: 'complete_step',
  title: 'Mark a step complete',
  description:
    "Marks a lesson, exercise or reading step complete for the signed-in learner (idempotent). Checkpoints complete by passing their quiz. Call it when the learner says they finished the step, never on your own.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  hintsWhy: "Adds a completion to the learner's own record; completing a completed step changes nothing; nothing is removed.",
  input: z.object({ courseId: CourseId, stepId: StepId }),
  output: StepCompletionView,
  run: ({ courseId, stepId }, ctx) => completeStep(ctx.deps.learning, learnerOf(ctx), courseId, stepId),
  text: (c) => `${c.newlyCompleted ? 'Completed' : 'Already complete'}: ${c.stepId}. Chapter ${c.chapterCompletion}% done.${c.next ? ` Next: ${c.next.id}.` : ''}`,
});
