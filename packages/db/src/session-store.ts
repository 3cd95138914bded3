import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** Bearer sessions by token hash (the server's SessionStore port). */
export class PgSessionStore {
  readonly #db: Kysely<Schema>;

  constructor(db: Kysely<Schema>) {
    this.#db = db;
  }

  async create(session: { tokenHash: string; learnerId: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.#db
      .insertInto('auth_session')
      .values({ token_hash: session.tokenHash, learner_id: session.learnerId, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
  }

  async learnerFor(tokenHash: string, now: string): Promise<string | undefined> {
    return (await this.sessionFor(tokenHash, now))?.learnerId;
  }

  /** The learner and expiry of a live session (expired ones are treated as absent). */
  async sessionFor(tokenHash: string, now: string): Promise<{ learnerId: string; expiresAt: Date } | undefined> {
    const row = await this.#db
      .selectFrom('auth_session')
      .select(['learner_id', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', new Date(now))
      .executeTakeFirst();
    return row && { learnerId: row.learner_id, expiresAt: new Date(row.expires_at) };
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.#db.deleteFrom('auth_session').where('token_hash', '=', tokenHash).execute();
  }
}
