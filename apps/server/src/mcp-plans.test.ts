// The plan tools (create_plan, get_plan, list_plans, retry_plan) through the v2 MCP client against
// the real server, whose real worker and provider client talk to a scripted OpenAI-compatible
// server on loopback. The same plans are read over REST: one core, two doors.
import { startFakeOpenAI, streamOf, type FakeOpenAI } from '@cc/planner/testing';
import { testDatabases } from '@cc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './testing/browser.ts';
import { connectMcp, mcpLearner, type McpTestClient, type ToolResult } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = 'mini-course';
const PASSWORD = 'correct horse battery';
const validPlan = JSON.stringify({
  modules: [
    {
      order: 1,
      title: 'Foundations',
      summary: 'What a model reads',
      effortMinutes: 60,
      tasks: [
        { order: 1, title: 'Read the welcome', stepId: 'welcome', effortMinutes: 15 },
        { order: 2, title: 'Where it came from', stepId: 'history', effortMinutes: 20 },
      ],
    },
    { order: 2, title: 'Practice', summary: 'Use it', effortMinutes: 45, tasks: [{ order: 1, title: 'First exercise', stepId: 'first-exercise', effortMinutes: 30 }] },
  ],
});
// Refers to a step the course does not have: a validation failure, nothing of it is kept.
const ungroundedPlan = JSON.stringify({
  modules: [{ order: 1, title: 'Made up', summary: 'x', effortMinutes: 60, tasks: [{ order: 1, title: 'Imaginary', stepId: 'no-such-step', effortMinutes: 20 }] }],
});

const ok = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.structuredContent ?? r.content)).toBeFalsy();
  expect(r.content[0]?.type).toBe('text');
  return r.structuredContent as Record<string, any>;
};
const failed = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.structuredContent)).toBe(true);
  const text = r.content.map((c) => c.text ?? '').join(' ');
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
  return { text, error: (r.structuredContent as { error?: Record<string, any> } | undefined)?.error ?? {} };
};

/** Polls get_plan until the plan leaves pending (the test's timeout bounds it). */
async function settled(mcp: McpTestClient, planId: string) {
  for (;;) {
    const plan = ok(await mcp.call('get_plan', { planId }));
    if (plan.status !== 'pending') return plan;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testDatabases())('MCP plan tools on $name', (database) => {
  let server: TestServer;
  let fake: FakeOpenAI;
  const clients: McpTestClient[] = [];
  const learners: Record<'ada' | 'bob' | 'cat' | 'dan', { learnerId: string; token: string; email: string }> = {} as never;
  const connect = async (token?: string, on: TestServer = server) => {
    const c = await connectMcp('v2', on.url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.script(streamOf(validPlan));
    server = await startTestServer({
      database: await database.open(),
      planner: {
        config: { baseUrl: fake.baseUrl, apiKey: 'test', model: 'fake-model', prices: { inputPerMTok: 1, outputPerMTok: 2 }, dailyLimit: 3, concurrency: 1, leaseSeconds: 30 },
        pollMs: 50,
      },
    });
    for (const [name, tier] of [['ada', 'pro'], ['bob', 'pro'], ['cat', 'premium'], ['dan', 'pro']] as const) {
      const email = `${name}-plans-${database.name}@example.com`;
      learners[name] = { ...(await mcpLearner(server, { email, tier })), email };
    }
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await server?.close();
    await fake?.close();
  });

  it('create_plan answers at once with the pending plan; get_plan follows it to ready, with tasks on real steps; REST shows the same plan', async () => {
    const mcp = await connect(learners.ada.token);
    const created = ok(await mcp.call('create_plan', { courseId: C, topic: 'How models read text', notes: 'Two evenings a week' }));
    expect(created).toMatchObject({ status: 'pending', topic: 'How models read text', notes: 'Two evenings a week', modules: [], attempts: expect.any(Number), maxAttempts: 3, error: null });

    const ready = await settled(mcp, created.id);
    expect(ready).toMatchObject({ id: created.id, status: 'ready', attempts: 1, retryable: false, error: null });
    expect(ready.modules.map((m: { order: number; title: string }) => [m.order, m.title])).toEqual([[1, 'Foundations'], [2, 'Practice']]);
    // Grounded: every task's step is a step of the course the outline lists.
    const outline = ok(await mcp.call('get_course_outline', { courseId: C }));
    const steps = new Set(outline.chapters.flatMap((ch: { steps: { id: string }[] }) => ch.steps.map((s) => s.id)));
    const taskSteps = ready.modules.flatMap((m: { tasks: { stepId: string | null }[] }) => m.tasks.map((t) => t.stepId));
    expect(taskSteps).toEqual(['welcome', 'history', 'first-exercise']);
    for (const step of taskSteps) expect(steps.has(step)).toBe(true);
    // The provider was asked with the course's real step ids.
    expect(JSON.stringify(fake.requests.at(-1))).toContain('first-exercise');

    const list = ok(await mcp.call('list_plans'));
    expect(list.plans).toEqual([{ id: created.id, courseId: C, topic: 'How models read text', status: 'ready', createdAt: created.createdAt }]);

    // The web door, signed in as the same account, reads the same plan.
    const web = new Browser(server.url);
    expect((await web.json('/api/auth/sign-in/email', { email: learners.ada.email, password: PASSWORD })).status).toBe(200);
    const rest = await web.fetch(`/api/v1/plans/${created.id}`, { headers: { accept: 'application/json' } });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual(ready);
    const restList = await web.fetch('/api/v1/plans', { headers: { accept: 'application/json' } });
    expect(((await restList.json()) as { plans: unknown }).plans).toEqual(list.plans);
  });

  it('the same idempotencyKey returns the same plan; reused for another request it is refused; the daily limit is a rate_limited error with retry-after', async () => {
    const mcp = await connect(learners.bob.token);
    const args = { courseId: C, topic: 'Attention', idempotencyKey: 'mcp-plan-key-0001' };
    const first = ok(await mcp.call('create_plan', args));
    const again = ok(await mcp.call('create_plan', args));
    expect(again.id).toBe(first.id);
    const reused = failed(await mcp.call('create_plan', { ...args, topic: 'Something else' }));
    expect(reused.error.kind).toBe('conflict');
    // Without a key, each call is a new plan (a key is generated per call).
    const second = ok(await mcp.call('create_plan', { courseId: C, topic: 'Sampling' }));
    const third = ok(await mcp.call('create_plan', { courseId: C, topic: 'Sampling' }));
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    const limited = failed(await mcp.call('create_plan', { courseId: C, topic: 'One more' }));
    expect(limited.error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(limited.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.text).toMatch(/retry after \d+ s/);
    expect(ok(await mcp.call('list_plans')).plans).toHaveLength(3);
    for (const id of [first.id, second.id, third.id]) expect((await settled(mcp, id)).status).toBe('ready');
  });

  it('a learner below pro gets the upgrade error; nobody reaches another learner\'s plan', async () => {
    const ada = await connect(learners.ada.token);
    const adaPlan = ok(await ada.call('list_plans')).plans[0] as { id: string };
    const cat = await connect(learners.cat.token);
    const upgrade = failed(await cat.call('create_plan', { courseId: C, topic: 'Tokens' }));
    expect(upgrade.error).toMatchObject({ kind: 'payment_required', requiredTier: 'pro' });
    expect(upgrade.text).toMatch(/pro tier/);
    expect(upgrade.text).toMatch(/upgrade/);
    expect(ok(await cat.call('list_plans')).plans).toEqual([]);

    for (const client of [cat, await connect(learners.bob.token)]) {
      for (const tool of ['get_plan', 'retry_plan']) {
        const r = failed(await client.call(tool, { planId: adaPlan.id }));
        expect(r.error.kind, tool).toBe('not_found');
        expect(r.text).toMatch(/not found.*list_plans/);
        expect(r.text).not.toContain(learners.ada.learnerId);
      }
      expect(ok(await client.call('list_plans')).plans.map((p: { id: string }) => p.id)).not.toContain(adaPlan.id);
    }
    // Ada's plan is untouched (no attempt was queued by the others' retry).
    expect(ok(await ada.call('get_plan', { planId: adaPlan.id }))).toMatchObject({ status: 'ready', attempts: 1 });
  });

  it('a failed plan says so with a reference; retry_plan generates it again; a ready plan is not retried', async () => {
    fake.script(streamOf(ungroundedPlan));
    const mcp = await connect(learners.dan.token);
    const created = ok(await mcp.call('create_plan', { courseId: C, topic: 'Context windows' }));
    const failedPlan = await settled(mcp, created.id);
    // The learner sees the failure class and a reference, never the provider's output or the validator's words.
    expect(failedPlan).toMatchObject({ status: 'failed', retryable: true, attempts: 1, modules: [], error: { reason: 'validation', correlationId: expect.any(String) } });
    expect(JSON.stringify(failedPlan)).not.toMatch(/no-such-step|unknown step/i);
    fake.script(streamOf(validPlan));
    const retried = ok(await mcp.call('retry_plan', { planId: created.id }));
    expect(retried).toMatchObject({ id: created.id, status: 'pending' });
    expect(await settled(mcp, created.id)).toMatchObject({ status: 'ready', attempts: 2 });
    const again = failed(await mcp.call('retry_plan', { planId: created.id }));
    expect(again.error.kind).toBe('conflict');
    expect(again.text).toMatch(/ready/);
  });

  it('hostile input: an oversized topic is cut and flagged; bad arguments are tool errors, never protocol errors', async () => {
    const mcp = await connect(learners.dan.token);
    const long = ok(await mcp.call('create_plan', { courseId: C, topic: 'Tokens '.repeat(40), notes: 'n'.repeat(2500) }));
    expect(long.topic.length).toBeLessThanOrEqual(200);
    expect(long.notes).toHaveLength(2000);
    expect(long.input).toEqual({ topicLength: 279, notesLength: 2500, topicTruncated: true, notesTruncated: true });
    await settled(mcp, long.id);

    const hostile: [string, Record<string, unknown>, RegExp][] = [
      ['create_plan', { courseId: C, topic: 'x'.repeat(25_000) }, /topic/],
      ['create_plan', { courseId: 42, topic: ['a'] }, /courseId|topic/],
      ['create_plan', { courseId: C }, /topic/],
      ['create_plan', { courseId: C, topic: '   ' }, /topic/],
      ['create_plan', { courseId: C, topic: 'x', extra: true }, /extra|unrecognized/i],
      ['create_plan', { courseId: C, topic: 'x', idempotencyKey: 'short' }, /idempotencyKey/],
      ['create_plan', { courseId: C, topic: 'x', notes: { __proto__: { polluted: true } } }, /notes/],
      ['create_plan', { courseId: 'no-such-course', topic: 'x' }, /not found/],
      ['get_plan', { planId: 'not-a-uuid' }, /planId/],
      ['get_plan', { planId: '00000000-0000-4000-8000-000000000000' }, /not found/],
      ['retry_plan', { planId: "1' OR '1'='1" }, /planId/],
      ['list_plans', { limit: 1e9 }, /limit/],
    ];
    for (const [tool, args, pattern] of hostile) expect(failed(await mcp.call(tool, args)).text, `${tool} ${JSON.stringify(args).slice(0, 80)}`).toMatch(pattern);
  });

  it('anonymous callers get the sign-in challenge on every plan tool', async () => {
    const mcp = await connect();
    for (const [tool, args] of [['create_plan', { courseId: C, topic: 'x' }], ['get_plan', { planId: '00000000-0000-4000-8000-000000000000' }], ['list_plans', {}], ['retry_plan', { planId: '00000000-0000-4000-8000-000000000000' }]] as const) {
      const r = await mcp.call(tool, args);
      expect(failed(r).text, tool).toMatch(/sign in/i);
      expect((r._meta?.['mcp/www_authenticate'] as string[])[0], tool).toMatch(/scope="learn"/);
    }
  });
});

describe.each(testDatabases())('MCP plan tools without a plan generator on $name', (database) => {
  let server: TestServer;
  let mcp: McpTestClient;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), planner: false });
    const { token } = await mcpLearner(server, { email: `eve-noplanner-${database.name}@example.com`, tier: 'pro' });
    mcp = await connectMcp('v2', server.url, token);
  }, 180_000);
  afterAll(async () => {
    await mcp?.close().catch(() => undefined);
    await server?.close();
  });

  it('every plan tool answers the unavailable tool error, and the other tools work', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [tool, args] of [['create_plan', { courseId: C, topic: 'x' }], ['get_plan', { planId: id }], ['list_plans', {}], ['retry_plan', { planId: id }]] as const) {
      const r = failed(await mcp.call(tool, args));
      expect(r.error, tool).toMatchObject({ kind: 'unavailable', temporary: false });
      expect(r.text, tool).toMatch(/not available on this server/);
    }
    expect(ok(await mcp.call('whoami'))).toMatchObject({ tier: 'pro' });
    expect(ok(await mcp.call('list_courses')).courses.length).toBeGreaterThan(0);
  });
});
