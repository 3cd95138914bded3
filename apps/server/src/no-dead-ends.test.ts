// Issue 9 §4 and §1c, through the real server: a learner who uses up a quiz's attempts is never
// stranded. The used-up round shows the explanations (and the solutions, as the policy allows), a
// new round of max_attempts opens after the cool-down, and an operator can reset the attempts at
// once. Also: past attempts are listed, a graded attempt renders alone, progress shows attempts
// used and remaining per quiz.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsContentStore } from '@cc/content';
import { RETAKE_COOLDOWN_HOURS, resetAttempts, setTier, type Quiz } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import { guest, TestClock } from './testing/client.ts';
import { contentRootWith, fixtureWithPolicy, idempotencyKeys } from './testing/course-variant.ts';
import { answersFor, correctAnswers, courseFromFiles } from './testing/quiz-keys.ts';
import { startTestServer, UNLIMITED, type TestServer } from './testing/test-server.ts';

const COURSE = 'mini-course';
const C = `/me/courses/${COURSE}`;
const START = '2026-09-01T08:00:00.000Z';
const HOUR = 3_600_000;

/** The fixture, with the quick check limited to 2 attempts (it shows answers after_pass). */
const bundle = () => fixtureWithPolicy('welcome-check', 'max_attempts: 2');
const key = idempotencyKeys('dead-ends');
type Me = Awaited<ReturnType<typeof guest>>;

describe.each(testDatabases())('no dead ends on $name', (database) => {
  let server: TestServer;
  let content: Awaited<ReturnType<typeof contentRootWith>> | undefined;
  let quizzes: Record<string, Quiz>;
  const clock = new TestClock(new Date(START));

  beforeAll(async () => {
    const files = await bundle();
    quizzes = courseFromFiles(files, COURSE).quizzes;
    content = await contentRootWith(files, COURSE);
    server = await startTestServer({ database: await database.open(), store: new FsContentStore(content.dir), clock, limits: UNLIMITED });
  }, 300_000); // generous: the machine is shared
  afterAll(async () => {
    await server?.close();
    await content?.remove();
  });

  const fail = async (me: Me, quizId: string) => {
    const open = await me.post(`${C}/quizzes/${quizId}/attempts`);
    expect(open.status).toBe(200);
    const graded = await me.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers: {} }, key());
    expect(graded.body.passed).toBe(false);
    return graded.body;
  };

  it('after the last attempt the explanations show, and a new round of attempts opens after the cool-down', async () => {
    clock.set(START);
    const me = await guest(server.url);
    await setTier(server.runtime.learning, me.learnerId, 'premium');
    const basics = quizzes['basics-checkpoint']!;
    const graded = [];
    for (let i = 0; i < 3; i++) {
      graded.push(await fail(me, basics.id));
      clock.current = new Date(clock.current.getTime() + HOUR);
    }
    // Attempts 1-2 explain nothing; the last one of the round shows (after_last_attempt) solutions and explanations.
    expect(graded.map((g) => g.review.revealed)).toEqual([false, false, true]);
    expect(JSON.stringify(graded[1].review)).not.toContain('"explanation"');
    expect(graded[2].attempt).toMatchObject({ attemptsUsed: 3, attemptsRemaining: 0, round: 1 });
    const lastAt = Date.parse(graded[2].attempt.submittedAt);
    const opensAt = new Date(lastAt + RETAKE_COOLDOWN_HOURS * HOUR).toISOString();
    expect(graded[2].attempt.nextRoundAt).toBe(opensAt);

    // Until the cool-down ends: 409 saying when the next round opens; progress and the list say the same.
    const refused = await me.post(`${C}/quizzes/${basics.id}/attempts`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain(opensAt);
    const progress = await me.get(`${C}/progress`);
    expect(progress.body.chapters[0].checkpoint).toMatchObject({ quizId: basics.id, passed: false, attemptsUsed: 3, attemptsRemaining: 0, nextRoundAt: opensAt });
    const check = progress.body.chapters[0].steps.find((s: { id: string }) => s.id === 'welcome');
    expect(check.quiz).toMatchObject({ quizId: 'welcome-check', attemptsUsed: 0, attemptsRemaining: 2 });
    const list = await me.get(`${C}/quizzes/${basics.id}/attempts`);
    expect(list.body).toMatchObject({ quizId: basics.id, passed: false, attemptsUsed: 3, attemptsRemaining: 0, round: 1, nextRoundAt: opensAt });
    expect(list.body.attempts.map((a: { number: number; score: number }) => [a.number, a.score])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    clock.current = new Date(lastAt + RETAKE_COOLDOWN_HOURS * HOUR - 1000);
    expect((await me.post(`${C}/quizzes/${basics.id}/attempts`)).status).toBe(409);
    expect((await me.get('/courses/mini-course/steps/applying-tokens')).status).toBe(423);

    // The cool-down is over: a fresh round of 3, and passing opens the next chapter.
    clock.current = new Date(lastAt + RETAKE_COOLDOWN_HOURS * HOUR);
    const open = await me.post(`${C}/quizzes/${basics.id}/attempts`);
    expect(open.status).toBe(200);
    expect(open.body.attempt).toMatchObject({ number: 4, round: 2, attemptsUsed: 0, attemptsRemaining: 3, nextRoundAt: null });
    const passed = await me.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers: correctAnswers(basics, open.body.quiz) }, key());
    expect(passed.body).toMatchObject({ passed: true, score: 100, attempt: { round: 2, attemptsUsed: 1, attemptsRemaining: 2 } });
    expect((await me.post(`${C}/steps/welcome/complete`)).status).toBe(200); // the step also needs half the chapter done
    const opened = await me.get('/courses/mini-course/steps/applying-tokens/access');
    expect(opened.body).toEqual({ allowed: true });
  });

  it('an after_pass quiz explains (without solutions) once its round is used up', async () => {
    clock.set(START);
    const me = await guest(server.url);
    const first = await fail(me, 'welcome-check');
    const second = await fail(me, 'welcome-check');
    expect(JSON.stringify(first.review)).not.toContain('"explanation"');
    expect(second.review.revealed).toBe(false);
    const explained = second.review.questions.find((q: { questionId: string }) => q.questionId === 'what-is-a-token');
    expect(explained.explanation).toBe(quizzes['welcome-check']!.questions[0]!.explanation);
    expect(JSON.stringify(second.review)).not.toContain('"solution"');
    expect((await me.post(`${C}/quizzes/welcome-check/attempts`)).status).toBe(409);
  });

  it('an operator reset opens a new round at once; the record stays', async () => {
    clock.set(START);
    const me = await guest(server.url);
    for (let i = 0; i < 3; i++) await fail(me, 'basics-checkpoint');
    expect((await me.post(`${C}/quizzes/basics-checkpoint/attempts`)).status).toBe(409);
    const reset = await resetAttempts(server.runtime.learning, me.learnerId, COURSE, 'basics-checkpoint');
    expect(reset).toMatchObject({ learnerId: me.learnerId, quizId: 'basics-checkpoint', attemptsRemaining: 3 });
    const open = await me.post(`${C}/quizzes/basics-checkpoint/attempts`);
    expect(open.status).toBe(200);
    expect(open.body.attempt).toMatchObject({ number: 4, round: 2, attemptsRemaining: 3 });
    expect((await me.get(`${C}/quizzes/basics-checkpoint/attempts`)).body.attempts).toHaveLength(4);
    await expect(resetAttempts(server.runtime.learning, me.learnerId, COURSE, 'no-such-quiz')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('renders a graded attempt on its own: questions and texts as shown, the answer, the score, solutions as allowed', async () => {
    clock.set(START);
    const me = await guest(server.url);
    const basics = quizzes['basics-checkpoint']!;
    const open = await me.post(`${C}/quizzes/${basics.id}/attempts`);
    const answers = answersFor(basics, open.body.quiz, { 'token-facts': { type: 'multiple', optionIds: ['a', 'c'] }, 'tokens-per-word': { type: 'numeric', value: 1000 } });
    await me.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers }, key());
    const read = await me.get(`/me/attempts/${open.body.attempt.id}`);
    expect(read.status).toBe(200);
    const review = read.body.review;
    // In the order shown, each with the question as presented (same ids and texts as the attempt showed).
    expect(review.questions.map((q: { questionId: string }) => q.questionId)).toEqual(open.body.quiz.questions.map((q: { id: string }) => q.id));
    review.questions.forEach((q: { question: unknown }, i: number) => expect(q.question).toEqual(open.body.quiz.questions[i]));
    const facts = review.questions.find((q: { questionId: string }) => q.questionId === 'token-facts');
    expect(facts.answer).toEqual(answers['token-facts']);
    expect(facts.score).toBe(0); // one right, one wrong of two right options
    expect(review.revealed).toBe(false);
    // The list of attempts links to it.
    expect((await me.get(`${C}/quizzes/${basics.id}/attempts`)).body.attempts).toEqual([
      expect.objectContaining({ id: open.body.attempt.id, number: 1, score: read.body.score, passed: false }),
    ]);
    // Once revealed (here: after passing), the solution is in the attempt's own presented ids.
    const second = await me.post(`${C}/quizzes/${basics.id}/attempts`);
    await me.post(`/me/attempts/${second.body.attempt.id}/submit`, { answers: correctAnswers(basics, second.body.quiz) }, key());
    const again = (await me.get(`/me/attempts/${open.body.attempt.id}`)).body.review;
    expect(again.revealed).toBe(true);
    const solved = again.questions.find((q: { questionId: string }) => q.questionId === 'token-facts');
    const shownIds = new Set(solved.question.options.map((o: { id: string }) => o.id));
    expect(solved.solution.type).toBe('multiple');
    for (const id of solved.solution.optionIds) expect(shownIds.has(id)).toBe(true);
  });
});
