import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseUrl } from './testing.ts';

describe.each(testDatabases())('testDatabases: $name', ({ name, open }) => {
  it('opens migrated databases that are independent of each other', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    try {
      expect(a.kind).toBe(name);
      await a.db.insertInto('course_index').values({ course_id: 'only-in-a', version: 'v1' }).execute();
      expect(await b.db.selectFrom('course_index').selectAll().execute()).toEqual([]);
      expect(await a.db.selectFrom('course_index').select('course_id').execute()).toEqual([{ course_id: 'only-in-a' }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.runIf(testDatabaseUrl())('testDatabases: postgres cleanup', () => {
  it('drops the database on close', async () => {
    const postgres = testDatabases().find((d) => d.name === 'postgres');
    const database = await postgres!.open();
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
    const name = rows[0]?.name ?? '';
    expect(name).toMatch(/^cc_test_/);
    await database.close();
    await database.close();

    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const result = await client.query('select 1 from pg_database where datname = $1', [name]);
      expect(result.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
