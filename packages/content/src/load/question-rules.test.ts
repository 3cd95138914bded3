import { describe, expect, it } from 'vitest';
import { editFile, lineOf, miniCourseFiles, replaceOnce, text } from '../test-support/fixtures.ts';
import { parseBundle } from './parse-bundle.ts';
import type { Problem } from './problems.ts';

const good = await miniCourseFiles();

interface RuleCase {
  rule: string;
  file: string;
  edit: (yaml: string) => string;
  /** Text on the line the problem must point at (in the edited file). */
  line: string;
  field: string;
  message: string | RegExp;
}

const BASICS = 'quizzes/basics-checkpoint.yaml';
const PRACTICE = 'quizzes/practice-checkpoint.yaml';
const WELCOME = 'quizzes/welcome-check.yaml';

const cases: RuleCase[] = [
  {
    rule: 'single: exactly one correct option',
    file: WELCOME,
    edit: replaceOnce('text: Tokens, correct: true,', 'text: Tokens,'),
    line: '    options:',
    field: 'questions[0].options',
    message: 'a single-choice question needs exactly one correct option (found 0)',
  },
  {
    rule: 'multiple: at least one correct option',
    file: BASICS,
    edit: (yaml) => yaml.replaceAll(', correct: true, feedback: Correct.', ', feedback: Correct.'),
    line: '    options:',
    field: 'questions[0].options',
    message: 'a multiple-choice question needs at least one correct option',
  },
  {
    rule: 'option ids unique',
    file: WELCOME,
    edit: replaceOnce('{ id: b, text: Letters', '{ id: a, text: Letters'),
    line: 'text: Letters',
    field: 'questions[0].options[1].id',
    message: 'duplicate option id "a"',
  },
  {
    rule: 'numeric tolerance non-negative',
    file: BASICS,
    edit: replaceOnce('tolerance: { rel: 0.2 }', 'tolerance: { rel: -0.2 }'),
    line: 'tolerance:',
    field: 'questions[1].tolerance.rel',
    message: 'must be at least 0',
  },
  {
    rule: 'numeric tolerance: abs or rel, not both',
    file: BASICS,
    edit: replaceOnce('tolerance: { rel: 0.2 }', 'tolerance: { rel: 0.2, abs: 10 }'),
    line: 'tolerance:',
    field: 'questions[1].tolerance',
    message: 'give exactly one of `abs` or `rel`',
  },
  {
    rule: 'short_text patterns compile',
    file: BASICS,
    edit: replaceOnce('patterns: ["^token[a-z]*er$"]', 'patterns: ["^token[a-z*er$"]'),
    line: 'patterns:',
    field: 'questions[2].patterns[0]',
    message: /^invalid regular expression: .+/,
  },
  {
    rule: 'short_text needs an accepted answer or pattern',
    file: BASICS,
    edit: (yaml) => replaceOnce('    patterns: ["^token[a-z]*er$"]\n', '')(replaceOnce('    accepted: [tokenizer, tokeniser]\n', '')(yaml)),
    line: '  - id: name-the-tool',
    field: 'questions[2].accepted',
    message: 'needs at least one accepted answer or pattern',
  },
  {
    rule: 'ordering needs at least two items',
    file: BASICS,
    edit: (yaml) => replaceOnce('      - { id: split, text: Split into tokens }\n', '')(replaceOnce('      - { id: ids, text: Map tokens to ids }\n', '')(yaml)),
    line: '    items:',
    field: 'questions[3].items',
    message: 'an ordering question needs at least two items',
  },
  {
    rule: 'ordering item ids unique',
    file: BASICS,
    edit: replaceOnce('{ id: ids, text: Map', '{ id: text, text: Map'),
    line: 'Map tokens to ids',
    field: 'questions[3].items[2].id',
    message: 'duplicate item id "text"',
  },
  {
    rule: 'matching left ids unique',
    file: PRACTICE,
    edit: replaceOnce('left: { id: window,', 'left: { id: token,'),
    line: 'text: Context window',
    field: 'questions[0].pairs[1].left.id',
    message: 'duplicate left item id "token"',
  },
  {
    rule: 'matching right ids unique, distractors included',
    file: PRACTICE,
    edit: replaceOnce('{ id: gpu, text: A GPU kernel }', '{ id: unit, text: A GPU kernel }'),
    line: 'A GPU kernel',
    field: 'questions[0].distractors[0].id',
    message: 'duplicate right item id "unit"',
  },
  {
    rule: 'cloze placeholder without a blank',
    file: PRACTICE,
    edit: replaceOnce('the {{part}}.', 'the {{part}} {{extra}}.'),
    line: 'text: "Providers bill',
    field: 'questions[1].text',
    message: 'placeholder {{extra}} has no blank with that id',
  },
  {
    rule: 'cloze blank without a placeholder',
    file: PRACTICE,
    edit: replaceOnce('the {{part}}.', 'the answer.'),
    line: '      - id: part',
    field: 'questions[1].blanks[1].id',
    message: 'blank "part" does not appear in the text as {{part}}',
  },
  {
    rule: 'cloze placeholder used twice',
    file: PRACTICE,
    edit: replaceOnce('the {{part}}.', 'the {{part}} and {{part}}.'),
    line: 'text: "Providers bill',
    field: 'questions[1].text',
    message: 'placeholder {{part}} appears 2 times; each blank appears once',
  },
  {
    rule: 'cloze drop-down blank has exactly one correct option',
    file: PRACTICE,
    edit: replaceOnce('{ id: font, text: font }', '{ id: font, text: font, correct: true }'),
    line: '        options:',
    field: 'questions[1].blanks[1].options',
    message: 'blank "part" needs exactly one correct option (found 2)',
  },
  {
    rule: 'cloze blank has options or accepted, not both',
    file: PRACTICE,
    edit: replaceOnce('      - id: part\n', '      - id: part\n        accepted: [answer]\n'),
    line: '      - id: part',
    field: 'questions[1].blanks[1]',
    message: 'a blank has either `options` or `accepted`/`patterns`, not both',
  },
  {
    rule: 'question ids unique in a quiz',
    file: PRACTICE,
    edit: replaceOnce('  - id: cheapest', '  - id: match-terms'),
    line: '  - id: match-terms\n',
    field: 'questions[2].id',
    message: 'duplicate question id "match-terms"',
  },
  {
    rule: 'true_false answer is a boolean',
    file: WELCOME,
    edit: replaceOnce('    answer: true', '    answer: yes'),
    line: '    answer: yes',
    field: 'questions[1].answer',
    message: 'expected true or false, got the text "yes"',
  },
  {
    rule: 'questions tag at least one concept',
    file: WELCOME,
    edit: replaceOnce('concepts: [context-window]', 'concepts: []'),
    line: 'concepts: []',
    field: 'questions[1].concepts',
    message: 'tag at least one concept',
  },
];

describe('question rules', () => {
  it.each(cases)('$rule', ({ file, edit, line, field, message }) => {
    const files = editFile(good, file, edit);
    const errors = parseBundle(files).problems.filter((problem) => problem.severity === 'error');
    const source = text(files, file);
    const needle = line.endsWith('\n') ? line.slice(0, -1) : line;
    const expectedLine = line.endsWith('\n')
      ? source.split('\n').findIndex((candidate, index, all) => candidate === needle && all.slice(0, index).some((earlier) => earlier === needle)) + 1
      : lineOf(source, needle);
    expect(errors).toEqual([{ severity: 'error', file, line: expectedLine, field, message: typeof message === 'string' ? message : expect.stringMatching(message) }]);
  });

  it('warns about choice options without feedback and concepts no step teaches', () => {
    const files = editFile(
      good,
      WELCOME,
      (yaml) => replaceOnce('concepts: [context-window]', 'concepts: [context-window, quantum]')(replaceOnce(', feedback: "No: letters are grouped into tokens first." }', ' }')(yaml)),
    );
    const result = parseBundle(files);
    const source = text(files, WELCOME);
    expect(result.course).toBeDefined();
    const warnings = result.problems.filter((problem) => problem.file === WELCOME);
    expect(warnings).toEqual<Problem[]>([
      { severity: 'warning', file: WELCOME, line: lineOf(source, '{ id: b, text: Letters }'), field: 'questions[0].options[1].feedback', message: 'option "b" has no feedback' },
      {
        severity: 'warning',
        file: WELCOME,
        line: lineOf(source, 'concepts: [context-window, quantum]'),
        field: 'questions[1].concepts[1]',
        message: 'concept "quantum" is not taught by any step (no step lists it in concepts)',
      },
    ]);
  });
});
