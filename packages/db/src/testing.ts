/**
 * Throwaway databases for tests, on every backend available:
 *
 *   import { testDatabases } from '@cc/db/testing';
 *
 *   describe.each(testDatabases())('progress store on $name', ({ open }) => {
 *     let database: Database;
 *     beforeEach(async () => { database = await open(); });
 *     afterEach(() => database.close());
 *     it('...', async () => { ... database.db ... });
 *   });
 *
 * PGlite is always included: each open() loads a copy of a migrated template built once per test
 * process (a fraction of a second, against seconds for initdb plus migrations). PostgreSQL is
 * added when TEST_DATABASE_URL is set: each open() creates a uniquely named database on that
 * server and migrates it, and close() drops it. Every database is independent, so tests in
 * different files (processes) never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, wrapPGlite, type Database } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A new, empty database, migrated unless `migrate: false`. Close it when done. */
  open(options?: { migrate?: boolean }): Promise<Database>;
}

export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [{ name: 'pglite', open: openTestPGlite }];
  const url = testDatabaseUrl();
  if (url) databases.push({ name: 'postgres', open: (options) => openTestPostgres(url, options) });
  return databases;
}

/** The PostgreSQL server tests may use (TEST_DATABASE_URL), if any. */
export function testDatabaseUrl(): string | undefined {
  return process.env['TEST_DATABASE_URL'] || undefined;
}

const templates = new Map<boolean, Promise<Blob>>();

function pgliteTemplate(migrate: boolean): Promise<Blob> {
  let template = templates.get(migrate);
  if (!template) {
    template = (async () => {
      const pglite = await PGlite.create();
      const database = wrapPGlite(pglite);
      try {
        if (migrate) await migrateToLatest(database.db);
        // Flushed to the data files, so copies start without replaying WAL.
        await sql`checkpoint`.execute(database.db);
        return await pglite.dumpDataDir('none');
      } finally {
        await database.close();
      }
    })();
    templates.set(migrate, template);
    template.catch(() => templates.delete(migrate));
  }
  return template;
}

export async function openTestPGlite(options: { migrate?: boolean } = {}): Promise<Database> {
  const template = await pgliteTemplate(options.migrate ?? true);
  return wrapPGlite(await PGlite.create({ loadDataDir: template }));
}

export interface ScratchPostgresDatabase {
  url: string;
  /** Drops the database, closing any connections still open to it. */
  drop(): Promise<void>;
}

/** Creates an empty, uniquely named database on the server at `serverUrl`. */
export async function createScratchPostgresDatabase(serverUrl: string, prefix = 'cc_test'): Promise<ScratchPostgresDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(6).toString('hex')}`;
  await runAdmin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop() {
      dropping ??= runAdmin(serverUrl, `drop database if exists ${name} with (force)`);
      return dropping;
    },
  };
}

/** A new database on the server at `serverUrl`, migrated unless `migrate: false`; closing it drops it. */
export async function openTestPostgres(serverUrl: string, options: { migrate?: boolean } = {}): Promise<Database> {
  const scratch = await createScratchPostgresDatabase(serverUrl);
  let database: Database | undefined;
  try {
    database = await openDatabase({ url: scratch.url, poolSize: 4 });
    if (options.migrate ?? true) await migrateToLatest(database.db);
  } catch (error) {
    await database?.close();
    await scratch.drop();
    throw error;
  }
  const opened = database;
  let closing: Promise<void> | undefined;
  return {
    db: opened.db,
    kind: opened.kind,
    ...(opened.pool && { pool: opened.pool }),
    close() {
      closing ??= opened.close().then(() => scratch.drop());
      return closing;
    },
  };
}

async function runAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
