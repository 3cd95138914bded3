// What the rules need to know about one learner in one course, loaded once per request.
import type { Course, Quiz, Step } from '../course/model.ts';
import type { AttemptRecord, LearnerRecord, LearningReads } from './ports.ts';
import { DEFAULT_PROFILE, type Profile, type Tier } from './profile.ts';

export interface QuizStanding {
  /** The score that counts (best or last submitted attempt, per the quiz's policy), 0-100. */
  score: number | null;
  /** The score that counts reaches the pass score (so gating and completion never disagree). */
  passed: boolean;
  attemptsUsed: number;
  /** When the attempt that counts was submitted. */
  at: string | null;
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
  standing: () => ({ score: null, passed: false, attemptsUsed: 0, at: null }),
});

export function quizStanding(quiz: Quiz, attempts: readonly AttemptRecord[]): QuizStanding {
  const submitted = attempts
    .filter((a) => a.quizId === quiz.id && a.submittedAt !== null && a.score !== null)
    .sort((a, b) => a.number - b.number);
  if (submitted.length === 0) return { score: null, passed: false, attemptsUsed: 0, at: null };
  const counting =
    quiz.policy.grading === 'best' ? submitted.reduce((best, a) => (a.score! > best.score! ? a : best)) : submitted.at(-1)!;
  return { score: counting.score, passed: counting.score! >= quiz.policy.passScore, attemptsUsed: submitted.length, at: counting.submittedAt };
}

export async function loadSnapshot(reads: LearningReads, learner: LearnerRecord, course: Course): Promise<LearnerSnapshot> {
  const [completions, attempts] = await Promise.all([
    reads.listCompletions(learner.id, course.id),
    reads.listAttempts(learner.id, course.id),
  ]);
  const completed = new Map(completions.map((c) => [c.stepId, c.completedAt]));
  // A checkpoint is completed while its quiz's recorded score passes.
  for (const step of course.steps) {
    if (step.kind !== 'checkpoint' || !step.quizId || completed.has(step.id)) continue;
    const quiz = course.quizzes[step.quizId];
    const standing = quiz && quizStanding(quiz, attempts);
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
      return quiz ? quizStanding(quiz, attempts) : { score: null, passed: false, attemptsUsed: 0, at: null };
    },
  };
}

export const isCompleted = (snapshot: LearnerSnapshot, step: Step) => snapshot.completed.has(step.id);
