// Learning plans (pro tier): ask for one, follow it until it is ready, list them, retry a failed
// one. The same core use-cases and views as /api/v1/plans; generation runs in the background on
// the server (the composition root wires the generator in; this package never sees it).
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { getPlan, IdempotencyKey, listPlans, PlanRequest, PlanSummaryView, PlanView, requestPlan, requirePlans, retryPlan } from '@cc/core';
import { Limit } from '../inputs.ts';
import { defineTool, learnerOf, READ, type ToolContext } from '../tool.ts';

const PlanId = z.uuid().describe('Plan id returned by create_plan or list_plans');
const plans = (ctx: ToolContext) => requirePlans(ctx.deps.plans);

function describePlan(p: PlanView): string {
  switch (p.status) {
    case 'pending':
      return `Plan ${p.id} on "${p.topic}" is being generated (attempt ${Math.max(1, p.attempts)} of ${p.maxAttempts}). Call get_plan with this id in a few seconds.`;
    case 'ready': {
      const tasks = p.modules.reduce((n, m) => n + m.tasks.length, 0);
      const minutes = p.modules.reduce((n, m) => n + m.effortMinutes, 0);
      return `Plan ${p.id} is ready: ${p.modules.length} module(s), ${tasks} task(s), about ${minutes} minutes. Present the modules in order; open a task's stepId with open_step.`;
    }
    case 'failed':
      return `Plan ${p.id} could not be generated (reference ${p.error?.correlationId ?? 'n/a'}).${p.retryable ? ' retry_plan can try again.' : ' It has had all of its attempts; create a new plan instead.'}`;
  }
}

const truncation = (p: PlanView) =>
  [p.input.topicTruncated && `the topic was cut to 200 of its ${p.input.topicLength} characters`, p.input.notesTruncated && `the notes were cut to 2,000 of their ${p.input.notesLength} characters`]
    .filter(Boolean)
    .join(' and ');

const sendsToProvider =
  "Writes only to the learner's own record (a new plan, or another attempt of a failed one), deletes nothing; the topic, notes and the profile fields planning needs go to the operator's configured language-model provider, which is outside Course Companion.";

export const createPlanTool = defineTool({
  name: 'create_plan',
  title: 'Create a learning plan',
  description:
    "Asks for a personal learning plan (pro tier) on a topic of a course, with optional notes (goals, time available, what the learner knows). Answers at once with the plan pending; the plan is generated in the background from the course's real steps and the learner's profile and progress: call get_plan until its status is ready or failed. The topic is cut to 200 characters and the notes to 2,000 (the answer says so). Send the same idempotencyKey when resending the same request: it returns the same plan instead of a second one. A learner may ask for a limited number of plans a day.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  hintsWhy: `${sendsToProvider} Each call without a repeated idempotencyKey creates a new plan.`,
  input: PlanRequest.extend({
    courseId: PlanRequest.shape.courseId.describe('Course id the plan is grounded in, e.g. genai-fundamentals (list_courses gives them)'),
    topic: PlanRequest.shape.topic.describe('What the learner wants to learn, in their words (cut to 200 characters)'),
    notes: PlanRequest.shape.notes.describe('Optional: goals, deadline, time per week, what they already know (cut to 2,000 characters)'),
    idempotencyKey: IdempotencyKey.optional().describe('A unique key for this request; resending it returns the same plan. Generated when absent.'),
  }),
  output: PlanView,
  run: async ({ idempotencyKey, ...request }, ctx) =>
    (await requestPlan(plans(ctx), learnerOf(ctx), request, idempotencyKey ?? `mcp-${randomUUID()}`)).plan,
  text: (p) => {
    const cut = truncation(p);
    return `${describePlan(p)}${cut ? ` Note: ${cut}.` : ''}`;
  },
});

export const getPlanTool = defineTool({
  name: 'get_plan',
  title: 'Get a learning plan',
  description:
    "One of the learner's learning plans: status (pending, ready, failed), attempts made and allowed, whether it can be retried, and once ready its ordered modules of tasks (each task with its course stepId, or null, and minutes). A failed plan carries a generic message and a reference for support. Present only what this returns.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: "Reads the learner's own plan; changes nothing.",
  input: z.object({ planId: PlanId }),
  output: PlanView,
  run: ({ planId }, ctx) => getPlan(plans(ctx), learnerOf(ctx), planId),
  text: describePlan,
});

export const listPlansTool = defineTool({
  name: 'list_plans',
  title: 'List learning plans',
  description: "The learner's learning plans, newest first: id, course, topic, status and when each was asked for. Open one with get_plan.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: "Reads the learner's own plans; changes nothing.",
  input: z.object({ limit: Limit(50, 20) }),
  output: z.object({ plans: z.array(PlanSummaryView) }),
  run: async ({ limit }, ctx) => ({ plans: await listPlans(plans(ctx), learnerOf(ctx), limit) }),
  text: ({ plans }) =>
    plans.length ? `${plans.length} plan(s): ${plans.map((p) => `"${p.topic}" (${p.status}, ${p.id})`).join('; ')}.` : 'No learning plans yet; create_plan asks for one.',
});

export const retryPlanTool = defineTool({
  name: 'retry_plan',
  title: 'Retry a failed learning plan',
  description:
    'Tries a failed learning plan again (pro tier; at most 3 attempts per plan). A plan still pending is returned as it is; a ready plan, or one that has had all of its attempts, is refused (create a new plan instead). Then call get_plan until it is ready or failed.',
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  hintsWhy: `${sendsToProvider} Each call on a failed plan uses one of its attempts.`,
  input: z.object({ planId: PlanId }),
  output: PlanView,
  run: ({ planId }, ctx) => retryPlan(plans(ctx), learnerOf(ctx), planId),
  text: describePlan,
});
