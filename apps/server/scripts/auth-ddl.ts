// Prints the DDL Better Auth's planner would run for our options on an empty database: the source
// of packages/db/src/migrations/0005_accounts.ts (frozen there; auth-schema.test.ts checks drift).
// Usage: pnpm tsx apps/server/scripts/auth-ddl.ts
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { getMigrations } from 'better-auth/db/migration';
import { authOptions } from '../src/auth/better-auth.ts';
import { silentLogger } from '../src/logger.ts';
import type { Schema } from '@cc/db';

const db = new Kysely<Schema>({ dialect: new PGliteDialect({ pglite: await PGlite.create({}) }) });
const noop = async () => {};
const plan = await getMigrations(
  authOptions({ db, publicUrl: 'http://localhost:8787', secret: 'x'.repeat(32), mailer: { send: noop }, logger: silentLogger }),
);
process.stdout.write((await plan.compileMigrations()) + '\n');
await db.destroy();
