import { QUESTION_TYPES } from '../format/quiz.ts';
import type { BundleStats } from '../load/parse-bundle.ts';
import { formatProblem, type Problem } from '../load/problems.ts';
import { beatsChance, type CueFigure } from '../lint/chance.ts';
import { formatExpected, type CueStats } from '../lint/key-cues.ts';

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
    ...renderCues(stats.cues),
    `${plural(stats.warnings, 'warning')}, ${plural(stats.errors, 'error')}`,
  ].join('\n');
}

const CUE_LABELS: [keyof CueStats, string][] = [
  ['singleFirstId', 'single choice, right option has the first id'],
  ['multipleFirstIds', 'multiple choice, right options have the first ids'],
  ['blankFirstId', 'drop-down blank, right option has the first id'],
  ['longestRight', 'single choice, right option is the longest'],
  ['trueFalseFalse', 'true/false keyed false'],
  ['trueFalseTrue', 'true/false keyed true'],
  ['multipleTwoOrMore', 'multiple choice with 2+ right options'],
];

const percent = (part: number, whole: number): string => `${whole === 0 ? 0 : Math.round((part / whole) * 100)} %`;

function renderCue(label: string, figure: CueFigure): string {
  const verdict = beatsChance(figure) ? 'BEATS CHANCE' : figure.hits > figure.expected ? 'above chance, within luck' : 'ok';
  return `  ${label}: ${figure.hits} of ${figure.questions} (${percent(figure.hits, figure.questions)}; chance ${formatExpected(figure.expected)}, ` +
    `${percent(figure.expected, figure.questions)}) ${verdict}`;
}

/** The author lint's figures: how often each guessing cue gives the key, against chance. */
export function renderCues(cues: CueStats): string[] {
  const lines = CUE_LABELS.filter(([cue]) => cues[cue].questions > 0).map(([cue, label]) => renderCue(label, cues[cue]));
  return lines.length === 0 ? [] : ['Guessing cues (hits of questions; chance):', ...lines];
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
