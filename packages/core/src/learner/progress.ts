// Read models of a learner's progress: per course, streak, mastery, path.
import { z } from 'zod';
import type { Course, Step } from '../course/model.ts';
import { localDay } from '../progress/local-day.ts';
import { chapterMastery, conceptMastery, knowledgeGaps, MASTERY_LEVELS, questionKey, questionRecords, taughtConcepts } from '../progress/mastery.ts';
import { planPath, type LearningPath } from '../progress/path.ts';
import { computeStreak } from '../progress/streak.ts';
import { chapterCompletion, checkAccess } from './access.ts';
import { learnerInCourse, requireLearner, type LearningDeps } from './deps.ts';
import type { LearnerSnapshot } from './snapshot.ts';
import type { CourseProgressView, StreakView } from './views.ts';

const ref = (s: Step) => ({ id: s.id, chapterId: s.chapterId, title: s.title });

function stepStatus(course: Course, step: Step, snapshot: LearnerSnapshot) {
  if (snapshot.completed.has(step.id)) return 'completed' as const;
  const access = checkAccess(course, step, snapshot);
  return access.allowed ? ('available' as const) : access.reason === 'upgrade' ? ('upgrade' as const) : ('locked' as const);
}

export async function courseProgress(deps: LearningDeps, learnerId: string, courseId: string): Promise<CourseProgressView> {
  // The resume position comes with the state: one read.
  const { course, snapshot, state } = await learnerInCourse(deps, learnerId, courseId, { position: true });
  const position = state.position;
  const byId = new Map(course.steps.map((s) => [s.id, s]));
  const chapters = course.chapters.map((ch) => {
    const steps = ch.stepIds.map((id) => byId.get(id)!).filter(Boolean);
    const completion = chapterCompletion(course, ch.id, snapshot);
    const checkpointStep = steps.find((s) => s.kind === 'checkpoint');
    const quizOf = (s: Step) => {
      if (!s.quizId || !course.quizzes[s.quizId]) return null;
      const standing = snapshot.standing(s.quizId);
      return {
        quizId: s.quizId,
        score: standing.score,
        passed: standing.passed,
        attemptsUsed: standing.attemptsUsed,
        attemptsRemaining: standing.attemptsRemaining,
        nextRoundAt: standing.nextRoundAt,
      };
    };
    const statuses = steps.map((s) => ({
      id: s.id,
      title: s.title,
      status: stepStatus(course, s, snapshot),
      completedAt: snapshot.completed.get(s.id) ?? null,
      quiz: quizOf(s),
    }));
    const first = steps[0] && checkAccess(course, steps[0], snapshot);
    const status =
      completion === 100
        ? ('completed' as const)
        : first && !first.allowed
          ? first.reason === 'upgrade'
            ? ('upgrade' as const)
            : ('locked' as const)
          : statuses.some((s) => s.status === 'completed')
            ? ('in_progress' as const)
            : ('not_started' as const);
    return {
      id: ch.id,
      title: ch.title,
      completion,
      status,
      checkpoint: checkpointStep ? quizOf(checkpointStep) : null,
      steps: statuses,
    };
  });
  const core = course.steps.filter((s) => s.level === 'core');
  const completion = core.length === 0 ? 100 : Math.floor((100 * core.filter((s) => snapshot.completed.has(s.id)).length) / core.length);
  const last = position && byId.get(position.stepId);
  const next = course.steps.find((s) => !snapshot.completed.has(s.id) && checkAccess(course, s, snapshot).allowed);
  return { courseId: course.id, completion, resume: last ? ref(last) : next ? ref(next) : null, chapters };
}

export async function streak(deps: LearningDeps, learnerId: string): Promise<StreakView> {
  const learner = await requireLearner(deps.store, learnerId);
  const timeZone = learner.profile?.timeZone ?? 'UTC';
  const today = localDay(deps.clock.now(), timeZone);
  return { timeZone, today, ...computeStreak(await deps.store.listActivityDays(learnerId), today) };
}

const MasteryStatsView = z.object({
  level: z.enum(MASTERY_LEVELS),
  accuracy: z.number().min(0).max(1),
  coverage: z.number().min(0).max(1),
  answered: z.number().int(),
  total: z.number().int(),
});
export const MasteryView = z.object({
  courseId: z.string(),
  thresholds: z.string().describe('Where the levels are defined'),
  concepts: z.array(MasteryStatsView.extend({ concept: z.string() })),
  chapters: z.array(MasteryStatsView.extend({ chapterId: z.string() })),
  gaps: z.array(MasteryStatsView.extend({ concept: z.string() })),
});
export type MasteryView = z.infer<typeof MasteryView>;

export async function mastery(deps: LearningDeps, learnerId: string, courseId: string): Promise<MasteryView> {
  const { course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const [answers, cards] = await Promise.all([deps.store.listAnswers(learnerId, courseId), deps.store.listCards(learnerId, courseId)]);
  const scores = new Map(answers.map((a) => [questionKey(a.quizId, a.questionId), a.score]));
  const lastRecallDays = new Map(cards.filter((c) => c.bestRecallDays > 0).map((c) => [questionKey(c.quizId, c.questionId), c.bestRecallDays]));
  const records = questionRecords(course, { scores, lastRecallDays });
  const concepts = conceptMastery(records);
  return {
    courseId: course.id,
    thresholds: 'docs/learning-engine.md#mastery',
    concepts,
    chapters: chapterMastery(course, records),
    gaps: knowledgeGaps(concepts, taughtConcepts(course, new Set(snapshot.completed.keys()))),
  };
}

export async function learningPath(deps: LearningDeps, learnerId: string, courseId: string): Promise<LearningPath> {
  const { learner, course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const today = localDay(deps.clock.now(), learner.profile?.timeZone ?? 'UTC');
  return planPath(course, snapshot.profile, { completedStepIds: new Set(snapshot.completed.keys()), today });
}
