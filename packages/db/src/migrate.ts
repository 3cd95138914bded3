import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations/index.ts';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Applies every pending migration in one transaction and returns the names applied
 * (empty when the schema is already current). Safe to run from several replicas at once: on
 * PostgreSQL Kysely holds an advisory lock for the whole run, so later callers wait and then
 * find nothing to do.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed ? `migration ${failed} failed` : 'migrating failed', { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
