// The learning engine through the real server, on PGlite and (when configured) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTier } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { client, guest, TestClock } from './testing/client.ts';
import { answersFor, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = '/me/courses/mini-course';
// Written in the author's ids; `inAttempt` rewrites them into the ids an attempt presented.
const authorPerfect = {
  'token-facts': { type: 'multiple', optionIds: ['a', 'b'] },
  'tokens-per-word': { type: 'numeric', value: 1000 },
  'name-the-tool': { type: 'short_text', text: '  Tokenizer ' },
  'pipeline-order': { type: 'ordering', itemIds: ['text', 'split', 'ids'] },
};
// 3 of 5 points: passes the quiz (60 %) but not chapter 2's min_score of 80.
const authorSixty = { 'token-facts': authorPerfect['token-facts'], 'tokens-per-word': { type: 'numeric', value: 1150 } };
const basicsQuiz = (await loadCourseDir(fixtureCourseDir())).quizzes['basics-checkpoint']!;
type Presented = Parameters<typeof answersFor>[1];
const inAttempt = (open: { quiz: Presented }, answers: Record<string, unknown>) => answersFor(basicsQuiz, open.quiz, answers);
let keyCounter = 0;
const key = () => ({ 'idempotency-key': `test-key-${Date.now()}-${++keyCounter}` });

describe.each(testDatabases())('learning engine on $name', (database) => {
  let server: TestServer;
  const clock = new TestClock(new Date('2026-03-28T20:00:00Z'));
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), clock });
  });
  afterAll(() => server?.close());

  it('refuses learner routes without a valid bearer token, with WWW-Authenticate', async () => {
    for (const token of [undefined, 'cc_' + 'x'.repeat(43), 'nonsense']) {
      const res = await client(server.url, token).get('/me');
      expect(res.status).toBe(401);
      expect(res.type).toContain('application/problem+json');
    }
    const raw = await fetch(`${server.url}/api/v1/me`);
    expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('GET /sessions/current: 200 for anyone (signedIn false when anonymous), the learner behind a token or cookie, 401 for a bad token', async () => {
    const anonymous = await client(server.url).get('/sessions/current');
    expect(anonymous).toMatchObject({ status: 200, body: { signedIn: false, learner: null } });
    const me = await guest(server.url);
    expect((await me.get('/sessions/current')).body).toMatchObject({ signedIn: true, learner: { id: me.learnerId, tier: 'free' } });
    // An unknown or revoked token still says so: the client forgets it.
    expect((await client(server.url, 'cc_' + 'x'.repeat(43)).get('/sessions/current')).status).toBe(401);
    expect((await me.del('/sessions/current')).status).toBe(204);
    expect((await me.get('/sessions/current')).status).toBe(401);
    // A web session (cookie), and after signing out of it: anonymous again.
    const browser = new Browser(server.url);
    expect((await browser.json('/api/auth/sign-up/email', { name: 'Probe', email: `probe-${database.name}@example.com`, password: 'correct horse battery' })).status).toBe(200);
    const probe = async () => (await (await browser.fetch('/api/v1/sessions/current', { headers: { accept: 'application/json' } })).json()) as { signedIn: boolean; learner: { id: string } | null };
    const signedIn = await probe();
    expect(signedIn).toMatchObject({ signedIn: true, learner: { id: expect.any(String) } });
    expect((await browser.fetch('/api/v1/sessions/current', { method: 'DELETE' })).status).toBe(204);
    expect(await probe()).toEqual({ signedIn: false, learner: null });
  });

  it('walks a learner through tiers, gating, quizzes, progress, events and streaks', async () => {
    const me = await guest(server.url);
    expect((await me.get('/me')).body).toMatchObject({ id: me.learnerId, tier: 'free', profile: null });
    const profile = await me.put('/me/profile', {
      softwareExperience: 'none',
      mathsBackground: 'basic',
      goals: ['understand'],
      weeklyMinutes: 60,
      timeZone: 'Europe/Berlin',
      depth: 'standard',
    });
    expect(profile.status).toBe(200);

    // A beginner sees the foundations blocks, not the deep dives.
    const welcome = await me.get('/courses/mini-course/steps/welcome');
    expect(welcome.status).toBe(200);
    expect(welcome.body.personalisation).toMatchObject({ level: 'beginner', audiences: ['beginner'], profileSet: true });
    const shown = welcome.body.blocks.filter((b: { shown: boolean }) => b.shown).map((b: { audience: string }) => b.audience);
    expect(shown).toContain('beginner');
    expect(shown).not.toContain('advanced');

    // Premium chapter: a free learner gets 402 with an upgrade hint and none of the content.
    const premium = await me.get('/courses/mini-course/steps/applying-tokens');
    expect(premium.status).toBe(402);
    expect(premium.body).toMatchObject({ requiredTier: 'premium', chapterId: 'practice' });
    expect(JSON.stringify(premium.body)).not.toContain('markdown');
    expect((await me.get('/courses/mini-course/steps/applying-tokens/access')).body).toMatchObject({ allowed: false, reason: 'upgrade' });

    await setTier(server.runtime.learning, me.learnerId, 'premium');
    // Premium, but chapter 2 needs 80 % on the basics checkpoint: 423 with the requirement.
    const locked = await me.get('/courses/mini-course/steps/applying-tokens');
    expect(locked.status).toBe(423);
    expect(locked.body.requirements).toEqual([
      { type: 'step', stepId: 'basics-checkpoint', title: expect.any(String), quizId: 'basics-checkpoint', minScore: 80, currentScore: null },
      { type: 'chapter', chapterId: 'basics', title: 'The basics', minCompletion: 50, currentCompletion: 0 },
    ]);
    expect(JSON.stringify(locked.body)).not.toContain('markdown');

    // Lessons complete by marking; checkpoints only by passing.
    const done = await me.post(`${C}/steps/welcome/complete`);
    expect(done.body).toMatchObject({ newlyCompleted: true, next: { id: 'first-exercise' } });
    expect((await me.post(`${C}/steps/welcome/complete`)).body.newlyCompleted).toBe(false);
    expect((await me.post(`${C}/steps/basics-checkpoint/complete`)).status).toBe(409);

    // First attempt: 60 % passes the quiz but not the chapter-2 requirement.
    const start = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    expect(start.status).toBe(200);
    expect(start.body.attempt).toMatchObject({ number: 1, attemptsUsed: 0, attemptsRemaining: 3 });
    const attemptId = start.body.attempt.id;
    const graded = await me.post(`/me/attempts/${attemptId}/submit`, { answers: inAttempt(start.body, authorSixty) }, key());
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({ score: 60, passed: true, recordedScore: 60 });
    // show_answers: after_last_attempt reveals once the learner has passed.
    expect(graded.body.review.revealed).toBe(true);
    expect(JSON.stringify(graded.body.review)).toContain('"solution"');
    const still = await me.get('/courses/mini-course/steps/applying-tokens');
    expect(still.status).toBe(423);
    expect(still.body.requirements[0]).toMatchObject({ minScore: 80, currentScore: 60 });

    // Second attempt, perfect: chapter 2 opens; best grading keeps 100.
    const second = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    expect(second.body.attempt).toMatchObject({ number: 2, attemptsUsed: 1 });
    const best = await me.post(`/me/attempts/${second.body.attempt.id}/submit`, { answers: inAttempt(second.body, authorPerfect) }, key());
    expect(best.body).toMatchObject({ score: 100, passed: true, recordedScore: 100 });
    expect((await me.get('/courses/mini-course/steps/applying-tokens')).status).toBe(200);

    const progress = await me.get(`${C}/progress`);
    const basics = progress.body.chapters[0];
    expect(basics.checkpoint).toMatchObject({ quizId: 'basics-checkpoint', score: 100, passed: true, attemptsUsed: 2 });
    expect(basics.steps.find((s: { id: string }) => s.id === 'basics-checkpoint').status).toBe('completed');
    // Opening steps moved nothing: the resume point is the first open step not completed.
    expect(progress.body.resume).toMatchObject({ id: 'first-exercise' });
    expect((await me.put(`${C}/position`, { stepId: 'applying-tokens' })).status).toBe(200);
    expect((await me.get(`${C}/progress`)).body.resume).toMatchObject({ id: 'applying-tokens' });

    const events = await me.get('/me/events?limit=500');
    const types = events.body.events.map((e: { type: string }) => e.type);
    for (const t of ['viewed', 'completed', 'answered', 'passed', 'progressed']) expect(types).toContain(t);
    const xapi = await me.get('/me/events/xapi?limit=500');
    expect(xapi.body.statements).toHaveLength(events.body.events.length);
    expect(xapi.body.statements[0]).toMatchObject({ actor: { account: { name: me.learnerId } }, verb: { id: expect.stringMatching(/^https?:\/\//) } });

    // 20:00 UTC on 28 March is 21:00 in Berlin: one active day so far.
    expect((await me.get('/me/streak')).body).toMatchObject({ timeZone: 'Europe/Berlin', today: '2026-03-28', current: 1, longest: 1, activeToday: true });
    // Across the DST change (29 March) the next calendar day continues the streak.
    clock.set('2026-03-29T21:30:00Z');
    await me.post(`${C}/steps/first-exercise/complete`);
    expect((await me.get('/me/streak')).body).toMatchObject({ today: '2026-03-29', current: 2, longest: 2 });
    clock.set('2026-04-01T08:00:00Z');
    expect((await me.get('/me/streak')).body).toMatchObject({ current: 0, longest: 2, activeToday: false });

    // Answered questions became review cards; they are due later and are presented without keys.
    const due = await me.get('/me/reviews/due?limit=50');
    expect(due.status).toBe(200);
    expect(due.body.reviews.length).toBeGreaterThan(0);
    const card = due.body.reviews.find((r: { question: { id: string } }) => r.question.id === 'name-the-tool');
    expect(JSON.stringify(card)).not.toMatch(/tokeniser|"accepted"|"correct"/);
    expect(due.body.total).toBe(due.body.reviews.length);
    expect(card).toMatchObject({ chapterId: 'basics', stepId: 'basics-checkpoint' });
    const answered = await me.post(`/me/reviews/${card.cardId}/answer`, { answer: { type: 'short_text', text: 'tokeniser' } }, key());
    expect(answered.body).toMatchObject({ correct: true, score: 1 });
    expect(new Date(answered.body.nextDue).getTime()).toBeGreaterThan(clock.now().getTime());

    const mastery = await me.get(`${C}/mastery`);
    expect(mastery.body.concepts.find((c: { concept: string }) => c.concept === 'tokens')).toMatchObject({ level: expect.stringMatching(/familiar|proficient/) });

    const path = await me.get(`${C}/path`);
    expect(path.status).toBe(200);
    expect(path.body.steps.find((s: { stepId: string }) => s.stepId === 'under-the-hood').role).toBe('skipped');

    // A profile change re-plans at once: the expert's path makes the deep dive core and shows
    // the advanced blocks instead of the foundations.
    await me.put('/me/profile', { softwareExperience: 'expert', mathsBackground: 'advanced', goals: ['build'], weeklyMinutes: 300, timeZone: 'Europe/Berlin', depth: 'deep' });
    const expertPath = await me.get(`${C}/path`);
    expect(expertPath.body.steps.find((s: { stepId: string }) => s.stepId === 'under-the-hood').role).toBe('core');
    expect(expertPath.body.estimatedFinish <= path.body.estimatedFinish).toBe(true);
    expect((await me.get('/courses/mini-course/steps/welcome')).body.personalisation.audiences).toEqual(['advanced']);
  });

  it('opens a step with GET without side effects; PUT position records the visit behind the same gates', async () => {
    const me = await guest(server.url);
    const eventCount = async () => (await me.get('/me/events?limit=500')).body.events.length;
    const before = await eventCount();
    expect((await me.get('/courses/mini-course/steps/history')).status).toBe(200);
    expect(await eventCount()).toBe(before);
    // A cross-site GET moves nothing: resume stays on the first step.
    expect((await me.get(`${C}/progress`)).body.resume).toMatchObject({ id: 'welcome' });

    const visit = await me.put(`${C}/position`, { stepId: 'history' });
    expect(visit.status).toBe(200);
    expect(visit.body).toMatchObject({ courseId: 'mini-course', stepId: 'history', chapterId: 'basics', visitedAt: clock.now().toISOString() });
    expect((await me.get(`${C}/progress`)).body.resume).toMatchObject({ id: 'history' });
    const events = (await me.get('/me/events?limit=500')).body.events;
    expect(events.at(-1)).toMatchObject({ type: 'viewed', stepId: 'history' });

    // The same gates as opening: unknown 404, premium 402, locked 423, bad bodies 400, no token 401.
    expect((await me.put(`${C}/position`, { stepId: 'no-such-step' })).status).toBe(404);
    expect((await me.put('/me/courses/no-such-course/position', { stepId: 'welcome' })).status).toBe(404);
    const premium = await me.put(`${C}/position`, { stepId: 'applying-tokens' });
    expect(premium.status).toBe(402);
    expect(premium.type).toContain('application/problem+json');
    await setTier(server.runtime.learning, me.learnerId, 'premium');
    expect((await me.put(`${C}/position`, { stepId: 'applying-tokens' })).status).toBe(423);
    expect((await me.put(`${C}/position`, { stepId: 'Not A Slug' })).status).toBe(400);
    expect((await me.put(`${C}/position`, { stepId: 'welcome', extra: 1 })).status).toBe(400);
    expect((await client(server.url).put(`${C}/position`, { stepId: 'welcome' })).status).toBe(401);
    expect((await me.get(`${C}/progress`)).body.resume).toMatchObject({ id: 'history' });
  });

  it('shows the same shuffled order when an attempt is reloaded, and another learner another one', async () => {
    const a = await guest(server.url);
    const first = await a.post(`${C}/quizzes/basics-checkpoint/attempts`);
    const reload = await a.get(`/me/attempts/${first.body.attempt.id}`);
    expect(reload.body.quiz).toEqual(first.body.quiz);
    const orders = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const other = await guest(server.url);
      const quiz = (await other.post(`${C}/quizzes/basics-checkpoint/attempts`)).body.quiz;
      orders.add(JSON.stringify(quiz.questions.map((q: { id: string; items?: { id: string }[] }) => [q.id, q.items?.map((x) => x.id)])));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('submits idempotently and refuses reuse or resubmission with 409', async () => {
    const me = await guest(server.url);
    const { body } = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    const headers = key();
    const perfect = inAttempt(body, authorPerfect);
    const first = await me.post(`/me/attempts/${body.attempt.id}/submit`, { answers: perfect }, headers);
    const again = await me.post(`/me/attempts/${body.attempt.id}/submit`, { answers: inAttempt(body, authorSixty) }, headers);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await me.post(`/me/attempts/${body.attempt.id}/submit`, { answers: perfect }, key())).status).toBe(409);
    const next = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    expect((await me.post(`/me/attempts/${next.body.attempt.id}/submit`, { answers: inAttempt(next.body, authorPerfect) }, headers)).status).toBe(409);
    expect((await me.get(`${C}/progress`)).body.chapters[0].checkpoint.attemptsUsed).toBe(1);
  });

  it('validates answers against the quiz and answers 422 listing every problem', async () => {
    const me = await guest(server.url);
    const { body } = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    const bad = await me.post(
      `/me/attempts/${body.attempt.id}/submit`,
      { answers: { 'token-facts': { type: 'multiple', optionIds: ['zz'] }, 'no-such': { type: 'single', optionId: 'a' }, 'pipeline-order': { type: 'ordering', itemIds: ['text'] } } },
      key(),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: { path: string }) => i.path.split('.').slice(0, 2).join('.')).sort()).toEqual([
      'answers.no-such',
      'answers.pipeline-order',
      'answers.token-facts',
    ]);
    expect((await me.get(`/me/attempts/${body.attempt.id}`)).body.attempt.submittedAt).toBeNull();
  });

  it('reveals hints one at a time and records each reveal', async () => {
    const me = await guest(server.url);
    const { body } = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    const hint = await me.post(`/me/attempts/${body.attempt.id}/hints`, { questionId: 'name-the-tool' });
    expect(hint.body).toEqual({ questionId: 'name-the-tool', index: 0, text: 'It ends in -izer.', remaining: 0 });
    expect((await me.post(`/me/attempts/${body.attempt.id}/hints`, { questionId: 'name-the-tool' })).status).toBe(409);
    expect((await me.get(`/me/attempts/${body.attempt.id}`)).body.hints).toEqual([{ questionId: 'name-the-tool', index: 0, text: 'It ends in -izer.' }]);
    const events = await me.get('/me/events');
    expect(events.body.events.filter((e: { type: string }) => e.type === 'hint_revealed')).toHaveLength(1);
  });

  it('stops at max_attempts', async () => {
    const me = await guest(server.url);
    for (let i = 0; i < 3; i++) {
      const { body } = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
      const graded = await me.post(`/me/attempts/${body.attempt.id}/submit`, { answers: {} }, key());
      expect(graded.body.passed).toBe(false);
      // after_last_attempt: failing attempts with attempts left reveal nothing; the last one reveals.
      expect(graded.body.review.revealed).toBe(i === 2);
      expect(JSON.stringify(graded.body.review).includes('"solution"')).toBe(i === 2);
    }
    const fourth = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    expect(fourth.status).toBe(409);
    expect(fourth.body.detail).toContain('attempts');
  });

  it('deletes a learner with all their data and ends the session', async () => {
    const me = await guest(server.url);
    await me.post(`${C}/steps/welcome/complete`);
    expect((await me.del('/me')).status).toBe(204);
    expect((await me.get('/me')).status).toBe(401);
  });
});
