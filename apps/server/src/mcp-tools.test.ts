// Every MCP tool through both SDK lines (v2 @modelcontextprotocol/client and v1
// @modelcontextprotocol/sdk) against the real server: anonymously, with a token, with another
// learner's ids, and with hostile arguments (always a tool error, never a JSON-RPC error or a stack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderSkillLibrary, renderToolCatalog, toolNames, TOOLS } from '@cc/mcp';
import { repoSkillsDir } from './config.ts';
import { testDatabases } from '@cc/db/testing';
import { connectMcp, mcpLearner, rpcResult, type McpTestClient, type SdkLine, type ToolResult } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = 'mini-course';
const PUBLIC = ['list_courses', 'get_course_outline', 'search_course', 'lookup_term', 'lookup_mistake', 'load_skill'];
const EITHER = ['open_step', 'check_step_access'];

const UUID = '00000000-0000-4000-8000-000000000000';
/** Well-formed arguments for each tool that needs some (what a host would send). */
const VALID_ARGS: Record<string, Record<string, unknown>> = {
  next_step: { courseId: C, stepId: 'welcome' },
  previous_step: { courseId: C, stepId: 'history' },
  resume_course: { courseId: C },
  complete_step: { courseId: C, stepId: 'welcome' },
  start_quiz: { courseId: C, quizId: 'welcome-check' },
  get_quiz_attempt: { attemptId: UUID },
  reveal_hint: { attemptId: UUID, questionId: 'q' },
  submit_quiz: { attemptId: UUID, answers: {} },
  get_progress: { courseId: C },
  get_mastery: { courseId: C },
  get_learning_path: { courseId: C },
  answer_review: { cardId: UUID, answer: { type: 'true_false', value: true } },
  create_plan: { courseId: C, topic: 'Tokens' },
  get_plan: { planId: UUID },
  retry_plan: { planId: UUID },
  add_bookmark: { courseId: C, stepId: 'welcome' },
  list_bookmarks: { courseId: C },
  remove_bookmark: { bookmarkId: UUID },
  add_note: { courseId: C, stepId: 'welcome', markdown: 'A note' },
  search_notes: { query: 'token' },
  update_note: { noteId: UUID, markdown: 'Edited' },
  delete_note: { noteId: UUID },
  get_achievements: { courseId: C },
  update_profile: { profile: { softwareExperience: 'beginner', mathsBackground: 'basic', goals: ['build'], weeklyMinutes: 60, timeZone: 'UTC', depth: 'standard' } },
};

const SKILLS = ['concept-explainer', 'quiz-master', 'socratic-tutor', 'progress-motivator', 'triage', 'debug-helper', 'exercise-coach', 'study-planner'];

const ok = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  expect(r.structuredContent).toBeDefined();
  expect(r.content[0]?.type).toBe('text');
  return r.structuredContent as Record<string, any>;
};
const failed = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.structuredContent)).toBe(true);
  const text = r.content.map((c) => c.text ?? '').join(' ');
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/); // no stack trace
  return text;
};
const challengeOf = (r: ToolResult) => (r._meta?.['mcp/www_authenticate'] as string[] | undefined)?.[0] ?? '';

describe.each(testDatabases())('MCP tools on $name', (database) => {
  let server: TestServer;
  let noScope: { learnerId: string; token: string };
  const clients: McpTestClient[] = [];
  const connect = async (line: SdkLine, token?: string) => {
    const c = await connectMcp(line, server.url, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const skills = await FolderSkillLibrary.load(repoSkillsDir, { knownTools: toolNames() });
    server = await startTestServer({ database: await database.open(), skills });
    noScope = await mcpLearner(server, { email: `eve-${database.name}@example.com`, scope: 'openid profile' });
  }, 180_000);
  it('serves skills/list and skills/get of the skills extension', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(body) });
    const list = await rpcResult<{ skills: { uri: string; frontmatter: { name: string } }[] }>(await post({ jsonrpc: '2.0', id: 1, method: 'skills/list', params: {} }));
    expect(list.skills.map((s) => s.frontmatter.name).sort()).toEqual([...SKILLS].sort());
    expect(list.skills.map((s) => s.uri)).toContain('skill://quiz-master/SKILL.md');
  });

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await server?.close();
  });

  describe.each(['v2', 'v1'] as const)('with the %s client', (line) => {
    let ada: { learnerId: string; token: string };
    let bob: { learnerId: string; token: string };
    beforeAll(async () => {
      ada = await mcpLearner(server, { email: `ada-${line}@example.com`, tier: 'premium' });
      bob = await mcpLearner(server, { email: `bob-${line}@example.com` });
    }, 180_000);

    it('lists every tool with a title, all four hints, security schemes and object schemas', async () => {
      const mcp = await connect(line);
      const tools = await mcp.listTools();
      expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
      // What clients list is what contracts/mcp-tools.json publishes.
      const published = JSON.parse(renderToolCatalog()).tools as typeof tools;
      for (const [i, t] of tools.entries()) {
        expect(t.annotations, t.name).toEqual(published[i]!.annotations);
        // Published: the security schemes; live tools add the widget links (content-hashed URIs, see @cc/widgets).
        expect(t._meta, t.name).toMatchObject(published[i]!._meta!);
        expect(t.inputSchema, t.name).toMatchObject(published[i]!.inputSchema);
      }
      for (const t of tools) {
        expect(t.title, t.name).toBeTruthy();
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe('boolean');
        expect(t.inputSchema.type).toBe('object');
        expect(t.outputSchema?.type, t.name).toBe('object');
        const schemes = (t._meta?.securitySchemes as { type: string }[]).map((s) => s.type);
        expect(schemes, t.name).toEqual(PUBLIC.includes(t.name) ? ['noauth'] : EITHER.includes(t.name) ? ['noauth', 'oauth2'] : ['oauth2']);
      }
    });

    it('anonymous: browses courses, outline (with quiz ids), search with citations, glossary and mistakes', async () => {
      const mcp = await connect(line);
      expect(ok(await mcp.call('list_courses')).courses).toContainEqual(expect.objectContaining({ id: C }));
      const outline = ok(await mcp.call('get_course_outline', { courseId: C }));
      expect(outline.chapters[0].steps[0]).toMatchObject({ id: 'welcome', quizId: 'welcome-check' });
      const search = ok(await mcp.call('search_course', { query: 'token', courseId: C }));
      expect(search.hits.length).toBeGreaterThan(0);
      expect(search.hits[0].citation).toMatch(new RegExp(`^${C}/[a-z0-9-]+(#|$)`));
      const term = ok(await mcp.call('lookup_term', { courseId: C, term: 'tokeniser' }));
      expect(term.best).toMatchObject({ id: 'tokenizer', steps: [{ id: 'history' }, expect.anything()] });
      const mistake = ok(await mcp.call('lookup_mistake', { courseId: C, query: "This model's maximum context length is 4097 tokens" }));
      expect(mistake.best).toMatchObject({ id: 'context-length-exceeded', fix: expect.any(String) });
      expect(ok(await mcp.call('lookup_term', { courseId: C, term: 'zebra' })).best).toBeNull();
    });

    it('anonymous: opens a free step without recording it; premium and locked steps answer with a sign-in challenge', async () => {
      const mcp = await connect(line);
      const step = ok(await mcp.call('open_step', { courseId: C, stepId: 'welcome' }));
      expect(step).toMatchObject({ completed: null, step: { id: 'welcome', quizId: 'welcome-check' } });
      expect(step.markdown.length).toBeGreaterThan(0);
      const premium = await mcp.call('open_step', { courseId: C, stepId: 'applying-tokens' });
      failed(premium);
      expect(challengeOf(premium)).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
      expect(JSON.stringify(premium)).not.toContain('## '); // none of the content
      expect(ok(await mcp.call('check_step_access', { courseId: C, stepId: 'applying-tokens' })).access).toMatchObject({ allowed: false });
    });

    it('anonymous: every signed-in tool answers with the mcp/www_authenticate challenge', async () => {
      const mcp = await connect(line);
      for (const tool of TOOLS.filter((t) => t.access === 'signed-in')) {
        const r = await mcp.call(tool.name, VALID_ARGS[tool.name] ?? {});
        expect(failed(r), tool.name).toMatch(/sign in/i);
        expect(challengeOf(r), tool.name).toMatch(/^Bearer resource_metadata="[^"]+", error="insufficient_scope", scope="learn"/);
      }
    });

    it('search shows premium passages as citation and title only to anonymous and free callers, in full to premium learners', async () => {
      const premiumHits = async (token?: string) =>
        ok(await (await connect(line, token)).call('search_course', { query: 'prompt costs', courseId: C })).hits.filter(
          (h: { chapterId: string }) => h.chapterId === 'practice',
        ) as { premium: boolean; snippet: string; citation: string; stepTitle: string }[];
      for (const token of [undefined, bob.token]) {
        const hits = await premiumHits(token);
        expect(hits.length).toBeGreaterThan(0);
        for (const h of hits) expect(h).toMatchObject({ premium: true, snippet: '', highlights: [], stepTitle: 'Estimating cost from tokens' });
      }
      const full = await premiumHits(ada.token);
      expect(full.length).toBeGreaterThan(0);
      for (const h of full) expect(h.snippet).not.toBe('');
    });

    it('a token without the learn scope is treated as anonymous: public tools work, signed-in tools challenge', async () => {
      const mcp = await connect(line, noScope.token);
      ok(await mcp.call('list_courses'));
      const r = await mcp.call('whoami');
      failed(r);
      expect(challengeOf(r)).toContain('insufficient_scope');
    });

    it('with a token: the whole learner journey', async () => {
      const mcp = await connect(line, ada.token);
      expect(ok(await mcp.call('whoami'))).toEqual({ learnerId: ada.learnerId, tier: 'premium' });
      const profile = { softwareExperience: 'beginner', mathsBackground: 'basic', goals: ['build'], weeklyMinutes: 120, timeZone: 'Europe/Paris', depth: 'standard' };
      expect(ok(await mcp.call('update_profile', { profile })).learner.profile).toEqual(profile);
      expect(ok(await mcp.call('get_profile')).learner.profile).toEqual(profile);

      const step = ok(await mcp.call('open_step', { courseId: C, stepId: 'first-exercise' }));
      expect(step.completed).toBe(false);
      expect(ok(await mcp.call('get_progress', { courseId: C })).resume).toMatchObject({ id: 'first-exercise' });
      expect(ok(await mcp.call('resume_course', { courseId: C })).step.id).toBe('first-exercise');
      expect(ok(await mcp.call('next_step', { courseId: C, stepId: 'first-exercise' })).step.id).toBe('history');
      expect(ok(await mcp.call('previous_step', { courseId: C, stepId: 'history' })).step.id).toBe('first-exercise');
      expect(failed(await mcp.call('previous_step', { courseId: C, stepId: 'welcome' }))).toMatch(/first step/);
      const done = ok(await mcp.call('complete_step', { courseId: C, stepId: 'first-exercise' }));
      expect(done).toMatchObject({ completed: true, next: { id: 'history' } });
      expect(ok(await mcp.call('complete_step', { courseId: C, stepId: 'first-exercise' })).newlyCompleted).toBe(false);
      expect(failed(await mcp.call('complete_step', { courseId: C, stepId: 'basics-checkpoint' }))).toMatch(/passing its quiz/);

      const open = ok(await mcp.call('start_quiz', { courseId: C, quizId: 'welcome-check' }));
      expect(JSON.stringify(open)).not.toMatch(/"correct"|"answer"|"explanation"|"feedback"/);
      expect(ok(await mcp.call('start_quiz', { courseId: C, quizId: 'welcome-check' })).attempt.id).toBe(open.attempt.id);
      const attemptId = open.attempt.id as string;
      const questions = open.quiz.questions as { id: string; type: string; options?: { id: string; text: string }[] }[];
      const hint = ok(await mcp.call('reveal_hint', { attemptId, questionId: questions[0]!.id }));
      expect(hint).toMatchObject({ index: 0, text: expect.any(String) });
      expect(ok(await mcp.call('get_quiz_attempt', { attemptId })).open.hints).toHaveLength(1);
      const answers = Object.fromEntries(
        questions.map((q) => [q.id, q.type === 'single' ? { type: 'single', optionId: q.options!.find((o) => o.text === 'Tokens')!.id } : { type: 'true_false', value: true }]),
      );
      const graded = ok(await mcp.call('submit_quiz', { attemptId, answers }));
      expect(graded).toMatchObject({ score: 100, passed: true });
      // A retry (same attempt) replays the grade rather than failing.
      expect(ok(await mcp.call('submit_quiz', { attemptId, answers })).score).toBe(100);
      expect(ok(await mcp.call('get_quiz_attempt', { attemptId })).graded).toMatchObject({ score: 100 });
      expect(failed(await mcp.call('reveal_hint', { attemptId, questionId: questions[0]!.id }))).toMatch(/already submitted/);

      expect(ok(await mcp.call('get_streak'))).toMatchObject({ current: 1, activeToday: true, timeZone: 'Europe/Paris' });
      expect(ok(await mcp.call('get_mastery', { courseId: C })).concepts.length).toBeGreaterThan(0);
      expect(ok(await mcp.call('get_learning_path', { courseId: C })).level).toBe('beginner');
      expect(ok(await mcp.call('check_step_access', { courseId: C, stepId: 'applying-tokens' })).access).toMatchObject({ allowed: false, reason: 'locked' });
      const due = ok(await mcp.call('get_due_reviews', { limit: 5 }));
      expect(Array.isArray(due.reviews)).toBe(true);
    });

    it("with another learner's ids: nothing of theirs is seen or changed", async () => {
      const adaClient = await connect(line, ada.token);
      const started = ok(await adaClient.call('start_quiz', { courseId: C, quizId: 'basics-checkpoint' }));
      const attemptId = started.attempt.id as string;
      const questionId = started.quiz.questions[0].id as string;
      const bobClient = await connect(line, bob.token);
      for (const [tool, args] of [
        ['get_quiz_attempt', { attemptId }],
        ['reveal_hint', { attemptId, questionId }],
        ['submit_quiz', { attemptId, answers: {} }],
      ] as const) {
        const text = failed(await bobClient.call(tool, args));
        expect(text, tool).toMatch(/not found/i);
        expect(text).not.toContain(ada.learnerId);
      }
      expect(ok(await adaClient.call('get_quiz_attempt', { attemptId })).open.hints).toEqual([]);
      expect(ok(await bobClient.call('whoami')).learnerId).toBe(bob.learnerId);
      expect(ok(await bobClient.call('get_progress', { courseId: C })).completion).toBe(0);
    });

    it('skills: the catalogue in the instructions, load_skill, one prompt each, skill:// resources', async () => {
      const mcp = await connect(line);
      const instructions = mcp.instructions() ?? '';
      const head = instructions.slice(0, 512);
      expect(head).toContain('load_skill');
      for (const name of SKILLS) expect(head, name).toContain(name);
      expect(head).toMatch(/never reveal answers/i);
      const skill = ok(await mcp.call('load_skill', { name: 'quiz-master' }));
      expect(skill).toMatchObject({ name: 'quiz-master', uri: 'skill://quiz-master/SKILL.md' });
      expect(skill.instructions).toContain('## Guardrails');
      expect(failed(await mcp.call('load_skill', { name: 'no-such-skill' }))).toContain('Known skills: concept-explainer');
      expect((await mcp.listPrompts()).map((p) => p.name).sort()).toEqual([...SKILLS].sort());
      const resources = (await mcp.listResources()).map((r) => r.uri);
      expect(resources).toContain('skill://triage/SKILL.md');
      const read = await mcp.readResource('skill://triage/SKILL.md');
      expect(read.contents[0]?.text).toMatch(/^---\nname: triage/);
    });

    it('hostile arguments: a tool error with a clear text, never a protocol error or a stack', async () => {
      const mcp = await connect(line, ada.token);
      const hostile: unknown[] = [
        { courseId: '../../etc/passwd' },
        { courseId: 'x'.repeat(10_000), stepId: 'welcome' },
        { courseId: 42, stepId: ['a'] },
        { attemptId: 'not-a-uuid', questionId: 'q' },
        { attemptId: '00000000-0000-4000-8000-000000000000', answers: { __proto__: { polluted: true }, x: { type: 'single', optionId: 'A B' } } },
        { cardId: '00000000-0000-4000-8000-000000000000', answer: { type: 'numeric', value: 'NaN' } },
        { profile: { weeklyMinutes: -1 } },
        { query: '', courseId: C },
        { name: '../quiz-master' },
        { limit: 1e9 },
      ];
      for (const tool of TOOLS) {
        if (tool.input.safeParse({}).success) continue; // no required argument: nothing hostile to send
        for (const args of hostile) {
          if (tool.input.safeParse(args).success) continue;
          failed(await mcp.call(tool.name, args as Record<string, unknown>));
        }
      }
      // A NUL character in an argument is a tool error naming it (mcp-hostile-input.test.ts sweeps the rest).
      expect(failed(await mcp.call('open_step', { courseId: C, stepId: 'wel\u0000come' }))).toMatch(/stepId/);
      expect(failed(await mcp.call('add_note', { courseId: C, stepId: 'welcome', markdown: 'nul \u0000 here' }))).toMatch(/markdown: contains a NUL character/);
      // Well-formed but unknown ids: not found, as a tool error.
      expect(failed(await mcp.call('open_step', { courseId: C, stepId: 'no-such-step' }))).toMatch(/not found/i);
      expect(failed(await mcp.call('get_course_outline', { courseId: 'no-such-course' }))).toMatch(/not found/i);
      expect(failed(await mcp.call('answer_review', { cardId: '00000000-0000-4000-8000-000000000000', answer: { type: 'true_false', value: true } }))).toMatch(/not found/i);
    }, 240_000); // every tool with every hostile argument: a few hundred calls
  });
});
