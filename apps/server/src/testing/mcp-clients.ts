// Both lines of the MCP TypeScript SDK as clients of the real server: v2 (@modelcontextprotocol/
// client) and v1 (@modelcontextprotocol/sdk), which most hosts in the field still run. Each
// connects anonymously or with a bearer token and exposes the same few calls.
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import * as oauth from 'oauth4webapi';
import { decodeJwt } from 'jose';
import { setTier, type Tier } from '@cc/core';
import { Browser, signUpAndConsent } from './browser.ts';
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
  listPrompts(): Promise<{ name: string }[]>;
  listResources(): Promise<{ uri: string }[]>;
  readResource(uri: string): Promise<{ contents: { uri: string; text?: string }[] }>;
  instructions(): string | undefined;
  close(): Promise<void>;
}

/** The calls the tests make, which both SDK lines' clients have in the same shape. */
interface SdkClient {
  listTools(): Promise<{ tools: unknown[] }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  listPrompts(): Promise<{ prompts: { name: string }[] }>;
  listResources(): Promise<{ resources: { uri: string }[] }>;
  readResource(params: { uri: string }): Promise<unknown>;
  getInstructions(): string | undefined;
  close(): Promise<void>;
}

export async function connectMcp(line: SdkLine, url: string, token?: string): Promise<McpTestClient> {
  const endpoint = new URL(`${url}/mcp`);
  let client: SdkClient;
  if (line === 'v2') {
    const v2 = new ClientV2({ name: 'cc-test-v2', version: '1.0.0' });
    await v2.connect(new TransportV2(endpoint, token ? { authProvider: { token: async () => token } } : {}));
    client = v2;
  } else {
    const v1 = new ClientV1({ name: 'cc-test-v1', version: '1.0.0' });
    await v1.connect(new TransportV1(endpoint, token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}));
    client = v1;
  }
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

const REDIRECT = 'https://chatgpt.example.com/connector/oauth/callback';
const insecure = { [oauth.allowInsecureRequests]: true } as const;
const registered = new Map<string, Promise<{ as: oauth.AuthorizationServer; client: oauth.Client }>>();

/** Discovery and dynamic client registration, once per server, as ChatGPT does them. */
function chatgptClient(baseUrl: string) {
  let found = registered.get(baseUrl);
  if (!found) {
    found = (async () => {
      const issuer = new URL(baseUrl);
      const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
      const res = await oauth.dynamicClientRegistrationRequest(
        as,
        { client_name: 'ChatGPT (test)', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], scope: 'openid profile learn' },
        insecure,
      );
      return { as, client: (await oauth.processDynamicClientRegistrationResponse(res)) as oauth.Client };
    })();
    registered.set(baseUrl, found);
  }
  return found;
}

/**
 * A learner with an account and a real access token for /mcp, obtained the way ChatGPT obtains
 * one: authorization code with PKCE and `resource`, through our sign-up and consent pages.
 */
export async function mcpLearner(server: TestServer, options: { email: string; tier?: Tier; scope?: string }) {
  const { learnerId, token, browser } = await oauthLearner(server.url, options);
  if (options.tier) await setTier(server.runtime.learning, learnerId, options.tier);
  return { learnerId, token, browser };
}

/** A new account on the server at `baseUrl` and an access token for its /mcp, over HTTP only. */
export async function oauthLearner(baseUrl: string, options: { email: string; scope?: string; browser?: Browser }) {
  const { as, client } = await chatgptClient(baseUrl);
  const resource = `${baseUrl}/mcp`;
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authUrl = new URL(as.authorization_endpoint!);
  authUrl.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: REDIRECT,
    scope: options.scope ?? 'learn',
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    resource,
  }).toString();
  const browser = options.browser ?? new Browser(baseUrl);
  const journey = await signUpAndConsent(browser, authUrl.href, { name: 'Learner', email: options.email, password: 'correct horse battery' });
  const params = oauth.validateAuthResponse(as, client, new URL(journey.finalUrl), state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, { additionalParameters: { resource }, ...insecure });
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, res);
  // The browser keeps the account's web session cookie: the same learner on the REST door.
  return { learnerId: String(decodeJwt(tokens.access_token).sub), token: tokens.access_token, browser };
}

/** The JSON-RPC result of a raw /mcp response, whether sent as JSON or as one SSE event. */
export async function rpcResult<T = { isError?: boolean; _meta: Record<string, string[]> }>(res: Response): Promise<T> {
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('text/event-stream')
    ? text.split('\n').find((l) => l.startsWith('data:'))!.slice(5)
    : text;
  return (JSON.parse(json) as { result: T }).result;
}
