import type { Kysely } from 'kysely';

// Answers to review cards, keyed by the client's Idempotency-Key: a retried answer returns the
// stored result instead of grading and rescheduling the card again (issue 9 §1b).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_answer')
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (col) => col.notNull())
    .addColumn('card_id', 'uuid', (col) => col.notNull().references('review_card.id').onDelete('cascade'))
    .addColumn('answered_at', 'timestamptz', (col) => col.notNull())
    .addColumn('result', 'jsonb', (col) => col.notNull())
    .addPrimaryKeyConstraint('review_answer_pkey', ['learner_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('review_answer_card_idx').on('review_answer').column('card_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_answer').execute();
}
