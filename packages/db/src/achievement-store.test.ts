import { randomUUID } from 'node:crypto';
import { completeStep, getAchievements, streakReached, updateProfile, type Course, type LearningDeps, type LearningEvent, type Step } from '@cc/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './connect.ts';
import { PgAchievementStore } from './achievement-store.ts';
import { PgLearningStore } from './learning-store.ts';
import { testDatabases } from './testing.ts';

const T0 = '2026-03-01T22:30:00.000Z'; // 2026-03-02 in Auckland

const step = (id: string, chapterId: string, over: Partial<Step> = {}): Step => ({
  id,
  chapterId,
  title: id,
  kind: 'lesson',
  minutes: 5,
  level: 'core',
  audience: 'all',
  concepts: [],
  markdown: `# ${id}\n`,
  sections: [],
  blocks: [],
  wordCount: 1,
  path: `${id}.md`,
  ...over,
});

const course: Course = {
  id: 'tiny',
  version: 'v1',
  authorVersion: '1.0.0',
  title: 'Tiny',
  summary: '',
  language: 'en',
  authors: [],
  tags: [],
  defaultPassScore: 70,
  chapters: [
    { id: 'one', title: 'One', access: 'free', objectives: [], prerequisites: [], stepIds: ['a', 'b', 'extra', 'check'] },
    { id: 'two', title: 'Two', access: 'free', objectives: [], prerequisites: [], stepIds: ['c'] },
  ],
  steps: [step('a', 'one'), step('b', 'one'), step('extra', 'one', { level: 'optional' }), step('check', 'one', { kind: 'checkpoint', quizId: 'check' }), step('c', 'two')],
  quizzes: {
    check: {
      id: 'check',
      title: 'Check',
      kind: 'checkpoint',
      policy: { passScore: 70, maxAttempts: null, grading: 'best', showAnswers: 'after_pass', shuffleQuestions: false, shuffleOptions: false },
      questions: [],
    },
  },
  glossary: [],
  catalogue: [],
};

describe('streakReached', () => {
  it('finds the day a run first reached n, across gaps and repeats', () => {
    expect(streakReached(['2026-01-05', '2026-01-01', '2026-01-02', '2026-01-04', '2026-01-06', '2026-01-06'], 3)).toEqual({ on: '2026-01-06', longest: 3 });
    expect(streakReached(['2026-01-01', '2026-01-03'], 3)).toEqual({ on: null, longest: 1 });
    expect(streakReached([], 7)).toEqual({ on: null, longest: 0 });
  });
});

describe.each(testDatabases())('achievements on $name', ({ open }) => {
  let database: Database;
  let deps: LearningDeps;
  let learning: PgLearningStore;
  let now = T0;
  const ada = randomUUID();

  beforeEach(async () => {
    database = await open();
    learning = new PgLearningStore(database.db);
    await learning.createLearner({ id: ada, tier: 'free', createdAt: T0 });
    now = T0;
    deps = {
      catalog: { list: async () => [course], get: async (id) => (id === course.id ? course : undefined) },
      store: learning,
      clock: { now: () => new Date(now) },
      ids: { uuid: randomUUID },
      presentationSecret: 'test',
      achievements: new PgAchievementStore(database.db),
    };
    await updateProfile(deps, ada, { softwareExperience: 'beginner', mathsBackground: 'basic', goals: ['build'], weeklyMinutes: 60, timeZone: 'Pacific/Auckland', depth: 'standard' });
  });
  afterEach(() => database.close());

  const rows = async () =>
    (await sql<{ course_id: string; achievement_id: string; awarded_on: string }>`
      select course_id, achievement_id, awarded_on::text as awarded_on from achievement where learner_id = ${ada} order by achievement_id`.execute(database.db)).rows;

  it('nothing earned at first: progress toward each, and the closest ones are next', async () => {
    const view = await getAchievements(deps, ada, 'tiny');
    expect(view).toMatchObject({ courseId: 'tiny', earned: 0, total: 9 });
    expect(view.achievements.find((a) => a.id === 'course-completed')).toMatchObject({ earned: false, awardedOn: null, progress: { current: 0, target: 4 } });
    expect(view.next).toHaveLength(3);
    expect(await rows()).toEqual([]);
  });

  it('awards milestones once, dated by the learner-local day of the event, and keeps that date', async () => {
    await completeStep(deps, ada, 'tiny', 'a');
    now = '2026-03-03T01:00:00.000Z'; // 2026-03-03 in Auckland
    await completeStep(deps, ada, 'tiny', 'b');
    let view = await getAchievements(deps, ada, 'tiny');
    const by = (id: string) => view.achievements.find((a) => a.id === id)!;
    expect(by('first-step')).toMatchObject({ earned: true, awardedOn: '2026-03-02' });
    expect(by('first-chapter')).toMatchObject({ earned: false, awardedOn: null });
    expect(by('course-completed').progress).toEqual({ current: 2, target: 4 });

    // The checkpoint passed on the first attempt completes the chapter.
    now = '2026-03-04T01:00:00.000Z';
    const attempt = await learning.openAttempt({ id: randomUUID(), learnerId: ada, courseId: 'tiny', quizId: 'check', courseVersion: 'v1', at: now });
    await learning.submitAttempt({ learnerId: ada, attemptId: attempt.id, idempotencyKey: 'key-0001', at: now, score: 100, passed: true, answers: {}, grade: {} });
    view = await getAchievements(deps, ada, 'tiny');
    expect(by('checkpoint-first-try')).toMatchObject({ earned: true, awardedOn: '2026-03-04' });
    expect(by('first-chapter')).toMatchObject({ earned: true, awardedOn: '2026-03-04' });
    // Three consecutive local days of activity (the two completions plus one more).
    await learning.addActivityDay(ada, '2026-03-04');
    view = await getAchievements(deps, ada, 'tiny');
    expect(by('streak-3')).toMatchObject({ earned: true, awardedOn: '2026-03-04', scope: 'learner' });
    expect(by('streak-7')).toMatchObject({ earned: false, progress: { current: 3, target: 7 } });

    // 50 reviews: the 50th review's day.
    const review = (i: number): LearningEvent => ({ id: randomUUID(), learnerId: ada, type: 'reviewed', at: new Date(Date.parse('2026-03-05T00:00:00Z') + i * 3_600_000).toISOString(), courseId: 'tiny', data: { score: 1 } });
    await learning.appendEvents(Array.from({ length: 49 }, (_, i) => review(i)));
    view = await getAchievements(deps, ada, 'tiny');
    expect(by('reviews-50')).toMatchObject({ earned: false, progress: { current: 49, target: 50 } });
    expect(view.next[0]).toBe('reviews-50');
    await learning.appendEvents([review(49)]);
    view = await getAchievements(deps, ada, 'tiny');
    expect(by('reviews-50')).toMatchObject({ earned: true, awardedOn: '2026-03-07' }); // 49 h after 05T00Z, in Auckland

    await completeStep(deps, ada, 'tiny', 'c');
    view = await getAchievements(deps, ada, 'tiny');
    expect(by('course-completed')).toMatchObject({ earned: true, awardedOn: '2026-03-04', progress: { current: 4, target: 4 } });

    // Learner-wide ones are stored once, not per course; a later change of time zone rewrites nothing.
    const stored = await rows();
    expect(stored.filter((r) => r.achievement_id === 'streak-3')).toEqual([{ course_id: '', achievement_id: 'streak-3', awarded_on: '2026-03-04' }]);
    await updateProfile(deps, ada, { softwareExperience: 'beginner', mathsBackground: 'basic', goals: ['build'], weeklyMinutes: 60, timeZone: 'America/Los_Angeles', depth: 'standard' });
    await getAchievements(deps, ada, 'tiny');
    expect(await rows()).toEqual(stored);
  });

  it('concurrent requests award each milestone exactly once, all with the same date', async () => {
    await completeStep(deps, ada, 'tiny', 'a');
    const views = await Promise.all(Array.from({ length: 12 }, () => getAchievements(deps, ada, 'tiny')));
    for (const v of views) expect(v.achievements.find((a) => a.id === 'first-step')).toMatchObject({ earned: true, awardedOn: '2026-03-02' });
    expect(await rows()).toEqual([{ course_id: 'tiny', achievement_id: 'first-step', awarded_on: '2026-03-02' }]);
  });

  it('are deleted with the learner', async () => {
    await completeStep(deps, ada, 'tiny', 'a');
    await getAchievements(deps, ada, 'tiny');
    expect(await rows()).toHaveLength(1);
    await learning.deleteLearner(ada);
    expect(await rows()).toEqual([]);
  });
});
