import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (what Retry-After should say when refused). */
  resetSeconds: number;
}

/**
 * Fixed-window rate limiting in the database, so that the limit holds across replicas. One
 * atomic upsert per hit; windows older than a day are swept now and then.
 */
export class PgRateLimiter {
  readonly #db: Kysely<Schema>;
  #hitsSinceSweep = 0;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateDecision> {
    const windowMs = windowSeconds * 1000;
    const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    const row = await this.#db
      .insertInto('rate_limit')
      .values({ key, window_start: start, hits: 1 })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limit.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow();
    if (++this.#hitsSinceSweep >= 1000) {
      this.#hitsSinceSweep = 0;
      await this.#db.deleteFrom('rate_limit').where('window_start', '<', new Date(now.getTime() - 86_400_000)).execute();
    }
    const hits = Number(row.hits);
    return {
      allowed: hits <= limit,
      limit,
      remaining: Math.max(0, limit - hits),
      resetSeconds: Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000)),
    };
  }
}
