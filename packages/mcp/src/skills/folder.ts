// Skills from a folder (skills/<name>/SKILL.md): checked, served, and re-read when a file changes.
// An edit that breaks a skill is reported and the previous good version keeps serving.
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { skillEntry, SkillsExtension, type Skill } from '@modelcontextprotocol/server/ext/skills';
import { parseSkill, triggerClashes, type ParsedSkill, type SkillProblem } from './check.ts';
import type { SkillDocument, SkillInfo, SkillLibrary } from './library.ts';

export interface SkillCheck {
  skills: { file: string; skill: ParsedSkill }[];
  problems: SkillProblem[];
}

/** Reads and checks every skills/<name>/SKILL.md under `root`. */
export async function checkSkillFolder(root: string, knownTools: ReadonlySet<string>, display = (p: string) => p): Promise<SkillCheck> {
  const problems: SkillProblem[] = [];
  const skills: SkillCheck['skills'] = [];
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return { skills, problems: [{ file: display(root), severity: 'error', message: 'the skills folder cannot be read' }] };
  }
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(root, entry.name, 'SKILL.md');
    let markdown: string;
    try {
      markdown = await readFile(file, 'utf8');
    } catch {
      problems.push({ file: display(file), severity: 'error', message: `the folder "${entry.name}" has no SKILL.md` });
      continue;
    }
    const result = parseSkill(display(file), entry.name, markdown, knownTools);
    problems.push(...result.problems);
    if (result.skill) skills.push({ file: display(file), skill: result.skill });
  }
  problems.push(...triggerClashes(skills));
  return { skills, problems };
}

export interface FolderSkillsOptions {
  knownTools: ReadonlySet<string>;
  onProblem?: (problem: SkillProblem) => void;
  onReload?: (names: string[]) => void;
}

export class FolderSkillLibrary implements SkillLibrary {
  #skills = new Map<string, { doc: SkillDocument; entry: Skill }>();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #loading: Promise<void> = Promise.resolve();
  readonly extension: SkillsExtension;

  private constructor(
    readonly root: string,
    private readonly options: FolderSkillsOptions,
  ) {
    const find = (uri: string) => [...this.#skills.values()].find((s) => s.entry.uri === uri);
    this.extension = new SkillsExtension({
      source: {
        list: async () => ({ skills: [...this.#skills.values()].map((s) => s.entry) }),
        get: async (uri) => find(uri)?.entry,
        read: async (uri) => {
          const skill = find(uri);
          return skill && { text: skill.doc.markdown, mimeType: 'text/markdown' };
        },
        listResources: async () =>
          [...this.#skills.values()].map((s) => ({ uri: s.entry.uri, name: s.doc.name, description: s.doc.description, mimeType: 'text/markdown' })),
      },
      onWarning: (w) => options.onProblem?.({ file: w.path, severity: 'warning', message: w.message }),
    });
  }

  static async load(root: string, options: FolderSkillsOptions): Promise<FolderSkillLibrary> {
    const library = new FolderSkillLibrary(root, options);
    await library.reload();
    return library;
  }

  list(): SkillInfo[] {
    return [...this.#skills.values()].map(({ doc }) => ({ name: doc.name, description: doc.description })).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): SkillDocument | undefined {
    return this.#skills.get(name)?.doc;
  }

  /** Re-reads the folder. Skills that now break the rules keep their previous version; removed skills go. */
  reload(): Promise<void> {
    this.#loading = this.#loading.then(() => this.#reload());
    return this.#loading;
  }

  async #reload(): Promise<void> {
    const { skills, problems } = await checkSkillFolder(this.root, this.options.knownTools, (p) => path.relative(process.cwd(), p) || p);
    for (const p of problems) this.options.onProblem?.(p);
    const next = new Map<string, { doc: SkillDocument; entry: Skill }>();
    const folders = new Set((await readdir(this.root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name));
    for (const { skill } of skills) {
      const entry = await skillEntry(skill.name, { 'SKILL.md': skill.markdown });
      next.set(skill.name, { doc: { name: skill.name, description: skill.description, body: skill.body, markdown: skill.markdown }, entry });
    }
    // A skill whose new version is broken keeps serving its last good version while its folder exists.
    for (const [name, previous] of this.#skills) if (!next.has(name) && folders.has(name)) next.set(name, previous);
    this.#skills = next;
    this.options.onReload?.([...next.keys()]);
  }

  /** Reloads shortly after any file under the folder changes, until `close`. */
  watch(debounceMs = 100): this {
    this.#watcher ??= watch(this.root, { recursive: true }, () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.reload(), debounceMs);
    });
    this.#watcher.on('error', () => undefined);
    return this;
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }
}
