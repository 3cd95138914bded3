import { describe, expect, it } from 'vitest';
import { editFile, lineOf, miniCourseFiles, replaceOnce, text } from '../test-support/fixtures.ts';
import { parseBundle } from '../load/parse-bundle.ts';

const good = await miniCourseFiles();
const PRACTICE = 'quizzes/practice-checkpoint.yaml';
const coverage = (files: Map<string, Uint8Array>) =>
  parseBundle(files).problems.filter((p) => p.severity === 'warning' && p.message.startsWith('checkpoint question'));

describe('checkpoint questions test what every path shows', () => {
  it('is quiet on the mini course, whose checkpoints ask about core steps only', () => {
    expect(coverage(good)).toEqual([]);
  });

  it('warns when a checkpoint question tests a concept taught only in a deep-dive step', () => {
    const files = editFile(good, PRACTICE, replaceOnce('concepts: [cost-estimation]\n    hints: [Fewer', 'concepts: [cost-estimation, byte-pair-encoding]\n    hints: [Fewer'));
    expect(coverage(files)).toEqual([
      {
        severity: 'warning',
        file: PRACTICE,
        line: lineOf(text(files, PRACTICE), 'concepts: [cost-estimation, byte-pair-encoding]'),
        field: 'questions[2].concepts[1]',
        message: 'checkpoint question "cheapest" tests concept "byte-pair-encoding", taught only in under-the-hood (deep-dive), which some learners skip: ask it in that step\'s quick check',
      },
    ]);
  });

  it('warns when no earlier core step lists the concept (a later chapter does not count)', () => {
    const files = editFile(good, 'quizzes/basics-checkpoint.yaml', replaceOnce('concepts: [tokens]\n    points: 2', 'concepts: [cost-estimation]\n    points: 2'));
    expect(coverage(files).map((p) => p.message)).toEqual([
      'checkpoint question "token-facts" tests concept "cost-estimation", which no earlier core step lists in its concepts',
    ]);
  });

  it('does not count a concept as taught because an earlier checkpoint lists it', () => {
    let files = editFile(good, 'chapters/basics/basics-checkpoint.md', replaceOnce('quiz: basics-checkpoint', 'quiz: basics-checkpoint\nconcepts: [byte-pair-encoding]'));
    files = editFile(files, PRACTICE, replaceOnce('concepts: [cost-estimation]\n    hints: [Fewer', 'concepts: [cost-estimation, byte-pair-encoding]\n    hints: [Fewer'));
    expect(coverage(files).map((p) => p.message)).toEqual([expect.stringContaining('taught only in under-the-hood (deep-dive)')]);
  });

  it('warns when the concept appears in the text only inside an :::advanced block', () => {
    let files = editFile(good, 'chapters/basics/welcome.md', replaceOnce('concepts: [tokens, context-window]', 'concepts: [tokens, context-window, merge-rules]'));
    files = editFile(files, 'chapters/basics/welcome.md', (md) => `${md}\n:::advanced Deep dive\nThe merge rules of a tokenizer are learned from data.\n:::\n`);
    files = editFile(files, 'quizzes/basics-checkpoint.yaml', replaceOnce('concepts: [tokens]\n    points: 2', 'concepts: [tokens, merge-rules]\n    points: 2'));
    expect(coverage(files).map((p) => p.message)).toEqual([
      'checkpoint question "token-facts" tests concept "merge-rules", which appears only in a :::advanced block (welcome) that some learners never see',
    ]);
    // The same words in the text everyone reads silence it.
    const shared = editFile(files, 'chapters/basics/welcome.md', (md) => md.replace(':::advanced Deep dive', 'Tokenizers follow merge rules.\n\n:::advanced Deep dive'));
    expect(coverage(shared)).toEqual([]);
  });
});
