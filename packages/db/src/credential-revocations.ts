import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** Rows older than this are deleted; a reader that has not read for longer forgets everything. */
export const REVOCATION_RETENTION_MS = 60 * 60_000;

export interface RevocationRead {
  /** Learners whose credentials were revoked in transactions at or after the previous watermark. */
  learnerIds: string[];
  /** The next read's watermark (the xmin of this read's snapshot). */
  watermark: string;
}

/**
 * The credential revocation log (0014_credential_revocations), read by every replica's credential
 * cache. One statement, so the rows and the watermark come from the same snapshot: any transaction
 * still open then has an id at or above that snapshot's xmin and is read next time.
 */
export class PgCredentialRevocations {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async readSince(watermark: string | undefined): Promise<RevocationRead> {
    const { rows } = await sql<{ watermark: string; learner_ids: string[] | null }>`
      select pg_snapshot_xmin(pg_current_snapshot())::text as watermark,
             ${
               watermark === undefined
                 ? sql`null::uuid[]`
                 : sql`(select array_agg(distinct learner_id) from credential_revocation where xid >= ${watermark}::xid8)`
             } as learner_ids`.execute(this.#db);
    const row = rows[0]!;
    return { watermark: row.watermark, learnerIds: row.learner_ids ?? [] };
  }

  async prune(now: Date): Promise<void> {
    await this.#db
      .deleteFrom('credential_revocation')
      .where('at', '<', new Date(now.getTime() - REVOCATION_RETENTION_MS))
      .execute();
  }
}
