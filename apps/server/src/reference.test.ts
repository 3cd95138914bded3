// The glossary and the error/misconception catalogue on REST, and quiz ids in the outline and
// the step, through the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { client } from './testing/client.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

describe.each(testDatabases().slice(0, 1))('reference material on $name', (database) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
    api = client(server.url);
  });
  afterAll(() => server?.close());

  it('lists the glossary and looks a term up by alias, plural or typo', async () => {
    const all = await api.get('/courses/mini-course/glossary');
    expect(all.status).toBe(200);
    expect(all.body.terms.map((t: { id: string }) => t.id)).toEqual(['context-window', 'token', 'tokenizer']);
    const alias = await api.get('/courses/mini-course/glossary?q=tokeniser');
    expect(alias.body.terms[0]).toMatchObject({ id: 'tokenizer', matchedOn: 'tokeniser', score: 1 });
    expect((await api.get('/courses/mini-course/glossary?q=contxt%20windows')).body.terms[0].id).toBe('context-window');
    expect((await api.get('/courses/mini-course/glossary?q=zebra')).body.terms).toEqual([]);
  });

  it('gives a term with the steps that teach it', async () => {
    const term = await api.get('/courses/mini-course/glossary/token');
    expect(term.status).toBe(200);
    expect(term.body).toMatchObject({ term: 'Token', seeAlso: [{ id: 'tokenizer', term: 'Tokenizer' }] });
    expect(term.body.steps.map((s: { id: string }) => s.id)).toEqual(['welcome', 'first-exercise']);
  });

  it('looks up an error message and a misconception', async () => {
    const err = await api.get(`/courses/mini-course/mistakes?q=${encodeURIComponent("400: This model's maximum context length is 4096 tokens")}`);
    expect(err.status).toBe(200);
    expect(err.body.entries[0]).toMatchObject({ id: 'context-length-exceeded', kind: 'error' });
    const mis = await api.get('/courses/mini-course/mistakes?kind=misconception');
    expect(mis.body.entries.map((e: { id: string }) => e.id)).toEqual(['tokens-are-words']);
    const entry = await api.get('/courses/mini-course/mistakes/tokens-are-words');
    expect(entry.body).toMatchObject({ fix: expect.any(String), steps: [{ id: 'first-exercise' }, { id: 'history' }] });
  });

  it('answers bad input with problem documents', async () => {
    for (const [path, status] of [
      ['/courses/mini-course/glossary/nope', 404],
      ['/courses/nope/glossary', 404],
      ['/courses/mini-course/mistakes/nope', 404],
      ['/courses/mini-course/glossary?q=', 400],
      [`/courses/mini-course/glossary?q=${'x'.repeat(301)}`, 400],
      ['/courses/mini-course/mistakes?kind=bug', 400],
      ['/courses/mini-course/glossary/NOT_A_SLUG', 400],
      ['/courses/mini-course/glossary?limit=0', 400],
    ] as const) {
      const res = await api.get(path);
      expect(res.status, path).toBe(status);
      expect(res.type, path).toContain('application/problem+json');
    }
  });

  it("names a step's quiz in the outline and in the step", async () => {
    const outline = await api.get('/courses/mini-course');
    const steps = outline.body.chapters[0].steps as { id: string; quizId: string | null; hasQuiz: boolean }[];
    expect(steps.find((s) => s.id === 'welcome')).toMatchObject({ hasQuiz: true, quizId: 'welcome-check' });
    expect(steps.find((s) => s.id === 'history')).toMatchObject({ hasQuiz: false, quizId: null });
    expect((await api.get('/courses/mini-course/steps/welcome')).body.step.quizId).toBe('welcome-check');
  });
});
