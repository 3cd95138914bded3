// Both lines of the MCP TypeScript SDK as clients of the real server: v2 (@modelcontextprotocol/
// client) and v1 (@modelcontextprotocol/sdk), which most hosts in the field still run. Each
// connects anonymously or with a bearer token and exposes the same few calls.
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { setTier, type Tier } from '@cc/core';
import type { TestServer } from './test-server.ts';

export type SdkLine = 'v1' | 'v2';

export interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

export interface McpTestClient {
  line: SdkLine;
  listTools(): Promise<{ name: string; title?: string; annotations?: Record<string, unknown>; _meta?: Record<string, unknown>; inputSchema: Record<string, unknown>; outputSchema?: Record<string, unknown> }[]>;
  call(name: string, args?: Record<string, unknown>): Promise<ToolResult>;
  /** The raw request, for arguments a typed client would refuse to send. */
  listPrompts(): Promise<{ name: string }[]>;
  listResources(): Promise<{ uri: string }[]>;
  readResource(uri: string): Promise<{ contents: { uri: string; text?: string }[] }>;
  instructions(): string | undefined;
  close(): Promise<void>;
}

export async function connectMcp(line: SdkLine, url: string, token?: string): Promise<McpTestClient> {
  const endpoint = new URL(`${url}/mcp`);
  if (line === 'v2') {
    const client = new ClientV2({ name: 'cc-test-v2', version: '1.0.0' });
    await client.connect(new TransportV2(endpoint, token ? { authProvider: { token: async () => token } } : {}));
    return {
      line,
      listTools: async () => (await client.listTools()).tools as never,
      call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
      listPrompts: async () => (await client.listPrompts()).prompts,
      listResources: async () => (await client.listResources()).resources,
      readResource: async (uri) => (await client.readResource({ uri })) as never,
      instructions: () => client.getInstructions(),
      close: () => client.close(),
    };
  }
  const client = new ClientV1({ name: 'cc-test-v1', version: '1.0.0' });
  await client.connect(new TransportV1(endpoint, token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}));
  return {
    line,
    listTools: async () => (await client.listTools()).tools as never,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as ToolResult,
    listPrompts: async () => (await client.listPrompts()).prompts,
    listResources: async () => (await client.listResources()).resources,
    readResource: async (uri) => (await client.readResource({ uri })) as never,
    instructions: () => client.getInstructions(),
    close: () => client.close(),
  };
}

/** A learner with an account (Better Auth) and an access token for /mcp, minted with the server's key. */
export async function mcpLearner(server: TestServer, options: { email: string; tier?: Tier; scope?: string }) {
  const { user } = await server.runtime.auth.api.signUpEmail({ body: { email: options.email, password: 'correct horse battery', name: 'Learner' } });
  if (options.tier) await setTier(server.runtime.learning, user.id, options.tier);
  const { token } = await server.runtime.auth.api.signJWT({
    body: { payload: { iss: server.url, aud: `${server.url}/mcp`, sub: user.id, scope: options.scope ?? 'learn' } },
  });
  return { learnerId: user.id, token };
}

/** The JSON-RPC result of a raw /mcp response, whether sent as JSON or as one SSE event. */
export async function rpcResult<T = { isError?: boolean; _meta: Record<string, string[]> }>(res: Response): Promise<T> {
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('text/event-stream')
    ? text.split('\n').find((l) => l.startsWith('data:'))!.slice(5)
    : text;
  return (JSON.parse(json) as { result: T }).result;
}
