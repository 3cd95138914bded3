// Issue 9 §1b, through the real server: review cards are no back door to a quiz's key. A question
// becomes a card only once the quiz's answers may be shown; only due cards can be answered; an
// answer is idempotent on its Idempotency-Key (a retry never reschedules twice); what a review shows
// obeys the quiz's show-answers policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsContentStore } from '@cc/content';
import { testDatabases } from '@cc/db/testing';
import type { Quiz } from '@cc/core';
import { guest, TestClock } from './testing/client.ts';
import { contentRootWith, fixtureWithPolicy, idempotencyKeys } from './testing/course-variant.ts';
import { answersFor, correctAnswers, courseFromFiles } from './testing/quiz-keys.ts';
import { startTestServer, UNLIMITED, type TestServer } from './testing/test-server.ts';

const C = '/me/courses/mini-course';
const START = '2026-05-04T09:00:00.000Z';

/** The fixture course, with the quick check's show_answers set to `never`. */
const bundle = () => fixtureWithPolicy('welcome-check', 'show_answers: never');

type Me = Awaited<ReturnType<typeof guest>>;
const key = idempotencyKeys('review-test');

describe.each(testDatabases())('review cards on $name', (database) => {
  let server: TestServer;
  let content: Awaited<ReturnType<typeof contentRootWith>> | undefined;
  let quizzes: Record<string, Quiz>;
  const clock = new TestClock(new Date(START));

  beforeAll(async () => {
    const files = await bundle();
    quizzes = courseFromFiles(files, 'mini-course').quizzes;
    content = await contentRootWith(files, 'mini-course');
    server = await startTestServer({ database: await database.open(), store: new FsContentStore(content.dir), clock, limits: UNLIMITED });
  }, 300_000); // generous: the machine is shared
  afterAll(async () => {
    await server?.close();
    await content?.remove();
  });

  const attempt = async (me: Me, quizId: string, answers: (open: { quiz: never }) => Record<string, unknown>) => {
    const open = await me.post(`${C}/quizzes/${quizId}/attempts`);
    expect(open.status).toBe(200);
    const graded = await me.post(`/me/attempts/${open.body.attempt.id}/submit`, { answers: answers(open.body) }, key());
    expect(graded.status).toBe(200);
    return graded.body;
  };
  const due = async (me: Me) => (await me.get('/me/reviews/due?limit=50')).body as { total: number; reviews: { cardId: string; quizId: string; due: string; question: { id: string; type: string; options?: { id: string; text: string }[] } }[] };

  it('a failed quiz with attempts left makes no cards: its key cannot be probed by reviewing', async () => {
    clock.set(START);
    const me = await guest(server.url);
    // welcome-check: after_pass (here: never), unlimited attempts. Failing it twice shows nothing.
    for (let i = 0; i < 2; i++) expect(await attempt(me, 'welcome-check', () => ({}))).toMatchObject({ passed: false, review: { revealed: false } });
    // basics-checkpoint: after_last_attempt, 3 attempts. Two failures: answers still hidden.
    for (let i = 0; i < 2; i++) {
      const failed = await attempt(me, 'basics-checkpoint', (open) => answersFor(quizzes['basics-checkpoint']!, open.quiz, { 'token-facts': { type: 'multiple', optionIds: ['c'] } }));
      expect(failed).toMatchObject({ passed: false, review: { revealed: false } });
    }
    clock.advanceDays(60);
    expect(await due(me)).toEqual({ total: 0, reviews: [] });
    // The third failure uses the last attempt: the policy shows the answers now, so the questions
    // answered in it become cards (and reviewing them can show what the quiz shows).
    clock.set(START);
    const last = await attempt(me, 'basics-checkpoint', (open) => answersFor(quizzes['basics-checkpoint']!, open.quiz, { 'token-facts': { type: 'multiple', optionIds: ['c'] } }));
    expect(last).toMatchObject({ passed: false, review: { revealed: true } });
    clock.advanceDays(60);
    const cards = await due(me);
    expect(cards.reviews.map((r) => `${r.quizId}/${r.question.id}`)).toEqual(['basics-checkpoint/token-facts']);
    expect(cards.total).toBe(1);
  });

  it('answers only due cards, once per due date, idempotently; a retry never reschedules again', async () => {
    clock.set(START);
    const me = await guest(server.url);
    const passed = await attempt(me, 'welcome-check', (open) => correctAnswers(quizzes['welcome-check']!, open.quiz));
    expect(passed.passed).toBe(true);
    // Not due yet: the card exists but answering it now is refused.
    clock.advanceDays(60);
    const [card] = (await due(me)).reviews.filter((r) => r.question.type === 'single');
    expect(card).toBeDefined();
    clock.set(START);
    const early = await me.post(`/me/reviews/${card!.cardId}/answer`, { answer: { type: 'single', optionId: card!.question.options![0]!.id } }, key());
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/not due/);

    clock.advanceDays(60);
    const fresh = await due(me);
    const shown = fresh.reviews.find((r) => r.cardId === card!.cardId)!;
    // Each repetition shows its own ids; the author's ids are unknown to it.
    const author = await me.post(`/me/reviews/${card!.cardId}/answer`, { answer: { type: 'single', optionId: 'a' } }, key());
    expect(author.status).toBe(422);
    const right = quizzes['welcome-check']!.questions.find((q) => q.id === shown.question.id)!;
    const rightText = right.type === 'single' ? right.options.find((o) => o.correct)!.text : '';
    const wrongId = shown.question.options!.find((o) => o.text !== rightText)!.id;
    const once = key();
    const answers = await Promise.all(Array.from({ length: 4 }, () => me.post(`/me/reviews/${card!.cardId}/answer`, { answer: { type: 'single', optionId: wrongId } }, once)));
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body).toMatchObject({ correct: false, score: 0 });
    // Another key: the card is no longer due, so probing the other options is refused.
    const probes = await Promise.all(shown.question.options!.map((o) => me.post(`/me/reviews/${card!.cardId}/answer`, { answer: { type: 'single', optionId: o.id } }, key())));
    expect(probes.map((p) => p.status)).toEqual(shown.question.options!.map(() => 409));
    // The same key later still replays the first result; for another card it is refused.
    expect((await me.post(`/me/reviews/${card!.cardId}/answer`, { answer: { type: 'single', optionId: wrongId } }, once)).body).toEqual(answers[0]!.body);
    const other = fresh.reviews.find((r) => r.cardId !== card!.cardId)!;
    expect((await me.post(`/me/reviews/${other.cardId}/answer`, { answer: { type: 'true_false', value: true } }, once)).status).toBe(409);
    const events = (await me.get('/me/events?limit=500')).body.events as { type: string; questionId?: string }[];
    expect(events.filter((e) => e.type === 'reviewed')).toHaveLength(1);
  });

  it('two different answers racing on one due card: exactly one is graded', async () => {
    clock.set(START);
    const me = await guest(server.url);
    await attempt(me, 'welcome-check', (open) => correctAnswers(quizzes['welcome-check']!, open.quiz));
    clock.advanceDays(60);
    const card = (await due(me)).reviews.find((r) => r.question.type === 'true_false')!;
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => me.post(`/me/reviews/${card.cardId}/answer`, { answer: { type: 'true_false', value: i % 2 === 0 } }, key())));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(5);
    const events = (await me.get('/me/events?limit=500')).body.events as { type: string }[];
    expect(events.filter((e) => e.type === 'reviewed')).toHaveLength(1);
  });

  it("obeys the quiz's show-answers policy: a `never` quiz's review shows no solution, explanation or feedback", async () => {
    clock.set(START);
    const me = await guest(server.url);
    await attempt(me, 'welcome-check', (open) => correctAnswers(quizzes['welcome-check']!, open.quiz));
    clock.advanceDays(60);
    const card = (await due(me)).reviews.find((r) => r.question.type === 'single')!;
    const reply = await me.post(`/me/reviews/${card.cardId}/answer`, { answer: { type: 'single', optionId: card.question.options![1]!.id } }, key());
    expect(reply.status).toBe(200);
    expect(reply.body.review.revealed).toBe(false);
    const [reviewed] = reply.body.review.questions;
    expect(reviewed.feedback).toEqual([]);
    expect(reviewed).not.toHaveProperty('solution');
    expect(reviewed).not.toHaveProperty('explanation');
    // basics-checkpoint reveals after the last attempt: its reviews show the solution and the feedback.
    for (let i = 0; i < 3; i++) await attempt(me, 'basics-checkpoint', () => ({}));
    const all = await me.get('/me/reviews/due?limit=50');
    expect(all.body.reviews.filter((r: { quizId: string }) => r.quizId === 'basics-checkpoint')).toEqual([]); // nothing answered: no cards
  });
});
