// Plan use-cases behind both doors. Generation itself happens in the background (@cc/planner's
// worker claims queued attempts); these only record requests and read results.
import type { Course } from '../course/model.ts';
import { Conflict, Invalid, NotFound, PaymentRequired, RateLimited, Unavailable } from '../errors.ts';
import { requireLearner, type LearningDeps } from '../learner/deps.ts';
import type { LearnerRecord } from '../learner/ports.ts';
import { MAX_PLAN_ATTEMPTS, PlanRequest, type PlanSummaryView, type PlanView } from './model.ts';
import type { PlanStore, StoredPlan } from './ports.ts';
import { canRetry, planInput, planStatus, providerAttempts } from './rules.ts';

export interface PlanDeps extends LearningDeps {
  plans: PlanStore;
  /** Plans a learner may request per UTC day (each one costs money). */
  dailyLimit: number;
  /** Told once an attempt is queued (the composition root wakes the generator's worker). */
  onQueued?: () => void;
}

/**
 * The plan deps of a server with a configured generator; both doors refuse alike without one
 * (REST 503, MCP an `unavailable` tool error) and the rest of the product is untouched.
 */
export function requirePlans(plans: PlanDeps | undefined): PlanDeps {
  if (!plans) throw new Unavailable('learning plans are not available on this server', { temporary: false });
  return plans;
}

const GENERIC_FAILURE = 'We could not generate this plan. You can retry; if it keeps failing, contact support with the reference.';

async function requirePro(deps: LearningDeps, learnerId: string): Promise<LearnerRecord> {
  const learner = await requireLearner(deps.store, learnerId);
  if (learner.tier !== 'pro') throw new PaymentRequired('learning plans are part of the pro tier', 'pro');
  return learner;
}

export function planView(stored: StoredPlan): PlanView {
  const { plan, attempts, modules } = stored;
  const status = planStatus(attempts);
  const last = attempts.at(-1);
  return {
    id: plan.id,
    courseId: plan.courseId,
    topic: plan.topic,
    status,
    createdAt: plan.createdAt,
    notes: plan.notes,
    input: { topicLength: plan.topicLength, notesLength: plan.notesLength, topicTruncated: plan.topicTruncated, notesTruncated: plan.notesTruncated },
    attempts: providerAttempts(attempts).length,
    maxAttempts: MAX_PLAN_ATTEMPTS,
    retryable: canRetry(attempts),
    error: status === 'failed' && last ? { message: GENERIC_FAILURE, reason: last.classification, correlationId: last.id } : null,
    modules: status === 'ready' ? modules : [],
  };
}

/** Creates a plan and queues its first attempt. The same idempotency key returns the same plan. */
export async function requestPlan(
  deps: PlanDeps,
  learnerId: string,
  request: PlanRequest,
  idempotencyKey?: string,
): Promise<{ created: boolean; plan: PlanView }> {
  await requirePro(deps, learnerId);
  const parsed = PlanRequest.safeParse(request);
  if (!parsed.success) throw new Invalid('the plan request is not valid', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const input = planInput(parsed.data.topic, parsed.data.notes);
  if (idempotencyKey) {
    const existing = await deps.plans.findPlanByIdempotencyKey(learnerId, idempotencyKey);
    if (existing) return { created: false, plan: await getPlan(deps, learnerId, sameRequest(existing, parsed.data.courseId, input.topic)) };
  }
  if (input.topic === '') throw new Invalid('a plan needs a topic', [{ path: 'topic', message: 'must not be empty' }]);
  const course = await deps.catalog.get(parsed.data.courseId);
  if (!course) throw new NotFound('course', parsed.data.courseId);

  const now = deps.clock.now();
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if ((await deps.plans.countPlansSince(learnerId, dayStart.toISOString())) >= deps.dailyLimit) {
    const retryAfter = Math.max(1, Math.ceil((dayStart.getTime() + 86_400_000 - now.getTime()) / 1000));
    throw new RateLimited(`at most ${deps.dailyLimit} learning plans a day; try again tomorrow (UTC)`, retryAfter);
  }
  const { created, plan } = await deps.plans.createPlan(
    { id: deps.ids.uuid(), learnerId, courseId: course.id, ...input, idempotencyKey: idempotencyKey ?? null, createdAt: now.toISOString() },
    { id: deps.ids.uuid(), queuedAt: now.toISOString() },
  );
  if (created) deps.onQueued?.();
  // A concurrent twin with the same key won the insert: answer with its plan.
  return { created, plan: await getPlan(deps, learnerId, sameRequest(plan, course.id, input.topic)) };
}

function sameRequest(plan: { id: string; courseId: string; topic: string }, courseId: string, topic: string): string {
  if (plan.courseId !== courseId || plan.topic !== topic) throw new Conflict('this Idempotency-Key was already used for a different plan request');
  return plan.id;
}

export async function getPlan(deps: PlanDeps, learnerId: string, planId: string): Promise<PlanView> {
  await requireLearner(deps.store, learnerId);
  const stored = await deps.plans.getPlan(learnerId, planId);
  if (!stored) throw new NotFound('plan', planId);
  return planView(stored);
}

export async function listPlans(deps: PlanDeps, learnerId: string, limit = 50): Promise<PlanSummaryView[]> {
  await requireLearner(deps.store, learnerId);
  return (await deps.plans.listPlans(learnerId, limit)).map(({ plan, attempts }) => ({
    id: plan.id,
    courseId: plan.courseId,
    topic: plan.topic,
    status: planStatus(attempts),
    createdAt: plan.createdAt,
  }));
}

/**
 * Queues another attempt of a failed plan. A ready plan is a conflict; a pending one is answered
 * as it is. Past MAX_PLAN_ATTEMPTS, the request is recorded as a `capped` attempt (the provider is
 * never called) and refused.
 */
export async function retryPlan(deps: PlanDeps, learnerId: string, planId: string): Promise<PlanView> {
  await requireLearner(deps.store, learnerId);
  // Ownership before tier: another learner's plan is 404 whatever the caller's tier.
  const stored = await deps.plans.getPlan(learnerId, planId);
  if (!stored) throw new NotFound('plan', planId);
  await requirePro(deps, learnerId);
  const status = planStatus(stored.attempts);
  if (status === 'ready') throw new Conflict('this plan is ready; request a new plan instead');
  if (status === 'pending') return planView(stored);
  const now = deps.clock.now().toISOString();
  if (providerAttempts(stored.attempts).length >= MAX_PLAN_ATTEMPTS) {
    await deps.plans.recordCapped(learnerId, planId, { id: deps.ids.uuid(), at: now });
    throw new Conflict(`this plan has had its ${MAX_PLAN_ATTEMPTS} attempts; request a new plan instead`);
  }
  if (await deps.plans.enqueueAttempt(learnerId, planId, { id: deps.ids.uuid(), queuedAt: now })) deps.onQueued?.();
  return getPlan(deps, learnerId, planId);
}

/** What a generator may know to plan: the course, the profile fields it needs, progress. */
export async function planningContext(deps: LearningDeps, plan: { learnerId: string; courseId: string }) {
  const learner = await deps.store.getLearner(plan.learnerId);
  const course: Course | undefined = await deps.catalog.get(plan.courseId);
  if (!learner || !course) return undefined;
  const completed = new Set((await deps.store.listCompletions(plan.learnerId, plan.courseId)).map((c) => c.stepId));
  return { course, profile: learner.profile, completedStepIds: completed };
}
