// The MCP door (MCP TypeScript SDK v2): a stateless Streamable HTTP endpoint whose tools call the
// same core use-cases as the REST door. Each tool declares its access: `public` tools (none yet)
// run for anyone; `protected` tools need a bearer token with the `learn` scope and act for the
// token's learner. The server is built per request, with the caller's AuthInfo in hand.
import * as z from 'zod';
import { getLearner, isDomainError, type LearningDeps } from '@cc/core';
import { McpServer, type AuthInfo, type CallToolResult } from '@modelcontextprotocol/server';
import { MCP_SCOPE } from '../auth/better-auth.ts';
import { LearnerAuth } from './verify.ts';

export const MCP_SERVER_INFO = { name: 'course-companion', version: '0.1.0' } as const;

type Access = { kind: 'public' } | { kind: 'protected'; scopes: string[] };

export interface ToolContext {
  learning: LearningDeps;
  /** The caller's learner id: always set for protected tools, absent for anonymous callers of public ones. */
  learnerId: string | undefined;
}

interface ToolDefinition<Out extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  access: Access;
  outputSchema: Out;
  run(ctx: ToolContext): Promise<z.infer<Out>>;
}

const defineTool = <Out extends z.ZodObject>(tool: ToolDefinition<Out>) => tool;

const whoami = defineTool({
  name: 'whoami',
  title: 'Who am I',
  description: "The signed-in learner: their id and access tier (free, premium or pro).",
  access: { kind: 'protected', scopes: [MCP_SCOPE] },
  outputSchema: z.object({ learnerId: z.string(), tier: z.enum(['free', 'premium', 'pro']) }),
  async run({ learning, learnerId }) {
    const learner = await getLearner(learning, learnerId!);
    return { learnerId: learner.id, tier: learner.tier };
  },
});

export const TOOLS = [whoami];

/** True when some tool may be called without a token (then /mcp admits anonymous callers). */
export const hasPublicTools = () => TOOLS.some((t) => t.access.kind === 'public');

export function securitySchemes(access: Access) {
  return access.kind === 'public' ? [{ type: 'noauth' }] : [{ type: 'oauth2', scopes: access.scopes }];
}

export function buildMcpServer(deps: { learning: LearningDeps; authInfo: AuthInfo | undefined; resourceMetadataUrl: string }): McpServer {
  const server = new McpServer(MCP_SERVER_INFO);
  const auth = LearnerAuth.safeParse(deps.authInfo?.extra);
  const learnerId = auth.success ? auth.data.learnerId : undefined;
  const granted = new Set(deps.authInfo?.scopes ?? []);
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: z.object({}),
        outputSchema: tool.outputSchema,
        _meta: { securitySchemes: securitySchemes(tool.access) },
      },
      async (): Promise<CallToolResult> => {
        if (tool.access.kind === 'protected' && (!learnerId || !tool.access.scopes.every((s) => granted.has(s)))) {
          // ChatGPT reads this to start (or step up) the OAuth flow.
          const challenge = `Bearer resource_metadata="${deps.resourceMetadataUrl}", error="insufficient_scope", scope="${tool.access.scopes.join(' ')}"`;
          return { isError: true, content: [{ type: 'text', text: 'Sign in to Course Companion to use this.' }], _meta: { 'mcp/www_authenticate': [challenge] } };
        }
        try {
          const out = await tool.run({ learning: deps.learning, learnerId });
          return { content: [{ type: 'text', text: JSON.stringify(out) }], structuredContent: out };
        } catch (e) {
          if (isDomainError(e)) return { isError: true, content: [{ type: 'text', text: e.message }] };
          throw e;
        }
      },
    );
  }
  return server;
}
