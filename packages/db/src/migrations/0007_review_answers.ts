import type { Kysely } from 'kysely';

// Answers to review cards (and operator resets of quiz attempts, below), keyed by the client's Idempotency-Key: a retried answer returns the
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

  // An operator's reset of a learner's attempts at a quiz: a new round of attempts opens (issue 9 §4).
  await db.schema
    .createTable('quiz_attempt_reset')
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('quiz_id', 'text', (col) => col.notNull())
    .addColumn('reset_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('quiz_attempt_reset_idx').on('quiz_attempt_reset').columns(['learner_id', 'course_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('quiz_attempt_reset').execute();
  await db.schema.dropTable('review_answer').execute();
}
