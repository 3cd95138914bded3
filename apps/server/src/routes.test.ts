// The REST door through the real server, over PGlite and (when configured) PostgreSQL.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsContentStore, splitFrontmatter } from '@cc/content';
import { testDatabases } from '@cc/db/testing';
import { contractsDir } from './contracts.ts';
import { rawRequest } from './testing/raw-request.ts';
import { fixturesDir, startTestServer, type TestServer } from './testing/test-server.ts';

const getJson = async <T = Record<string, unknown>>(url: string) => {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
};

const stepBody = async (chapter: string, step: string) => {
  const raw = await readFile(path.join(fixturesDir, 'mini-course/chapters', chapter, `${step}.md`), 'utf8');
  return splitFrontmatter(raw).body;
};

describe.each(testDatabases())('REST API on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
  });
  afterAll(() => server?.close());
  const api = (p: string) => `${server.url}/api/v1${p}`;

  it('lists the courses', async () => {
    const { status, body } = await getJson<{ courses: { id: string; chapterCount: number; stepCount: number }[] }>(api('/courses'));
    expect(status).toBe(200);
    expect(body.courses).toContainEqual(expect.objectContaining({ id: 'mini-course', chapterCount: 2, stepCount: 7 }));
  });

  it('serves the outline with chapters, steps, access and minutes', async () => {
    const { body } = await getJson<{ chapters: { id: string; access: string; minutes: number; steps: { id: string; minutes: number; level: string }[] }[] }>(
      api('/courses/mini-course'),
    );
    expect(body.chapters.map((c) => [c.id, c.access])).toEqual([
      ['basics', 'free'],
      ['practice', 'premium'],
    ]);
    expect(body.chapters[0]!.steps.map((s) => s.id)).toEqual(['welcome', 'first-exercise', 'history', 'basics-checkpoint']);
    for (const ch of body.chapters) {
      const core = ch.steps.filter((s) => s.level === 'core').reduce((n, s) => n + s.minutes, 0);
      expect(ch.minutes).toBe(core);
    }
  });

  it("serves a step's Markdown byte-for-byte as authored, with sections and neighbours", async () => {
    const { status, body } = await getJson<{
      markdown: string;
      sections: { anchor: string; heading: string }[];
      previous: { id: string } | null;
      next: { id: string } | null;
      step: { position: number };
    }>(api('/courses/mini-course/steps/first-exercise'));
    expect(status).toBe(200);
    expect(body.markdown).toBe(await stepBody('basics', 'first-exercise'));
    expect(body.sections.map((s) => s.anchor)).toContain('your-task');
    expect(body.previous?.id).toBe('welcome');
    expect(body.next?.id).toBe('history');
    expect(body.step.position).toBe(2);
  });

  it('navigates across the chapter border and stops at both ends', async () => {
    const border = await getJson<{ previous: { id: string } | null; next: { id: string; chapterId: string } | null }>(
      api('/courses/mini-course/steps/basics-checkpoint/neighbours'),
    );
    expect(border.body.next).toMatchObject({ id: 'applying-tokens', chapterId: 'practice' });
    expect((await getJson<{ previous: unknown }>(api('/courses/mini-course/steps/welcome/neighbours'))).body.previous).toBeNull();
    expect((await getJson<{ next: unknown }>(api('/courses/mini-course/steps/practice-checkpoint/neighbours'))).body.next).toBeNull();
  });

  it('searches step sections and cites course, chapter, step and heading anchor, with highlights', async () => {
    const { status, body } = await getJson<{
      hits: { courseId: string; stepId: string; anchor: string; snippet: string; highlights: [number, number][] }[];
    }>(api('/search?q=tokenizer&course=mini-course'));
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
    const hit = body.hits[0]!;
    expect(hit.courseId).toBe('mini-course');
    const step = await getJson<{ sections: { anchor: string }[] }>(api(`/courses/mini-course/steps/${hit.stepId}`));
    expect(step.body.sections.map((s) => s.anchor)).toContain(hit.anchor);
    for (const [start, end] of hit.highlights) expect(hit.snippet.slice(start, end).toLowerCase()).toMatch(/^token/);
  });

  it('answers unknown courses and steps with 404 problem documents', async () => {
    for (const p of ['/courses/no-such-course', '/courses/mini-course/steps/no-such-step', '/courses/no-such-course/steps/welcome/neighbours']) {
      const { status, type, body } = await getJson(api(p));
      expect(status).toBe(404);
      expect(type).toContain('application/problem+json');
      expect(body).toMatchObject({ status: 404, title: 'Not found', instance: `/api/v1${p}` });
    }
  });

  it('answers invalid parameters with 400 and every issue', async () => {
    const { status, body } = await getJson<{ issues: { path: string }[] }>(api('/search?q=&limit=500'));
    expect(status).toBe(400);
    expect(body.issues.map((i) => i.path).sort()).toEqual(['limit', 'q']);
  });

  it('refuses bodies over the limit with 413, whether announced by Content-Length or streamed', async () => {
    const announced = await rawRequest(api('/courses'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) },
    });
    expect(announced.status).toBe(413);
    expect(announced.headers['content-type']).toContain('application/problem+json');
    // A chunked body has no length to refuse up front: the server stops reading at the limit and
    // answers 413, or closes the connection when the client is still writing (a TCP reset can
    // overtake the answer). Either way nothing past the limit is accepted and the server carries on.
    const streamed = await rawRequest(api('/search?q=x'), { method: 'PUT', headers: { 'content-type': 'application/json' }, chunks: 40 }).catch(
      (e: NodeJS.ErrnoException) => e,
    );
    if (streamed instanceof Error) expect(streamed.message).toMatch(/socket hang up|ECONNRESET|EPIPE/);
    else expect(JSON.parse(streamed.body)).toMatchObject({ status: 413, title: 'Payload too large' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('serves the OpenAPI document equal to contracts/openapi.json, and readable docs', async () => {
    const live = await (await fetch(api('/openapi.json'))).json();
    const committed = JSON.parse(await readFile(path.join(contractsDir, 'openapi.json'), 'utf8'));
    expect(live).toEqual(committed);
    const docs = await fetch(`${server.url}/api/docs`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('/api/docs/scalar.js');
    expect(html).toContain('/api/v1/openapi.json');
    const js = await fetch(`${server.url}/api/docs/scalar.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('answers oversized and malformed requests that never reach the app with problem documents', async () => {
    const big = await rawRequest(api('/courses'), { headers: { 'x-filler': 'x'.repeat(20_000) } });
    expect(big.status).toBe(431);
    expect(JSON.parse(big.body)).toMatchObject({ status: 431, title: 'Request header fields too large' });
  });

  it('reports healthy', async () => {
    expect((await getJson(`${server.url}/healthz`)).body).toEqual({ status: 'ok' });
  });
});

describe.each(testDatabases())('content updates without a restart on $name', (database) => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cc-content-'));
    await cp(path.join(fixturesDir, 'mini-course'), path.join(root, 'mini-course'), { recursive: true });
    server = await startTestServer({ database: await database.open(), store: new FsContentStore(root) });
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves an edited step and finds its new words, and keeps serving the last good version when an edit breaks the bundle', async () => {
    const file = path.join(root, 'mini-course/chapters/basics/first-exercise.md');
    const url = `${server.url}/api/v1/courses/mini-course/steps/first-exercise`;
    const before = await getJson<{ markdown: string; courseVersion: string }>(url);

    const original = await readFile(file, 'utf8');
    await writeFile(file, original + '\n## Zeppelin practice\n\nCount the tokens in a sentence about zeppelins.\n');
    const after = await getJson<{ markdown: string; courseVersion: string }>(url);
    expect(after.body.courseVersion).not.toBe(before.body.courseVersion);
    expect(after.body.markdown).toContain('Count the tokens in a sentence about zeppelins.');
    const search = await getJson<{ hits: { stepId: string; anchor: string }[] }>(`${server.url}/api/v1/search?q=zeppelins`);
    expect(search.body.hits[0]).toMatchObject({ stepId: 'first-exercise', anchor: 'zeppelin-practice' });

    await writeFile(file, '---\nid: first-exercise\nkind: nonsense\n---\nbroken');
    const broken = await getJson<{ markdown: string; courseVersion: string }>(url);
    expect(broken.status).toBe(200);
    expect(broken.body.courseVersion).toBe(after.body.courseVersion);
    expect(broken.body.markdown).toContain('zeppelins');
  });
});
