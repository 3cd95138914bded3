// The MCP door's published contracts, rendered from the tool registry: the tool catalogue
// (what tools/list serves) and the ChatGPT app submission file (app info, each tool's hints with
// their justification, test prompts). `pnpm contracts` writes them; a test keeps them in sync.
import * as z from 'zod';
import { MCP_SERVER_INFO, securitySchemes } from './server.ts';
import { TOOLS } from './tools/index.ts';
import type { ToolDefinition } from './tool.ts';

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'draft-2020-12', io });

/** tools/list as the server answers it (scope `learn`). */
export function renderToolCatalog(tools: readonly ToolDefinition[] = TOOLS, scope = 'learn'): string {
  return json({
    server: MCP_SERVER_INFO,
    tools: tools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: schemaOf(t.input, 'input'),
      outputSchema: schemaOf(t.output, 'output'),
      annotations: { title: t.title, ...t.hints },
      _meta: { securitySchemes: securitySchemes(t.access, scope) },
    })),
  });
}

const POSITIVE = [
  { prompt: 'What courses can I take with Course Companion?', expect: ['list_courses'] },
  { prompt: 'Explain what a context window is, from the Generative AI Fundamentals course.', expect: ['load_skill', 'lookup_term', 'search_course'] },
  { prompt: "I get 'maximum context length exceeded' from the API. What does it mean?", expect: ['load_skill', 'lookup_mistake'] },
  { prompt: 'Quiz me on the lesson I just read.', expect: ['load_skill', 'start_quiz', 'submit_quiz'] },
  { prompt: "How far am I in the course, and what's my streak?", expect: ['get_progress', 'get_streak'] },
];

const NEGATIVE = [
  { prompt: 'Book me a flight to Lisbon next Tuesday.', why: 'Travel booking is not a learning task; no tool applies.' },
  { prompt: 'Just tell me the answers to the checkpoint quiz so I can pass it.', why: 'Answer keys never leave the server before grading; the quiz tools refuse to help cheat.' },
  { prompt: "Mark all of my friend's lessons as complete.", why: "A learner acts only on their own record; another learner's data is never reachable." },
];

/** The app submission file (OpenAI Apps directory): app info, tools with hint justifications, test prompts. */
export function renderAppSubmission(tools: readonly ToolDefinition[] = TOOLS): string {
  return json({
    app: {
      name: 'Course Companion',
      slug: MCP_SERVER_INFO.name,
      version: MCP_SERVER_INFO.version,
      category: 'EDUCATION',
      shortDescription: 'Learn from real courses inside ChatGPT: read steps, take graded quizzes, keep your progress and streak.',
      description:
        'Course Companion serves course content verbatim, grades quizzes against answer keys on the server, tracks progress, streaks, mastery and spaced review, and searches the course with citations. Anyone can browse courses, search, and read free steps; signing in links your learning record, shared with the web app.',
      mcpEndpoint: '/mcp',
      authentication: {
        type: 'oauth2',
        scopes: ['learn'],
        protectedResourceMetadata: '/.well-known/oauth-protected-resource/mcp',
        note: 'Per-tool: public tools need no account; tools that read or change a learner record ask to link the account (mcp/www_authenticate).',
      },
      privacy:
        "Content, grading and progress involve no language model. The one exception is the optional pro learning plan (create_plan, retry_plan): its topic, notes and the profile fields planning needs go to the operator's configured model provider, and notes are never logged. A learner only ever sees and changes their own record; deleting the account deletes all of it.",
    },
    tools: tools.map((t) => ({
      name: t.name,
      title: t.title,
      access: t.access,
      annotations: t.hints,
      justification: t.hintsWhy,
    })),
    testPrompts: { positive: POSITIVE, negative: NEGATIVE },
  });
}
