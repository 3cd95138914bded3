// What the rules need to know about one learner in one course, loaded once per request.
import type { Course, Quiz, Step } from '../course/model.ts';
import type { AttemptRecord, LearnerRecord, LearningReads } from './ports.ts';
import { DEFAULT_PROFILE, type Profile, type Tier } from './profile.ts';

export interface QuizStanding {
  /** The score that counts (best or last submitted attempt, per the quiz's policy), 0-100. */
  score: number | null;
  /** The learner has at least one passing attempt. */
  passed: boolean;
  attemptsUsed: number;
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
  standing: () => ({ score: null, passed: false, attemptsUsed: 0 }),
});

export function quizStanding(quiz: Quiz, attempts: readonly AttemptRecord[]): QuizStanding {
  const submitted = attempts.filter((a) => a.quizId === quiz.id && a.submittedAt !== null && a.score !== null);
  if (submitted.length === 0) return { score: null, passed: false, attemptsUsed: 0 };
  const scores = submitted.map((a) => a.score!);
  const score = quiz.policy.grading === 'best' ? Math.max(...scores) : scores.at(-1)!;
  return { score, passed: submitted.some((a) => a.passed === true), attemptsUsed: submitted.length };
}

export async function loadSnapshot(reads: LearningReads, learner: LearnerRecord, course: Course): Promise<LearnerSnapshot> {
  const [completions, attempts] = await Promise.all([
    reads.listCompletions(learner.id, course.id),
    reads.listAttempts(learner.id, course.id),
  ]);
  const completed = new Map(completions.map((c) => [c.stepId, c.completedAt]));
  // A checkpoint counts as completed once its quiz has been passed.
  for (const step of course.steps) {
    if (step.kind !== 'checkpoint' || !step.quizId || completed.has(step.id)) continue;
    const quiz = course.quizzes[step.quizId];
    const passing = quiz && attempts.find((a) => a.quizId === quiz.id && a.passed === true);
    if (passing?.submittedAt) completed.set(step.id, passing.submittedAt);
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
      return quiz ? quizStanding(quiz, attempts) : { score: null, passed: false, attemptsUsed: 0 };
    },
  };
}

export const isCompleted = (snapshot: LearnerSnapshot, step: Step) => snapshot.completed.has(step.id);
