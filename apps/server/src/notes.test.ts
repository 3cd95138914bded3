// Bookmarks and notes through both doors against the real server: what one door writes the other
// reads, another learner's ids answer 404 / a tool error, and bad input is a 4xx problem.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { connectMcp, mcpLearner, type McpTestClient, type ToolResult } from './testing/mcp-clients.ts';
import type { Browser } from './testing/browser.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = 'mini-course';

const ok = (r: ToolResult) => {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent as Record<string, any>;
};
const failed = (r: ToolResult) => {
  expect(r.isError).toBe(true);
  const text = r.content.map((c) => c.text ?? '').join(' ');
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
  return text;
};

/** The REST door as the learner's web session (cookie; Origin on unsafe methods). */
function rest(browser: Browser) {
  return async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await browser.fetch(`/api/v1${path}`, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
  };
}

describe.each(testDatabases())('notes and bookmarks through both doors on $name', (database) => {
  let server: TestServer;
  let ada: Awaited<ReturnType<typeof mcpLearner>>;
  let bob: Awaited<ReturnType<typeof mcpLearner>>;
  let adaMcp: McpTestClient;
  let bobMcp: McpTestClient;
  let adaRest: ReturnType<typeof rest>;
  let bobRest: ReturnType<typeof rest>;
  let welcome: { markdown: string; sections: { anchor: string; heading: string }[] };

  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
    ada = await mcpLearner(server, { email: `ada-notes-${database.name}@example.com` });
    bob = await mcpLearner(server, { email: `bob-notes-${database.name}@example.com` });
    adaMcp = await connectMcp('v2', server.url, ada.token);
    bobMcp = await connectMcp('v1', server.url, bob.token);
    adaRest = rest(ada.browser);
    bobRest = rest(bob.browser);
    welcome = (await adaRest('GET', `/courses/${C}/steps/welcome`)).body;
  }, 240_000);

  afterAll(async () => {
    await adaMcp?.close().catch(() => undefined);
    await bobMcp?.close().catch(() => undefined);
    await server?.close();
  });

  it('bookmarks: added on MCP, listed on REST and the other way round, newest first; removed on either door', async () => {
    const anchor = welcome.sections.find((s) => s.heading === 'Why context windows matter')!.anchor;
    const viaMcp = ok(await adaMcp.call('add_bookmark', { courseId: C, stepId: 'welcome', anchor }));
    expect(viaMcp).toMatchObject({ created: true, bookmark: { stepId: 'welcome', anchor, heading: 'Why context windows matter' } });
    expect((await adaRest('GET', `/me/courses/${C}/bookmarks`)).body.bookmarks).toEqual([viaMcp.bookmark]);

    const again = await adaRest('POST', '/me/bookmarks', { courseId: C, stepId: 'welcome', anchor });
    expect(again).toMatchObject({ status: 200, body: { created: false, bookmark: viaMcp.bookmark } });
    const viaRest = await adaRest('POST', '/me/bookmarks', { courseId: C, stepId: 'history' });
    expect(viaRest).toMatchObject({ status: 201, body: { created: true, bookmark: { stepId: 'history', anchor: null } } });
    const listed = ok(await adaMcp.call('list_bookmarks', { courseId: C }));
    expect(listed.bookmarks.map((b: { stepId: string }) => b.stepId)).toEqual(['history', 'welcome']);

    // The learner's xAPI export says each new bookmark once (Activity Streams "save"; the repeated add says nothing).
    const saved = (await adaRest('GET', '/me/events/xapi?limit=500')).body.statements.filter((s: { verb: { id: string } }) => s.verb.id === 'http://activitystrea.ms/schema/1.0/save');
    expect(saved.map((s: { object: { id: string } }) => s.object.id.split('/').at(-1)).sort()).toEqual(['history', 'welcome']);
    expect(saved[0]).toMatchObject({ verb: { display: { 'en-US': 'saved' } }, object: { definition: { type: 'http://adlnet.gov/expapi/activities/lesson' } } });
    expect(JSON.stringify((await bobRest('GET', '/me/events/xapi?limit=500')).body)).not.toContain('schema/1.0/save');

    // Bob sees none of them and cannot remove them.
    expect(ok(await bobMcp.call('list_bookmarks', { courseId: C })).bookmarks).toEqual([]);
    expect(failed(await bobMcp.call('remove_bookmark', { bookmarkId: viaRest.body.bookmark.id }))).toMatch(/not found/i);
    expect((await bobRest('DELETE', `/me/bookmarks/${viaMcp.bookmark.id}`)).status).toBe(404);

    ok(await adaMcp.call('remove_bookmark', { bookmarkId: viaRest.body.bookmark.id }));
    expect((await adaRest('DELETE', `/me/bookmarks/${viaMcp.bookmark.id}`)).status).toBe(204);
    expect((await adaRest('GET', `/me/courses/${C}/bookmarks`)).body.bookmarks).toEqual([]);
    expect(failed(await adaMcp.call('remove_bookmark', { bookmarkId: viaMcp.bookmark.id }))).toMatch(/not found/i);
  });

  it('notes: written on REST with a highlight, found and edited on MCP, deleted on REST; search finds only own notes', async () => {
    const anchor = welcome.sections.find((s) => s.heading === 'Why context windows matter')!.anchor;
    const quote = 'the oldest\nparts must be dropped or summarised';
    const start = welcome.markdown.indexOf(quote);
    expect(start).toBeGreaterThan(0);
    const created = await adaRest('POST', '/me/notes', { courseId: C, stepId: 'welcome', markdown: 'RAG could fetch the **dropped** parts back', highlight: { sectionAnchor: anchor, quote, start, end: start + quote.length } });
    expect(created).toMatchObject({ status: 201, body: { stepTitle: 'Welcome to tokens', highlight: { quote, start, status: 'anchored' } } });
    await bobRest('POST', '/me/notes', { courseId: C, stepId: 'welcome', markdown: 'Bob on RAG' });

    const found = ok(await adaMcp.call('search_notes', { query: 'rag' }));
    expect(found.notes).toEqual([created.body]);
    const edited = ok(await adaMcp.call('update_note', { noteId: created.body.id, markdown: 'RAG: retrieval augmented generation' }));
    expect(edited).toMatchObject({ id: created.body.id, markdown: 'RAG: retrieval augmented generation', highlight: { quote } });
    expect((await adaRest('GET', `/me/notes/${created.body.id}`)).body).toEqual(edited);
    expect((await adaRest('GET', '/me/notes?q=retrieval%20RAG')).body.notes.map((n: { id: string }) => n.id)).toEqual([created.body.id]);
    expect((await adaRest('GET', `/me/notes?courseId=${C}&stepId=history`)).body.notes).toEqual([]);
    const exported = await adaRest('GET', '/me/export/notes');
    expect(exported.body).toMatchObject({ format: 'course-companion.notes/1', notes: [edited] });
    expect(JSON.stringify(exported.body)).not.toContain('Bob on RAG');

    // Bob cannot read, edit or delete it on either door: the same answer as for an id that never existed.
    const never = '00000000-0000-4000-8000-000000000000';
    for (const id of [created.body.id, never]) {
      expect((await bobRest('GET', `/me/notes/${id}`)).status).toBe(404);
      expect((await bobRest('PATCH', `/me/notes/${id}`, { markdown: 'mine now' })).status).toBe(404);
      expect((await bobRest('DELETE', `/me/notes/${id}`)).status).toBe(404);
      expect(failed(await bobMcp.call('update_note', { noteId: id, markdown: 'mine now' }))).toMatch(/not found/i);
      expect(failed(await bobMcp.call('delete_note', { noteId: id }))).toMatch(/not found/i);
    }
    expect((await bobRest('GET', '/me/notes?q=retrieval')).body.notes).toEqual([]);
    expect(ok(await bobMcp.call('search_notes', { query: 'retrieval' })).notes).toEqual([]);

    expect((await adaRest('DELETE', `/me/notes/${created.body.id}`)).status).toBe(204);
    expect(ok(await adaMcp.call('list_notes', { courseId: C })).notes).toEqual([]);
  });

  it('bad input: problem documents on REST (404 unknown step, 422 oversize or misquoted, 400 bad ids), tool errors on MCP, never a 500', async () => {
    const post = (body: unknown) => adaRest('POST', '/me/notes', body);
    const unknown = await post({ courseId: C, stepId: 'no-such-step', markdown: 'x' });
    expect(unknown).toMatchObject({ status: 404, type: expect.stringContaining('application/problem+json') });
    expect((await adaRest('POST', '/me/bookmarks', { courseId: 'no-such-course', stepId: 'welcome' })).status).toBe(404);
    const oversize = await post({ courseId: C, stepId: 'welcome', markdown: 'x'.repeat(10_001) });
    expect(oversize).toMatchObject({ status: 422, type: expect.stringContaining('application/problem+json') });
    expect(JSON.stringify(oversize.body)).toContain('10000');
    expect((await post({ courseId: C, stepId: 'welcome', markdown: 'ok', highlight: { sectionAnchor: null, quote: 'not in the step', start: 0, end: 15 } })).status).toBe(422);
    expect((await post({ courseId: C, stepId: 'welcome', markdown: 'ok', extra: 1 })).status).toBe(422);
    expect((await post({ courseId: '../etc/passwd', stepId: 'welcome', markdown: 'ok' })).status).toBe(422);
    expect((await adaRest('POST', '/me/notes', undefined, '{"courseId": ')).status).toBe(400);
    expect((await adaRest('POST', '/me/notes', undefined, JSON.stringify({ courseId: C, stepId: 'welcome', markdown: 'nul \u0000 here' }))).status).toBe(400);
    expect((await adaRest('POST', '/me/notes', undefined, `{"courseId":"${C}","stepId":"welcome","markdown":"${'y'.repeat(1_100_000)}"}`)).status).toBe(413);
    expect((await adaRest('GET', '/me/notes/not-a-uuid')).status).toBe(400);
    expect((await adaRest('GET', `/me/notes?q=${'q'.repeat(201)}`)).status).toBe(400);
    expect((await adaRest('POST', '/me/bookmarks', { courseId: C, stepId: 'welcome', anchor: '<script>alert(1)</script>' })).status).toBe(422);
    // Premium step for a free learner: 402 (nothing stored).
    expect((await adaRest('POST', '/me/bookmarks', { courseId: C, stepId: 'applying-tokens' })).status).toBe(402);

    // Hostile strings are stored and returned verbatim as data (rendering is the client's job).
    const hostile = `<img src=x onerror=alert(1)> ' OR 1=1 -- %_\\ 🧠`;
    const note = await post({ courseId: C, stepId: 'welcome', markdown: hostile });
    expect(note).toMatchObject({ status: 201, body: { markdown: hostile } });
    expect((await adaRest('GET', `/me/notes?q=${encodeURIComponent("' OR 1=1")}`)).body.notes.map((n: { id: string }) => n.id)).toEqual([note.body.id]);

    failed(await adaMcp.call('add_note', { courseId: C, stepId: 'welcome', markdown: 'x'.repeat(10_001) }));
    expect(failed(await adaMcp.call('add_note', { courseId: C, stepId: 'no-such-step', markdown: 'x' }))).toMatch(/not found/i);
    failed(await adaMcp.call('update_note', { noteId: 'not-a-uuid', markdown: 'x' }));
    failed(await adaMcp.call('add_bookmark', { courseId: C, stepId: 'welcome', anchor: 'no-such-heading' }));
  });

  it('achievements: concurrent completions and reads on both doors award each milestone once, with one date seen by both', async () => {
    const carl = await mcpLearner(server, { email: `carl-notes-${database.name}@example.com` });
    const carlMcp = await connectMcp('v2', server.url, carl.token);
    const carlRest = rest(carl.browser);
    try {
      const before = ok(await carlMcp.call('get_achievements', { courseId: C }));
      expect(before).toMatchObject({ earned: 0, total: 11 });
      expect(before.achievements.slice(-2).map((a: { id: string }) => a.id)).toEqual(['warmed-up', 'basics-passed']);
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () => carlRest('POST', `/me/courses/${C}/steps/welcome/complete`)),
        ...Array.from({ length: 4 }, () => carlRest('GET', `/me/courses/${C}/achievements`)),
        ...Array.from({ length: 4 }, () => carlMcp.call('get_achievements', { courseId: C })),
      ]);
      for (const r of results.slice(0, 8)) expect((r as { status: number }).status).toBe(200);
      const viaRest = (await carlRest('GET', `/me/courses/${C}/achievements`)).body;
      const viaMcp = ok(await carlMcp.call('get_achievements', { courseId: C }));
      expect(viaMcp).toEqual(viaRest);
      const firstStep = viaRest.achievements.find((a: { id: string }) => a.id === 'first-step');
      expect(firstStep).toMatchObject({ earned: true, awardedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      const { rows } = await sql<{ id: string; n: number }>`
        select achievement_id as id, count(*)::int as n from achievement where learner_id = ${carl.learnerId} group by achievement_id`.execute(server.runtime.database.db);
      expect(rows).toEqual([{ id: 'first-step', n: 1 }]);
      // A course achievement (achievements.yaml): half-way after one of its two steps, awarded once after both.
      expect(viaRest.achievements.find((a: { id: string }) => a.id === 'warmed-up')).toMatchObject({ earned: false, progress: { current: 1, target: 2 } });
      expect((await carlRest('POST', `/me/courses/${C}/steps/first-exercise/complete`)).status).toBe(200);
      await Promise.all([carlRest('GET', `/me/courses/${C}/achievements`), carlMcp.call('get_achievements', { courseId: C })]);
      const after = ok(await carlMcp.call('get_achievements', { courseId: C }));
      expect(after.achievements.find((a: { id: string }) => a.id === 'warmed-up')).toMatchObject({ earned: true, scope: 'course', progress: { current: 2, target: 2 } });
      const { rows: warmed } = await sql<{ n: number }>`
        select count(*)::int as n from achievement where learner_id = ${carl.learnerId} and achievement_id = 'warmed-up'`.execute(server.runtime.database.db);
      expect(warmed).toEqual([{ n: 1 }]);
    } finally {
      await carlMcp.close();
    }
  });

  it('anonymous callers are refused on both doors', async () => {
    expect((await fetch(`${server.url}/api/v1/me/notes`)).status).toBe(401);
    const anon = await connectMcp('v2', server.url);
    try {
      expect(failed(await anon.call('list_notes', {}))).toMatch(/sign in/i);
    } finally {
      await anon.close();
    }
  });
});
