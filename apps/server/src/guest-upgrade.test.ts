// A guest who signs up keeps their learner (issue 11, Accounts), through the real server, on PGlite
// and PostgreSQL: the account's learner IS the guest's learner, the guest token is revoked, a
// token is claimed at most once, and a forged or spent token changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { Browser } from './testing/browser.ts';
import { client, guest } from './testing/client.ts';
import { answersFor, fixtureCourseDir, loadCourseDir } from './testing/quiz-keys.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const PASSWORD = 'correct horse battery';
const C = '/me/courses/mini-course';
const basicsQuiz = (await loadCourseDir(fixtureCourseDir())).quizzes['basics-checkpoint']!;
const perfect = {
  'token-facts': { type: 'multiple', optionIds: ['a', 'b'] },
  'tokens-per-word': { type: 'numeric', value: 1000 },
  'name-the-tool': { type: 'short_text', text: 'Tokenizer' },
  'pipeline-order': { type: 'ordering', itemIds: ['text', 'split', 'ids'] },
};
let n = 0;
const email = () => `guest${++n}-${Date.now()}@example.com`;

describe.each(testDatabases())('guest upgrade on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      authLimits: { signUpPerAddress: { limit: 1000, windowSeconds: 60 }, signInPerEmail: { limit: 100, windowSeconds: 60 } },
    });
  });
  afterAll(() => server?.close());

  const signUp = (browser: Browser, address: string, headers: Record<string, string> = {}) =>
    browser.json('/api/auth/sign-up/email', { email: address, password: PASSWORD, name: 'Guest' }, headers);
  const meOf = async (browser: Browser) => (await (await browser.fetch('/api/v1/me', { headers: { accept: 'application/json' } })).json()) as { id: string };

  it('carries a guest learner (progress, quiz, profile) into the new account and revokes the guest token', async () => {
    const g = await guest(server.url);
    expect((await g.put('/me/profile', { softwareExperience: 'none', mathsBackground: 'basic', goals: ['understand'], weeklyMinutes: 60, timeZone: 'UTC', depth: 'standard' })).status).toBe(200);
    expect((await g.post(`${C}/steps/welcome/complete`)).status).toBe(200);
    const start = await g.post(`${C}/quizzes/basics-checkpoint/attempts`);
    expect(start.status).toBe(200);
    const graded = await g.post(`/me/attempts/${start.body.attempt.id}/submit`, { answers: answersFor(basicsQuiz, start.body.quiz, perfect) }, { 'idempotency-key': `gu-${Date.now()}` });
    expect(graded.status).toBe(200);
    expect(graded.body).toMatchObject({ score: 100, passed: true });
    const before = await g.get(`${C}/progress`);
    expect(before.status).toBe(200);
    const eventsBefore = await g.get('/me/events');

    const address = email();
    const browser = new Browser(server.url);
    const res = await signUp(browser, address, { 'x-guest-session': g.token });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await meOf(browser)).id).toBe(g.learnerId);

    // The guest token is revoked, in the same transaction.
    expect((await g.get('/me')).status).toBe(401);
    const db = server.runtime.database.db;
    expect(await db.selectFrom('auth_session').select('token_hash').where('learner_id', '=', g.learnerId).execute()).toEqual([]);
    expect(await db.selectFrom('guest_upgrade').selectAll().execute()).toEqual([]);

    // Sign in from a fresh browser: the same learner, the same progress, profile and events.
    const again = new Browser(server.url);
    expect((await again.json('/api/auth/sign-in/email', { email: address, password: PASSWORD })).status).toBe(200);
    const me = (await (await again.fetch('/api/v1/me', { headers: { accept: 'application/json' } })).json()) as { id: string; profile: unknown };
    expect(me.id).toBe(g.learnerId);
    expect(me.profile).toMatchObject({ softwareExperience: 'none', weeklyMinutes: 60 });
    const after = await again.fetch(`/api/v1${C}/progress`, { headers: { accept: 'application/json' } });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(before.body);
    const eventsAfter = await again.fetch('/api/v1/me/events', { headers: { accept: 'application/json' } });
    expect(await eventsAfter.json()).toEqual(eventsBefore.body);
  });

  it('accepts the guest token as Authorization: Bearer too', async () => {
    const g = await guest(server.url);
    expect((await g.post(`${C}/steps/welcome/complete`)).status).toBe(200);
    const browser = new Browser(server.url);
    expect((await signUp(browser, email(), { authorization: `Bearer ${g.token}` })).status).toBe(200);
    expect((await meOf(browser)).id).toBe(g.learnerId);
    expect((await g.get('/me')).status).toBe(401);
  });

  it('claims a guest at most once: a spent token signs up a fresh learner', async () => {
    const g = await guest(server.url);
    const first = new Browser(server.url);
    expect((await signUp(first, email(), { 'x-guest-session': g.token })).status).toBe(200);
    const second = new Browser(server.url);
    expect((await signUp(second, email(), { 'x-guest-session': g.token })).status).toBe(200);
    const other = (await meOf(second)).id;
    expect(other).not.toBe(g.learnerId);
    expect((await meOf(first)).id).toBe(g.learnerId);
    const owners = await server.runtime.database.db.selectFrom('auth_user').select('id').where('id', '=', g.learnerId).execute();
    expect(owners).toHaveLength(1);
  });

  it('lets two racing sign-ups with one guest token make at most one account owning that learner', async () => {
    const g = await guest(server.url);
    const [a, b] = [new Browser(server.url), new Browser(server.url)];
    const results = await Promise.all([signUp(a, email(), { 'x-guest-session': g.token }), signUp(b, email(), { 'x-guest-session': g.token })]);
    for (const r of results) expect([200, 409]).toContain(r.status);
    const ids = await Promise.all([a, b].map(async (br, i) => (results[i]!.status === 200 ? (await meOf(br)).id : undefined)));
    expect(ids.filter((id) => id === g.learnerId)).toHaveLength(1);
    const loser = results.find((r) => r.status === 409);
    if (loser) expect(await loser.json()).toMatchObject({ code: 'GUEST_SESSION_CLAIMED' });
  });

  it('ignores a forged, malformed or foreign-account token: a fresh learner, and the real guest keeps working', async () => {
    const g = await guest(server.url);
    for (const token of ['cc_' + 'x'.repeat(43), 'nonsense', g.token.slice(0, -1) + (g.token.endsWith('A') ? 'B' : 'A')]) {
      const browser = new Browser(server.url);
      const res = await signUp(browser, email(), { 'x-guest-session': token });
      expect(res.status).toBe(200);
      expect((await meOf(browser)).id).not.toBe(g.learnerId);
    }
    expect((await g.get('/me')).status).toBe(200);
    expect((await client(server.url, g.token).get('/me')).body.id).toBe(g.learnerId);
  });

  it('has the database refuse a claim whose guest token is gone by the time the user is inserted', async () => {
    // What the loser of a race meets: the claim was recorded, but the token was revoked meanwhile.
    const g = await guest(server.url);
    const db = server.runtime.database.db;
    const address = email();
    await db.insertInto('guest_upgrade').values({ email: address, learner_id: g.learnerId, token_hash: 'f'.repeat(64), created_at: new Date() }).execute();
    const res = await signUp(new Browser(server.url), address);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await db.selectFrom('auth_user').select('id').where('email', '=', address).execute()).toEqual([]);
    expect(await db.selectFrom('auth_user').select('id').where('id', '=', g.learnerId).execute()).toEqual([]);
    expect((await g.get('/me')).status).toBe(200);
    await db.deleteFrom('guest_upgrade').where('email', '=', address).execute();
  });

  it('creates nothing when the sign-up itself fails, and leaves the guest claimable', async () => {
    const g = await guest(server.url);
    const taken = email();
    expect((await signUp(new Browser(server.url), taken)).status).toBe(200);
    const dup = await signUp(new Browser(server.url), taken, { 'x-guest-session': g.token });
    expect(dup.status).toBe(422);
    expect((await g.get('/me')).status).toBe(200);
    expect(await server.runtime.database.db.selectFrom('guest_upgrade').selectAll().execute()).toEqual([]);
    const browser = new Browser(server.url);
    expect((await signUp(browser, email(), { 'x-guest-session': g.token })).status).toBe(200);
    expect((await meOf(browser)).id).toBe(g.learnerId);
  });
});
