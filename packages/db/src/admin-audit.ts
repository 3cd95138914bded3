// The operators' audit log (0006_hardening): every change made through the admin API.
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export interface AdminAuditEntry {
  id: string;
  at: string;
  actor: string;
  clientAddress: string | null;
  action: string;
  learnerId: string | null;
  data: Record<string, unknown>;
}

export class PgAdminAudit {
  readonly #db: Kysely<Schema>;
  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async record(entry: AdminAuditEntry): Promise<void> {
    await this.#db
      .insertInto('admin_audit')
      .values({
        id: entry.id,
        at: entry.at,
        actor: entry.actor,
        client_address: entry.clientAddress,
        action: entry.action,
        learner_id: entry.learnerId,
        data: JSON.stringify(entry.data),
      })
      .execute();
  }

  /** The latest entries first, optionally for one learner. */
  async list(options: { learnerId?: string; limit: number }): Promise<AdminAuditEntry[]> {
    let query = this.#db.selectFrom('admin_audit').selectAll().orderBy('seq', 'desc').limit(options.limit);
    if (options.learnerId) query = query.where('learner_id', '=', options.learnerId);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      clientAddress: r.client_address,
      action: r.action,
      learnerId: r.learner_id,
      data: r.data,
    }));
  }
}
