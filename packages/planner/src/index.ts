// @cc/planner: the only package that talks to a language model (learning-plan generation).
// Only the server's composition root imports it.
export { plannerConfigFromEnv, PlannerConfigError, estimateCost, type PlannerConfig, type Prices } from './config.ts';
export { openAiProvider, ProviderFailure, type PlanProvider, type Completion } from './provider.ts';
export { DEFAULT_DEADLINES, type Deadlines } from './deadline.ts';
export { PlanWorker, type WorkerOptions } from './worker.ts';
export { runAttempt, type AttemptDeps, type AttemptResult } from './attempt.ts';
export { buildPrompt, planJsonSchema, promptHash } from './prompt.ts';
export type { Logger } from './logger.ts';
