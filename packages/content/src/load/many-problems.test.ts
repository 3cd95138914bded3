import { describe, expect, it } from 'vitest';
import { editFile, errorsOf, lineOf, miniCourseFiles, replaceOnce, text, withFile } from '../test-support/fixtures.ts';
import { parseBundle } from './parse-bundle.ts';
import type { Problem } from './problems.ts';

const good = await miniCourseFiles();

// One bundle, many mistakes in many files: a single call must report all of them, each where it is.
let files = good;
files = editFile(files, 'course.yaml', replaceOnce('version: 0.1.0', 'version: 1.0'));
files = editFile(files, 'course.yaml', replaceOnce('tags: [testing, tokens]', 'tags: [testing, tokens]\ncolour: blue'));
files = editFile(files, 'course.yaml', replaceOnce('    access: free', '    access: open'));
files = editFile(files, 'course.yaml', replaceOnce('      - step: basics-checkpoint\n', '      - step: history\n'));
files = editFile(files, 'course.yaml', replaceOnce('      - under-the-hood\n', '      - under-the-hood\n      - missing-step\n'));
files = editFile(files, 'chapters/basics/welcome.md', replaceOnce('minutes: 8', 'minutes: twelve'));
files = editFile(files, 'chapters/basics/first-exercise.md', replaceOnce('id: first-exercise', 'id: first-exercize'));
files = editFile(files, 'chapters/basics/history.md', replaceOnce('## Further reading', ':::beginner Background\n## Further reading'));
files = withFile(files, 'chapters/practice/extra.md', '---\nid: extra\ntitle: Extra\nkind: reading\nminutes: 3\n---\n\nNot listed.\n');
files = editFile(files, 'chapters/practice/practice-checkpoint.md', replaceOnce('quiz: practice-checkpoint', 'quiz: welcome-check'));
files = editFile(files, 'quizzes/welcome-check.yaml', replaceOnce('text: Letters,', 'text: Letters, correct: true,'));
files = editFile(files, 'quizzes/basics-checkpoint.yaml', replaceOnce('    type: numeric', '    type: essay'));
files = editFile(files, 'quizzes/basics-checkpoint.yaml', (yaml) => yaml.replaceAll(', correct: true, feedback: Correct.', ', feedback: Correct.'));
files = editFile(files, 'glossary.yaml', replaceOnce('steps: [welcome, first-exercise]', 'steps: [welcome, nope]'));
files = editFile(files, 'glossary.yaml', replaceOnce('see_also: [token]', 'see_also: [ghost]'));
files = editFile(files, 'catalogue.yaml', replaceOnce('kind: misconception', 'kind: bug'));

const at = (file: string, needle: string, field: string | undefined, message: string): Problem => {
  const problem: Problem = { severity: 'error', file, line: lineOf(text(files, file), needle), message };
  if (field !== undefined) problem.field = field;
  return problem;
};

describe('a bundle with mistakes in many files', () => {
  const result = parseBundle(files, { courseId: 'mini-course' });

  it('is not loadable', () => {
    expect(result.course).toBeUndefined();
  });

  it('reports every error, once, with its file, line and field', () => {
    const expected: Problem[] = [
      at('course.yaml', 'version: 1.0', 'version', 'expected text, got the number 1; YAML reads unquoted numbers and true/false as values: put the text in quotes'),
      at('course.yaml', 'colour: blue', 'colour', 'unknown field'),
      at('course.yaml', 'access: open', 'chapters[0].access', 'expected one of free, premium, got the text "open"'),
      at('course.yaml', 'step: history', 'chapters[1].prerequisites[0].step', '"history" is a reading, not a checkpoint step'),
      at('course.yaml', '- missing-step', 'chapters[1].steps[2]', 'no file chapters/practice/missing-step.md'),
      at('chapters/basics/first-exercise.md', 'id: first-exercize', 'frontmatter.id', 'must equal the file name "first-exercise"'),
      at('chapters/basics/history.md', ':::beginner Background', undefined, '`:::beginner` block is never closed: add a line `:::` after it'),
      at('chapters/basics/welcome.md', 'minutes: twelve', 'frontmatter.minutes', 'expected a number, got the text "twelve"'),
      { severity: 'error', file: 'chapters/practice/extra.md', message: 'not listed in course.yaml under chapter "practice"' },
      at('chapters/practice/practice-checkpoint.md', 'quiz: welcome-check', 'frontmatter.quiz',
        'quiz "welcome-check" is a quick-check: a checkpoint step needs a quiz with kind: checkpoint'),
      at('quizzes/basics-checkpoint.yaml', 'type: essay', 'questions[1].type',
        'type must be one of single, multiple, true_false, numeric, short_text, ordering, matching, cloze'),
      at('quizzes/basics-checkpoint.yaml', '    options:', 'questions[0].options', 'a multiple-choice question needs at least one correct option'),
      at('quizzes/welcome-check.yaml', '    options:', 'questions[0].options', 'a single-choice question needs exactly one correct option (found 2)'),
      at('glossary.yaml', 'steps: [welcome, nope]', 'terms[0].steps[1]', 'no step "nope"'),
      at('glossary.yaml', 'see_also: [ghost]', 'terms[1].see_also[0]', 'no term "ghost"'),
      at('catalogue.yaml', 'kind: bug', 'entries[1].kind', 'expected one of error, misconception, got the text "bug"'),
    ];
    const errors = errorsOf(result.problems);
    for (const problem of expected) expect(errors).toContainEqual(problem);
    expect(errors).toHaveLength(expected.length);
  });

  it('still reports the warnings', () => {
    const warnings = result.problems.filter((problem) => problem.severity === 'warning').map((problem) => `${problem.file} ${problem.message}`);
    expect(warnings).toContain('quizzes/practice-checkpoint.yaml quiz "practice-checkpoint" is not used by any step');
    expect(warnings).toContain('chapters/practice/applying-tokens.md lesson has 41 words; aim for 300-1,200');
  });

  it('orders problems by file kind, then line', () => {
    const files = result.problems.map((problem) => problem.file);
    expect(files.indexOf('course.yaml')).toBe(0);
    expect(files.lastIndexOf('course.yaml')).toBeLessThan(files.indexOf('chapters/basics/first-exercise.md'));
    expect(files.lastIndexOf('chapters/practice/practice-checkpoint.md')).toBeLessThan(files.indexOf('quizzes/basics-checkpoint.yaml'));
    expect(files.lastIndexOf('quizzes/welcome-check.yaml')).toBeLessThan(files.indexOf('glossary.yaml'));
    const manifestLines = result.problems.filter((problem) => problem.file === 'course.yaml').map((problem) => problem.line ?? 0);
    expect(manifestLines).toEqual([...manifestLines].sort((a, b) => a - b));
  });
});

describe('cross-file structure errors', () => {
  const errors = (bundle: Map<string, Uint8Array>, courseId?: string) =>
    errorsOf(parseBundle(bundle, courseId === undefined ? {} : { courseId }).problems).map((problem) => [problem.file, problem.field, problem.message]);

  it('requires the manifest id to equal the folder', () => {
    expect(errors(good, 'other-name')).toEqual([['course.yaml', 'id', 'must equal the bundle folder name "other-name"']]);
  });

  it('requires course.yaml', () => {
    expect(errors(withFile(good, 'course.yaml', undefined))).toEqual([['course.yaml', undefined, 'missing: every bundle needs a course.yaml manifest']]);
  });

  it('reports YAML syntax errors with their line', () => {
    const broken = editFile(good, 'glossary.yaml', replaceOnce('    term: Token\n', '    term: Token\n   bad: [unclosed\n'));
    const problems = errorsOf(parseBundle(broken).problems);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.file === 'glossary.yaml' && problem.message.startsWith('YAML syntax:'))).toBe(true);
    expect(problems[0]?.line).toBe(lineOf(text(broken, 'glossary.yaml'), 'bad: [unclosed'));
  });

  it('requires exactly one checkpoint per chapter, last', () => {
    const noCheckpoint = editFile(good, 'chapters/basics/basics-checkpoint.md', (md) => md.replace('kind: checkpoint', 'kind: reading').replace('quiz: basics-checkpoint\n', ''));
    expect(errors(noCheckpoint)).toEqual([
      ['course.yaml', 'chapters[0].steps', 'chapter "basics" has no checkpoint step: its last step must have kind: checkpoint'],
      ['course.yaml', 'chapters[1].prerequisites[0].step', '"basics-checkpoint" is a reading, not a checkpoint step'],
    ]);
    const notLast = editFile(good, 'course.yaml', replaceOnce('      - history\n      - basics-checkpoint\n', '      - basics-checkpoint\n      - history\n'));
    expect(errors(notLast)).toEqual([['course.yaml', 'chapters[0].steps[2]', 'checkpoint step "basics-checkpoint" must be the last step of chapter "basics"']]);
    const two = editFile(good, 'chapters/basics/history.md', replaceOnce('kind: reading', 'kind: checkpoint\nquiz: basics-checkpoint'));
    expect(errors(two)).toEqual([
      ['chapters/basics/basics-checkpoint.md', 'frontmatter.kind', 'chapter "basics" already has checkpoint step "history": a chapter has exactly one'],
    ]);
  });

  it('requires a checkpoint quiz on checkpoint steps and an existing quiz file', () => {
    const noQuiz = editFile(good, 'chapters/basics/basics-checkpoint.md', replaceOnce('quiz: basics-checkpoint\n', ''));
    expect(errors(noQuiz)).toContainEqual(['chapters/basics/basics-checkpoint.md', 'frontmatter.quiz', 'a checkpoint step needs its checkpoint quiz: add quiz: <quiz-id>']);
    const missing = editFile(good, 'chapters/basics/welcome.md', replaceOnce('quiz: welcome-check', 'quiz: nowhere'));
    expect(errors(missing)).toEqual([['chapters/basics/welcome.md', 'frontmatter.quiz', 'no quiz file quizzes/nowhere.yaml']]);
    const wrongKind = editFile(good, 'chapters/basics/welcome.md', replaceOnce('quiz: welcome-check', 'quiz: practice-checkpoint'));
    expect(errors(wrongKind)).toContainEqual([
      'chapters/basics/welcome.md',
      'frontmatter.quiz',
      'quiz "practice-checkpoint" is a checkpoint quiz: only a checkpoint step can carry it (use kind: quick-check for a lesson)',
    ]);
  });

  it('requires quiz ids to match their file names and step/chapter ids to be unique', () => {
    const quizId = editFile(good, 'quizzes/welcome-check.yaml', replaceOnce('id: welcome-check', 'id: welcome-quiz'));
    expect(errors(quizId)).toEqual([['quizzes/welcome-check.yaml', 'id', 'must equal the file name "welcome-check"']]);
    const twice = editFile(good, 'course.yaml', replaceOnce('      - applying-tokens\n', '      - history\n      - applying-tokens\n'));
    expect(errors(twice)).toEqual([['course.yaml', 'chapters[1].steps[0]', 'step "history" is already listed in chapter "basics"']]);
  });

  it('finds a step file in the wrong chapter folder', () => {
    const moved = withFile(withFile(good, 'chapters/basics/history.md', undefined), 'chapters/practice/history.md', text(good, 'chapters/basics/history.md'));
    expect(errors(moved)).toEqual([
      ['course.yaml', 'chapters[0].steps[2]', 'no file chapters/basics/history.md (found chapters/practice/history.md)'],
      ['chapters/practice/history.md', undefined, 'not listed in course.yaml under chapter "practice"; course.yaml lists it in chapter "basics"'],
    ]);
  });

  it('only lets prerequisites point to earlier chapters', () => {
    const forward = editFile(good, 'course.yaml', replaceOnce('    access: free\n', '    access: free\n    prerequisites:\n      - chapter: practice\n      - step: practice-checkpoint\n      - chapter: nowhere\n'));
    expect(errors(forward)).toEqual([
      ['course.yaml', 'chapters[0].prerequisites[0].chapter', 'chapter "basics" may only require earlier chapters, and "practice" is not one'],
      ['course.yaml', 'chapters[0].prerequisites[1].step', '"practice-checkpoint" is in chapter "practice": chapter "basics" may only require checkpoints of earlier chapters'],
      ['course.yaml', 'chapters[0].prerequisites[2].chapter', 'no chapter "nowhere" in course.yaml'],
    ]);
    const both = editFile(good, 'course.yaml', replaceOnce('        min_score: 80\n', '        chapter: basics\n'));
    expect(errors(both)).toEqual([['course.yaml', 'chapters[1].prerequisites[0]', 'name exactly one of `step` or `chapter`']]);
  });

  it('maps frontmatter YAML errors to file lines and explains unquoted colons', () => {
    const colon = editFile(good, 'chapters/basics/history.md', replaceOnce('title: A short history of tokenizers', 'title: History: a short one'));
    const problems = errorsOf(parseBundle(colon).problems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: 'chapters/basics/history.md',
      line: 3,
      field: 'frontmatter',
      message: 'YAML syntax: Nested mappings are not allowed in compact mappings; text that contains ": " must be quoted: title: "History: a short one"',
    });
    // the example course-bundle.md used to show: a title with ": ", in a quiz file
    const title = editFile(good, 'quizzes/basics-checkpoint.yaml', replaceOnce('title: "Checkpoint: the basics"', 'title: Checkpoint: the basics'));
    expect(errorsOf(parseBundle(title).problems).map((p) => p.message)).toEqual([
      'YAML syntax: Nested mappings are not allowed in compact mappings; text that contains ": " must be quoted: title: "Checkpoint: the basics"',
    ]);
    // and a feedback with ": " inside { }
    const flow = editFile(good, 'quizzes/welcome-check.yaml', replaceOnce('feedback: "Right: pieces of text, as numbers." }', 'feedback: Right: pieces of text. }'));
    expect(errorsOf(parseBundle(flow).problems).map((p) => p.message)).toContainEqual(
      'YAML syntax: Block collections are not allowed within flow collections; inside { }, quote every text that contains ": " or a comma (feedback: "Right: one token at a time.")',
    );
  });

  it('explains ids and texts that YAML reads as numbers or booleans', () => {
    const numeric = editFile(good, 'quizzes/practice-checkpoint.yaml', replaceOnce('{ id: short, text: A 100-token prompt,', '{ id: 25, text: true,'));
    expect(errors(numeric)).toEqual([
      ['quizzes/practice-checkpoint.yaml', 'questions[2].options[0].id', 'expected text, got the number 25; YAML reads unquoted numbers and true/false as values: put the text in quotes'],
      ['quizzes/practice-checkpoint.yaml', 'questions[2].options[0].text', 'expected text, got the boolean true; YAML reads unquoted numbers and true/false as values: put the text in quotes'],
    ]);
  });

  it('explains a comma inside { } as the end of the text, not as a ": "', () => {
    // an unquoted comma ends the text, and the words after it become a key (with or without a ": ")
    const spaced = editFile(good, 'quizzes/welcome-check.yaml', replaceOnce('text: Letters,', 'text: Letters, digits and more: symbols,'));
    const comma = 'unknown field: inside { }, an unquoted comma ends the text and the words after it become a field; put the whole text in quotes';
    expect(errors(spaced)).toEqual([['quizzes/welcome-check.yaml', 'questions[0].options[1].digits and more', comma]]);
    const plain = editFile(good, 'quizzes/welcome-check.yaml', replaceOnce('text: Letters,', 'text: Letters, digits and symbols,'));
    expect(errors(plain)).toEqual([['quizzes/welcome-check.yaml', 'questions[0].options[1].digits and symbols', comma]]);
  });

  it('warns about files outside the layout', () => {
    const extra = withFile(withFile(good, 'notes.txt', 'todo'), 'quizzes/extra.yml', 'id: extra\n');
    const warnings = parseBundle(extra).problems.filter((problem) => problem.severity === 'warning' && problem.line === undefined);
    expect(warnings.map((problem) => [problem.file, problem.message])).toContainEqual(['notes.txt', 'unexpected file: not part of the bundle layout (see docs/course-bundle.md)']);
    expect(warnings.map((problem) => [problem.file, problem.message])).toContainEqual(['quizzes/extra.yml', 'unexpected file: bundle YAML files end in .yaml']);
  });

  it('rejects ids that are not slugs and invalid UTF-8', () => {
    const badId = editFile(good, 'glossary.yaml', replaceOnce('  - id: token\n', '  - id: Token_1\n'));
    expect(errors(badId)).toContainEqual(['glossary.yaml', 'terms[0].id', 'expected a lowercase slug (a-z, 0-9 and single hyphens)']);
    const binary = new Map(good).set('chapters/basics/history.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe]));
    expect(errors(binary)).toContainEqual(['chapters/basics/history.md', undefined, 'not valid UTF-8 text']);
  });
});
