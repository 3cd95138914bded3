// A learner can never see or change another learner's data. Learner A views, completes, starts
// attempts, reveals hints, submits (so review cards exist) and reads events; then learner B calls
// every route of the OpenAPI document (read from the document, so a route added later is called
// too) with A's identifiers wherever a route takes a learner-owned id (every uuid parameter), and
// every other route with learner ids smuggled into the query and headers. B never gets more than a
// 404 (or 401/403) for A's ids, answers that are identical to those for an id that never existed,
// and never a byte of A's ids or answers; afterwards A's data is exactly as before.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTier, type Course } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import { guest, TestClock } from './testing/client.ts';
import {
  combinations,
  documentedOperations,
  fillPath,
  httpCall,
  openApiDoc,
  schemaPropertyNames,
  type HttpReply,
  type JsonSchema,
  type Operation,
  type OperationParam,
} from './testing/openapi-operations.ts';
import { correctAnswer, correctAnswers, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startTestServer, UNLIMITED, type TestServer } from './testing/test-server.ts';

const COURSE_ID = 'mini-course';
const START = '2026-03-28T20:00:00.000Z';
/** Names a request field would have if it let the caller say whose data to use. */
const LEARNER_FIELD = /learner|user|owner|account|student|member|person|subject|actor/i;
/** Learner-owned identifiers are uuids; course content ids are slugs. */
const isLearnerOwnedId = (p: Pick<OperationParam, 'schema'>) => p.schema['format'] === 'uuid';
const REFUSED = new Set([401, 403, 404]);
/** Distinctive things A types or chooses, which must never reach B. */
const A_ANSWER = 'Quokkatron answer 7731';
const A_TIME_ZONE = 'Pacific/Chatham';

function contractLeaks(): string[] {
  const doc = openApiDoc();
  const found: string[] = [];
  for (const op of documentedOperations(doc)) {
    for (const p of op.params) if (LEARNER_FIELD.test(p.name)) found.push(`${op.key}: ${p.in} parameter "${p.name}"`);
    if (op.body) for (const name of schemaPropertyNames(doc, op.body)) if (LEARNER_FIELD.test(name)) found.push(`${op.key}: body property "${name}"`);
  }
  return found;
}

describe('the API contract', () => {
  it('takes no learner id from the path, query, headers or body of any route', () => {
    expect(contractLeaks()).toEqual([]);
    for (const name of ['learnerId', 'learner_id', 'learner', 'userId', 'user', 'ownerId', 'accountId']) expect(LEARNER_FIELD.test(name), name).toBe(true);
    // The only ids a route takes are course content slugs or learner-owned uuids (checked below).
    const ids = documentedOperations().flatMap((op) => op.params.filter((p) => /id$/i.test(p.name) || isLearnerOwnedId(p)).map((p) => p.name));
    expect(ids.length).toBeGreaterThan(0);
  });
});

describe.each(testDatabases())('learner isolation on $name', (database) => {
  let server: TestServer;
  let course: Course;
  const clock = new TestClock(new Date(START));

  beforeAll(async () => {
    course = await loadCourseDir(fixtureCourseDir(COURSE_ID));
    server = await startTestServer({ database: await database.open(), clock, limits: UNLIMITED });
  });
  afterAll(() => server?.close());

  const premiumGuest = async () => {
    const me = await guest(server.url);
    await setTier(server.runtime.learning, me.learnerId, 'premium');
    return me;
  };

  /** Everything A can read about their own data (reads only: opening a step would add an event). */
  async function snapshot(token: string, attemptIds: string[]) {
    const read = async (path: string) => {
      const reply = await httpCall(server.url, 'GET', `/api/v1${path}`, { token });
      expect(reply.status, path).toBe(200);
      return reply.json;
    };
    return {
      me: await read('/me'),
      progress: await read(`/me/courses/${COURSE_ID}/progress`),
      path: await read(`/me/courses/${COURSE_ID}/path`),
      mastery: await read(`/me/courses/${COURSE_ID}/mastery`),
      streak: await read('/me/streak'),
      events: await read('/me/events?limit=500'),
      xapi: await read('/me/events/xapi?limit=500'),
      due: await read('/me/reviews/due?limit=50'),
      attempts: await Promise.all(attemptIds.map((id) => read(`/me/attempts/${id}`))),
      bookmarks: await read(`/me/courses/${COURSE_ID}/bookmarks`),
      notes: await read('/me/notes'),
    };
  }

  it("B can neither see nor change A's data through any documented route", async () => {
    clock.set(START);
    const basics = course.quizzes['basics-checkpoint']!;
    const welcomeQuiz = course.quizzes['welcome-check']!;
    const practice = course.quizzes['practice-checkpoint']!;

    // A does things.
    const a = await premiumGuest();
    const aKey = `a-idempotency-${a.learnerId}`;
    expect(
      (await a.put('/me/profile', { softwareExperience: 'expert', mathsBackground: 'advanced', goals: ['build'], weeklyMinutes: 1234, timeZone: A_TIME_ZONE, depth: 'deep' })).status,
    ).toBe(200);
    expect((await a.get(`/courses/${COURSE_ID}/steps/welcome`)).status).toBe(200);
    for (const step of ['welcome', 'first-exercise']) expect((await a.post(`/me/courses/${COURSE_ID}/steps/${step}/complete`)).status).toBe(200);
    const aBasicsOpen = (await a.post(`/me/courses/${COURSE_ID}/quizzes/${basics.id}/attempts`)).body;
    const aBasics: string = aBasicsOpen.attempt.id;
    expect((await a.post(`/me/attempts/${aBasics}/hints`, { questionId: 'name-the-tool' })).status).toBe(200);
    const answers = { ...correctAnswers(basics, aBasicsOpen.quiz), 'name-the-tool': { type: 'short_text', text: A_ANSWER } };
    const graded = await a.post(`/me/attempts/${aBasics}/submit`, { answers }, { 'idempotency-key': aKey });
    expect(graded.body).toMatchObject({ passed: true, score: 80 });
    const aWelcome: string = (await a.post(`/me/courses/${COURSE_ID}/quizzes/${welcomeQuiz.id}/attempts`)).body.attempt.id;
    expect((await a.post(`/me/attempts/${aWelcome}/hints`, { questionId: welcomeQuiz.questions[0]!.id })).status).toBe(200);
    const aPractice: string = (await a.post(`/me/courses/${COURSE_ID}/quizzes/${practice.id}/attempts`)).body.attempt.id;
    clock.advanceDays(1); // A's review cards fall due
    const aAttempts = [aBasics, aWelcome, aPractice];
    // A learning plan of A's (pro); the test server's provider refuses connections, so it fails.
    await setTier(server.runtime.learning, a.learnerId, 'pro');
    const aPlan: string = (await a.post('/plans', { courseId: COURSE_ID, topic: A_ANSWER }, { 'idempotency-key': aKey })).body.id;
    // A bookmark and a note of A's.
    const aBookmark: string = (await a.post('/me/bookmarks', { courseId: COURSE_ID, stepId: 'welcome' })).body.bookmark.id;
    const aNote: string = (await a.post('/me/notes', { courseId: COURSE_ID, stepId: 'welcome', markdown: A_ANSWER })).body.id;
    const before = await snapshot(a.token, aAttempts);
    const aCards = (before.due as { reviews: { cardId: string }[] }).reviews.map((r) => r.cardId);
    const aEvents = (before.events as { events: { id: string }[] }).events.map((e) => e.id);
    const aStatements = (before.xapi as { statements: { id: string }[] }).statements.map((s) => s.id);
    expect(aCards.length).toBe(basics.questions.length);
    expect(aEvents.length).toBeGreaterThan(10);
    expect(JSON.stringify(before)).toContain(A_ANSWER); // the graded attempt shows A's own answer to A

    /** A's identifiers per learner-owned parameter name; an unknown uuid parameter fails the test. */
    const aIds: Record<string, string[]> = { attemptId: aAttempts, cardId: aCards, planId: [aPlan], bookmarkId: [aBookmark], noteId: [aNote], after: [aEvents[0]!, aEvents[Math.floor(aEvents.length / 2)]!, aEvents.at(-1)!] };
    const secrets = [a.learnerId, a.token, aKey, A_ANSWER, A_TIME_ZONE, aPlan, aBookmark, aNote, ...aAttempts, ...aCards, ...aEvents, ...aStatements];

    // B has a life of their own.
    const b = await premiumGuest();
    expect((await b.post(`/me/courses/${COURSE_ID}/steps/welcome/complete`)).status).toBe(200);
    const bBasics: string = (await b.post(`/me/courses/${COURSE_ID}/quizzes/${basics.id}/attempts`)).body.attempt.id;

    const problems: string[] = [];
    const called = new Set<string>();
    /** B learns nothing of A: no identifier or answer of A's in the answer, except what B's own request carried. */
    const assertNothingOfA = (label: string, reply: HttpReply, sent: string) => {
      const haystack = [reply.text, ...Object.values(reply.headers)].join('\n').toLowerCase();
      for (const secret of secrets) {
        if (!sent.toLowerCase().includes(secret.toLowerCase()) && haystack.includes(secret.toLowerCase())) problems.push(`${label} -> ${reply.status}: contains A's ${JSON.stringify(secret)}`);
      }
    };

    const questionIds = Object.values(course.quizzes).flatMap((q) => q.questions.map((x) => x.id));
    const publicPools: Record<string, () => unknown[]> = {
      courseId: () => [COURSE_ID],
      stepId: () => course.steps.map((s) => s.id),
      quizId: () => Object.keys(course.quizzes),
      termId: () => course.glossary.map((t) => t.id),
      entryId: () => course.catalogue.map((e) => e.id),
      kind: () => ['error', 'misconception'],
      q: () => ['token', A_ANSWER],
      course: () => [COURSE_ID],
      limit: () => ['50'],
      since: () => [START],
      questionId: () => questionIds,
      answers: () => [{}, answers],
      answer: () => Object.values(course.quizzes).flatMap((q) => q.questions.map(correctAnswer)),
      'idempotency-key': () => [aKey, `b-fresh-${randomUUID()}`],
      topic: () => ['tokens', A_ANSWER],
      markdown: () => ['B writes a note'],
    };
    const pool = (op: Operation, name: string): unknown[] => {
      const values = publicPools[name]?.();
      if (!values) problems.push(`${op.key}: no values for parameter "${name}"; teach isolation.test.ts how to fill it`);
      return values ?? [];
    };
    const bodiesFor = (op: Operation): unknown[] => {
      if (!op.body) return [undefined];
      if (op.key === 'PUT /api/v1/me/profile') {
        return [{ softwareExperience: 'none', mathsBackground: 'basic', goals: ['understand'], weeklyMinutes: 60, timeZone: 'UTC', depth: 'overview', learnerId: a.learnerId }];
      }
      const props = (op.body['properties'] as Record<string, JsonSchema> | undefined) ?? {};
      const required = new Set((op.body['required'] as string[] | undefined) ?? Object.keys(props));
      const names = Object.keys(props).filter((p) => required.has(p));
      const combos = names.reduce<Record<string, unknown>[]>((acc, name) => acc.flatMap((partial) => pool(op, name).map((v) => ({ ...partial, [name]: v }))), [{}]);
      return combos;
    };

    const operations = documentedOperations();
    // DELETEs that end a session or a learner; a DELETE of a learner-owned record (a note, a
    // bookmark) is swept with A's ids like any other route.
    const destructive = operations.filter((op) => op.method === 'DELETE' && !op.params.some(isLearnerOwnedId));
    for (const op of operations.filter((op) => !destructive.includes(op))) {
      const owned = op.params.filter(isLearnerOwnedId);
      for (const p of owned) if (!aIds[p.name]) problems.push(`${op.key}: learner-owned parameter "${p.name}" has no identifiers of A's; add them`);
      const slugs = op.params.filter((p) => !isLearnerOwnedId(p) && p.in === 'path');
      const requiredOther = op.params.filter((p) => !isLearnerOwnedId(p) && p.in !== 'path' && p.required);
      const headerParams = requiredOther.filter((p) => p.in === 'header');
      const queryParams = requiredOther.filter((p) => p.in === 'query');
      const publicValues = combinations(Object.fromEntries([...slugs, ...queryParams].map((p) => [p.name, pool(op, p.name).map(String)])));
      const headerValues = combinations(Object.fromEntries(headerParams.map((p) => [p.name, pool(op, p.name).map(String)])));
      const bodies = bodiesFor(op);

      // `smuggled` query parameters and headers are not part of what the caller may see echoed back.
      const call = async (who: 'B' | 'anonymous', values: Record<string, string>, query: Record<string, string>, headers: Record<string, string>, body: unknown, smuggled: { query?: Record<string, string>; headers?: Record<string, string> } = {}) => {
        const qs = new URLSearchParams({ ...query, ...smuggled.query }).toString();
        const url = `${fillPath(op.path, values)}${qs ? `?${qs}` : ''}`;
        const reply = await httpCall(server.url, op.method, url, { ...(who === 'B' && { token: b.token }), headers: { ...headers, ...smuggled.headers }, ...(body !== undefined && { body }) });
        const sent = `${fillPath(op.path, values)} ${JSON.stringify(query)} ${JSON.stringify(headers)} ${JSON.stringify(body) ?? ''}`;
        const label = `${who} ${op.method} ${url} ${JSON.stringify(headers)} ${JSON.stringify(body) ?? ''}`;
        called.add(op.key);
        assertNothingOfA(label, reply, sent);
        if (reply.status >= 500) problems.push(`${label} -> ${reply.status}`);
        return { reply, label };
      };

      // Without its optional learner-owned parameters (an events cursor), a route serves B's own data.
      if (owned.every((p) => p.in === 'query' && !p.required)) {
        // No learner-owned id: B gets B's own data, whatever learner id B smuggles in.
        const smuggled = {
          query: { learnerId: a.learnerId, learner: a.learnerId, userId: a.learnerId, user_id: a.learnerId },
          headers: { 'x-learner-id': a.learnerId, 'x-user-id': a.learnerId },
        };
        for (const values of publicValues) {
          const query = Object.fromEntries(queryParams.map((p) => [p.name, values[p.name]!]));
          for (const headers of headerValues) {
            for (const body of bodies) {
              const { reply, label } = await call('B', values, query, headers, body, smuggled);
              if (reply.status === 401) problems.push(`${label} -> 401 with B's valid token`);
              if (op.key === 'GET /api/v1/me' && (reply.json as { id?: string }).id !== b.learnerId) problems.push(`${label}: /me is not B`);
            }
          }
        }
        if (owned.length === 0) continue;
      }

      // With A's identifiers: as B (compared with an id that never existed) and anonymously.
      const ownedPools = Object.fromEntries(owned.map((p) => [p.name, aIds[p.name] ?? []]));
      const base = publicValues[0] ?? {};
      for (const ids of combinations(ownedPools)) {
        const never = Object.fromEntries(Object.keys(ids).map((k) => [k, randomUUID()]));
        const split = (v: Record<string, string>) => ({
          path: { ...base, ...Object.fromEntries(owned.filter((p) => p.in === 'path').map((p) => [p.name, v[p.name]!])) },
          query: Object.fromEntries([...queryParams.map((p) => [p.name, base[p.name]!]), ...owned.filter((p) => p.in === 'query').map((p) => [p.name, v[p.name]!])]),
        });
        for (const headers of headerValues) {
          for (const body of bodies) {
            const theirs = split(ids);
            const unknown = split(never);
            const { reply, label } = await call('B', theirs.path, theirs.query, headers, body);
            const { reply: control } = await call('B', unknown.path, unknown.query, headers, body);
            const anonymous = await call('anonymous', theirs.path, theirs.query, headers, body);
            if (op.requiresAuth && anonymous.reply.status !== 401) problems.push(`${anonymous.label} -> ${anonymous.reply.status}, expected 401`);
            const pathOwned = owned.some((p) => p.in === 'path');
            if (pathOwned && !REFUSED.has(reply.status)) problems.push(`${label} -> ${reply.status}, expected 404 (or 401/403): ${reply.text.slice(0, 200)}`);
            // Indistinguishable from an id that never existed: same status, same answer up to the id itself.
            // Each answer carries its own request id (logs and problems correlate on it): not a difference.
            const mask = (text: string, v: Record<string, string>) =>
              Object.values(v).reduce((t, id) => t.split(id).join('<id>'), text).replace(/"requestId":"[^"]*"/g, '"requestId":"<request>"');
            if (reply.status !== control.status || mask(reply.text, ids) !== mask(control.text, never)) {
              problems.push(`${label} -> ${reply.status} ${reply.text.slice(0, 200)} differs from an unknown id's ${control.status} ${control.text.slice(0, 200)}`);
            }
          }
        }
      }
    }

    // B reusing A's idempotency key on B's own attempt gets B's own grading, not A's result.
    const reused = await b.post(`/me/attempts/${bBasics}/submit`, { answers: {} }, { 'idempotency-key': aKey });
    expect(reused.status).toBe(200);
    expect(reused.body).toMatchObject({ attempt: { id: bBasics }, score: 0 });
    assertNothingOfA('B submit with A key', { status: reused.status, headers: {}, text: JSON.stringify(reused.body), json: reused.body }, aKey);

    // Routes that end a session or a learner, each with a fresh B (and A's id smuggled in).
    for (const op of destructive) {
      if (op.params.some(isLearnerOwnedId)) problems.push(`${op.key}: a DELETE with a learner-owned id is not covered yet; add it`);
      const victim = await guest(server.url);
      const reply = await httpCall(server.url, op.method, `${fillPath(op.path, {})}?learnerId=${a.learnerId}`, { token: victim.token, headers: { 'x-learner-id': a.learnerId } });
      called.add(op.key);
      if (reply.status < 200 || reply.status >= 300) problems.push(`${op.key} as a fresh B -> ${reply.status}`);
      assertNothingOfA(op.key, reply, '');
    }

    expect(problems.length > 60 ? [...problems.slice(0, 60), `... ${problems.length - 60} more`] : problems).toEqual([]);
    expect(operations.map((op) => op.key).filter((key) => !called.has(key)), 'documented routes B never called').toEqual([]);
    expect(operations.some((op) => op.params.some((p) => p.in === 'path' && isLearnerOwnedId(p)))).toBe(true);

    // A's data is exactly as before, and A's session still works.
    expect(await snapshot(a.token, aAttempts)).toEqual(before);
  });
});
