// Background work: polls the shared queue, claims attempts (at most `concurrency` at a time),
// keeps their leases alive while they run, and closes attempts whose worker died (an expired
// lease) on every poll. Several replicas can run workers on one database.
import { randomUUID } from 'node:crypto';
import type { ClaimedAttempt } from '@cc/core';
import { runAttempt, type AttemptDeps } from './attempt.ts';

export interface WorkerOptions extends AttemptDeps {
  concurrency: number;
  /** How often to look for queued work and expired leases (default 1 s). */
  pollMs?: number;
  /** How long a claim holds without a heartbeat (default 30 s; heartbeats every third of it). */
  leaseMs?: number;
  workerId?: string;
}

export class PlanWorker {
  readonly workerId: string;
  readonly #o: WorkerOptions & { pollMs: number; leaseMs: number };
  readonly #running = new Map<string, { done: Promise<unknown>; controller: AbortController }>();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = true;

  constructor(options: WorkerOptions) {
    this.#o = { pollMs: 1000, leaseMs: 30_000, ...options };
    this.workerId = options.workerId ?? `planner-${randomUUID()}`;
  }

  get active(): number {
    return this.#running.size;
  }

  /**
   * Starts polling. `closeAllRunning`: this process is the only one that can be working (an
   * embedded database has one process), so any running attempt belongs to a dead process.
   */
  async start(options: { closeAllRunning?: boolean } = {}): Promise<void> {
    this.#stopped = false;
    const closed = await this.#o.queue.closeExpired(options.closeAllRunning ? '9999-12-31T00:00:00.000Z' : this.#now().toISOString());
    if (closed > 0) this.#o.logger.warn('closed plan attempts left running by a stopped process', { closed });
    this.#schedule(0);
  }

  /** Looks for work now (after a plan was queued) instead of at the next poll. */
  wake(): void {
    if (!this.#stopped) this.#schedule(0);
  }

  /** Stops polling, aborts running attempts (recorded as timeouts) and waits for them. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#ticking;
    for (const { controller } of this.#running.values()) controller.abort();
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
  }

  #now = () => this.#o.learning.clock.now();

  #schedule(delay: number) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#ticking ??= this.#tick().finally(() => {
        this.#ticking = undefined;
        if (!this.#stopped) this.#schedule(this.#o.pollMs);
      });
    }, delay);
  }

  async #tick(): Promise<void> {
    try {
      const now = this.#now();
      const closed = await this.#o.queue.closeExpired(now.toISOString());
      if (closed > 0) this.#o.logger.warn('closed plan attempts whose lease expired', { closed });
      while (!this.#stopped && this.#running.size < this.#o.concurrency) {
        const claim = await this.#o.queue.claim(this.workerId, this.#now().toISOString(), this.#leaseUntil());
        if (!claim) break;
        this.#run(claim);
      }
    } catch (error) {
      this.#o.logger.error('plan worker poll failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  #leaseUntil = () => new Date(this.#now().getTime() + this.#o.leaseMs).toISOString();

  #run(claim: ClaimedAttempt) {
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      this.#o.queue.heartbeat(claim.attempt.id, this.workerId, this.#leaseUntil()).then(
        (kept) => {
          if (!kept) controller.abort();
        },
        (error: unknown) => this.#o.logger.warn('plan lease heartbeat failed', { correlationId: claim.attempt.id, error: error instanceof Error ? error.message : String(error) }),
      );
    }, Math.max(100, Math.floor(this.#o.leaseMs / 3)));
    const done = runAttempt(this.#o, claim, this.workerId, controller.signal)
      .then((result) => this.#o.onAttempt?.(result))
      .catch((error: unknown) => this.#o.logger.error('plan attempt crashed', { correlationId: claim.attempt.id, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        clearInterval(heartbeat);
        this.#running.delete(claim.attempt.id);
        // A slot is free: more work may be waiting.
        this.wake();
      });
    this.#running.set(claim.attempt.id, { done, controller });
  }
}
