import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connect.ts';
import { DatabaseClosedError } from './connection-gate.ts';
import { migrateToLatest } from './migrate.ts';
import { testDatabases, testDatabaseUrl } from './testing.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets queued work run (several event-loop turns); sequencing only, never asserted on. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function courseIds(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('course_index').select('course_id').orderBy('course_id').execute();
  return rows.map((r) => r.course_id);
}

function insertCourse(db: Database['db'], id: string) {
  return db.insertInto('course_index').values({ course_id: id, version: 'v1' }).execute();
}

describe('openDatabase', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-db-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('persists PGlite under <dataDir>/pglite, creating the directories', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    await migrateToLatest(first.db);
    await insertCourse(first.db, 'kept');
    await first.close();
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrateToLatest(second.db)).toEqual([]);
      expect(await courseIds(second)).toEqual(['kept']);
    } finally {
      await second.close();
    }
  });

  it('keeps PGlite in memory without a dataDir, and treats an empty url as none', async () => {
    const database = await openDatabase({ url: '' });
    try {
      expect(database.kind).toBe('pglite');
      const { rows } = await sql<{ n: number }>`select 1 + 1 as n`.execute(database.db);
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      await database.close();
    }
  });

  it('rejects a url that is not PostgreSQL', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/db' })).rejects.toThrow(/postgres:\/\//);
  });

  it.runIf(testDatabaseUrl())('connects to PostgreSQL for a postgresql:// url', async () => {
    const url = (testDatabaseUrl() ?? '').replace(/^postgres:/, 'postgresql:');
    const database = await openDatabase({ url, poolSize: 2 });
    try {
      expect(database.kind).toBe('postgres');
      const { rows } = await sql<{ v: number }>`select current_setting('server_version_num')::int as v`.execute(database.db);
      expect(rows[0]?.v).toBeGreaterThanOrEqual(150000);
    } finally {
      await database.close();
    }
  });

  it('can close a database that never ran a query, twice', async () => {
    const database = await openDatabase({});
    await database.close();
    await database.close();
    await expect(sql`select 1`.execute(database.db)).rejects.toBeInstanceOf(DatabaseClosedError);
  });
});

describe.each(testDatabases())('database on $name', ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(() => database.close());

  it('does not lose a write made outside a transaction while that transaction is open and rolls back', async () => {
    const opened = deferred();
    const finish = deferred();
    const rollback = new Error('roll back');
    const transaction = database.db.transaction().execute(async (trx) => {
      await insertCourse(trx, 'inside');
      opened.resolve();
      await finish.promise;
      throw rollback;
    });
    await opened.promise;
    const outside = insertCourse(database.db, 'outside');
    await settle();
    finish.resolve();
    await expect(transaction).rejects.toBe(rollback);
    await outside;
    expect(await courseIds(database)).toEqual(['outside']);
  });

  it('supports controlled transactions with savepoints', async () => {
    const trx = await database.db.startTransaction().execute();
    await insertCourse(trx, 'kept');
    const afterKept = await trx.savepoint('after_kept').execute();
    await insertCourse(afterKept, 'undone');
    const rolledBack = await afterKept.rollbackToSavepoint('after_kept').execute();
    const withTemp = await rolledBack.savepoint('temp').execute();
    await insertCourse(withTemp, 'released');
    await withTemp.releaseSavepoint('temp').execute();
    await trx.commit().execute();
    expect(await courseIds(database)).toEqual(['kept', 'released']);
  });

  it('close() waits for queries in flight, is idempotent, and refuses new ones', async () => {
    const opened = deferred();
    const finish = deferred();
    const transaction = database.db.transaction().execute(async (trx) => {
      opened.resolve();
      await finish.promise;
      await insertCourse(trx, 'in-transaction');
    });
    await opened.promise;
    // On PGlite this one queues behind the transaction for the single connection.
    const queued = database.db.selectFrom('course_index').select('course_id').execute();
    await settle();
    const closed = database.close();
    const closedAgain = database.close();
    await settle();
    await expect(sql`select 1`.execute(database.db)).rejects.toBeInstanceOf(DatabaseClosedError);
    finish.resolve();
    await transaction;
    await expect(queued).resolves.toBeInstanceOf(Array);
    await closed;
    await closedAgain;
  });
});
