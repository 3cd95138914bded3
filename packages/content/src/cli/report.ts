import { QUESTION_TYPES } from '../format/quiz.ts';
import type { BundleStats } from '../load/parse-bundle.ts';
import { formatProblem, type Problem } from '../load/problems.ts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Problems grouped by severity (errors first), one `file:line field: message` per line. */
export function renderProblems(problems: readonly Problem[]): string {
  const lines: string[] = [];
  for (const [severity, title] of [['error', 'Errors'], ['warning', 'Warnings']] as const) {
    const group = problems.filter((problem) => problem.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${title} (${group.length}):`);
    for (const problem of group) lines.push(`  ${formatProblem(problem)}`);
    lines.push('');
  }
  return lines.map((line) => `${line}\n`).join('');
}

export function renderStats(courseId: string, stats: BundleStats): string {
  const byType = QUESTION_TYPES.filter((type) => stats.questionsByType[type] !== undefined)
    .map((type) => `${type} ${stats.questionsByType[type] ?? 0}`)
    .join(', ');
  return [
    `${courseId}: ${plural(stats.chapters, 'chapter')}, ${plural(stats.steps, 'step')}, ` +
      `${plural(stats.questions, 'question')}${byType ? ` (${byType})` : ''}, ` +
      `${plural(stats.glossaryTerms, 'glossary term')}, ${plural(stats.catalogueEntries, 'catalogue entry').replace('entrys', 'entries')}`,
    `${plural(stats.warnings, 'warning')}, ${plural(stats.errors, 'error')}`,
  ].join('\n');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
