// The Better Auth schema is frozen in our own migration (0005_accounts): after our migrations,
// Better Auth's planner must find nothing to create, add or index. Upgrading Better Auth or
// changing its options in a way that needs schema changes fails here (write a new migration).
import { describe, expect, it } from 'vitest';
import { getMigrations } from 'better-auth/db/migration';
import { testDatabases } from '@cc/db/testing';
import { authOptions } from './auth/better-auth.ts';
import { silentLogger } from './logger.ts';

describe.each(testDatabases())('Better Auth schema on $name', ({ open }) => {
  it('matches the frozen migration: the planner has nothing to do after our migrations', async () => {
    const database = await open();
    try {
      const noop = async () => {};
      const plan = await getMigrations(
        authOptions({ db: database.db, publicUrl: 'http://localhost:8787', secret: 'x'.repeat(32), mailer: { send: noop }, logger: silentLogger }),
      );
      expect(plan.toBeCreated.map((t) => t.table)).toEqual([]);
      expect(plan.toBeAdded.map((t) => ({ table: t.table, fields: Object.keys(t.fields) }))).toEqual([]);
      expect(plan.toBeAddedIndexes.map((i) => i.name)).toEqual([]);
      expect(plan.schemaProblems).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
