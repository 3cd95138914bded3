import type { ChoiceOptionFile } from '../format/quiz.ts';
import { reportAt } from './course-index.ts';
import type { ProblemCollector, Severity } from './problems.ts';
import type { QuizInfo } from './read-files.ts';

type Report = (severity: Severity, path: PropertyKey[], message: string) => void;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholders `{{id}}` in a cloze text, in order. */
export function clozePlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

function duplicates<T>(items: readonly T[], id: (item: T) => string | undefined, onDuplicate: (item: T, index: number, id: string) => void): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = id(item);
    if (key === undefined) return;
    if (seen.has(key)) onDuplicate(item, index, key);
    seen.add(key);
  });
}

function checkChoiceOptions(
  options: readonly ChoiceOptionFile[],
  base: PropertyKey[],
  report: Report,
  correct: { exactlyOne: boolean; what: string },
  warnMissingFeedback: boolean,
): void {
  duplicates(options, (option) => option.id, (_option, index, id) => report('error', [...base, index, 'id'], `duplicate option id "${id}"`));
  const count = options.filter((option) => option.correct).length;
  if (correct.exactlyOne && count !== 1) {
    report('error', base, `${correct.what} needs exactly one correct option (found ${count})`);
  } else if (!correct.exactlyOne && count === 0) {
    report('error', base, `${correct.what} needs at least one correct option`);
  }
  if (!warnMissingFeedback) return;
  options.forEach((option, index) => {
    if (option.feedback === undefined) report('warning', [...base, index, 'feedback'], `option "${option.id}" has no feedback`);
  });
}

/** Per-question rules the JSON Schema cannot express, on every question that could be read. */
export function checkQuestions(quiz: QuizInfo, problems: ProblemCollector): void {
  const file = quiz.file.path;
  duplicates(quiz.questions, (question) => question.fields.id, (question, _index, id) =>
    reportAt(problems, 'error', file, quiz.source, ['questions', question.index, 'id'], `duplicate question id "${id}"`));

  for (const question of quiz.questions) {
    const at = (path: PropertyKey[]): PropertyKey[] => ['questions', question.index, ...path];
    const report: Report = (severity, path, message) => reportAt(problems, severity, file, quiz.source, at(path), message);
    switch (question.type) {
      case 'single':
      case 'multiple': {
        const options = question.fields.options;
        if (options === undefined) break;
        checkChoiceOptions(options, ['options'], report,
          { exactlyOne: question.type === 'single', what: question.type === 'single' ? 'a single-choice question' : 'a multiple-choice question' }, true);
        break;
      }
      case 'short_text': {
        const { accepted, patterns } = question.fields;
        if (accepted !== undefined && patterns !== undefined && accepted.length + patterns.length === 0) {
          report('error', ['accepted'], 'needs at least one accepted answer or pattern');
        }
        break;
      }
      case 'ordering':
        duplicates(question.fields.items ?? [], (item) => item.id, (_item, index, id) => report('error', ['items', index, 'id'], `duplicate item id "${id}"`));
        break;
      case 'matching': {
        const pairs = question.fields.pairs ?? [];
        duplicates(pairs, (pair) => pair.left.id, (_pair, index, id) => report('error', ['pairs', index, 'left', 'id'], `duplicate left item id "${id}"`));
        const rights = [
          ...pairs.map((pair, index) => ({ id: pair.right.id, path: ['pairs', index, 'right', 'id'] })),
          ...(question.fields.distractors ?? []).map((item, index) => ({ id: item.id, path: ['distractors', index, 'id'] })),
        ];
        duplicates(rights, (right) => right.id, (right, _index, id) => report('error', right.path, `duplicate right item id "${id}"`));
        break;
      }
      case 'cloze': {
        const blanks = question.fields.blanks;
        const text = question.fields.text;
        if (blanks === undefined) break;
        duplicates(blanks, (blank) => blank.id, (_blank, index, id) => report('error', ['blanks', index, 'id'], `duplicate blank id "${id}"`));
        blanks.forEach((blank, index) => {
          if ('options' in blank) {
            checkChoiceOptions(blank.options, ['blanks', index, 'options'], report, { exactlyOne: true, what: `blank "${blank.id}"` }, false);
          } else if (blank.accepted.length + blank.patterns.length === 0) {
            report('error', ['blanks', index], `blank "${blank.id}" needs accepted answers, patterns or options`);
          }
        });
        if (text === undefined) break;
        const placeholders = clozePlaceholders(text);
        const ids = new Set(blanks.map((blank) => blank.id));
        const counted = new Map<string, number>();
        for (const placeholder of placeholders) counted.set(placeholder, (counted.get(placeholder) ?? 0) + 1);
        for (const [placeholder, count] of counted) {
          if (!ids.has(placeholder)) report('error', ['text'], `placeholder {{${placeholder}}} has no blank with that id`);
          else if (count > 1) report('error', ['text'], `placeholder {{${placeholder}}} appears ${count} times; each blank appears once`);
        }
        blanks.forEach((blank, index) => {
          if (!counted.has(blank.id)) report('error', ['blanks', index, 'id'], `blank "${blank.id}" does not appear in the text as {{${blank.id}}}`);
        });
        break;
      }
      case 'true_false':
      case 'numeric':
        break;
    }
  }
}
