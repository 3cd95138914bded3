// `pnpm skills check` on the shipped skills (must pass) and on broken copies (must fail, saying
// what to fix). Also the library's reload: an edit shows at once, a broken edit keeps the last good version.
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSkillsDir, skillsCommand } from './cli.ts';
import { FolderSkillLibrary } from './folder.ts';
import { toolNames } from './load.ts';

const REQUIRED = ['concept-explainer', 'quiz-master', 'socratic-tutor', 'progress-motivator', 'triage', 'debug-helper', 'exercise-coach'];
/** Shipped beyond the required seven. */
const SHIPPED = [...REQUIRED, 'study-planner'];

async function run(folder?: string) {
  const lines: string[] = [];
  const code = await skillsCommand(folder ? ['check', folder] : ['check'], (l) => lines.push(l));
  return { code, output: lines.join('\n') };
}

describe('pnpm skills check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'skills-'));
    await cp(defaultSkillsDir, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const edit = async (skill: string, change: (text: string) => string) => {
    const file = path.join(dir, skill, 'SKILL.md');
    await writeFile(file, change(await readFile(file, 'utf8')));
  };

  it('passes on the shipped skills (the seven required and study-planner), with no warnings', async () => {
    const { code, output } = await run();
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/warning|error/);
    for (const name of SHIPPED) expect(output).toContain(name);
  });

  it('fails on a tool that does not exist, naming the file, the line and the tool', async () => {
    await edit('quiz-master', (t) => t.replace('Call `start_quiz`', 'Call `begin_quiz`'));
    const { code, output } = await run(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/quiz-master\/SKILL\.md:\d+: error: names the tool "begin_quiz", which the server does not have/);
  });

  it('fails on spec violations: name not the folder, bad name, long description, unknown field, missing section', async () => {
    await edit('triage', (t) => t.replace('name: triage', 'name: Triage--Bot'));
    await edit('debug-helper', (t) => t.replace(/^description: .*$/m, `description: ${'x'.repeat(1100)}`));
    await edit('socratic-tutor', (t) => t.replace('compatibility:', 'author: me\ncompatibility:'));
    await edit('exercise-coach', (t) => t.replace('## Guardrails', '## Rules'));
    const { code, output } = await run(dir);
    expect(code).toBe(1);
    expect(output).toContain('"name" is "Triage--Bot" but the folder is "triage"');
    expect(output).toContain('"name" must be lowercase letters, digits and single hyphens');
    expect(output).toContain('"description" is 1100 characters; the limit is 1024');
    expect(output).toContain('unknown frontmatter field "author"');
    expect(output).toContain('missing the "## Guardrails" section');
  });

  it('fails on missing frontmatter, broken YAML and a body over 500 lines', async () => {
    await edit('triage', (t) => t.replace(/^---\n/, ''));
    await edit('quiz-master', (t) => t.replace('metadata:\n  version: "1.0"', 'metadata: [unclosed'));
    await edit('concept-explainer', (t) => t + '\nline'.repeat(500));
    const { output } = await run(dir);
    expect(output).toContain('triage/SKILL.md:1: error: SKILL.md must start with YAML frontmatter');
    expect(output).toMatch(/quiz-master\/SKILL\.md:\d+: error: the frontmatter is not valid YAML/);
    expect(output).toMatch(/concept-explainer\/SKILL\.md: error: the body is \d+ lines; keep it under 500/);
  });

  it('fails when two skills share a trigger, so triage could not route', async () => {
    await edit('socratic-tutor', (t) => t.replace('- "why is that true"', '- "quiz me"'));
    const { code, output } = await run(dir);
    expect(code).toBe(1);
    expect(output).toContain('the trigger "quiz me" is too close to "quiz me" of quiz-master');
  });

  it('the running library picks up an edited file by itself (file watcher)', async () => {
    const library = (await FolderSkillLibrary.load(dir, { knownTools: toolNames() })).watch(20);
    try {
      await edit('socratic-tutor', (t) => t.replace('## Purpose', '## Purpose\nWatched edit.'));
      // Wait for the watcher (no timing assertion: just poll until it shows, or the test times out).
      while (!library.get('socratic-tutor')?.body.includes('Watched edit.')) await new Promise((r) => setTimeout(r, 25));
      expect(library.get('socratic-tutor')?.body).toContain('Watched edit.');
    } finally {
      library.close();
    }
  });

  it('the server library reloads an edited skill and keeps the last good version of a broken one', async () => {
    const library = await FolderSkillLibrary.load(dir, { knownTools: toolNames() });
    expect(library.list().map((s) => s.name).sort()).toEqual([...SHIPPED].sort());
    await edit('triage', (t) => t.replace('Triage does no teaching itself.', 'Triage does no teaching itself (edited).'));
    await library.reload();
    expect(library.get('triage')?.body).toContain('(edited)');
    await edit('triage', (t) => t.replace('name: triage', 'name: nope'));
    await library.reload();
    expect(library.get('triage')?.body).toContain('(edited)');
    await mkdir(path.join(dir, 'new-skill'));
    await cp(path.join(dir, 'quiz-master', 'SKILL.md'), path.join(dir, 'new-skill', 'SKILL.md'));
    await rm(path.join(dir, 'exercise-coach'), { recursive: true });
    await library.reload();
    expect(library.get('exercise-coach')).toBeUndefined();
    expect(library.get('new-skill')).toBeUndefined(); // its name is quiz-master: refused
  });
});
