// `pnpm skills check [folder]`: checks every skills/<name>/SKILL.md and prints what to fix, with
// file and line. Exits 1 on any error (warnings alone pass).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSkillFolder } from './folder.ts';
import { formatProblem } from './check.ts';
import { toolNames } from './load.ts';

export const defaultSkillsDir = path.resolve(import.meta.dirname, '../../../../skills');

export async function skillsCommand(args: readonly string[], out: (line: string) => void): Promise<number> {
  const [command, folder] = args;
  if (command !== 'check') {
    out('usage: pnpm skills check [folder]   (default: the repo\'s skills/)');
    return 2;
  }
  const root = path.resolve(folder ?? defaultSkillsDir);
  const { skills, problems } = await checkSkillFolder(root, toolNames(), (p) => path.relative(process.cwd(), p) || p);
  for (const p of problems) out(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  out(
    errors === 0
      ? `${skills.length} skill(s) OK${warnings ? ` (${warnings} warning(s))` : ''}: ${skills.map((s) => s.skill.name).join(', ')}`
      : `${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ''} in ${root}`,
  );
  return errors === 0 && skills.length > 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  skillsCommand(process.argv.slice(2), (line) => process.stdout.write(line + '\n')).then((code) => process.exit(code));
}
