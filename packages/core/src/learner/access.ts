// The two gates in front of every step: the learner's tier, then the step's prerequisites.
import type { Chapter, Course, Prerequisite, Step } from '../course/model.ts';
import { Locked, PaymentRequired, type Requirement } from '../errors.ts';
import type { LearnerSnapshot } from './snapshot.ts';
import type { Tier } from './profile.ts';

export type Access =
  | { allowed: true }
  | { allowed: false; reason: 'upgrade'; requiredTier: 'premium'; chapterId: string }
  | { allowed: false; reason: 'locked'; requirements: Requirement[] };

export const tierAllows = (tier: Tier, chapter: Chapter) => chapter.access === 'free' || tier === 'premium' || tier === 'pro';

/** % of a chapter's core steps the learner has completed (0-100, rounded down). */
export function chapterCompletion(course: Course, chapterId: string, snapshot: LearnerSnapshot): number {
  const chapter = course.chapters.find((c) => c.id === chapterId);
  if (!chapter) return 0;
  const core = chapter.stepIds
    .map((id) => course.steps.find((s) => s.id === id))
    .filter((s): s is Step => s !== undefined && s.level === 'core');
  if (core.length === 0) return 100;
  return Math.floor((100 * core.filter((s) => snapshot.completed.has(s.id)).length) / core.length);
}

function unmet(course: Course, prerequisite: Prerequisite, snapshot: LearnerSnapshot): Requirement | undefined {
  if (prerequisite.type === 'step') {
    const step = course.steps.find((s) => s.id === prerequisite.stepId);
    const quiz = step?.quizId ? course.quizzes[step.quizId] : undefined;
    if (!step || !quiz) return undefined;
    const minScore = prerequisite.minScore ?? quiz.policy.passScore;
    const { score } = snapshot.standing(quiz.id);
    return score !== null && score >= minScore
      ? undefined
      : { type: 'step', stepId: step.id, title: step.title, quizId: quiz.id, minScore, currentScore: score };
  }
  const chapter = course.chapters.find((c) => c.id === prerequisite.chapterId);
  if (!chapter) return undefined;
  const current = chapterCompletion(course, chapter.id, snapshot);
  return current >= prerequisite.minCompletion
    ? undefined
    : { type: 'chapter', chapterId: chapter.id, title: chapter.title, minCompletion: prerequisite.minCompletion, currentCompletion: current };
}

export function checkAccess(course: Course, step: Step, snapshot: LearnerSnapshot): Access {
  const chapter = course.chapters.find((c) => c.id === step.chapterId)!;
  if (!tierAllows(snapshot.tier, chapter)) return { allowed: false, reason: 'upgrade', requiredTier: 'premium', chapterId: chapter.id };
  const requirements = [...chapter.prerequisites, ...(step.prerequisites ?? [])]
    .map((p) => unmet(course, p, snapshot))
    .filter((r): r is Requirement => r !== undefined);
  return requirements.length === 0 ? { allowed: true } : { allowed: false, reason: 'locked', requirements };
}

/** Throws the domain error that tells the learner what to do, or returns when the step is open. */
export function assertAccess(course: Course, step: Step, snapshot: LearnerSnapshot): void {
  const access = checkAccess(course, step, snapshot);
  if (access.allowed) return;
  if (access.reason === 'upgrade') {
    throw new PaymentRequired(`'${step.title}' is part of the premium chapters; upgrade to premium to open it`, 'premium', access.chapterId);
  }
  const first = access.requirements[0]!;
  const what =
    first.type === 'step'
      ? `score at least ${first.minScore}% on '${first.title}'${first.currentScore === null ? '' : ` (best so far ${first.currentScore}%)`}`
      : `complete at least ${first.minCompletion}% of '${first.title}' (now ${first.currentCompletion}%)`;
  throw new Locked(`'${step.title}' is locked: first ${what}`, access.requirements);
}
