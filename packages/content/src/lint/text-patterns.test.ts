import { describe, expect, it } from 'vitest';
import { editFile, lineOf, miniCourseFiles, replaceOnce, text } from '../test-support/fixtures.ts';
import { parseBundle } from '../load/parse-bundle.ts';
import { anchoredAtBothEnds } from './text-patterns.ts';

describe('text patterns match whole answers', () => {
  it.each([
    ['^token[a-z]*er$', true],
    ['^(knowledge|training) cut ?off$', true],
    ['^[|]$', true],
    ['^idempoten(t|ce|cy)\\b', false],
    ['token', false],
    ['^a|b$', false],
    ['^a\\$', false],
  ])('%s anchored: %s', (pattern, anchored) => {
    expect(anchoredAtBothEnds(pattern)).toBe(anchored);
  });

  it('warns at the pattern of a short-text question that can match part of an answer', async () => {
    const file = 'quizzes/basics-checkpoint.yaml';
    const files = editFile(await miniCourseFiles(), file, replaceOnce('patterns: ["^token[a-z]*er$"]', 'patterns: ["^token[a-z]*er"]'));
    expect(parseBundle(files).problems.filter((p) => p.file === file)).toEqual([
      {
        severity: 'warning',
        file,
        line: lineOf(text(files, file), 'patterns:'),
        field: 'questions[2].patterns[0]',
        message: 'pattern "^token[a-z]*er" can match part of an answer: anchor it as ^(...)$ so "X is not needed" cannot pass for X',
      },
    ]);
  });
});
