import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { client, guest, TestClock } from './testing/client.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

describe.each(testDatabases())('rate limits on $name', (database) => {
  let server: TestServer;
  const clock = new TestClock(new Date('2026-06-01T10:00:00Z'));
  beforeAll(async () => {
    server = await startTestServer({
      database: await database.open(),
      clock,
      trustedProxyHops: 1,
      limits: {
        guestSessionsPerAddress: { limit: 3, windowSeconds: 3600 },
        submitsPerLearner: { limit: 2, windowSeconds: 60 },
        hintsPerLearner: { limit: 100, windowSeconds: 60 },
      },
    });
  });
  afterAll(() => server?.close());

  it('limits guest sessions per client address with 429 and Retry-After, per address', async () => {
    const from = (ip: string) => fetch(`${server.url}/api/v1/sessions/guest`, { method: 'POST', headers: { 'x-forwarded-for': `spoofed, ${ip}` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await from('203.0.113.7')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await from('203.0.113.7');
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    // The spoofable left part of X-Forwarded-For is ignored; another real address has its own budget.
    expect((await from('198.51.100.9')).status).toBe(201);
    clock.advanceDays(1);
    expect((await from('203.0.113.7')).status).toBe(201);
  });

  it('limits OAuth authorization requests per address (they may make the server fetch a client document)', async () => {
    const limited = await startTestServer({ database: await database.open(), clock, authLimits: { oauthAuthorizePerAddress: { limit: 2, windowSeconds: 60 } } });
    try {
      const authorize = () => fetch(`${limited.url}/api/auth/oauth2/authorize?client_id=nobody&response_type=code`, { redirect: 'manual' });
      const statuses = [(await authorize()).status, (await authorize()).status, (await authorize()).status];
      expect(statuses[2]).toBe(429);
      expect(statuses.slice(0, 2)).not.toContain(429);
    } finally {
      await limited.close();
    }
  });

  it('limits quiz submissions per learner, not per address', async () => {
    const a = await guest(server.url);
    const b = await guest(server.url);
    const submit = async (who: typeof a) => {
      const { body } = await who.post('/me/courses/mini-course/quizzes/welcome-check/attempts');
      return (await who.post(`/me/attempts/${body.attempt.id}/submit`, { answers: {} }, { 'idempotency-key': `k-${Math.random()}` })).status;
    };
    expect([await submit(a), await submit(a), await submit(a)]).toEqual([200, 200, 429]);
    expect(await submit(b)).toBe(200);
    expect((await client(server.url).get('/courses')).status).toBe(200);
  });
});
