// What the learning use-cases need from storage. Implemented by @cc/db (PostgreSQL / PGlite).
// Every method that touches learner data takes the learnerId, and implementations filter by it:
// a learner can never reach another learner's rows, even with a guessed attempt or card id.
import type { LearningEvent } from './events.ts';
import type { Profile, Tier } from './profile.ts';

export interface LearnerRecord {
  id: string;
  tier: Tier;
  profile: Profile | null;
  createdAt: string;
}

export interface StepCompletion {
  stepId: string;
  completedAt: string;
}

export interface Position {
  stepId: string;
  at: string;
}

/** A quiz attempt as stored. `answers`/`grade` are opaque JSON to storage (owned by the quiz module). */
export interface AttemptRecord {
  id: string;
  learnerId: string;
  courseId: string;
  quizId: string;
  /** The course version the attempt was started on (grading uses the course as served now). */
  courseVersion: string;
  number: number;
  startedAt: string;
  submittedAt: string | null;
  idempotencyKey: string | null;
  /** 0-100, set on submission. */
  score: number | null;
  passed: boolean | null;
  answers: unknown;
  grade: unknown;
}

export interface HintReveal {
  questionId: string;
  index: number;
  at: string;
}

/** The learner's latest answer to one question (from a quiz attempt or a review). */
export interface AnswerRecord {
  courseId: string;
  quizId: string;
  questionId: string;
  score: number;
  usedHint: boolean;
  source: 'quiz' | 'review';
  at: string;
}

export interface CardRecord {
  id: string;
  courseId: string;
  quizId: string;
  questionId: string;
  /** The scheduler's state, JSON (owned by the review module). */
  card: unknown;
  due: string;
  /** Longest interval (days) at which this card was recalled correctly; 0 if never. */
  bestRecallDays: number;
}

export type SubmitOutcome =
  | { kind: 'submitted'; attempt: AttemptRecord }
  /** Already submitted (by this request's twin or earlier): the stored attempt, unchanged. */
  | { kind: 'already'; attempt: AttemptRecord };

/**
 * Everything the rules need about one learner in one course (learner/snapshot.ts), read at once.
 * Attempts come without `answers` and `grade` (null): the rules need their times and scores only.
 */
export interface CourseState {
  learner: LearnerRecord;
  completions: StepCompletion[];
  /** Oldest first (started_at, quiz, number), like `listAttempts` of the whole course. */
  attempts: AttemptRecord[];
  /** Operator resets, oldest first. */
  resets: { quizId: string; at: string }[];
  /** The resume position; read only when asked for (`readCourseState(..., { position: true })`). */
  position?: Position | null;
}

/** An attempt with what viewing, hinting or submitting it needs, read at once. */
export interface AttemptContext {
  /** With its `answers` and `grade`. */
  attempt: AttemptRecord;
  /** The learner's state in the attempt's course. */
  state: CourseState;
  /** Hints revealed in this attempt, oldest first. */
  hints: HintReveal[];
}

/** What a submission records besides the attempt; written only by the call that submits it. */
export interface SubmissionRecords {
  answers: AnswerRecord[];
  /** Review cards to insert or replace (`upsertCard`'s rule). */
  cards: CardRecord[];
  events: LearningEvent[];
  /** A local date (YYYY-MM-DD) that counts towards the streak, or null. */
  activityDay: string | null;
}

/** What a first completion records besides the completion; written only when this call completes the step. */
export interface CompletionRecords {
  events: LearningEvent[];
  activityDay: string | null;
}

export interface LearningReads {
  getLearner(learnerId: string): Promise<LearnerRecord | undefined>;
  /** The learner and their state in a course in one read; undefined when there is no such learner. */
  readCourseState(learnerId: string, courseId: string, options?: { position?: boolean }): Promise<CourseState | undefined>;
  /**
   * In one read: the learner's attempt with its context (undefined when the learner has no such
   * attempt), and the id of the learner's attempt that holds `idempotencyKey` (null when none or
   * no key is given), so a reused key is told apart from an unknown attempt.
   */
  readAttempt(learnerId: string, attemptId: string, idempotencyKey?: string): Promise<{ context: AttemptContext | undefined; keyAttemptId: string | null }>;
  listCompletions(learnerId: string, courseId: string): Promise<StepCompletion[]>;
  getPosition(learnerId: string, courseId: string): Promise<Position | undefined>;
  /** Attempts of one quiz (or of every quiz of the course when quizId is omitted), oldest first. */
  listAttempts(learnerId: string, courseId: string, quizId?: string): Promise<AttemptRecord[]>;
  getAttempt(learnerId: string, attemptId: string): Promise<AttemptRecord | undefined>;
  findAttemptByIdempotencyKey(learnerId: string, key: string): Promise<AttemptRecord | undefined>;
  listHints(learnerId: string, attemptId: string): Promise<HintReveal[]>;
  listAnswers(learnerId: string, courseId: string): Promise<AnswerRecord[]>;
  getCard(learnerId: string, cardId: string): Promise<CardRecord | undefined>;
  listCards(learnerId: string, courseId: string): Promise<CardRecord[]>;
  /** Operator resets of the learner's quiz attempts in a course, oldest first. */
  listAttemptResets(learnerId: string, courseId: string): Promise<{ quizId: string; at: string }[]>;
  /** The stored answer to a review card made with this Idempotency-Key, if any. */
  findReviewAnswer(learnerId: string, key: string): Promise<{ cardId: string; result: unknown } | undefined>;
  /** Cards with due <= now, soonest first. */
  listDueCards(learnerId: string, now: string, limit: number): Promise<CardRecord[]>;
  /** Local calendar dates (YYYY-MM-DD) on which the learner was active. */
  listActivityDays(learnerId: string): Promise<string[]>;
  /** Events in order of (at, id); `after` is an event id to continue after (pagination). */
  listEvents(learnerId: string, options: { limit: number; after?: string; since?: string }): Promise<LearningEvent[]>;
}

export interface LearningWrites {
  createLearner(learner: { id: string; tier: Tier; createdAt: string }): Promise<void>;
  setProfile(learnerId: string, profile: Profile): Promise<void>;
  /** Returns false when there is no such learner. */
  setTier(learnerId: string, tier: Tier): Promise<boolean>;
  /**
   * Returns true when this call completed the step (false: it was already completed). `records`
   * are written in the same statement, and only when this call completed it.
   */
  markCompleted(learnerId: string, courseId: string, stepId: string, at: string, records?: CompletionRecords): Promise<boolean>;
  /**
   * Moves the learner's place in the course, unless a later `at` is stored. `recorded` events are
   * written in the same statement, whether or not the place moved.
   */
  setPosition(learnerId: string, courseId: string, stepId: string, at: string, recorded?: LearningEvent[]): Promise<void>;
  /**
   * The learner's open (unsubmitted) attempt of the quiz, creating it with the next number when
   * there is none. Concurrent calls return the same attempt.
   */
  openAttempt(input: { id: string; learnerId: string; courseId: string; quizId: string; courseVersion: string; at: string }): Promise<AttemptRecord>;
  /**
   * Submits once: a second submit of the same attempt (concurrent or later) gets `already`.
   * `records` are written in the same statement, and only when this call submitted the attempt.
   */
  submitAttempt(input: {
    learnerId: string;
    attemptId: string;
    idempotencyKey: string;
    at: string;
    score: number;
    passed: boolean;
    answers: unknown;
    grade: unknown;
    records?: SubmissionRecords;
  }): Promise<SubmitOutcome>;
  /** Returns true when newly recorded. */
  recordHint(learnerId: string, attemptId: string, hint: HintReveal): Promise<boolean>;
  upsertAnswer(learnerId: string, answer: AnswerRecord): Promise<void>;
  /** Records an operator's reset of the learner's attempts at a quiz (a new round opens). */
  addAttemptReset(learnerId: string, reset: { courseId: string; quizId: string; at: string }): Promise<void>;
  /** Records a review answer under its key; false when the key was already used (nothing written). */
  insertReviewAnswer(learnerId: string, answer: { key: string; cardId: string; at: string; result: unknown }): Promise<boolean>;
  /** Writes the card only if it is still due at `expectedDue` (unchanged since read); false otherwise. */
  updateCardIfDue(learnerId: string, card: CardRecord, expectedDue: string): Promise<boolean>;
  /** Insert or replace the card for (course, quiz, question); `id` is used only on insert. */
  upsertCard(learnerId: string, card: CardRecord): Promise<CardRecord>;
  addActivityDay(learnerId: string, day: string): Promise<void>;
  appendEvents(events: LearningEvent[]): Promise<void>;
  /** Removes the learner and every row that belongs to them. */
  deleteLearner(learnerId: string): Promise<boolean>;
}

export interface LearningTx extends LearningReads, LearningWrites {}

export interface LearningStore extends LearningTx {
  /** Runs `fn` in one database transaction: all of its writes land, or none do. */
  transaction<T>(fn: (tx: LearningTx) => Promise<T>): Promise<T>;
}

/** Time and ids come in through ports so that use-cases are deterministic under test. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new random UUID. */
  uuid(): string;
}
