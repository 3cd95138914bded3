// Learning plans (pro tier): create (201 at once, generated in the background), list, read, retry.
// The learner id comes only from the session. Without a configured generator every route
// answers 503 and nothing else changes.
import { createRoute, z } from '@hono/zod-openapi';
import {
  getPlan,
  IdempotencyKey,
  listPlans,
  PlanRequest,
  PlanSummaryView,
  PlanView,
  requestPlan,
  requirePlans,
  retryPlan,
  type PlanDeps,
} from '@cc/core';
import { requireLearnerId, type IdentityVariables } from '../auth/identify.ts';
import { authResponses, json, learnerSecurity, named, openApiRouter, problemContent } from '../http/openapi.ts';

const responses = {
  ...authResponses,
  402: { description: 'Learning plans need the pro tier (the answer names it)', content: problemContent },
  503: { description: 'No plan generator is configured on this server', content: problemContent },
} as const;
const PlanParams = z.object({ planId: z.uuid().openapi({ param: { name: 'planId', in: 'path' } }) });
const Plan = named(PlanView, 'Plan');

const routes = {
  create: createRoute({
    method: 'post',
    path: '/plans',
    tags: ['Plans'],
    summary: 'Ask for a learning plan (pro): answers 201 at once with status pending; poll GET /plans/{planId}',
    description:
      'The topic is cut to 200 characters and the notes to 2,000 (the answer says so, with the original lengths). ' +
      'An Idempotency-Key header makes the request safe to resend: the same key returns the same plan (200). ' +
      'A learner may ask for a limited number of plans per UTC day (429 with Retry-After).',
    security: learnerSecurity,
    request: {
      headers: z.object({
        'idempotency-key': IdempotencyKey.optional()
          .openapi({ description: 'A client-chosen unique key; resending it returns the same plan' }),
      }),
      body: { required: true, content: { 'application/json': { schema: named(PlanRequest, 'PlanRequest') } } },
    },
    responses: {
      201: json(Plan, 'The new plan (pending)'),
      200: json(Plan, 'The plan this Idempotency-Key already created'),
      ...responses,
      409: { description: 'The Idempotency-Key was used for a different request', content: problemContent },
      422: { description: 'No topic', content: problemContent },
      429: { description: 'Daily plan limit reached (Retry-After says when)', content: problemContent },
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/plans',
    tags: ['Plans'],
    summary: "The learner's plans, newest first",
    security: learnerSecurity,
    responses: { 200: json(z.object({ plans: z.array(named(PlanSummaryView, 'PlanSummary')) }).openapi('PlanList'), 'Plans'), ...responses },
  }),
  get: createRoute({
    method: 'get',
    path: '/plans/{planId}',
    tags: ['Plans'],
    summary: 'A plan: pending, ready (ordered modules of tasks) or failed (a generic error with a reference)',
    security: learnerSecurity,
    request: { params: PlanParams },
    responses: { 200: json(Plan, 'The plan'), ...responses },
  }),
  retry: createRoute({
    method: 'post',
    path: '/plans/{planId}/retry',
    tags: ['Plans'],
    summary: 'Try a failed plan again (at most 3 attempts per plan)',
    security: learnerSecurity,
    request: { params: PlanParams },
    responses: {
      200: json(Plan, 'The plan, pending again (or still pending)'),
      ...responses,
      409: { description: 'The plan is ready, or has had all of its attempts', content: problemContent },
    },
  }),
};

export function planRoutes(plans: PlanDeps | undefined) {
  const available = (c: Parameters<typeof requireLearnerId>[0]) => {
    const learnerId = requireLearnerId(c);
    return { deps: requirePlans(plans), learnerId };
  };
  return openApiRouter<{ Variables: IdentityVariables }>()
    .openapi(routes.create, async (c) => {
      const { deps, learnerId } = available(c);
      const key = c.req.valid('header')['idempotency-key'];
      const { created, plan } = await requestPlan(deps, learnerId, c.req.valid('json'), key);
      return created ? c.json(plan, 201) : c.json(plan, 200);
    })
    .openapi(routes.list, async (c) => {
      const { deps, learnerId } = available(c);
      return c.json({ plans: await listPlans(deps, learnerId) }, 200);
    })
    .openapi(routes.get, async (c) => {
      const { deps, learnerId } = available(c);
      return c.json(await getPlan(deps, learnerId, c.req.valid('param').planId), 200);
    })
    .openapi(routes.retry, async (c) => {
      const { deps, learnerId } = available(c);
      return c.json(await retryPlan(deps, learnerId, c.req.valid('param').planId), 200);
    });
}
