// Achievements: deterministic milestones computed from the learner's record (completions, graded
// attempts, activity days, review events, mastery). Each is awarded once, dated by the learner-local
// day of the event that earned it, and stored under a unique key, so concurrent requests award it
// exactly once; once awarded it stays, whatever happens later.
import { z } from 'zod';
import type { AchievementCriterion, Course, Step } from '../course/model.ts';
import { Unavailable } from '../errors.ts';
import { learnerInCourse, type LearningDeps } from '../learner/deps.ts';
import { mastery } from '../learner/progress.ts';
import { daysBetween, localDay } from '../progress/local-day.ts';

export interface AwardRecord {
  /** '' for learner-wide achievements. */
  courseId: string;
  achievementId: string;
  /** YYYY-MM-DD, the learner's local date. */
  awardedOn: string;
}

export interface AchievementStore {
  /** Inserts the awards that are not stored yet; existing ones keep their date. */
  award(learnerId: string, awards: AwardRecord[], recordedAt: string): Promise<void>;
  listAwards(learnerId: string, courseIds: string[]): Promise<AwardRecord[]>;
  /** Instants of the learner's first `limit` events of a type, oldest first. */
  firstEventTimes(learnerId: string, type: 'reviewed', limit: number): Promise<string[]>;
}

export const AchievementView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  scope: z.enum(['course', 'learner']).describe('course: earned in this course; learner: across all courses (streaks, reviews)'),
  earned: z.boolean(),
  awardedOn: z.string().nullable().describe("The learner-local date it was earned (YYYY-MM-DD); null if not yet"),
  progress: z.object({ current: z.number().int(), target: z.number().int() }),
});
export type AchievementView = z.infer<typeof AchievementView>;

export const AchievementsView = z.object({
  courseId: z.string(),
  earned: z.number().int(),
  total: z.number().int(),
  achievements: z.array(AchievementView),
  next: z.array(z.string()).describe('Ids of the unearned achievements closest to being earned (at most 3)'),
});
export type AchievementsView = z.infer<typeof AchievementsView>;

interface Fact {
  /** The learner-local day it was earned; null if not (yet). */
  on: string | null;
  current: number;
  target: number;
}

interface Definition {
  id: string;
  title: string;
  description: string;
  scope: 'course' | 'learner';
}

export const BUILT_IN_ACHIEVEMENTS: readonly Definition[] = [
  { id: 'first-step', title: 'First step', description: 'Complete a step of the course', scope: 'course' },
  { id: 'first-chapter', title: 'Chapter done', description: 'Complete every core step of a chapter', scope: 'course' },
  { id: 'checkpoint-first-try', title: 'First try', description: 'Pass a checkpoint quiz on the first attempt', scope: 'course' },
  { id: 'first-concept-mastered', title: 'Mastered', description: 'Master a concept (proficient, and recalled in a review a week later)', scope: 'course' },
  { id: 'course-completed', title: 'Course complete', description: 'Complete every core step of the course', scope: 'course' },
  { id: 'streak-3', title: '3-day streak', description: 'Learn on 3 days in a row', scope: 'learner' },
  { id: 'streak-7', title: '7-day streak', description: 'Learn on 7 days in a row', scope: 'learner' },
  { id: 'streak-30', title: '30-day streak', description: 'Learn on 30 days in a row', scope: 'learner' },
  { id: 'reviews-50', title: '50 reviews', description: 'Answer 50 spaced-review questions', scope: 'learner' },
];

const REVIEWS_TARGET = 50;

/** The day a run of consecutive active days first reached `n`, and the longest run (capped at n). */
export function streakReached(activeDays: readonly string[], n: number): { on: string | null; longest: number } {
  const days = [...new Set(activeDays)].sort();
  let run = 0;
  let longest = 0;
  for (let i = 0; i < days.length; i++) {
    const prev = days[i - 1];
    const day = days[i]!;
    run = prev !== undefined && daysBetween(prev, day) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    if (run >= n) return { on: day, longest: n };
  }
  return { on: null, longest };
}

const earliest = (days: (string | null)[]): string | null => days.filter((d): d is string => d !== null).sort()[0] ?? null;

function achievementStore(deps: LearningDeps): AchievementStore {
  if (!deps.achievements) throw new Unavailable('achievements are not available on this server');
  return deps.achievements;
}

/** The learner's achievements in a course (and learner-wide ones), awarding those newly earned. */
export async function getAchievements(deps: LearningDeps, learnerId: string, courseId: string): Promise<AchievementsView> {
  const store = achievementStore(deps);
  const { learner, course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const now = deps.clock.now();
  const zone = learner.profile?.timeZone ?? 'UTC';
  const dayOf = (iso: string) => localDay(new Date(iso), zone);
  const today = localDay(now, zone);

  const core = (steps: readonly Step[]) => steps.filter((s) => s.level === 'core');
  const doneOn = (steps: readonly Step[]): string | null => {
    const times = steps.map((s) => snapshot.completed.get(s.id));
    if (times.some((t) => t === undefined)) return null;
    return times.length ? dayOf(times.sort().at(-1)!) : null;
  };
  const chapterSteps = (course: Course, chapterId: string) => core(course.steps.filter((s) => s.chapterId === chapterId));
  const completedTimes = [...snapshot.completed.values()].sort();
  const coreSteps = core(course.steps);
  const chaptersDone = course.chapters.map((ch) => doneOn(chapterSteps(course, ch.id)));
  const firstTries = snapshot.attempts
    .filter((a) => a.number === 1 && a.passed === true && a.submittedAt !== null && course.quizzes[a.quizId]?.kind === 'checkpoint')
    .map((a) => dayOf(a.submittedAt!));
  const [activeDays, reviewTimes, masteryView] = await Promise.all([
    deps.store.listActivityDays(learnerId),
    store.firstEventTimes(learnerId, 'reviewed', REVIEWS_TARGET),
    mastery(deps, learnerId, courseId),
  ]);
  const masteredConcepts = new Set(masteryView.concepts.filter((c) => c.level === 'mastered').map((c) => c.concept));
  const mastered = masteredConcepts.size;
  const streak = (n: number): Fact => {
    const r = streakReached(activeDays, n);
    return { on: r.on, current: r.longest, target: n };
  };
  const facts: Record<string, Fact> = {
    'first-step': { on: completedTimes[0] ? dayOf(completedTimes[0]) : null, current: Math.min(1, completedTimes.length), target: 1 },
    'first-chapter': {
      on: earliest(chaptersDone),
      current: Math.max(0, ...course.chapters.map((ch) => chapterSteps(course, ch.id).filter((s) => snapshot.completed.has(s.id)).length)),
      target: Math.min(...course.chapters.map((ch) => chapterSteps(course, ch.id).length).filter((n) => n > 0), Number.MAX_SAFE_INTEGER),
    },
    'checkpoint-first-try': { on: earliest(firstTries), current: Math.min(1, firstTries.length), target: 1 },
    // Mastery has no single dated event: it is dated the day it is first seen.
    'first-concept-mastered': { on: mastered > 0 ? today : null, current: Math.min(1, mastered), target: 1 },
    'course-completed': { on: doneOn(coreSteps), current: coreSteps.filter((s) => snapshot.completed.has(s.id)).length, target: coreSteps.length },
    'streak-3': streak(3),
    'streak-7': streak(7),
    'streak-30': streak(30),
    'reviews-50': { on: reviewTimes.length >= REVIEWS_TARGET ? dayOf(reviewTimes[REVIEWS_TARGET - 1]!) : null, current: reviewTimes.length, target: REVIEWS_TARGET },
  };

  const courseFact = (criterion: AchievementCriterion): Fact => {
    switch (criterion.type) {
      case 'complete-steps': {
        const steps = course.steps.filter((s) => criterion.stepIds.includes(s.id));
        return { on: doneOn(steps), current: steps.filter((s) => snapshot.completed.has(s.id)).length, target: steps.length };
      }
      case 'complete-chapter': {
        const steps = chapterSteps(course, criterion.chapterId);
        return { on: doneOn(steps), current: steps.filter((s) => snapshot.completed.has(s.id)).length, target: steps.length };
      }
      case 'pass-quiz': {
        const passes = snapshot.attempts.filter((a) => a.quizId === criterion.quizId && a.passed === true && a.submittedAt !== null).map((a) => dayOf(a.submittedAt!));
        return { on: earliest(passes), current: Math.min(1, passes.length), target: 1 };
      }
      case 'master-concept':
        return { on: masteredConcepts.has(criterion.concept) ? today : null, current: masteredConcepts.has(criterion.concept) ? 1 : 0, target: 1 };
    }
  };
  // Course-specific achievements (achievements.yaml) come after the built-ins; the validator keeps their ids distinct.
  const definitions: Definition[] = [...BUILT_IN_ACHIEVEMENTS];
  for (const a of course.achievements ?? []) {
    if (facts[a.id] !== undefined) continue;
    definitions.push({ id: a.id, title: a.title, description: a.description, scope: 'course' });
    facts[a.id] = courseFact(a.criterion);
  }

  const keyOf = (d: Definition) => (d.scope === 'course' ? course.id : '');
  const newly = definitions.flatMap((d) => {
    const on = facts[d.id]?.on;
    return on ? [{ courseId: keyOf(d), achievementId: d.id, awardedOn: on }] : [];
  });
  if (newly.length) await store.award(learnerId, newly, now.toISOString());
  const stored = new Map((await store.listAwards(learnerId, [course.id, ''])).map((a) => [`${a.courseId}/${a.achievementId}`, a.awardedOn]));

  const achievements: AchievementView[] = definitions.map((d) => {
    const fact = facts[d.id]!;
    const awardedOn = stored.get(`${keyOf(d)}/${d.id}`) ?? null;
    const target = Math.max(1, fact.target);
    return {
      ...d,
      earned: awardedOn !== null,
      awardedOn,
      progress: { current: awardedOn !== null ? target : Math.min(fact.current, target), target },
    };
  });
  const next = achievements
    .filter((a) => !a.earned)
    .map((a, i) => ({ id: a.id, ratio: a.progress.current / a.progress.target, i }))
    .sort((a, b) => b.ratio - a.ratio || a.i - b.i)
    .slice(0, 3)
    .map((a) => a.id);
  return { courseId: course.id, earned: achievements.filter((a) => a.earned).length, total: achievements.length, achievements, next };
}

