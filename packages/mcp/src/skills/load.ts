// The server's skills: the folder's SKILL.md files, checked against the tools this door serves.
import { TOOLS } from '../tools/index.ts';
import { FolderSkillLibrary } from './folder.ts';
import { formatProblem, type SkillProblem } from './check.ts';

export const toolNames = (): ReadonlySet<string> => new Set(TOOLS.map((t) => t.name));

/** Loads the skills under `root` and re-reads them when a file changes (close() stops watching). */
export async function loadSkillFolder(root: string, log: { warn(msg: string, data?: object): void; info(msg: string, data?: object): void }) {
  const library = await FolderSkillLibrary.load(root, {
    knownTools: toolNames(),
    onProblem: (p: SkillProblem) => log.warn('skill problem', { problem: formatProblem(p) }),
    onReload: (names) => log.info('skills loaded', { skills: names }),
  });
  return library.watch();
}
