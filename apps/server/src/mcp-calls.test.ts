// How a raw tools/call reaches a tool, on PGlite and PostgreSQL: the 2025-era request (no
// MCP-Protocol-Version; the SDK's stateless fallback, answered as one SSE event) and the
// 2026-07-28 one (version header, Mcp-Method/Mcp-Name and the per-request `_meta` envelope;
// answered as plain JSON) give the same result; a call of an unknown tool is refused as before
// the door started building a one-tool server per call; the full catalogue still lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { TOOLS } from '@cc/mcp';
import { oauthLearner } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const MODERN = '2026-07-28';
const envelope = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'cc-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

async function rpc(res: Response): Promise<{ result?: { isError?: boolean; structuredContent?: Record<string, unknown>; tools?: { name: string }[] }; error?: { code: number; message: string } }> {
  const text = await res.text();
  return JSON.parse(res.headers.get('content-type')?.includes('text/event-stream') ? text.split('\n').find((l) => l.startsWith('data:'))!.slice(5) : text);
}

describe.each(testDatabases())('raw tools/call on $name', (database) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
    ({ token } = await oauthLearner(server.url, { email: `calls-${Date.now()}@example.com` }));
  }, 180_000);
  afterAll(() => server?.close());

  const post = (method: string, params: Record<string, unknown>, modern: boolean) =>
    fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(modern && { 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(typeof params['name'] === 'string' && { 'mcp-name': params['name'] }) }),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params: modern ? { ...params, _meta: envelope } : params }),
    });

  it('answers the same tools/call in both protocol eras, each as one plain JSON body (no SSE stream)', async () => {
    const args = { name: 'open_step', arguments: { courseId: 'mini-course', stepId: 'welcome' } };
    const legacy = await post('tools/call', args, false);
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toContain('application/json');
    const modern = await post('tools/call', args, true);
    expect(modern.status).toBe(200);
    expect(modern.headers.get('content-type')).toContain('application/json');
    const [a, b] = [await rpc(legacy), await rpc(modern)];
    expect(a.result?.isError).toBeFalsy();
    expect(b.result?.isError).toBeFalsy();
    expect(b.result?.structuredContent).toEqual(a.result?.structuredContent);
  });

  it('refuses an unknown tool, and still lists every tool', async () => {
    for (const modern of [false, true]) {
      const answer = await rpc(await post('tools/call', { name: 'no_such_tool', arguments: {} }, modern));
      expect(answer.result?.structuredContent).toBeUndefined();
      expect(answer.error ?? answer.result?.isError).toBeTruthy();
      const listed = await rpc(await post('tools/list', {}, modern));
      expect(listed.result?.tools?.map((t) => t.name).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    }
  });
});
