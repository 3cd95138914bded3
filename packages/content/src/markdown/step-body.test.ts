import { describe, expect, it } from 'vitest';
import { analyseStepBody } from './step-body.ts';

const analyse = (body: string, firstLine = 1) => analyseStepBody(body, { firstLine, title: 'Step title' });

describe('sections', () => {
  it('splits at ## and ### only, with unique GitHub anchors over all headings', () => {
    const body = '# Intro\n\nHello.\n\n## Setup\n\nA\n\n#### Setup\n\nB\n\n### Setup\n\nC\n\n## Links: [the *docs*](https://x.dev) & <b>more</b> ##\n\nD\n';
    const { sections } = analyse(body);
    expect(sections.map((section) => [section.anchor, section.heading, section.depth])).toEqual([
      ['', 'Intro', 1],
      ['setup', 'Setup', 2],
      // the #### heading took "setup-1", as a renderer numbering every heading would
      ['setup-2', 'Setup', 3],
      ['links-the-docs--more', 'Links: [the *docs*](https://x.dev) & <b>more</b>', 2],
    ]);
    expect(sections[0]?.markdown).toBe('\nHello.\n\n');
    expect(sections[1]?.markdown).toBe('\nA\n\n#### Setup\n\nB\n\n');
    // Together the sections are the body minus the heading lines that start them.
    const withoutHeadings = body.split('\n').filter((line) => !/^#{1,3} /.test(line)).join('\n');
    expect(sections.map((section) => section.markdown).join('')).toBe(withoutHeadings);
  });

  it('does not treat # lines inside fenced code as headings', () => {
    const body = '## Code\n\n```bash\n## not a heading\n```\n\n~~~~md\n```\n## still code\n~~~~\n\n## Next\n';
    const { sections } = analyse(body);
    expect(sections.map((section) => section.anchor)).toEqual(['code', 'next']);
    expect(sections[0]?.markdown).toContain('## not a heading');
    expect(sections[0]?.markdown).toContain('## still code');
  });

  it('names the intro after the step title without an H1 and drops an empty intro', () => {
    expect(analyse('Some intro.\n\n## A\n').sections[0]).toEqual({ anchor: '', heading: 'Step title', depth: 1, markdown: 'Some intro.\n\n' });
    expect(analyse('# Only a title\n\n## A\ntext\n').sections.map((section) => section.anchor)).toEqual(['a']);
  });
});

describe('audience blocks', () => {
  it('splits shared text and blocks verbatim, with optional titles', () => {
    const body = 'Shared.\n\n:::beginner Basics first\nFor beginners.\n:::\n:::advanced\nDeep.\n\n```ts\n:::\n```\n:::\nAfter.\n';
    const { blocks, issues } = analyse(body);
    expect(issues).toEqual([]);
    expect(blocks).toEqual([
      { audience: 'all', markdown: 'Shared.\n\n' },
      { audience: 'beginner', title: 'Basics first', markdown: 'For beginners.\n' },
      { audience: 'advanced', markdown: 'Deep.\n\n```ts\n:::\n```\n' },
      { audience: 'all', markdown: 'After.\n' },
    ]);
  });

  it('reports unclosed, nested, stray and unknown blocks with file line numbers', () => {
    const body = 'Intro\n:::beginner\nA\n:::advanced\nB\n:::\n:::\n:::\n:::tip Note\n:::advanced Open\nnever closed\n';
    // the body starts on line 10 of its file
    expect(analyse(body, 10).issues).toEqual([
      { severity: 'error', line: 13, message: 'audience blocks do not nest: `:::advanced` inside `:::beginner` opened on line 11' },
      { severity: 'error', line: 17, message: '`:::` closes no block' },
      { severity: 'error', line: 18, message: 'unknown block `:::tip`: audience blocks are `:::beginner` and `:::advanced`' },
      { severity: 'error', line: 19, message: '`:::advanced` block is never closed: add a line `:::` after it' },
    ]);
  });

  it('warns about code blocks without a language or never closed', () => {
    expect(analyse('text\n```\ncode\n```\n\n```ts\nopen\n', 3).issues).toEqual([
      { severity: 'warning', line: 4, message: 'code block without a language (write ```text for plain text)' },
      { severity: 'warning', line: 8, message: 'code block is never closed' },
    ]);
  });
});

describe('word count', () => {
  it('counts prose words, not code, link targets, tags or block markers', () => {
    const body = [
      '# Two words',
      '',
      'One two three-four, five! — 6',
      '',
      '```python',
      'not counted at all',
      '```',
      '',
      'See [the docs](https://example.com/a/b) and <span class="x">this</span>.',
      '',
      ':::beginner Block title',
      'inside block',
      ':::',
      '| a | b |',
      '|---|---|',
    ].join('\n');
    // 2 + 5 + 5 (See the docs and this) + 2 (block title) + 2 + 2 (table cells)
    expect(analyse(body).wordCount).toBe(18);
  });
});
