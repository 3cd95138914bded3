// The tutoring skills, for hosts that only call tools (ChatGPT today).
import * as z from 'zod';
import { Invalid } from '@cc/core';
import { Slug } from '../inputs.ts';
import { defineTool, READ } from '../tool.ts';

export const loadSkillTool = defineTool({
  name: 'load_skill',
  title: 'Load a tutoring skill',
  description:
    "Returns a tutoring skill's instructions (SKILL.md): when to use it, the workflow and the exact tools to call, response templates and guardrails. Load the matching skill before tutoring; the catalogue is in the server instructions.",
  access: 'public',
  hints: READ,
  hintsWhy: 'Reads a published skill file; changes nothing.',
  input: z.object({ name: Slug.describe('Skill name, e.g. quiz-master') }),
  output: z.object({ name: z.string(), description: z.string(), instructions: z.string(), uri: z.string() }),
  async run({ name }, ctx) {
    const skill = ctx.deps.skills.get(name);
    if (!skill) {
      const known = ctx.deps.skills.list().map((s) => s.name);
      throw new Invalid(`There is no skill named '${name}'. Known skills: ${known.join(', ') || 'none'}`);
    }
    return { name: skill.name, description: skill.description, instructions: skill.body, uri: `skill://${skill.name}/SKILL.md` };
  },
  text: (s) => `Skill ${s.name} loaded; follow structuredContent.instructions.`,
});
