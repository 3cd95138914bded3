// The planner's environment variables, parsed once at start. Without PLANNER_BASE_URL,
// PLANNER_API_KEY and PLANNER_MODEL the feature is off (plan routes answer 503); setting only
// some of them is a configuration error.
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const num = (schema: z.ZodNumber) => optional.pipe(z.union([z.undefined(), z.string().transform(Number).pipe(schema)]));
const price = num(z.number().min(0).max(10_000));

const PlannerEnv = z.object({
  PLANNER_BASE_URL: optional.pipe(z.url().optional()),
  PLANNER_API_KEY: optional,
  PLANNER_MODEL: optional,
  /** US dollars per million input (prompt) tokens, for the cost estimate. */
  PLANNER_PRICE_INPUT_PER_MTOK: price,
  /** US dollars per million output (completion) tokens. */
  PLANNER_PRICE_OUTPUT_PER_MTOK: price,
  PLANNER_DAILY_LIMIT: num(z.number().int().min(1).max(1000)),
  PLANNER_CONCURRENCY: num(z.number().int().min(1).max(32)),
  /** How long a worker's claim on an attempt lasts without a heartbeat (a dead worker's attempt is closed after it). */
  PLANNER_LEASE_SECONDS: num(z.number().int().min(2).max(600)),
  /** `off`: this process queues plans but generates none (a serving replica; another replica's worker generates). */
  PLANNER_WORKER: optional.pipe(z.enum(['on', 'off'], { error: 'must be on or off' }).optional()),
});

export interface PlannerConfig {
  baseUrl: string;
  apiKey: string;
  model: string;
  prices: Prices;
  dailyLimit: number;
  concurrency: number;
  leaseSeconds: number;
  /** Whether this process runs the generation worker (PLANNER_WORKER; absent: it does). */
  worker?: boolean;
}

export interface Prices {
  inputPerMTok: number;
  outputPerMTok: number;
}

export class PlannerConfigError extends Error {}

/** The planner's configuration, or undefined when it is not configured (the feature is off). */
export function plannerConfigFromEnv(env: Record<string, string | undefined>): PlannerConfig | undefined {
  const parsed = PlannerEnv.safeParse(env);
  if (!parsed.success) {
    throw new PlannerConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  const required = { PLANNER_BASE_URL: e.PLANNER_BASE_URL, PLANNER_API_KEY: e.PLANNER_API_KEY, PLANNER_MODEL: e.PLANNER_MODEL };
  const missing = Object.entries(required).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length === 3) return undefined;
  if (missing.length > 0) throw new PlannerConfigError(`Invalid configuration:\n  ${missing.join(', ')}: required when any PLANNER_* provider variable is set`);
  return {
    baseUrl: e.PLANNER_BASE_URL!,
    apiKey: e.PLANNER_API_KEY!,
    model: e.PLANNER_MODEL!,
    prices: { inputPerMTok: e.PLANNER_PRICE_INPUT_PER_MTOK ?? 0, outputPerMTok: e.PLANNER_PRICE_OUTPUT_PER_MTOK ?? 0 },
    dailyLimit: e.PLANNER_DAILY_LIMIT ?? 5,
    concurrency: e.PLANNER_CONCURRENCY ?? 2,
    leaseSeconds: e.PLANNER_LEASE_SECONDS ?? 30,
    worker: e.PLANNER_WORKER !== 'off',
  };
}

/** Estimated cost in US dollars (6 decimals) of one call's token usage. */
export function estimateCost(usage: { inputTokens: number; outputTokens: number }, prices: Prices): number {
  const usd = (usage.inputTokens * prices.inputPerMTok + usage.outputTokens * prices.outputPerMTok) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
