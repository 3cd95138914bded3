// What plans need from storage. Implemented by @cc/db. Learner-facing methods take the learnerId
// and filter by it; the work queue is for the generator's workers (any replica).
import type { FailureClass, PlanAttemptRecord, PlanModuleRecord, PlanRecord } from './model.ts';

export interface StoredPlan {
  plan: PlanRecord;
  /** Oldest first. */
  attempts: PlanAttemptRecord[];
  /** Those of the succeeded attempt, in order; empty otherwise. */
  modules: PlanModuleRecord[];
}

export interface PlanStore {
  /**
   * Inserts the plan and its first (queued) attempt in one transaction. With an idempotency key
   * the learner already used, nothing is inserted and the existing plan is returned.
   */
  createPlan(plan: PlanRecord, firstAttempt: { id: string; queuedAt: string }): Promise<{ created: boolean; plan: PlanRecord }>;
  findPlanByIdempotencyKey(learnerId: string, key: string): Promise<PlanRecord | undefined>;
  getPlan(learnerId: string, planId: string): Promise<StoredPlan | undefined>;
  /** Newest first, with their attempts (no modules). */
  listPlans(learnerId: string, limit: number): Promise<Omit<StoredPlan, 'modules'>[]>;
  countPlansSince(learnerId: string, since: string): Promise<number>;
  /** Queues a new attempt; undefined when the plan already has a queued or running one. */
  enqueueAttempt(learnerId: string, planId: string, attempt: { id: string; queuedAt: string }): Promise<PlanAttemptRecord | undefined>;
  /** Records a refused attempt (classification `capped`), without any work queued. */
  recordCapped(learnerId: string, planId: string, attempt: { id: string; at: string }): Promise<void>;
}

export interface ClaimedAttempt {
  attempt: PlanAttemptRecord;
  plan: PlanRecord;
}

/** What a finished attempt records, success or failure. */
export interface AttemptOutcome {
  finishedAt: string;
  durationMs: number;
  promptHash: string | null;
  flags: string[];
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface PlanWorkQueue {
  /**
   * Closes running attempts whose lease ended before `now` (their worker died) as failed
   * (`timeout`, flag `lease_expired`); returns how many.
   */
  closeExpired(now: string): Promise<number>;
  /** Takes the oldest queued attempt for this worker until `leaseUntil`; at most one worker gets each. */
  claim(workerId: string, now: string, leaseUntil: string): Promise<ClaimedAttempt | undefined>;
  /** Extends the lease; false when the attempt is no longer this worker's (closed by another). */
  heartbeat(attemptId: string, workerId: string, leaseUntil: string): Promise<boolean>;
  /** Attempt + modules + tasks in one transaction; false (nothing written) if the claim was lost. */
  succeed(attemptId: string, workerId: string, outcome: AttemptOutcome & { modules: PlanModuleRecord[] }): Promise<boolean>;
  /** Only the failed attempt is recorded; false if the claim was lost. */
  fail(attemptId: string, workerId: string, outcome: AttemptOutcome & { classification: FailureClass }): Promise<boolean>;
}
