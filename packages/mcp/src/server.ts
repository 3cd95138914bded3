// The MCP server (SDK v2) over the tool registry. Everything that does not depend on the caller
// (tool definitions, their JSON Schemas, metadata, instructions) is prepared once per process by
// `prepareMcpServer`; `build` then makes the per-request McpServer, which only wires handlers.
import { McpServer, type AuthInfo, type CallToolResult } from '@modelcontextprotocol/server';
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { findBadText, Invalid, isDomainError } from '@cc/core';
import { LearnerAuth } from './verify.ts';
import { cachedSchema } from './schema.ts';
import { errorResult, toolError } from './tool-errors.ts';
import type { Access, McpDeps, ToolDefinition } from './tool.ts';
import { loadWidgetSet, type WidgetSet } from './widgets.ts';

export const MCP_SERVER_INFO = { name: 'course-companion', version: '0.1.0' } as const;

export function securitySchemes(access: Access, scope: string) {
  const oauth = { type: 'oauth2', scopes: [scope] };
  return access === 'public' ? [{ type: 'noauth' }] : access === 'signed-in' ? [oauth] : [{ type: 'noauth' }, oauth];
}

interface PreparedTool {
  tool: ToolDefinition;
  config: {
    title: string;
    description: string;
    inputSchema: StandardSchemaWithJSON;
    outputSchema: StandardSchemaWithJSON;
    annotations: ToolDefinition['hints'] & { title: string };
    _meta: Record<string, unknown>;
  };
}

export interface McpServerOptions {
  deps: McpDeps;
  tools: readonly ToolDefinition[];
  /** The OAuth scope signed-in tools need. */
  scope: string;
  /** RFC 9728 metadata URL, named in the challenge that makes ChatGPT offer to link the account. */
  resourceMetadataUrl: string;
  /** The MCP `instructions` (the skill catalogue); re-read per request so skill edits show at once. */
  instructions: () => string;
  /** Extra per-server wiring (skills extension, prompts, resources). */
  extend?: (server: McpServer) => void;
  onError?: (error: unknown) => void;
  /** Rate limits, checked before a tool runs (after its access check); throws core's RateLimited. */
  limit?: (tool: string, learnerId: string | undefined) => Promise<void>;
  /** The in-chat widgets (default: the built @cc/widgets, read once here). */
  widgets?: WidgetSet;
}

export function prepareMcpServer(options: McpServerOptions) {
  const { deps, scope, resourceMetadataUrl } = options;
  const onError = options.onError ?? (() => undefined);
  const widgets = options.widgets ?? loadWidgetSet();
  // Structured outputs `call` parsed with their tool's output schema: the SDK's own check of them
  // against that same schema passes without walking them again.
  const parsedOutputs = new WeakSet<object>();
  const prepared: PreparedTool[] = options.tools.map((tool) => ({
    tool,
    config: {
      title: tool.title,
      description: tool.description,
      inputSchema: cachedSchema(tool.input),
      outputSchema: cachedSchema(tool.output, parsedOutputs),
      annotations: { title: tool.title, ...tool.hints },
      _meta: { securitySchemes: securitySchemes(tool.access, scope), ...widgets.toolMeta(tool.name) },
    },
  }));
  const byName = new Map(prepared.map((p) => [p.tool.name, p]));
  const challenge = (description: string) =>
    `Bearer resource_metadata="${resourceMetadataUrl}", error="insufficient_scope", scope="${scope}", error_description="${description}"`;

  async function call(tool: ToolDefinition, args: unknown, learnerId: string | undefined, scopes: ReadonlySet<string>): Promise<CallToolResult> {
    const signedIn = learnerId !== undefined && scopes.has(scope);
    if (tool.access === 'signed-in' && !signedIn) {
      // ChatGPT reads this to start (or step up) the OAuth flow and link the learner's account.
      const why = learnerId === undefined ? 'Sign in to Course Companion to use this' : `This needs the ${scope} scope`;
      return toolError(`${why}: ${tool.title.toLowerCase()} works on your own learning record.`, { kind: 'unauthenticated' }, {
        'mcp/www_authenticate': [challenge(why)],
      });
    }
    try {
      // Text no use-case may store (NUL, unpaired surrogates): a tool error the model can correct.
      const bad = findBadText(args);
      if (bad) throw new Invalid('The arguments contain text that is not allowed', [{ path: bad.path, message: `contains a ${bad.what}; text must be well-formed Unicode without NUL characters` }]);
      await options.limit?.(tool.name, signedIn ? learnerId : undefined);
      const out = tool.output.parse(await tool.run(args as never, { deps, learnerId: signedIn ? learnerId : undefined }));
      parsedOutputs.add(out);
      return { content: [{ type: 'text', text: tool.text(out) }], structuredContent: out };
    } catch (e) {
      const result = errorResult(e, onError);
      // An anonymous caller met premium or locked content: signing in may open it, so offer to link the account.
      if (!signedIn && isDomainError(e) && (e.kind === 'payment_required' || e.kind === 'locked')) {
        return { ...result, _meta: { 'mcp/www_authenticate': [challenge('Sign in to open this with your own progress and tier')] } };
      }
      return result;
    }
  }

  return {
    tools: prepared.map((p) => p.tool),
    widgets,
    /**
     * A server for one request, acting for the caller in `authInfo` (or an anonymous caller).
     * `calling`: the request is a `tools/call` of this tool, so the server needs that tool and
     * nothing else (no other tools, widgets, skills, prompts or instructions, which a tools/call
     * never reads): about a thirtieth of the registrations. An unknown name gets the full server,
     * so the answer is the SDK's usual one.
     */
    build(authInfo: AuthInfo | undefined, calling?: string): McpServer {
      const auth = LearnerAuth.safeParse(authInfo?.extra);
      const learnerId = auth.success ? auth.data.learnerId : undefined;
      const scopes = new Set(authInfo?.scopes ?? []);
      const only = calling === undefined ? undefined : byName.get(calling);
      if (only) {
        const server = new McpServer(MCP_SERVER_INFO);
        server.registerTool(only.tool.name, only.config, (args: unknown) => call(only.tool, args, learnerId, scopes));
        return server;
      }
      const server = new McpServer(MCP_SERVER_INFO, { instructions: options.instructions() });
      for (const { tool, config } of prepared) {
        server.registerTool(tool.name, config, (args: unknown) => call(tool, args, learnerId, scopes));
      }
      widgets.register(server);
      options.extend?.(server);
      return server;
    },
  };
}

export type PreparedMcpServer = ReturnType<typeof prepareMcpServer>;
