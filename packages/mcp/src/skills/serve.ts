// Skills on an MCP server: the skills extension (skill://<name>/SKILL.md resources, skills/list,
// skills/get) and one prompt per skill, for hosts that offer prompts to their users.
import type { McpServer } from '@modelcontextprotocol/server';
import type { SkillLibrary } from './library.ts';

export function serveSkills(server: McpServer, skills: SkillLibrary): void {
  skills.extension?.attach(server);
  for (const { name, description } of skills.list()) {
    server.registerPrompt(name, { title: name.replace(/-/g, ' '), description }, () => {
      const skill = skills.get(name);
      return {
        description,
        messages: [{ role: 'user' as const, content: { type: 'text' as const, text: skill ? skill.body : `The skill ${name} is no longer available.` } }],
      };
    });
  }
}
