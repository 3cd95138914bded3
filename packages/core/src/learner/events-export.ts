import { toXapiStatements } from '../xapi/export.ts';
import { requireLearner, type LearningDeps } from './deps.ts';
import type { LearningEvent } from './events.ts';

export async function listEvents(
  deps: LearningDeps,
  learnerId: string,
  options: { limit: number; after?: string; since?: string },
): Promise<{ events: LearningEvent[]; next: string | null }> {
  await requireLearner(deps.store, learnerId);
  const page = await deps.store.listEvents(learnerId, options);
  const events = await withholdUnpassedResponses(deps, learnerId, page);
  return { events, next: page.length === options.limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * Answers are recorded in the author's ids, which are stable (so an LRS can aggregate them) but
 * may follow the key (`a` always right, items sorted in order). Until the learner has passed the
 * quiz, an answered event therefore goes out without its response: a learner must not be able to
 * read the key off the ids of their own wrong answers. Review answers keep theirs: a question only
 * becomes a review card once the quiz's answers may be shown.
 */
async function withholdUnpassedResponses(deps: LearningDeps, learnerId: string, events: LearningEvent[]): Promise<LearningEvent[]> {
  const courses = new Set(events.filter((e) => e.type === 'answered' && e.data.response !== undefined).map((e) => e.courseId));
  if (courses.size === 0) return events;
  const passed = new Set<string>();
  for (const courseId of courses) {
    for (const attempt of await deps.store.listAttempts(learnerId, courseId)) {
      if (attempt.passed) passed.add(`${courseId}/${attempt.quizId}`);
    }
  }
  return events.map((e) => {
    if (e.type !== 'answered' || e.data.response === undefined || passed.has(`${e.courseId}/${e.quizId}`)) return e;
    const { response: _withheld, ...data } = e.data;
    return { ...e, data };
  });
}

export interface XapiOptions {
  activityBase: string;
  accountHomePage: string;
}

export async function exportXapi(deps: LearningDeps, learnerId: string, options: { limit: number; after?: string; since?: string }, xapi: XapiOptions) {
  const page = await listEvents(deps, learnerId, options);
  return { statements: toXapiStatements(page.events, { ...xapi, platform: 'Course Companion' }), next: page.next };
}
