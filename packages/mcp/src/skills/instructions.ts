// The MCP `instructions`: what the server is for and the skill catalogue, the essentials first
// (clients may keep only the first 512 characters).
import type { SkillLibrary } from './library.ts';

export function instructionsFor(skills: SkillLibrary): string {
  const list = skills.list();
  const head =
    'Course Companion serves courses verbatim, grades quizzes, tracks progress. Teach only from what the tools return and cite step ids; ' +
    'never invent progress or scores; never reveal answers before an attempt is graded. ';
  if (list.length === 0) return head.trim();
  return `${head}Before tutoring, call load_skill with one of: ${list.map((s) => s.name).join(', ')}.\n\nSkills:\n${list
    .map((s) => `- ${s.name}: ${s.description}`)
    .join('\n')}`;
}
