export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  /** Path of the file inside the bundle (`course.yaml`, `chapters/basics/welcome.md`). */
  file: string;
  /** 1-based line in that file, when the problem has one. */
  line?: number;
  /** The offending field as written in the file (`chapters[1].steps[0]`, `frontmatter.minutes`). */
  field?: string;
  message: string;
}

export type PathKey = string | number;

/** `['chapters', 1, 'steps', 0]` -> `chapters[1].steps[0]`, with an optional prefix (`frontmatter`). */
export function formatField(path: readonly PropertyKey[], prefix?: string): string | undefined {
  let field = prefix ?? '';
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else field += field === '' ? String(key) : `.${String(key)}`;
  }
  return field === '' ? undefined : field;
}

/** `file:line field: message`, the form the CLI prints. */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.field === undefined ? `${where}: ${problem.message}` : `${where} ${problem.field}: ${problem.message}`;
}

function fileRank(file: string): number {
  if (file === 'course.yaml') return 0;
  if (file.startsWith('chapters/')) return 1;
  if (file.startsWith('quizzes/')) return 2;
  if (file === 'glossary.yaml') return 3;
  if (file === 'catalogue.yaml') return 4;
  if (file === 'achievements.yaml') return 5;
  return 6;
}

/** Orders problems by file (manifest, steps, quizzes, glossary, catalogue, achievements, other), then line; stable otherwise. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        fileRank(a.problem.file) - fileRank(b.problem.file) ||
        (a.problem.file < b.problem.file ? -1 : a.problem.file > b.problem.file ? 1 : 0) ||
        (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}

/** Collects problems for one bundle. */
export class ProblemCollector {
  readonly problems: Problem[] = [];

  add(severity: Severity, file: string, line: number | undefined, field: string | undefined, message: string): void {
    const problem: Problem = { severity, file, message };
    if (line !== undefined) problem.line = line;
    if (field !== undefined) problem.field = field;
    this.problems.push(problem);
  }

  error(file: string, line: number | undefined, field: string | undefined, message: string): void {
    this.add('error', file, line, field, message);
  }

  warn(file: string, line: number | undefined, field: string | undefined, message: string): void {
    this.add('warning', file, line, field, message);
  }

  get errorCount(): number {
    return this.problems.filter((problem) => problem.severity === 'error').length;
  }
}
