import type { Migration, MigrationProvider } from 'kysely/migration';
import * as searchIndex from './0001_search_index.ts';
import * as learning from './0002_learning.ts';
import * as sessions from './0003_sessions.ts';
import * as rateLimits from './0004_rate_limits.ts';
import * as accounts from './0005_accounts.ts';
import * as hardening from './0006_hardening.ts';
import * as reviewAnswers from './0007_review_answers.ts';
import * as plans from './0008_plans.ts';
import * as guestUpgrade from './0010_guest_upgrade.ts';
import * as hashedWebSessions from './0011_hashed_web_sessions.ts';
import * as notes from './0012_notes.ts';
import * as referenceSearch from './0013_reference_search.ts';
import * as credentialRevocations from './0014_credential_revocations.ts';

/**
 * Every migration, keyed by name. Kysely applies them in name order, so new ones get the next
 * number (`0002_learners`, ...). Never rename or edit one that has shipped.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_search_index': searchIndex,
  '0002_learning': learning,
  '0003_sessions': sessions,
  '0004_rate_limits': rateLimits,
  '0005_accounts': accounts,
  '0006_hardening': hardening,
  '0007_review_answers': reviewAnswers,
  '0008_plans': plans,
  '0010_guest_upgrade': guestUpgrade,
  '0011_hashed_web_sessions': hashedWebSessions,
  '0012_notes': notes,
  '0013_reference_search': referenceSearch,
  '0014_credential_revocations': credentialRevocations,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...migrations }),
};
