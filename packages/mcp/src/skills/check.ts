// The rules a SKILL.md must follow, with messages a skill author can act on: the Agent Skills
// specification (frontmatter fields and limits, name = folder), our house rules (the five
// sections, tools that exist), and triggers distinct enough for the triage skill to route.
import { parse as parseYaml } from 'yaml';
import { nameScore } from '@cc/core';

export interface SkillProblem {
  /** Path of the file, relative to where the check ran. */
  file: string;
  line?: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ParsedSkill {
  name: string;
  description: string;
  /** The frontmatter as authored. */
  frontmatter: Record<string, unknown>;
  body: string;
  markdown: string;
  triggers: string[];
  /** Tools named in `allowed-tools` and in backticks in the body. */
  tools: { name: string; line: number }[];
}

export const SKILL_RULES = {
  nameMax: 64,
  descriptionMax: 1024,
  compatibilityMax: 500,
  bodyLinesMax: 500,
  fileBytesMax: 64 * 1024,
  sections: ['Purpose', 'Triggers', 'Workflow', 'Response templates', 'Guardrails'],
} as const;

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KNOWN_FIELDS = new Set(['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']);
/** Backticked tool names: snake_case with at least one underscore, or a known single-word tool. */
const TOOL_REF = /`([a-z]+(?:_[a-z]+)+|whoami)`/g;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Parses one SKILL.md and reports what breaks the rules; `folder` is the skill's folder name. */
export function parseSkill(file: string, folder: string, markdown: string, knownTools: ReadonlySet<string>): { skill?: ParsedSkill; problems: SkillProblem[] } {
  const problems: SkillProblem[] = [];
  const error = (message: string, line?: number) => problems.push({ file, severity: 'error', message, ...(line !== undefined && { line }) });
  const warn = (message: string, line?: number) => problems.push({ file, severity: 'warning', message, ...(line !== undefined && { line }) });

  if (Buffer.byteLength(markdown) > SKILL_RULES.fileBytesMax) error(`the file is ${Buffer.byteLength(markdown)} bytes; keep SKILL.md under ${SKILL_RULES.fileBytesMax} bytes`);
  const text = markdown.replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!match) {
    error('SKILL.md must start with YAML frontmatter between two "---" lines (name and description at least)', 1);
    return { problems };
  }
  const yamlText = match[1]!;
  const fieldLine = (key: string) => {
    const i = yamlText.search(new RegExp(`^${key}\\s*:`, 'm'));
    return i < 0 ? 1 : lineOf(yamlText, i) + 1;
  };
  let front: unknown;
  try {
    front = parseYaml(yamlText);
  } catch (e) {
    error(`the frontmatter is not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, 2);
    return { problems };
  }
  if (typeof front !== 'object' || front === null || Array.isArray(front)) {
    error('the frontmatter must be a YAML mapping of fields (name: ..., description: ...)', 2);
    return { problems };
  }
  const fm = front as Record<string, unknown>;
  for (const key of Object.keys(fm)) {
    if (!KNOWN_FIELDS.has(key)) error(`unknown frontmatter field "${key}"; the spec allows ${[...KNOWN_FIELDS].join(', ')} (put anything else under metadata)`, fieldLine(key));
  }

  const name = fm.name;
  if (typeof name !== 'string' || name.length === 0) error('"name" is required: the skill\'s folder name', fieldLine('name'));
  else {
    if (name.length > SKILL_RULES.nameMax) error(`"name" is ${name.length} characters; the limit is ${SKILL_RULES.nameMax}`, fieldLine('name'));
    if (!NAME.test(name)) error(`"name" must be lowercase letters, digits and single hyphens, not starting or ending with a hyphen (got "${name}")`, fieldLine('name'));
    if (name !== folder) error(`"name" is "${name}" but the folder is "${folder}"; they must be equal`, fieldLine('name'));
  }
  const description = fm.description;
  if (typeof description !== 'string' || description.trim().length === 0) error('"description" is required: what the skill does and when to use it', fieldLine('description'));
  else {
    if (description.length > SKILL_RULES.descriptionMax) error(`"description" is ${description.length} characters; the limit is ${SKILL_RULES.descriptionMax}`, fieldLine('description'));
    if (!/\b(use|when)\b/i.test(description)) warn('"description" should say when to use the skill ("Use when ...")', fieldLine('description'));
  }
  if (fm.license !== undefined && typeof fm.license !== 'string') error('"license" must be a string (a license name or a bundled file)', fieldLine('license'));
  if (fm.compatibility !== undefined) {
    if (typeof fm.compatibility !== 'string' || fm.compatibility.length === 0) error('"compatibility" must be a non-empty string', fieldLine('compatibility'));
    else if (fm.compatibility.length > SKILL_RULES.compatibilityMax) error(`"compatibility" is ${fm.compatibility.length} characters; the limit is ${SKILL_RULES.compatibilityMax}`, fieldLine('compatibility'));
  }
  if (fm.metadata !== undefined) {
    const ok = typeof fm.metadata === 'object' && fm.metadata !== null && !Array.isArray(fm.metadata) && Object.values(fm.metadata).every((v) => typeof v === 'string');
    if (!ok) error('"metadata" must map string keys to string values (quote numbers: version: "1.0")', fieldLine('metadata'));
  }
  const allowed = fm['allowed-tools'];
  if (allowed !== undefined && typeof allowed !== 'string') error('"allowed-tools" must be one space-separated string of tool names', fieldLine('allowed-tools'));

  const offset = lineOf(text, match[0].length) - 1;
  const body = text.slice(match[0].length);
  const bodyLines = body.split('\n').length;
  if (bodyLines >= SKILL_RULES.bodyLinesMax) error(`the body is ${bodyLines} lines; keep it under ${SKILL_RULES.bodyLinesMax} (move details to references/)`);

  const headings = new Map<string, number>();
  for (const m of body.matchAll(/^##\s+(.+?)\s*$/gm)) headings.set(m[1]!.toLowerCase(), offset + lineOf(body, m.index));
  for (const section of SKILL_RULES.sections) {
    if (!headings.has(section.toLowerCase())) error(`missing the "## ${section}" section (every skill has ${SKILL_RULES.sections.join(', ')})`);
  }

  const triggers: string[] = [];
  const triggerSection = /^##\s+Triggers\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/im.exec(body);
  if (triggerSection) {
    for (const m of triggerSection[1]!.matchAll(/^\s*[-*]\s+"?(.+?)"?\s*$/gm)) triggers.push(m[1]!);
    if (triggers.length === 0) error('the "## Triggers" section lists no phrases; add bullet points ("- \\"explain X\\"")', headings.get('triggers'));
  }

  const tools: { name: string; line: number }[] = [];
  if (typeof allowed === 'string') for (const t of allowed.split(/\s+/).filter(Boolean)) tools.push({ name: t, line: fieldLine('allowed-tools') });
  for (const m of body.matchAll(TOOL_REF)) tools.push({ name: m[1]!, line: offset + lineOf(body, m.index) });
  for (const t of tools) {
    if (!knownTools.has(t.name)) error(`names the tool "${t.name}", which the server does not have (tools: ${[...knownTools].sort().join(', ')})`, t.line);
  }
  if (headings.has('workflow') && !tools.some((t) => t.line > (headings.get('workflow') ?? 0))) error('the "## Workflow" section names no tool; name the exact tools in backticks (`open_step`)', headings.get('workflow'));

  if (problems.some((p) => p.severity === 'error')) return { problems };
  return {
    skill: { name: name as string, description: (description as string).trim(), frontmatter: fm, body: body.trim(), markdown, triggers, tools },
    problems,
  };
}

/** Triggers two skills share, or so close that routing cannot tell them apart. */
export function triggerClashes(skills: readonly { file: string; skill: ParsedSkill }[]): SkillProblem[] {
  const problems: SkillProblem[] = [];
  for (let i = 0; i < skills.length; i++) {
    const a = skills[i]!;
    const seen = new Set<string>();
    for (const t of a.skill.triggers) {
      const key = t.toLowerCase();
      if (seen.has(key)) problems.push({ file: a.file, severity: 'error', message: `the trigger "${t}" is listed twice` });
      seen.add(key);
    }
    for (let j = i + 1; j < skills.length; j++) {
      const b = skills[j]!;
      for (const ta of a.skill.triggers) {
        for (const tb of b.skill.triggers) {
          if (nameScore(ta, tb) >= 0.9) {
            problems.push({ file: b.file, severity: 'error', message: `the trigger "${tb}" is too close to "${ta}" of ${a.skill.name}; make each skill's triggers distinct so triage can route` });
          }
        }
      }
    }
  }
  return problems;
}

export const formatProblem = (p: SkillProblem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
