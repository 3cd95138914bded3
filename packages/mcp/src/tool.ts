// How a tool is declared: name, title, description, who may call it, the four behaviour hints
// (always explicit), zod input and output schemas (the output is the tool's structuredContent),
// the core use-case it runs, and a short text for the model.
import type * as z from 'zod';
import type { LearningDeps, PlanDeps, SearchDeps } from '@cc/core';
import type { SkillLibrary } from './skills/library.ts';

/**
 * `public`: anyone, no token (advertised as `noauth`).
 * `signed-in`: a token with the door's scope; anonymous callers get an `mcp/www_authenticate` challenge.
 * `either`: anyone; a signed-in learner gets their own, personalised answer (advertised as both schemes).
 */
export type Access = 'public' | 'signed-in' | 'either';

export interface Hints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface McpDeps {
  learning: LearningDeps;
  search: SearchDeps['search'];
  skills: SkillLibrary;
  /** Learning plans, when the server has a plan generator (wired by the composition root); absent: the plan tools answer `unavailable`. */
  plans?: PlanDeps;
}

export interface ToolContext {
  deps: McpDeps;
  /** The caller's learner id: always set for `signed-in` tools, absent for anonymous callers. */
  learnerId: string | undefined;
}

export interface ToolDefinition<In extends z.ZodObject = z.ZodObject, Out extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  access: Access;
  hints: Hints;
  /** Why the hints are what they are (the app submission file shows it to reviewers). */
  hintsWhy: string;
  input: In;
  output: Out;
  run(args: z.output<In>, ctx: ToolContext): Promise<z.input<Out>>;
  /** A short sentence or two for the model; the structured content carries the data. */
  text(out: z.output<Out>): string;
}

/** Declares a tool, keeping its input and output types tied to its schemas. */
export const defineTool = <In extends z.ZodObject, Out extends z.ZodObject>(tool: ToolDefinition<In, Out>): ToolDefinition =>
  tool as unknown as ToolDefinition;

/** The learner of a `signed-in` tool (the door checks the token before `run`). */
export function learnerOf(ctx: ToolContext): string {
  if (ctx.learnerId === undefined) throw new Error('a signed-in tool ran without a learner');
  return ctx.learnerId;
}

export const READ: Hints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
