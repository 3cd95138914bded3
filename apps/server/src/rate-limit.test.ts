import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { client, guest, TestClock } from './testing/client.ts';
import { connectMcp, mcpLearner, type ToolResult } from './testing/mcp-clients.ts';
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
        hintsPerLearner: { limit: 2, windowSeconds: 60 },
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

  it('limits submit_quiz and reveal_hint over MCP like their REST twins, on one budget: a tool error with retry-after', async () => {
    const { token, browser } = await mcpLearner(server, { email: `mcp-limits-${database.name}@example.com` });
    const mcp = await connectMcp('v2', server.url, token);
    const error = (r: ToolResult) => (r.isError ? (r.structuredContent?.error as { kind?: string; retryAfterSeconds?: number }) : undefined);
    try {
      const open = (await mcp.call('start_quiz', { courseId: 'mini-course', quizId: 'welcome-check' })).structuredContent as {
        attempt: { id: string };
        quiz: { questions: { id: string }[] };
      };
      const attemptId = open.attempt.id;
      const [q1, q2] = open.quiz.questions.map((q) => q.id);
      const hint = (questionId: string) => mcp.call('reveal_hint', { attemptId, questionId });
      expect((await hint(q1!)).isError).toBeFalsy();
      expect((await hint(q2!)).isError).toBeFalsy();
      const refusedHint = await hint(q1!);
      expect(error(refusedHint)).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: expect.any(Number) });
      expect(error(refusedHint)!.retryAfterSeconds).toBeGreaterThan(0);
      expect(refusedHint.content[0]?.text).toMatch(/retry after \d+ s/);

      // The REST door spends the same budget: one MCP submission and one REST one use the two allowed.
      expect((await mcp.call('submit_quiz', { attemptId, answers: {} })).isError).toBeFalsy();
      const rest = await browser.fetch(`/api/v1/me/attempts/${attemptId}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': 'mcp-limits-rest' },
        body: JSON.stringify({ answers: {} }),
      });
      // (409: the attempt is already graded under another key; what matters is the budget it spent)
      expect(rest.status).not.toBe(429);
      expect(rest.headers.get('ratelimit-remaining')).toBe('0');
      const refused = await mcp.call('submit_quiz', { attemptId, answers: {} });
      expect(error(refused)).toMatchObject({ kind: 'rate_limited' });
      expect(refused.content[0]?.text).toMatch(/retry after \d+ s/);
      // Another learner has their own budget.
      const other = await mcpLearner(server, { email: `mcp-limits-other-${database.name}@example.com` });
      const theirs = await connectMcp('v1', server.url, other.token);
      try {
        const started = (await theirs.call('start_quiz', { courseId: 'mini-course', quizId: 'welcome-check' })).structuredContent as { attempt: { id: string } };
        expect((await theirs.call('submit_quiz', { attemptId: started.attempt.id, answers: {} })).isError).toBeFalsy();
      } finally {
        await theirs.close();
      }
    } finally {
      await mcp.close();
    }
  });
});
