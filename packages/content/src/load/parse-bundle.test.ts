import { describe, expect, it } from 'vitest';
import { editFile, miniCourseFiles, replaceOnce, text } from '../test-support/fixtures.ts';
import { parseBundle } from './parse-bundle.ts';
import { bundleVersion, sha256Hex } from './version.ts';

const files = await miniCourseFiles();

describe('parseBundle on the mini course', () => {
  const result = parseBundle(files, { courseId: 'mini-course' });
  const course = result.course;

  it('loads without errors and reports exactly the expected warning', () => {
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        file: 'chapters/practice/applying-tokens.md',
        message: 'lesson has 41 words; aim for 300-1,200',
      },
    ]);
    expect(course).toBeDefined();
  });

  it('has the manifest metadata', () => {
    expect(course).toMatchObject({
      id: 'mini-course',
      authorVersion: '0.1.0',
      title: 'Mini Course',
      language: 'en',
      authors: ['Course Companion Team'],
      tags: ['testing', 'tokens'],
      defaultPassScore: 70,
    });
  });

  it('keeps chapters and steps in reading order with their access and kinds', () => {
    expect(course?.chapters.map((chapter) => [chapter.id, chapter.access, chapter.stepIds])).toEqual([
      ['basics', 'free', ['welcome', 'first-exercise', 'history', 'basics-checkpoint']],
      ['practice', 'premium', ['applying-tokens', 'under-the-hood', 'practice-checkpoint']],
    ]);
    expect(course?.steps.map((step) => [step.id, step.chapterId, step.kind, step.level, step.audience, step.quizId])).toEqual([
      ['welcome', 'basics', 'lesson', 'core', 'all', 'welcome-check'],
      ['first-exercise', 'basics', 'exercise', 'core', 'all', undefined],
      ['history', 'basics', 'reading', 'optional', 'all', undefined],
      ['basics-checkpoint', 'basics', 'checkpoint', 'core', 'all', 'basics-checkpoint'],
      ['applying-tokens', 'practice', 'lesson', 'core', 'all', undefined],
      ['under-the-hood', 'practice', 'reading', 'deep-dive', 'advanced', undefined],
      ['practice-checkpoint', 'practice', 'checkpoint', 'core', 'all', 'practice-checkpoint'],
    ]);
    expect(course?.steps[0]?.path).toBe('chapters/basics/welcome.md');
    expect(course?.steps[0]?.concepts).toEqual(['tokens', 'context-window']);
    expect(course?.steps[0]?.minutes).toBe(8);
  });

  it('resolves prerequisites: none for the first chapter, explicit min_score, step-level chapter completion', () => {
    expect(course?.chapters[0]?.prerequisites).toEqual([]);
    expect(course?.chapters[1]?.prerequisites).toEqual([{ type: 'step', stepId: 'basics-checkpoint', minScore: 80 }]);
    expect(course?.steps.find((step) => step.id === 'applying-tokens')?.prerequisites).toEqual([
      { type: 'chapter', chapterId: 'basics', minCompletion: 50 },
    ]);
    expect(course?.steps.find((step) => step.id === 'welcome')?.prerequisites).toBeUndefined();
  });

  it('defaults a chapter to the previous checkpoint at its quiz pass score, and [] to none', () => {
    const withoutPrerequisites = editFile(files, 'course.yaml', replaceOnce('    prerequisites:\n      - step: basics-checkpoint\n        min_score: 80\n', ''));
    const defaulted = parseBundle(withoutPrerequisites).course;
    // basics-checkpoint.yaml sets pass_score: 60 (the course default is 70).
    expect(defaulted?.chapters[1]?.prerequisites).toEqual([{ type: 'step', stepId: 'basics-checkpoint', minScore: 60 }]);

    const explicitNone = editFile(files, 'course.yaml', replaceOnce('      - step: basics-checkpoint\n        min_score: 80\n', '      []\n'));
    expect(parseBundle(explicitNone).course?.chapters[1]?.prerequisites).toEqual([]);

    const noMinScore = editFile(files, 'course.yaml', replaceOnce('        min_score: 80\n', ''));
    expect(parseBundle(noMinScore).course?.chapters[1]?.prerequisites).toEqual([{ type: 'step', stepId: 'basics-checkpoint', minScore: 60 }]);
  });

  it('reads quizzes with policies (defaults and overrides) and every question type', () => {
    expect(Object.keys(course?.quizzes ?? {}).sort()).toEqual(['basics-checkpoint', 'practice-checkpoint', 'welcome-check']);
    expect(course?.quizzes['basics-checkpoint']?.policy).toEqual({
      passScore: 60,
      maxAttempts: 3,
      grading: 'best',
      showAnswers: 'after_last_attempt',
      shuffleQuestions: true,
      shuffleOptions: true,
    });
    expect(course?.quizzes['practice-checkpoint']?.policy).toEqual({
      passScore: 70,
      maxAttempts: null,
      grading: 'best',
      showAnswers: 'after_pass',
      shuffleQuestions: true,
      shuffleOptions: true,
    });
    expect(course?.quizzes['welcome-check']?.policy.shuffleQuestions).toBe(false);
    const types = Object.values(course?.quizzes ?? {}).flatMap((quiz) => quiz.questions.map((question) => question.type));
    expect(new Set(types)).toEqual(new Set(['single', 'multiple', 'true_false', 'numeric', 'short_text', 'ordering', 'matching', 'cloze']));
  });

  it('maps question fields to the camelCase model', () => {
    const basics = course?.quizzes['basics-checkpoint']?.questions ?? [];
    expect(basics.find((question) => question.id === 'tokens-per-word')).toEqual({
      id: 'tokens-per-word',
      type: 'numeric',
      prompt: 'About how many tokens does a 750-word English text hold?',
      concepts: ['tokenization'],
      points: 1,
      hints: ['Roughly four characters per token.'],
      answer: 1000,
      tolerance: { rel: 0.2 },
      unit: 'tokens',
    });
    expect(basics.find((question) => question.id === 'name-the-tool')).toMatchObject({
      type: 'short_text',
      accepted: ['tokenizer', 'tokeniser'],
      patterns: ['^token[a-z]*er$'],
      caseSensitive: false,
      keepPunctuation: false,
    });
    expect(basics.find((question) => question.id === 'token-facts')).toMatchObject({ type: 'multiple', points: 2 });
    const cloze = course?.quizzes['practice-checkpoint']?.questions.find((question) => question.type === 'cloze');
    expect(cloze).toMatchObject({
      text: 'Providers bill per {{unit}}, for the prompt and the {{part}}.',
      blanks: [
        { id: 'unit', kind: 'text', rule: { accepted: ['token'], patterns: [], caseSensitive: false, keepPunctuation: false } },
        {
          id: 'part',
          kind: 'choice',
          options: [
            { id: 'answer', text: 'answer', correct: true },
            { id: 'font', text: 'font', correct: false },
          ],
        },
      ],
    });
    const trueFalse = course?.quizzes['welcome-check']?.questions[1];
    expect(trueFalse).toMatchObject({ type: 'true_false', answer: true, feedback: { true: 'Yes, both share the window.', false: "The answer's tokens count too." } });
    const matching = course?.quizzes['practice-checkpoint']?.questions[0];
    expect(matching).toMatchObject({ type: 'matching', distractors: [{ id: 'gpu', text: 'A GPU kernel' }] });
  });

  it('keeps each step body verbatim, without the frontmatter', () => {
    for (const step of course?.steps ?? []) {
      const source = text(files, step.path);
      expect(source.endsWith(step.markdown)).toBe(true);
      expect(source.slice(0, source.length - step.markdown.length)).toMatch(/^---\n[\s\S]*\n---\n$/);
    }
    expect(course?.steps[0]?.markdown.startsWith('\n# Welcome to tokens\n')).toBe(true);
  });

  it('splits sections with unique GitHub anchors, ignoring headings in code', () => {
    const welcome = course?.steps[0];
    expect(welcome?.sections.map((section) => [section.anchor, section.heading, section.depth])).toEqual([
      ['', 'Welcome to tokens', 1],
      ['what-is-a-token', 'What is a token?', 2],
      ['example', 'Example', 3],
      ['example-1', 'Example', 3],
      ['why-context-windows-matter', 'Why context windows matter', 2],
      ['check-yourself', 'Check yourself', 2],
    ]);
    expect(welcome?.sections[2]?.markdown).toContain('## this is a comment, not a heading');
    expect(welcome?.sections[0]?.markdown.startsWith('\nLanguage models do not read letters')).toBe(true);
    // A step without text before its first ## has no intro section.
    expect(course?.steps.find((step) => step.id === 'under-the-hood')?.sections.map((section) => section.anchor)).toEqual(['merges']);
    // Without an H1 the intro section is headed by the step title.
    expect(course?.steps.find((step) => step.id === 'history')?.sections[0]).toMatchObject({ anchor: '', heading: 'A short history of tokenizers' });
  });

  it('splits audience blocks with their titles', () => {
    const blocks = course?.steps[0]?.blocks ?? [];
    expect(blocks.map((block) => [block.audience, block.title])).toEqual([
      ['all', undefined],
      ['beginner', 'Foundations: what is a vocabulary?'],
      ['advanced', 'Deep dive: byte-pair encoding'],
      ['all', undefined],
    ]);
    expect(blocks[1]?.markdown).toBe(
      'A vocabulary is the fixed list of pieces a tokenizer knows. Every piece has a number, and the model\nonly ever sees those numbers.\n',
    );
    expect(blocks[3]?.markdown.startsWith('\n### Example\n')).toBe(true);
  });

  it('counts the words of the prose', () => {
    const counts = Object.fromEntries(course?.steps.map((step) => [step.id, step.wordCount]) ?? []);
    expect(counts['applying-tokens']).toBe(41);
    expect(counts['basics-checkpoint']).toBe(9);
    expect(counts['welcome']).toBeGreaterThanOrEqual(300);
    expect(counts['welcome']).toBeLessThanOrEqual(1200);
  });

  it('reads the glossary and catalogue', () => {
    expect(course?.glossary.map((term) => [term.id, term.stepIds, term.seeAlso])).toEqual([
      ['token', ['welcome', 'first-exercise'], ['tokenizer']],
      ['tokenizer', ['history', 'under-the-hood'], ['token']],
      ['context-window', ['welcome'], []],
    ]);
    expect(course?.glossary[0]?.aliases).toEqual(['tokens']);
    expect(course?.catalogue.map((entry) => [entry.id, entry.kind, entry.stepIds, entry.tags])).toEqual([
      ['context-length-exceeded', 'error', ['welcome'], ['api', 'tokens']],
      ['tokens-are-words', 'misconception', ['first-exercise', 'history'], []],
    ]);
  });

  it('summarises what it read', () => {
    expect(result.stats).toEqual({
      cues: expect.objectContaining({ singleFirstId: expect.objectContaining({ questions: 2, hits: 1, expected: 1 }) }),
      chapters: 2,
      steps: 7,
      questions: 9,
      questionsByType: { single: 2, multiple: 1, true_false: 1, numeric: 1, short_text: 1, ordering: 1, matching: 1, cloze: 1 },
      glossaryTerms: 3,
      catalogueEntries: 2,
      warnings: 1,
      errors: 0,
    });
  });
});

describe('bundle version', () => {
  it('is the hash of the sorted path:sha256 lines, stable across calls and insertion order', () => {
    const lines = [...files].map(([path, bytes]) => `${path}:${sha256Hex(bytes)}\n`).sort();
    const expected = sha256Hex(lines.join(''));
    expect(parseBundle(files).course?.version).toBe(expected);
    expect(bundleVersion([...files].reverse().map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes) })))).toBe(expected);
    expect(parseBundle(new Map([...files].reverse())).course?.version).toBe(expected);
  });

  it('changes when any file changes, including assets', () => {
    const before = parseBundle(files).version;
    const changed = editFile(files, 'assets/merges.svg', (svg) => svg.replace('width="10"', 'width="11"'));
    expect(parseBundle(changed).version).not.toBe(before);
  });

  it('uses options.version when given', () => {
    expect(parseBundle(files, { version: 'release-7' }).course?.version).toBe('release-7');
  });
});
