// What the rules need to know about one learner in one course, loaded once per request.
import type { Course, Quiz, Step } from '../course/model.ts';
import type { AttemptRecord, CourseState, LearnerRecord, LearningReads } from './ports.ts';
import { DEFAULT_PROFILE, type Profile, type Tier } from './profile.ts';
import { attemptRounds } from '../quiz/rounds.ts';

export interface QuizStanding {
  /** The score that counts (best or last submitted attempt, per the quiz's policy), 0-100. */
  score: number | null;
  /** The score that counts reaches the pass score (so gating and completion never disagree). */
  passed: boolean;
  /** Submitted attempts in the current round (quiz/rounds.ts). */
  attemptsUsed: number;
  /** Attempts left in the current round; null = unlimited. */
  attemptsRemaining: number | null;
  /** 1-based round of attempts. */
  round: number;
  /** When the current round is used up: when the next opens (after the cool-down); else null. */
  nextRoundAt: string | null;
  /** Some round of attempts was used up. */
  exhaustedOnce: boolean;
  /** Submitted attempts in all rounds. */
  attemptsTotal: number;
  /** When the attempt that counts was submitted. */
  at: string | null;
}

const noStanding = (maxAttempts: number | null): QuizStanding => ({
  score: null,
  passed: false,
  attemptsUsed: 0,
  attemptsRemaining: maxAttempts,
  round: 1,
  nextRoundAt: null,
  exhaustedOnce: false,
  attemptsTotal: 0,
  at: null,
});

export interface StandingContext {
  /** Operator resets of this quiz's attempts (ISO instants). */
  resets?: readonly string[];
  /** Decides whether a cool-down is over; without it, none is. */
  now?: Date;
}

export interface LearnerSnapshot {
  learnerId: string;
  tier: Tier;
  profile: Profile;
  hasProfile: boolean;
  completed: ReadonlyMap<string, string>;
  attempts: readonly AttemptRecord[];
  standing(quizId: string): QuizStanding;
}

/** An anonymous visitor: free tier, default profile, nothing done. */
export const anonymousSnapshot = (): LearnerSnapshot => ({
  learnerId: '',
  tier: 'free',
  profile: DEFAULT_PROFILE,
  hasProfile: false,
  completed: new Map(),
  attempts: [],
  standing: () => noStanding(null),
});

export function quizStanding(quiz: Quiz, attempts: readonly AttemptRecord[], { resets = [], now = new Date(0) }: StandingContext = {}): QuizStanding {
  const submitted = attempts
    .filter((a) => a.quizId === quiz.id && a.submittedAt !== null && a.score !== null)
    .sort((a, b) => a.number - b.number);
  const rounds = attemptRounds(
    quiz.policy.maxAttempts,
    submitted.map((a) => ({ startedAt: a.startedAt, submittedAt: a.submittedAt! })),
    resets,
    now,
  );
  const figures = {
    attemptsUsed: rounds.used,
    attemptsRemaining: rounds.remaining,
    round: rounds.round,
    nextRoundAt: rounds.nextRoundAt,
    exhaustedOnce: rounds.exhaustedOnce,
    attemptsTotal: submitted.length,
  };
  if (submitted.length === 0) return { ...noStanding(quiz.policy.maxAttempts), ...figures };
  const counting =
    quiz.policy.grading === 'best' ? submitted.reduce((best, a) => (a.score! > best.score! ? a : best)) : submitted.at(-1)!;
  return { score: counting.score, passed: counting.score! >= quiz.policy.passScore, ...figures, at: counting.submittedAt };
}

export async function loadSnapshot(reads: LearningReads, learner: LearnerRecord, course: Course, now?: Date): Promise<LearnerSnapshot> {
  const state = await reads.readCourseState(learner.id, course.id);
  return snapshotOf(course, { completions: [], attempts: [], resets: [], ...state, learner }, now);
}

/** The snapshot of a state already read (CourseState): no database access. */
export function snapshotOf(course: Course, state: CourseState, now?: Date): LearnerSnapshot {
  const { learner, completions, attempts, resets: resetRows } = state;
  const resetsOf = (quizId: string) => resetRows.filter((r) => r.quizId === quizId).map((r) => r.at);
  const context = (quizId: string): StandingContext => ({ resets: resetsOf(quizId), ...(now && { now }) });
  const completed = new Map(completions.map((c) => [c.stepId, c.completedAt]));
  // A checkpoint is completed while its quiz's recorded score passes.
  for (const step of course.steps) {
    if (step.kind !== 'checkpoint' || !step.quizId || completed.has(step.id)) continue;
    const quiz = course.quizzes[step.quizId];
    const standing = quiz && quizStanding(quiz, attempts, context(quiz.id));
    if (standing?.passed && standing.at) completed.set(step.id, standing.at);
  }
  return {
    learnerId: learner.id,
    tier: learner.tier,
    profile: learner.profile ?? DEFAULT_PROFILE,
    hasProfile: learner.profile !== null,
    completed,
    attempts,
    standing: (quizId) => {
      const quiz = course.quizzes[quizId];
      return quiz ? quizStanding(quiz, attempts, context(quizId)) : noStanding(null);
    },
  };
}

export const isCompleted = (snapshot: LearnerSnapshot, step: Step) => snapshot.completed.has(step.id);
