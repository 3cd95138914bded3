// The widgets as the MCP door serves them, through both SDK client lines against the running
// server: resources/list and resources/read give each widget (MCP Apps mime type, CSP both ways,
// a content-hashed ui:// URI), and tools/list links the tools that render one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { connectMcp, type McpTestClient } from '../../server/src/testing/mcp-clients.ts';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server.ts';
import { loadBuiltWidgets, WIDGETS } from './catalog.ts';

const MIME = 'text/html;profile=mcp-app';
const built = loadBuiltWidgets();

interface Listed {
  uri: string;
  name: string;
  mimeType?: string;
  _meta?: Record<string, unknown>;
}
interface Read {
  contents: { uri: string; mimeType?: string; text?: string; _meta?: Record<string, any> }[];
}

describe('widgets over MCP', () => {
  let server: TestServer;
  const clients: McpTestClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ database: await testDatabases()[0]!.open() });
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await server?.close();
  });

  describe.each(['v2', 'v1'] as const)('with the %s client', (line) => {
    let client: McpTestClient;
    beforeAll(async () => {
      client = await connectMcp(line, server.url);
      clients.push(client);
    });

    it('lists each widget as a ui:// resource with the MCP Apps mime type', async () => {
      const resources = (await client.listResources()) as Listed[];
      expect(built.map((w) => w.name).sort()).toEqual(['achievements', 'progress-dashboard', 'quiz-card', 'step-reader']);
      for (const w of built) {
        const r = resources.find((x) => x.uri === w.uri);
        expect(r, w.name).toBeDefined();
        expect(r!.uri).toMatch(/^ui:\/\/course-companion\/[a-z-]+\.[0-9a-f]{12}\.html$/);
        expect(r!.mimeType).toBe(MIME);
      }
    });

    it('reads each widget: the built HTML, with _meta.ui.csp and openai/widgetCSP', async () => {
      for (const w of built) {
        const { contents } = (await client.readResource(w.uri)) as Read;
        expect(contents).toHaveLength(1);
        const [c] = contents;
        expect(c!.uri).toBe(w.uri);
        expect(c!.mimeType).toBe(MIME);
        expect(c!.text).toBe(w.html);
        expect(c!._meta?.ui?.csp).toEqual({ connectDomains: [], resourceDomains: [] });
        expect(c!._meta?.['openai/widgetCSP']).toEqual({ connect_domains: [], resource_domains: [] });
        expect(c!._meta?.['openai/widgetDescription']).toBe(w.description);
      }
    });

    it('links the tools that render a widget with _meta.ui.resourceUri and openai/outputTemplate', async () => {
      const tools = await client.listTools();
      for (const w of WIDGETS) {
        const uri = built.find((b) => b.name === w.name)!.uri;
        for (const name of w.tools) {
          const tool = tools.find((t) => t.name === name);
          expect(tool, name).toBeDefined();
          expect((tool!._meta?.['ui'] as { resourceUri?: string } | undefined)?.resourceUri, name).toBe(uri);
          expect(tool!._meta?.['openai/outputTemplate'], name).toBe(uri);
        }
        for (const name of w.calls) expect(tools.find((t) => t.name === name)?._meta?.['openai/widgetAccessible'], name).toBe(true);
      }
      // The achievements widget renders get_achievements and calls get_streak itself.
      const achievements = built.find((b) => b.name === 'achievements')!.uri;
      expect(tools.find((t) => t.name === 'get_achievements')?._meta).toMatchObject({ ui: { resourceUri: achievements }, 'openai/outputTemplate': achievements });
      expect(tools.find((t) => t.name === 'get_streak')?._meta?.['openai/widgetAccessible']).toBe(true);
      const linked = new Set(WIDGETS.flatMap((w) => w.tools));
      for (const t of tools.filter((t) => !linked.has(t.name))) {
        expect(t._meta?.['openai/outputTemplate'], t.name).toBeUndefined();
        expect(t._meta?.['ui'], t.name).toBeUndefined();
      }
    });
  });
});
