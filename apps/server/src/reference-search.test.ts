// Search over both doors finds the glossary and the catalogue of errors and misconceptions beside
// the step sections, each with a citation that leads to the whole entry and the steps that teach it.
import { testDatabases } from '@cc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './testing/client.ts';
import { connectMcp, type McpTestClient } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = 'mini-course';
interface Reference {
  courseId: string;
  kind: 'term' | 'mistake';
  entryId: string;
  title: string;
  snippet: string;
  highlights: [number, number][];
  citation: string;
  steps: { id: string; title: string }[];
}

describe.each(testDatabases())('glossary and mistakes in search on $name', (database) => {
  let server: TestServer;
  let mcp: McpTestClient;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open(), planner: false });
    mcp = await connectMcp('v2', server.url);
  }, 180_000);
  afterAll(async () => {
    await mcp?.close().catch(() => undefined);
    await server?.close();
  });

  const rest = async (q: string) => {
    const res = await client(server.url).get<{ hits: unknown[]; references: Reference[] }>(`/search?q=${encodeURIComponent(q)}&course=${C}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('REST: an error message finds its catalogue entry, with a citation that opens it and the steps that cover it', async () => {
    const body = await rest('maximum context length exceeded');
    const entry = body.references.find((r) => r.entryId === 'context-length-exceeded');
    expect(entry).toMatchObject({ courseId: C, kind: 'mistake', title: "This model's maximum context length is N tokens", citation: `${C}/mistakes/context-length-exceeded` });
    expect(entry!.steps.map((s) => s.id)).toEqual(['welcome']);
    // The citation is the entry's REST path under /courses.
    const [course, kind, id] = entry!.citation.split('/');
    const opened = await client(server.url).get<{ id: string; steps: { id: string }[] }>(`/courses/${course}/${kind}/${id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.steps.map((s) => s.id)).toEqual(entry!.steps.map((s) => s.id));
  });

  it('REST: a glossary term is found by its alias, its definition highlighted', async () => {
    const body = await rest('tokeniser');
    expect(body.references.map((r) => [r.kind, r.entryId])).toContainEqual(['term', 'tokenizer']);
    const term = body.references.find((r) => r.entryId === 'tokenizer')!;
    expect(term.citation).toBe(`${C}/glossary/tokenizer`);
    expect(term.steps.map((s) => s.id)).toEqual(['history', 'under-the-hood']);
    expect(term.snippet.length).toBeGreaterThan(0);
    expect((await rest('zeppelin airship')).references).toEqual([]);
  });

  it('MCP: search_course returns the same references, and says so in its text', async () => {
    const q = 'one word is one token';
    const result = await mcp.call('search_course', { query: q, courseId: C });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { references: Reference[] };
    expect(structured.references.map((r) => r.entryId)).toContain('tokens-are-words');
    expect(structured.references).toEqual((await rest(q)).references);
    expect(result.content[0]?.text).toMatch(/\d+ glossary\/error reference\(s\)/);
  });
});
