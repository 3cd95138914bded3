export { openDatabase, DEFAULT_POOL_SIZE, type Database, type OpenDatabaseOptions, type PoolStats } from './connect.ts';
export { DatabaseClosedError } from './connection-gate.ts';
export { DataDirInUseError } from './data-dir-lock.ts';
export { migrateToLatest, MigrationError } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export type {
  Schema,
  CourseIndexTable,
  SearchSectionTable,
  LearnerTable,
  StepCompletionTable,
  CoursePositionTable,
  QuizAttemptTable,
  HintRevealTable,
  QuestionAnswerTable,
  ReviewCardTable,
  ActivityDayTable,
  LearningEventTable,
  AuthUserTable,
} from './schema.ts';
export { PgLearningStore, IdempotencyKeyReused } from './learning-store.ts';
export { PgSearchIndex, MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT } from './search-index.ts';
export { markdownToPlainText } from './markdown-text.ts';
export { PgSessionStore } from './session-store.ts';
export { PgCredentialRevocations, REVOCATION_RETENTION_MS, type RevocationRead } from './credential-revocations.ts';
export { PgRateLimiter, type RateDecision } from './rate-limiter.ts';
export { PgPlanStore, type CostReport } from './plan-store.ts';
export { PgAdminAudit, type AdminAuditEntry } from './admin-audit.ts';
export { PgNotesStore } from './notes-store.ts';
export { PgAchievementStore } from './achievement-store.ts';
