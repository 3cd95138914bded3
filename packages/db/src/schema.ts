import type { ColumnType, GeneratedAlways } from 'kysely';

/** The database as Kysely sees it. Add a table here together with the migration that creates it. */
export interface Schema {
  course_index: CourseIndexTable;
  search_section: SearchSectionTable;
  /** Glossary terms and catalogue entries of the indexed course versions (0013_reference_search). */
  search_reference: SearchReferenceTable;
  learner: LearnerTable;
  step_completion: StepCompletionTable;
  course_position: CoursePositionTable;
  quiz_attempt: QuizAttemptTable;
  hint_reveal: HintRevealTable;
  question_answer: QuestionAnswerTable;
  review_card: ReviewCardTable;
  review_answer: ReviewAnswerTable;
  quiz_attempt_reset: QuizAttemptResetTable;
  activity_day: ActivityDayTable;
  learning_event: LearningEventTable;
  auth_session: AuthSessionTable;
  rate_limit: RateLimitTable;
  /** Better Auth's user (0005_accounts); only the columns our code reads. Its id is the learner id. */
  auth_user: AuthUserTable;
  /** Operators' changes through the admin API (0006_hardening). */
  admin_audit: AdminAuditTable;
  plan: PlanTable;
  plan_attempt: PlanAttemptTable;
  plan_module: PlanModuleTable;
  plan_task: PlanTaskTable;
  /** A sign-up in flight that claims a guest's learner (0010_guest_upgrade). */
  guest_upgrade: GuestUpgradeTable;
  /** Credentials that stopped being valid, written by triggers (0014_credential_revocations). */
  credential_revocation: CredentialRevocationTable;
}

export interface CredentialRevocationTable {
  id: GeneratedAlways<string>;
  /** xid8, read and compared as text. */
  xid: ColumnType<string, never, never>;
  learner_id: string;
  at: ColumnType<Date, never, never>;
}

export interface GuestUpgradeTable {
  email: string;
  learner_id: string;
  token_hash: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

export interface PlanTable {
  id: string;
  learner_id: string;
  course_id: string;
  topic: string;
  notes: string;
  topic_length: number;
  notes_length: number;
  topic_truncated: boolean;
  notes_truncated: boolean;
  idempotency_key: string | null;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface PlanAttemptTable {
  id: string;
  plan_id: string;
  number: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  classification: Nullable<'validation' | 'provider_error' | 'rate_limit' | 'timeout' | 'capped'>;
  queued_at: ColumnType<Date, Date | string, Date | string>;
  started_at: NullableTime;
  finished_at: NullableTime;
  lease_until: NullableTime;
  worker_id: Nullable<string>;
  module_count: Nullable<number>;
  task_count: Nullable<number>;
  duration_ms: Nullable<number>;
  prompt_hash: Nullable<string>;
  /** jsonb array of strings, written as JSON text. */
  flags: ColumnType<string[], string | undefined, string>;
  model: Nullable<string>;
  input_tokens: Nullable<number>;
  output_tokens: Nullable<number>;
  /** numeric: read as a string by both drivers. */
  cost_usd: ColumnType<string | null, number | null | undefined, number | null>;
}

export interface PlanModuleTable {
  attempt_id: string;
  position: number;
  title: string;
  summary: string;
  effort_minutes: number;
}

export interface PlanTaskTable {
  attempt_id: string;
  module_position: number;
  position: number;
  title: string;
  step_id: string | null;
  effort_minutes: number;
}

export interface AdminAuditTable {
  id: string;
  /** Identity column: insertion order. */
  seq: ColumnType<string, never, never>;
  at: ColumnType<Date, string, never>;
  actor: string;
  client_address: string | null;
  action: string;
  learner_id: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
}

export interface AuthUserTable {
  id: string;
  email: string;
  name: string;
}

export interface RateLimitTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: ColumnType<number, number | undefined, number>;
}

export interface AuthSessionTable {
  token_hash: string;
  learner_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface CourseIndexTable {
  course_id: string;
  /** The `Course.version` whose sections `search_section` currently holds. */
  version: string;
  indexed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SearchSectionTable {
  course_id: string;
  /** Reading-order ordinal of the section within its course (steps in order, then sections). */
  position: number;
  chapter_id: string;
  step_id: string;
  step_title: string;
  anchor: string;
  heading: string;
  depth: number;
  /** The section's Markdown converted to plain text. */
  body: string;
  tsv: GeneratedAlways<string>;
}

export interface SearchReferenceTable {
  course_id: string;
  kind: 'term' | 'mistake';
  entry_id: string;
  title: string;
  keywords: string;
  body: string;
  tsv: GeneratedAlways<string>;
}

/** `timestamptz`: read as a Date (both drivers); written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** `jsonb`: read parsed; written as JSON text (`JSON.stringify`), since pg would turn JS arrays into PostgreSQL arrays. */
type Jsonb<T> = ColumnType<T, string, string>;
type NullableJsonb<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface LearnerTable {
  id: string;
  tier: ColumnType<'free' | 'premium' | 'pro', 'free' | 'premium' | 'pro' | undefined, 'free' | 'premium' | 'pro'>;
  profile: NullableJsonb<unknown>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface StepCompletionTable {
  learner_id: string;
  course_id: string;
  step_id: string;
  completed_at: Timestamp;
}

export interface CoursePositionTable {
  learner_id: string;
  course_id: string;
  step_id: string;
  updated_at: Timestamp;
}

export interface QuizAttemptTable {
  id: string;
  learner_id: string;
  course_id: string;
  quiz_id: string;
  course_version: string;
  /** 1, 2, ... per (learner, course, quiz). */
  number: number;
  started_at: Timestamp;
  /** Null while the attempt is open; at most one open attempt per (learner, course, quiz). */
  submitted_at: NullableTimestamp;
  idempotency_key: string | null;
  /** 0-100. */
  score: number | null;
  passed: boolean | null;
  answers: NullableJsonb<unknown>;
  grade: NullableJsonb<unknown>;
}

export interface HintRevealTable {
  attempt_id: string;
  learner_id: string;
  question_id: string;
  hint_index: number;
  revealed_at: Timestamp;
}

export interface QuestionAnswerTable {
  learner_id: string;
  course_id: string;
  quiz_id: string;
  question_id: string;
  /** 0..1. */
  score: number;
  used_hint: boolean;
  source: 'quiz' | 'review';
  answered_at: Timestamp;
}

export interface ReviewCardTable {
  id: string;
  learner_id: string;
  course_id: string;
  quiz_id: string;
  question_id: string;
  card: Jsonb<unknown>;
  due: Timestamp;
  best_recall_days: ColumnType<number, number | undefined, number>;
}

export interface QuizAttemptResetTable {
  learner_id: string;
  course_id: string;
  quiz_id: string;
  reset_at: Timestamp;
}

export interface ReviewAnswerTable {
  learner_id: string;
  idempotency_key: string;
  card_id: string;
  answered_at: Timestamp;
  result: Jsonb<unknown>;
}

export interface ActivityDayTable {
  learner_id: string;
  /**
   * `date`, written as 'YYYY-MM-DD'. Select it as `day::text`: pg parses a bare date into a
   * local-midnight Date, which shifts the day in zones west of UTC.
   */
  day: ColumnType<unknown, string, string>;
}

export interface LearningEventTable {
  id: string;
  /** Identity column: never written, and not read back (bigint arrives as a string from pg). */
  seq: ColumnType<never, never, never>;
  learner_id: string;
  type: string;
  at: Timestamp;
  course_id: string;
  chapter_id: string | null;
  step_id: string | null;
  quiz_id: string | null;
  question_id: string | null;
  attempt_id: string | null;
  data: ColumnType<unknown, string | undefined, string>;
}
