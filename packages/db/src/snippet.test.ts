import { describe, expect, it } from 'vitest';
import { parseHeadline } from './snippet.ts';

const S = '\u0002';
const E = '\u0003';

describe('parseHeadline', () => {
  it('turns sentinel marks into [start, end) offsets', () => {
    const { snippet, highlights } = parseHeadline(`the ${S}quick${E} brown ${S}fox${E}`);
    expect(snippet).toBe('the quick brown fox');
    expect(highlights).toEqual([
      [4, 9],
      [16, 19],
    ]);
  });

  it('collapses and trims whitespace without shifting offsets off their words', () => {
    const { snippet, highlights } = parseHeadline(`\n  code:\n\n   ${S}softmax${E}(x)\t ${S}x${E}  `);
    expect(snippet).toBe('code: softmax(x) x');
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(['softmax', 'x']);
  });

  it('counts UTF-16 code units, as JavaScript strings do', () => {
    const { snippet, highlights } = parseHeadline(`😀 ü ${S}stays${E}`);
    expect(highlights).toEqual([[5, 10]]);
    expect(snippet.slice(5, 10)).toBe('stays');
  });

  it('puts back the angle brackets ts_headline was shielded from', () => {
    const { snippet, highlights } = parseHeadline(`wrap it in \u0004file\u0005 ${S}tags${E}`);
    expect(snippet).toBe('wrap it in <file> tags');
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(['tags']);
  });

  it('ignores empty or unbalanced marks', () => {
    expect(parseHeadline(`a ${S}${E} b ${E} c ${S}d`)).toEqual({ snippet: 'a b c d', highlights: [] });
  });
});
