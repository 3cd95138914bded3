// /mcp (Streamable HTTP, stateless, MCP SDK v2) and the RFC 9728 protected resource metadata that
// tells clients (ChatGPT) which authorization server issues its tokens. A request with a bearer
// token is checked by the SDK's requireBearerAuth with our verifier; a request without one is
// served anonymously (public tools answer, signed-in tools challenge).
import { Hono, type Context } from 'hono';
import { hostHeaderValidation } from '@modelcontextprotocol/hono';
import {
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  requireBearerAuth,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import { prepareMcpServer } from './server.ts';
import { instructionsFor } from './skills/instructions.ts';
import { serveSkills } from './skills/serve.ts';
import { TOOLS } from './tools/index.ts';
import type { McpDeps, ToolDefinition } from './tool.ts';

export interface McpDoorDeps extends McpDeps {
  publicUrl: string;
  verifier: OAuthTokenVerifier;
  /** The issuer clients should get tokens from (built-in: PUBLIC_URL; or AUTH_ISSUER_URL). */
  authorizationServer: string;
  /** The OAuth scope signed-in tools need (`learn`). */
  scope: string;
  /** Rate limits: spends the tool's budget for the learner; throws core's RateLimited once it is spent. */
  limit?: (tool: string, learnerId: string | undefined) => Promise<void>;
  /** Reports unexpected failures inside tools (answered to the client as a generic tool error). */
  onError?: (error: unknown) => void;
  /** Tests may serve a different registry. */
  tools?: readonly ToolDefinition[];
  /**
   * The request's body as the server's edge already read it: `{ value }` when it is JSON, handed
   * to the SDK, which then neither clones nor re-reads the body, and which tells the door which
   * tool a `tools/call` calls; otherwise `{ request }`, a request the SDK can still read (reading
   * may have spent the original), whose body the SDK then refuses. Undefined: the door leaves the
   * request to the SDK as it is.
   */
  parsedJson?: (c: Context) => Promise<{ value: unknown } | { request: Request } | undefined>;
}

/** The tool a single JSON-RPC `tools/call` request names. */
function calledTool(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { method, params } = body as { method?: unknown; params?: unknown };
  if (method !== 'tools/call' || params === null || typeof params !== 'object') return undefined;
  const name = (params as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export function mcpRoutes(deps: McpDoorDeps): Hono {
  const app = new Hono();
  const resource = `${deps.publicUrl}/mcp`;
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resource));
  const metadata = {
    resource,
    authorization_servers: [deps.authorizationServer],
    scopes_supported: [deps.scope],
    bearer_methods_supported: ['header'],
    resource_name: 'Course Companion',
  };
  for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
    app.get(path, (c) => c.json(metadata, 200, { 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }));
  }

  const tools = deps.tools ?? TOOLS;
  const anonymousAllowed = tools.some((t) => t.access !== 'signed-in');
  const prepared = prepareMcpServer({
    deps,
    tools,
    scope: deps.scope,
    resourceMetadataUrl,
    instructions: () => instructionsFor(deps.skills),
    extend: (server) => serveSkills(server, deps.skills),
    ...(deps.onError && { onError: deps.onError }),
    ...(deps.limit && { limit: deps.limit }),
  });
  const gate = requireBearerAuth({
    verifier: deps.verifier,
    expectedResource: new URL(resource),
    resourceMetadataUrl,
    // With public tools, tokens without the scope are admitted and signed-in tools challenge.
    ...(anonymousAllowed ? {} : { requiredScopes: [deps.scope] }),
  });
  // responseMode stays at the SDK default ('auto'): a single JSON body unless a handler emits a
  // message before its result, which ours never do, so the answers are the JSON they were with
  // 'json', without the SDK's start-up warning that 'json' drops mid-call notifications. The
  // handler serves 2026-07-28 requests, and 2025-era ones that are not a JSON POST (its fallback
  // answers GET and DELETE with 405).
  const calling = new WeakMap<Request, string>();
  const handler = createMcpHandler(
    (ctx: { authInfo?: AuthInfo; requestInfo?: Request }) => prepared.build(ctx.authInfo, ctx.requestInfo && calling.get(ctx.requestInfo)),
    { legacy: 'stateless' },
  );
  // 2025-era POSTs (most hosts today) through the SDK's own transport in JSON mode, as the SDK
  // documents for a custom legacy leg (isLegacyRequest in front): one JSON body, where its
  // stateless fallback always streams the answer as SSE (several writes per answer, and a web
  // stream to pump). Our tools never notify mid-call, so nothing is dropped.
  const serveLegacy = async (request: Request, parsedBody: unknown, tool: string | undefined, authInfo: AuthInfo | undefined) => {
    const server = prepared.build(authInfo, tool);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { parsedBody, ...(authInfo && { authInfo }) });
    } finally {
      void transport.close().catch(() => undefined);
      void server.close().catch(() => undefined);
    }
  };

  // DNS rebinding: only our own host name (and loopback names when we are served on loopback).
  const host = new URL(deps.publicUrl).hostname;
  app.use('/mcp', hostHeaderValidation(LOOPBACK.includes(host) ? [...new Set([host, ...LOOPBACK])] : [host]));
  app.all('/mcp', async (c) => {
    const raw = c.req.raw;
    const read = raw.method === 'POST' ? await deps.parsedJson?.(c) : undefined;
    const body = read && 'value' in read ? read : undefined;
    const request = read && 'request' in read ? read.request : raw;
    const parsed = body === undefined ? {} : { parsedBody: body.value };
    const tool = calledTool(body?.value);
    if (tool !== undefined) calling.set(request, tool);
    let authInfo: AuthInfo | undefined;
    if (request.headers.has('authorization') || !anonymousAllowed) {
      const auth = await gate(request);
      // 401/403 with WWW-Authenticate: Bearer ..., resource_metadata="..."
      if (auth instanceof Response) return auth;
      authInfo = auth;
    }
    if (body !== undefined && (await isLegacyRequest(request, body.value))) return serveLegacy(request, body.value, tool, authInfo);
    return handler.fetch(request, { ...parsed, ...(authInfo && { authInfo }) });
  });
  return app;
}
