import type { Course } from '../course/model.ts';
import type { CourseCatalog } from '../course/ports.ts';
import { NotFound, Unauthenticated } from '../errors.ts';
import { localDay } from '../progress/local-day.ts';
import type { LearningEvent } from './events.ts';
import type { NotesStore } from '../notes/ports.ts';
import type { AchievementStore } from '../notes/achievements.ts';
import type { Clock, CourseState, IdGenerator, LearnerRecord, LearningReads, LearningStore, LearningTx } from './ports.ts';
import { snapshotOf, type LearnerSnapshot } from './snapshot.ts';

export interface LearningDeps {
  catalog: CourseCatalog;
  store: LearningStore;
  clock: Clock;
  ids: IdGenerator;
  /**
   * Server secret keying the opaque option/item ids and shuffles a learner is shown
   * (quiz/presented-ids.ts). Must stay stable across restarts and replicas, or open attempts
   * change ids under their learners; never sent to a client.
   */
  presentationSecret: string;
  /** Bookmarks and notes (notes/); without it their use-cases answer Unavailable. */
  notes?: NotesStore;
  /** Awarded achievements (notes/achievements.ts); without it get_achievements answers Unavailable. */
  achievements?: AchievementStore;
}

export async function requireLearner(reads: LearningReads, learnerId: string): Promise<LearnerRecord> {
  const learner = await reads.getLearner(learnerId);
  // The session outlived its learner (account deleted): the caller must sign in again.
  if (!learner) throw new Unauthenticated('this session no longer has a learner; sign in again');
  return learner;
}

/** The learner, the course and the learner's snapshot in it: one database read (the course is cached). */
export async function learnerInCourse(
  deps: LearningDeps,
  learnerId: string,
  courseId: string,
  options: { position?: boolean } = {},
): Promise<{ learner: LearnerRecord; course: Course; snapshot: LearnerSnapshot; state: CourseState }> {
  const [course, state] = await Promise.all([deps.catalog.get(courseId), deps.store.readCourseState(learnerId, courseId, options)]);
  // The session outlived its learner (account deleted): the caller must sign in again.
  if (!state) throw new Unauthenticated('this session no longer has a learner; sign in again');
  if (!course) throw new NotFound('course', courseId);
  return { learner: state.learner, course, state, snapshot: snapshotOf(course, state, deps.clock.now()) };
}

/** Builds events with ids and a common timestamp. */
export function eventFactory(deps: LearningDeps, learnerId: string, courseId: string, at: Date) {
  return (type: LearningEvent['type'], fields: Omit<Partial<LearningEvent>, 'id' | 'learnerId' | 'type' | 'at' | 'courseId'> = {}): LearningEvent => ({
    id: deps.ids.uuid(),
    learnerId,
    type,
    at: at.toISOString(),
    courseId,
    data: {},
    ...fields,
  });
}

/** Learning activity counts towards the streak on the learner's local calendar date. */
export function activityDayOf(learner: LearnerRecord, at: Date): string {
  return localDay(at, learner.profile?.timeZone ?? 'UTC');
}

export async function recordActivity(tx: LearningTx, learner: LearnerRecord, at: Date): Promise<void> {
  await tx.addActivityDay(learner.id, activityDayOf(learner, at));
}
