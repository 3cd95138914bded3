// One generation attempt, start to record: context, prompt, streamed call under the adaptive
// deadline, parse, validate and normalise, then one write (success: attempt + modules + tasks in
// one transaction; failure: the classified attempt only).
import {
  normalisePlan,
  planningContext,
  type ClaimedAttempt,
  type FailureClass,
  type LearningDeps,
  type PlanWorkQueue,
} from '@cc/core';
import { estimateCost, type Prices } from './config.ts';
import { startDeadline, type Deadlines } from './deadline.ts';
import type { Logger } from './logger.ts';
import { ModuleScanner } from './module-scanner.ts';
import { buildPrompt, planJsonSchema, promptHash } from './prompt.ts';
import { ProviderFailure, type Completion, type PlanProvider } from './provider.ts';

export interface AttemptDeps {
  queue: PlanWorkQueue;
  learning: LearningDeps;
  provider: PlanProvider;
  deadlines: Deadlines;
  prices: Prices;
  logger: Logger;
  /** Told each attempt's outcome (metrics: planner attempts by classification). */
  onAttempt?: (result: AttemptResult) => void;
}

export type AttemptResult = { status: 'succeeded' } | { status: 'failed'; classification: FailureClass } | { status: 'lost' };

export async function runAttempt(deps: AttemptDeps, claim: ClaimedAttempt, workerId: string, stop?: AbortSignal): Promise<AttemptResult> {
  const { attempt, plan } = claim;
  // Correlation id = the attempt id: learners see it with a failure, operators find it here.
  const log = { correlationId: attempt.id, planId: plan.id, attempt: attempt.number, topicLength: plan.topicLength, notesLength: plan.notesLength };
  const flags = new Set<string>();
  if (plan.topicTruncated) flags.add('topic_truncated');
  if (plan.notesTruncated) flags.add('notes_truncated');
  const deadline = startDeadline(deps.deadlines, stop);
  let hash: string | null = null;
  let completion: Completion | undefined;

  const record = async (classification: FailureClass | null, detail: string, extra: { modules?: Parameters<PlanWorkQueue['succeed']>[2]['modules'] } = {}) => {
    deadline.stop();
    if (deadline.extended) flags.add('deadline_extended');
    const usage = completion?.usage ?? null;
    const outcome = {
      finishedAt: deps.learning.clock.now().toISOString(),
      durationMs: deadline.elapsed(),
      promptHash: hash,
      flags: [...flags].sort(),
      model: completion?.model ?? deps.provider.model,
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
      costUsd: usage ? estimateCost(usage, deps.prices) : null,
    };
    const kept =
      classification === null
        ? await deps.queue.succeed(attempt.id, workerId, { ...outcome, modules: extra.modules ?? [] })
        : await deps.queue.fail(attempt.id, workerId, { ...outcome, classification });
    const fields = { ...log, classification, durationMs: Math.round(outcome.durationMs), flags: outcome.flags, inputTokens: outcome.inputTokens, outputTokens: outcome.outputTokens, costUsd: outcome.costUsd, detail };
    if (!kept) {
      deps.logger.warn('plan attempt lost its claim (closed elsewhere); result discarded', fields);
      return { status: 'lost' } as const;
    }
    if (classification === null) {
      deps.logger.info('plan attempt succeeded', fields);
      return { status: 'succeeded' } as const;
    }
    deps.logger.warn('plan attempt failed', fields);
    return { status: 'failed', classification } as const;
  };

  try {
    const context = await planningContext(deps.learning, plan);
    if (!context) return await record('validation', 'the course or learner no longer exists');
    const messages = buildPrompt(plan, context.course, context.profile, context.completedStepIds);
    hash = promptHash(messages);
    const scanner = new ModuleScanner();
    try {
      completion = await deps.provider.complete(messages, planJsonSchema, {
        signal: deadline.signal,
        onText: (delta) => {
          if (scanner.push(delta) > 0) deadline.moduleParsed();
        },
      });
    } catch (error) {
      const failure = error instanceof ProviderFailure ? error : new ProviderFailure('provider_error', String(error));
      if (failure.retryAfterSeconds !== undefined) flags.add(`retry_after_${failure.retryAfterSeconds}s`);
      return await record(failure.classification, failure.message);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(completion.text);
    } catch {
      flags.add('malformed_json');
      return await record('validation', 'the answer is not JSON');
    }
    const normalised = normalisePlan(answer, new Set(context.course.steps.map((s) => s.id)));
    if (!normalised.ok) {
      // Paths and messages only: they describe the model's answer, not the learner's text.
      return await record('validation', normalised.issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; '));
    }
    for (const flag of normalised.flags) flags.add(flag);
    return await record(null, `${normalised.moduleCount} modules, ${normalised.taskCount} tasks`, { modules: normalised.modules });
  } catch (error) {
    deadline.stop();
    // The database refused the write (e.g. an ordering constraint) or is unreachable: record a
    // failure if we still can; the lease closes the attempt otherwise.
    deps.logger.error('plan attempt could not be recorded', { ...log, error: error instanceof Error ? error.message : String(error) });
    try {
      return await record('validation', 'the plan could not be stored');
    } catch {
      return { status: 'lost' };
    }
  }
}
