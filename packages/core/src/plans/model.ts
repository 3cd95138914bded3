// Learning plans: what a learner asks for, what a generation attempt records, and the shape a
// generator must answer with. The generator itself (a language model) lives in @cc/planner;
// everything here is deterministic.
import { z } from 'zod';

export const MAX_TOPIC_LENGTH = 200;
export const MAX_NOTES_LENGTH = 2000;
/** Provider attempts per plan; a further retry records `capped` without calling the provider. */
export const MAX_PLAN_ATTEMPTS = 3;
export const MODULE_EFFORT = { min: 15, max: 480 } as const;
export const TASK_EFFORT = { min: 5, max: 120 } as const;

export type PlanStatus = 'pending' | 'ready' | 'failed';
export type AttemptStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export const FAILURE_CLASSES = ['validation', 'provider_error', 'rate_limit', 'timeout', 'capped'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface PlanRecord {
  id: string;
  learnerId: string;
  courseId: string;
  /** Truncated to MAX_TOPIC_LENGTH characters. */
  topic: string;
  /** Truncated to MAX_NOTES_LENGTH characters; '' when none. */
  notes: string;
  /** Lengths (characters) of what the learner sent, before truncation. */
  topicLength: number;
  notesLength: number;
  topicTruncated: boolean;
  notesTruncated: boolean;
  idempotencyKey: string | null;
  createdAt: string;
}

export interface PlanAttemptRecord {
  id: string;
  planId: string;
  number: number;
  status: AttemptStatus;
  /** NULL unless failed. */
  classification: FailureClass | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  moduleCount: number | null;
  taskCount: number | null;
  /** Monotonic duration of the provider call and validation. */
  durationMs: number | null;
  /** SHA-256 of the prompt sent (never the prompt itself). */
  promptHash: string | null;
  /** Input truncation and normalisation flags. */
  flags: string[];
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export interface PlanTaskRecord {
  order: number;
  title: string;
  /** A step of the plan's course, or null for a task outside the course. */
  stepId: string | null;
  effortMinutes: number;
}

export interface PlanModuleRecord {
  order: number;
  title: string;
  summary: string;
  effortMinutes: number;
  tasks: PlanTaskRecord[];
}

/**
 * What the generator must answer: the structured-output schema sent to the provider is generated
 * from this, and the answer is validated with it. No bounds here on purpose: out-of-range efforts
 * are clamped or refused by `normalisePlan`, with flags and precise issues.
 */
export const GeneratedTask = z.strictObject({
  order: z.number(),
  title: z.string(),
  stepId: z.string().nullable().describe('the id of a course step this task works through, or null'),
  effortMinutes: z.number(),
});
export const GeneratedModule = z.strictObject({
  order: z.number(),
  title: z.string(),
  summary: z.string(),
  effortMinutes: z.number(),
  tasks: z.array(GeneratedTask),
});
export const GeneratedPlan = z.strictObject({ modules: z.array(GeneratedModule) });
export type GeneratedPlan = z.infer<typeof GeneratedPlan>;
export type GeneratedModule = z.infer<typeof GeneratedModule>;

// Views: what both doors return.
export const PlanStatusView = z.enum(['pending', 'ready', 'failed']);
export const PlanTaskView = z.object({
  order: z.number().int(),
  title: z.string(),
  stepId: z.string().nullable(),
  effortMinutes: z.number().int(),
});
export const PlanModuleView = z.object({
  order: z.number().int(),
  title: z.string(),
  summary: z.string(),
  effortMinutes: z.number().int(),
  tasks: z.array(PlanTaskView),
});
export const PlanSummaryView = z.object({
  id: z.uuid(),
  courseId: z.string(),
  topic: z.string(),
  status: PlanStatusView,
  createdAt: z.string(),
});
export const PlanView = PlanSummaryView.extend({
  notes: z.string(),
  input: z.object({
    topicLength: z.number().int(),
    notesLength: z.number().int(),
    topicTruncated: z.boolean(),
    notesTruncated: z.boolean(),
  }),
  /** Provider attempts made so far (capped requests not counted). */
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  /** Whether POST .../retry may start another attempt. */
  retryable: z.boolean(),
  /** Failed: a generic message, the failure class (no provider detail) and a reference support can look up. */
  error: z.object({ message: z.string(), reason: z.enum(FAILURE_CLASSES).nullable(), correlationId: z.string() }).nullable(),
  /** Empty unless ready. */
  modules: z.array(PlanModuleView),
});
export type PlanView = z.infer<typeof PlanView>;
export type PlanSummaryView = z.infer<typeof PlanSummaryView>;

/** A client-chosen key that makes a request safe to resend (the same key returns the same result): plans, quiz submissions, review answers. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const PlanRequest = z.strictObject({
  courseId: z.string().min(1).max(100),
  /** Longer topics and notes are accepted and truncated (flagged), up to a sanity bound. */
  topic: z.string().max(20_000),
  notes: z.string().max(200_000).optional(),
});
export type PlanRequest = z.infer<typeof PlanRequest>;
