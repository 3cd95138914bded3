import { sql, type Kysely } from 'kysely';

/**
 * Learner state: the learner, step completions, resume positions, quiz attempts and hints,
 * latest answers, review cards, active days and the learning event log. Every table carries
 * learner_id with `on delete cascade`, so deleting the learner removes all of their rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('learner')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('tier', 'text', (col) => col.notNull().defaultTo('free').check(sql`tier in ('free', 'premium', 'pro')`))
    .addColumn('profile', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('step_completion')
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('step_id', 'text', (col) => col.notNull())
    .addColumn('completed_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('step_completion_pkey', ['learner_id', 'course_id', 'step_id'])
    .execute();

  await db.schema
    .createTable('course_position')
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('step_id', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('course_position_pkey', ['learner_id', 'course_id'])
    .execute();

  await db.schema
    .createTable('quiz_attempt')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('quiz_id', 'text', (col) => col.notNull())
    .addColumn('course_version', 'text', (col) => col.notNull())
    .addColumn('number', 'integer', (col) => col.notNull().check(sql`number >= 1`))
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('idempotency_key', 'text')
    .addColumn('score', 'double precision')
    .addColumn('passed', 'boolean')
    .addColumn('answers', 'jsonb')
    .addColumn('grade', 'jsonb')
    // Leads with learner_id: also serves the learner's attempt listings and the cascade.
    .addUniqueConstraint('quiz_attempt_number_key', ['learner_id', 'course_id', 'quiz_id', 'number'])
    .addUniqueConstraint('quiz_attempt_idempotency_key_key', ['learner_id', 'idempotency_key'])
    .execute();

  // At most one open attempt per learner and quiz: concurrent "start" calls converge on it.
  await db.schema
    .createIndex('quiz_attempt_open_key')
    .on('quiz_attempt')
    .unique()
    .columns(['learner_id', 'course_id', 'quiz_id'])
    .where(sql.ref('submitted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('hint_reveal')
    .addColumn('attempt_id', 'uuid', (col) => col.notNull().references('quiz_attempt.id').onDelete('cascade'))
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (col) => col.notNull())
    .addColumn('hint_index', 'integer', (col) => col.notNull().check(sql`hint_index >= 0`))
    .addColumn('revealed_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('hint_reveal_pkey', ['attempt_id', 'question_id', 'hint_index'])
    .execute();
  // For the learner_id cascade (the primary key leads with attempt_id).
  await db.schema.createIndex('hint_reveal_learner_idx').on('hint_reveal').column('learner_id').execute();

  await db.schema
    .createTable('question_answer')
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('quiz_id', 'text', (col) => col.notNull())
    .addColumn('question_id', 'text', (col) => col.notNull())
    .addColumn('score', 'double precision', (col) => col.notNull())
    .addColumn('used_hint', 'boolean', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('quiz', 'review')`))
    .addColumn('answered_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('question_answer_pkey', ['learner_id', 'course_id', 'quiz_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('review_card')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('quiz_id', 'text', (col) => col.notNull())
    .addColumn('question_id', 'text', (col) => col.notNull())
    .addColumn('card', 'jsonb', (col) => col.notNull())
    .addColumn('due', 'timestamptz', (col) => col.notNull())
    .addColumn('best_recall_days', 'double precision', (col) => col.notNull().defaultTo(0))
    .addUniqueConstraint('review_card_question_key', ['learner_id', 'course_id', 'quiz_id', 'question_id'])
    .execute();
  await db.schema.createIndex('review_card_due_idx').on('review_card').columns(['learner_id', 'due']).execute();

  await db.schema
    .createTable('activity_day')
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('day', 'date', (col) => col.notNull())
    .addPrimaryKeyConstraint('activity_day_pkey', ['learner_id', 'day'])
    .execute();

  await db.schema
    .createTable('learning_event')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    // Insertion order: events written together share `at`, and their order is causal.
    .addColumn('seq', 'bigint', (col) => col.notNull().generatedAlwaysAsIdentity())
    .addColumn('learner_id', 'uuid', (col) => col.notNull().references('learner.id').onDelete('cascade'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('course_id', 'text', (col) => col.notNull())
    .addColumn('chapter_id', 'text')
    .addColumn('step_id', 'text')
    .addColumn('quiz_id', 'text')
    .addColumn('question_id', 'text')
    .addColumn('attempt_id', 'uuid')
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('learning_event_learner_at_idx').on('learning_event').columns(['learner_id', 'at', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'learning_event',
    'activity_day',
    'review_card',
    'question_answer',
    'hint_reveal',
    'quiz_attempt',
    'course_position',
    'step_completion',
    'learner',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
