// /mcp (Streamable HTTP, stateless, MCP SDK v2) behind bearer auth, and the RFC 9728 protected
// resource metadata that tells clients (ChatGPT) which authorization server issues its tokens.
import { Hono } from 'hono';
import { hostHeaderValidation } from '@modelcontextprotocol/hono';
import {
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  requireBearerAuth,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { LearningDeps } from '@cc/core';
import { MCP_SCOPE } from '../auth/better-auth.ts';
import { buildMcpServer, hasPublicTools } from './server.ts';

export interface McpDoorDeps {
  learning: LearningDeps;
  publicUrl: string;
  verifier: OAuthTokenVerifier;
  /** The issuer clients should get tokens from (built-in: PUBLIC_URL; or AUTH_ISSUER_URL). */
  authorizationServer: string;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export function mcpRoutes(deps: McpDoorDeps): Hono {
  const app = new Hono();
  const resource = `${deps.publicUrl}/mcp`;
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resource));
  const metadata = {
    resource,
    authorization_servers: [deps.authorizationServer],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'Course Companion',
  };
  for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
    app.get(path, (c) => c.json(metadata, 200, { 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }));
  }

  const gate = requireBearerAuth({
    verifier: deps.verifier,
    expectedResource: new URL(resource),
    resourceMetadataUrl,
    // With public tools, tokens without the scope are admitted and protected tools challenge.
    ...(hasPublicTools() ? {} : { requiredScopes: [MCP_SCOPE] }),
  });
  const handler = createMcpHandler(
    (ctx: { authInfo?: AuthInfo }) => buildMcpServer({ learning: deps.learning, authInfo: ctx.authInfo, resourceMetadataUrl }),
    { legacy: 'stateless', responseMode: 'json' },
  );

  // DNS rebinding: only our own host name (and loopback names when we are served on loopback).
  const host = new URL(deps.publicUrl).hostname;
  app.use('/mcp', hostHeaderValidation(LOOPBACK.includes(host) ? [...new Set([host, ...LOOPBACK])] : [host]));
  app.all('/mcp', async (c) => {
    const request = c.req.raw;
    if (!request.headers.has('authorization') && hasPublicTools()) return handler.fetch(request);
    const auth = await gate(request);
    // 401/403 with WWW-Authenticate: Bearer ..., resource_metadata="..."
    if (auth instanceof Response) return auth;
    return handler.fetch(request, { authInfo: auth });
  });
  return app;
}
