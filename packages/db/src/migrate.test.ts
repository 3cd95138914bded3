import { sql, type Kysely } from 'kysely';
import { Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { migrationProvider, migrations } from './migrations/index.ts';
import { createScratchPostgresDatabase, testDatabases, testDatabaseUrl } from './testing.ts';

const allMigrations = Object.keys(migrations).sort();

async function tables<DB>(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely%'
    order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

async function indexes<DB>(db: Kysely<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes where schemaname = 'public' and tablename = ${table} order by indexname`.execute(db);
  return rows.map((r) => r.indexdef);
}

describe.each(testDatabases())('migrations on $name', ({ open }) => {
  it('apply to an empty database, and a second run is a no-op', async () => {
    const database = await open({ migrate: false });
    try {
      expect(await tables(database.db)).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual(allMigrations);
      expect(await tables(database.db)).toEqual([
        'achievement',
        'activity_day',
        'admin_audit',
        'auth_account',
        'auth_jwks',
        'auth_oauth_access_token',
        'auth_oauth_client',
        'auth_oauth_client_assertion',
        'auth_oauth_client_resource',
        'auth_oauth_consent',
        'auth_oauth_refresh_token',
        'auth_oauth_resource',
        'auth_session',
        'auth_user',
        'auth_verification',
        'auth_web_session',
        'bookmark',
        'course_index',
        'course_position',
        'credential_revocation',
        'guest_upgrade',
        'hint_reveal',
        'learner',
        'learning_event',
        'note',
        'plan',
        'plan_attempt',
        'plan_module',
        'plan_task',
        'question_answer',
        'quiz_attempt',
        'quiz_attempt_reset',
        'rate_limit',
        'review_answer',
        'review_card',
        'search_reference',
        'search_section',
        'step_completion',
      ]);
      expect(await indexes(database.db, 'search_section')).toEqual([
        expect.stringMatching(/UNIQUE INDEX search_section_pkey .* \(course_id, "?position"?\)/),
        expect.stringMatching(/INDEX search_section_tsv_idx .* USING gin \(tsv\)/),
      ]);
      expect(await indexes(database.db, 'quiz_attempt')).toEqual([
        expect.stringMatching(/UNIQUE INDEX quiz_attempt_idempotency_key_key .* \(learner_id, idempotency_key\)$/),
        expect.stringMatching(/UNIQUE INDEX quiz_attempt_number_key .* \(learner_id, course_id, quiz_id, number\)$/),
        expect.stringMatching(/UNIQUE INDEX quiz_attempt_open_key .* \(learner_id, course_id, quiz_id\) WHERE \(submitted_at IS NULL\)$/),
        expect.stringMatching(/UNIQUE INDEX quiz_attempt_pkey .* \(id\)$/),
      ]);
      expect(await migrateToLatest(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('roll back completely and re-apply', async () => {
    const database = await open();
    try {
      const migrator = new Migrator({ db: database.db, provider: migrationProvider });
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(await tables(database.db)).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual(allMigrations);
    } finally {
      await database.close();
    }
  });

  it('apply once when two migrators share one handle', async () => {
    const database = await open({ migrate: false });
    try {
      const results = await Promise.all([migrateToLatest(database.db), migrateToLatest(database.db)]);
      expect(results.flat()).toEqual(allMigrations);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(testDatabaseUrl())('migrations on postgres', () => {
  it('apply once when several replicas migrate at the same time', async () => {
    const scratch = await createScratchPostgresDatabase(testDatabaseUrl() ?? '');
    const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ url: scratch.url, poolSize: 2 })));
    try {
      const results = await Promise.all(replicas.map((r) => migrateToLatest(r.db)));
      expect(results.flat()).toEqual(allMigrations);
      expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(replicas[0]!.db);
      expect(rows).toEqual([{ n: allMigrations.length }]);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await scratch.drop();
    }
  });
});
