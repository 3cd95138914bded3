// Malformed and hostile input on /mcp through the real server, answered as MCP (JSON-RPC 2.0 and
// the Streamable HTTP transport) rather than as REST problem documents:
// - a body that is not JSON (a raw NUL byte, truncated JSON) is a JSON-RPC parse error (-32700,
//   id null) with HTTP 400, as the transport says for input the server cannot accept;
// - text no use-case may store (a NUL character, an unpaired surrogate) in a tool's arguments, and
//   arguments of the wrong shape, are tool errors (`isError`), which the model can read and correct;
// - nothing is ever a 5xx, a problem document or a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '@cc/mcp';
import { testDatabases } from '@cc/db/testing';
import { mcpLearner } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const C = 'mini-course';
const ACCEPT = 'application/json, text/event-stream';

interface RpcMessage {
  jsonrpc: string;
  id: number | string | null;
  result?: { isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: { error?: { kind: string; issues?: { path: string }[] } } };
  error?: { code: number; message: string };
}

async function post(url: string, body: string, token?: string) {
  return fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...(token && { authorization: `Bearer ${token}` }) },
    body,
  });
}

/** The JSON-RPC message in an answer (a JSON body or one SSE event), after the transport-level checks. */
async function message(res: Response, what: string): Promise<RpcMessage> {
  const raw = await res.text();
  expect(res.status, `${what} -> ${res.status} ${raw.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers.get('content-type') ?? '', what).not.toContain('problem+json');
  expect(raw, what).not.toMatch(/\n\s+at [\w.<>]+ \(|node_modules|\.ts:\d+/);
  const json = res.headers.get('content-type')?.includes('text/event-stream')
    ? (raw.split('\n').find((l) => l.startsWith('data:')) ?? '').slice(5)
    : raw;
  const parsed = JSON.parse(json) as RpcMessage;
  expect(parsed.jsonrpc, what).toBe('2.0');
  return parsed;
}

const call = (name: string, args: Record<string, unknown>, id = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

describe.each(testDatabases())('malformed input on /mcp on $name', (database) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
    token = (await mcpLearner(server, { email: `mcp-hostile-${database.name}@example.com` })).token;
  });
  afterAll(() => server?.close());

  it('a body that is not JSON (raw NUL and control bytes, truncated JSON) is a JSON-RPC parse error, -32700 with id null and HTTP 400', async () => {
    const valid = call('open_step', { courseId: C, stepId: 'welcome' });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: valid.length }), fc.constantFrom('\u0000', '\u0000\u0000', 'a\u0000', '\u0001'), async (at, inserted) => {
        const body = valid.slice(0, at) + inserted + valid.slice(at);
        const res = await post(server.url, body);
        const status = res.status;
        const answer = await message(res, JSON.stringify(body));
        expect(status).toBe(400);
        expect(answer).toMatchObject({ id: null, error: { code: -32700 } });
      }),
      { numRuns: 25 },
    );
    for (const body of ['{"jsonrpc":"2.0","id":1,', '\u0000', 'nul\u0000{}']) {
      const res = await post(server.url, body, token);
      expect(res.status).toBe(400);
      expect(await message(res, body)).toMatchObject({ id: null, error: { code: -32700 } });
    }
  });

  it('a NUL character or an unpaired surrogate in any argument of any tool is a tool error naming the argument, never stored', async () => {
    // Escaped in the JSON (well-formed JSON-RPC): the tool refuses the text, as invalid arguments.
    const cases: [string, Record<string, unknown>, string][] = [
      ['open_step', { courseId: C, stepId: 'wel\u0000come' }, 'stepId'],
      ['search_course', { query: 'tok\ud800en' }, 'query'],
      ['lookup_term', { term: '\udc00' }, 'term'],
      ['add_note', { courseId: C, stepId: 'welcome', markdown: 'nul \u0000 here' }, 'markdown'],
      ['update_profile', { profile: { timeZone: 'Europe/Paris\u0000' } }, 'profile.timeZone'],
    ];
    for (const [name, args, path] of cases) {
      const answer = await message(await post(server.url, call(name, args), token), name);
      expect(answer.error, name).toBeUndefined();
      expect(answer.result?.isError, name).toBe(true);
      const error = answer.result?.structuredContent?.error;
      // Either our check (kind invalid, naming the argument) or the tool's own schema refused it first.
      if (error?.kind === 'invalid') expect(error.issues?.[0]?.path, name).toBe(path);
      expect(answer.result?.content[0]?.text, name).toBeTruthy();
    }
    const notes = await message(await post(server.url, call('search_notes', { query: 'nul' }), token), 'search_notes');
    expect(JSON.stringify(notes.result?.structuredContent)).not.toContain('nul \\u0000 here');
  });

  it('hostile strings in every argument of every tool: a result or a tool error, never a protocol failure or a 5xx', async () => {
    const bad = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '%00', "' OR 1=1 --", '{{7*7}}', '__proto__', 'a'.repeat(5_000));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TOOLS), bad, fc.string({ maxLength: 20 }), async (tool, hostile, key) => {
        const shape = Object.keys(tool.input.shape);
        const args = Object.fromEntries([...shape, key].map((k) => [k, hostile]));
        const answer = await message(await post(server.url, call(tool.name, args), token), `${tool.name} ${JSON.stringify(args).slice(0, 100)}`);
        expect(answer.error, tool.name).toBeUndefined();
        expect(answer.result?.content.length, tool.name).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it('arguments of the wrong shape in a tools/call are a tool error (invalid params the model can correct)', async () => {
    for (const args of [{ courseId: 42 }, { courseId: C, stepId: ['welcome'] }, {}]) {
      const answer = await message(await post(server.url, call('open_step', args as Record<string, unknown>), token), JSON.stringify(args));
      expect(answer.error).toBeUndefined();
      expect(answer.result?.isError).toBe(true);
      expect(answer.result?.content[0]?.text).toMatch(/courseId|stepId|invalid/i);
    }
  });
});
