// The skills the server serves: SKILL.md files read at start and re-read when they change.
import type { SkillsExtension } from '@modelcontextprotocol/server/ext/skills';

export interface SkillInfo {
  name: string;
  description: string;
}

export interface SkillDocument extends SkillInfo {
  /** The SKILL.md body (frontmatter removed). */
  body: string;
  /** The whole file, as served at skill://<name>/SKILL.md. */
  markdown: string;
}

export interface SkillLibrary {
  list(): SkillInfo[];
  get(name: string): SkillDocument | undefined;
  /** The MCP skills extension (skill:// resources, skills/list, skills/get) over the same skills. */
  extension?: SkillsExtension;
}

export const emptySkillLibrary: SkillLibrary = { list: () => [], get: () => undefined };
