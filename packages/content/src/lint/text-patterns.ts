// Author lint: a short-text or blank pattern must match the whole answer. `^idempoten(t|ce)\b` also
// accepts "idempotent is not needed"; `^a|b$` anchors only one branch of the alternation.
import type { QuestionFile } from '../format/quiz.ts';
import { reportAt } from '../load/course-index.ts';
import type { ProblemCollector } from '../load/problems.ts';
import type { QuizInfo } from '../load/read-files.ts';

/** Whether `pattern` is `^...$` with no alternation outside groups, so it can only match a whole answer. */
export function anchoredAtBothEnds(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  let depth = 0;
  let inClass = false;
  for (let i = 1; i < pattern.length - 1; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return false;
  }
  return true;
}

export function lintTextPatterns(quizzes: readonly QuizInfo[], problems: ProblemCollector): void {
  for (const quiz of quizzes) {
    quiz.data?.questions.forEach((question: QuestionFile, index) => {
      const check = (patterns: readonly string[], path: PropertyKey[]) =>
        patterns.forEach((pattern, patternIndex) => {
          if (anchoredAtBothEnds(pattern)) return;
          reportAt(problems, 'warning', quiz.file.path, quiz.source, ['questions', index, ...path, 'patterns', patternIndex],
            `pattern ${JSON.stringify(pattern)} can match part of an answer: anchor it as ^(...)$ so "X is not needed" cannot pass for X`);
        });
      if (question.type === 'short_text') check(question.patterns, []);
      if (question.type === 'cloze') {
        question.blanks.forEach((blank, blankIndex) => {
          if (!('options' in blank)) check(blank.patterns, ['blanks', blankIndex]);
        });
      }
    });
  }
}
