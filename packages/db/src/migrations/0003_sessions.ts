import { type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_session')
    // SHA-256 of the bearer token: the token itself is never stored.
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('auth_session_learner_idx').on('auth_session').column('learner_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auth_session').execute();
}
