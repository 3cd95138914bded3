import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule } from './fixture.test-helper.ts';
import { matchesText, normaliseText } from './normalise.ts';

const loose = { caseSensitive: false, keepPunctuation: false };

describe('normaliseText', () => {
  it.each([
    ['  Hello,   World!  ', 'hello world'],
    ['Tab\tand\nnew line', 'tab and new line'],
    ['ＧＰＴ－４', 'gpt 4'], // full-width letters and hyphen (NFKC); the hyphen joins two words
    ['ﬁle', 'file'], // ligature
    ['café', 'café'], // decomposed e + acute composes
    ['a - b', 'a b'], // removing punctuation collapses spaces again
    ['$100 (approx.)', '100 approx'],
    ['ground-truth', 'ground truth'], // punctuation between word characters becomes a space
    ['context--window/size', 'context window size'],
    ['Time to first token (TTFT)', 'time to first token ttft'],
    ['4-bit', '4 bit'],
    ['"validation-set".', 'validation set'],
    ['\u00a0non\u3000breaking\u2003', 'non breaking'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseText(input, loose)).toBe(expected);
  });

  it('keeps case and punctuation when the rule says so', () => {
    expect(normaliseText(' Hello,  World! ', { caseSensitive: true, keepPunctuation: true })).toBe('Hello, World!');
    expect(normaliseText('Hello, World!', { caseSensitive: true, keepPunctuation: false })).toBe('Hello World');
    expect(normaliseText('Hello, World!', { caseSensitive: false, keepPunctuation: true })).toBe('hello, world!');
  });

  it('is idempotent for any text and options', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), fc.boolean(), (text, caseSensitive, keepPunctuation) => {
        const options = { caseSensitive, keepPunctuation };
        const once = normaliseText(text, options);
        expect(normaliseText(once, options)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on texts built from tricky pieces (marks, symbols, spaces, full-width)', () => {
    const piece = fc.constantFrom('a', 'A', 'İ', 'ß', '\u0301', '\u0307', '$', '´', ' ', '\u3000', 'Ａ', '!', '-', 'ﬁ', 'Σ', 'ς');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), fc.boolean(), (pieces, caseSensitive, keepPunctuation) => {
        const options = { caseSensitive, keepPunctuation };
        const once = normaliseText(pieces.join(''), options);
        expect(normaliseText(once, options)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('punctuation between words (issue 9 §2)', () => {
  const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
  const joiner = fc.stringMatching(/^[-_/.,:;'’"!?&+*()[\]{}@#%=~|<>^`$€]{1,3}$/);

  it('words joined by any punctuation read as the same words joined by a space', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.array(joiner, { minLength: 4, maxLength: 4 }), (words, joiners) => {
        const joined = words.reduce((text, w, i) => (i === 0 ? w : `${text}${joiners[i % joiners.length]}${w}`), '');
        expect(normaliseText(joined, loose)).toBe(normaliseText(words.join(' '), loose));
        expect(matchesText(rule([words.join(' ')]), joined)).toBe(true);
        expect(matchesText(rule([joined]), words.join(' '))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('punctuation that joins nothing is removed, and the result never holds punctuation or double spaces', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(word, joiner, fc.constantFrom(' ', '  ', '\t')), { maxLength: 10 }), (pieces) => {
        const out = normaliseText(pieces.join(''), loose);
        expect(out).not.toMatch(/[\p{P}\p{S}]/u);
        expect(out).not.toMatch(/\s\s|^\s|\s$/u);
        expect(normaliseText(` (${pieces.join('')}). `, loose)).toBe(out);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('matchesText', () => {
  it('accepts an accepted answer up to case, spacing, punctuation and width', () => {
    const r = rule(['Large Language Model']);
    for (const text of ['large language model', '  LARGE   language\tmodel. ', 'Large Language, Model!', 'Ｌａｒｇｅ Language Model']) {
      expect(matchesText(r, text), text).toBe(true);
    }
    expect(matchesText(r, 'large language models')).toBe(false);
    expect(matchesText(r, 'large-language model')).toBe(true); // punctuation between words is a space
    expect(matchesText(r, 'largelanguage model')).toBe(false);
    expect(matchesText(r, '')).toBe(false);
  });

  it('respects case-sensitive rules', () => {
    const r = rule(['NaN'], { caseSensitive: true });
    expect(matchesText(r, ' NaN ')).toBe(true);
    expect(matchesText(r, 'nan')).toBe(false);
    expect(matchesText(r, 'NAN')).toBe(false);
  });

  it('keeps punctuation significant when asked', () => {
    const r = rule(['f(x)'], { keepPunctuation: true });
    expect(matchesText(r, 'F(x)')).toBe(true);
    expect(matchesText(r, 'fx')).toBe(false);
    expect(matchesText(rule(['f(x)']), 'f x')).toBe(true); // "(" between two letters is a space
    expect(matchesText(rule(['f(x)']), 'fx')).toBe(false);
  });

  it('tests patterns against the normalised text, case-insensitively unless case sensitive', () => {
    const r = rule([], { patterns: ['^colou?r$', '^\\p{L}+ize$'] });
    expect(matchesText(r, '  COLOR. ')).toBe(true);
    expect(matchesText(r, 'colour')).toBe(true);
    expect(matchesText(r, 'colors')).toBe(false);
    expect(matchesText(r, 'Tokenize')).toBe(true);
    expect(matchesText(r, 'tokenise')).toBe(false);
    const sensitive = rule([], { patterns: ['^GPT$'], caseSensitive: true });
    expect(matchesText(sensitive, 'GPT')).toBe(true);
    expect(matchesText(sensitive, 'gpt')).toBe(false);
  });

  it('ignores a pattern that does not compile instead of failing', () => {
    const r = rule(['ok'], { patterns: ['('] });
    expect(matchesText(r, 'ok')).toBe(true);
    expect(matchesText(r, '(')).toBe(false);
  });

  it('compiles once per rule: later edits of the same rule object are not seen', () => {
    const r = rule(['one']);
    expect(matchesText(r, 'one')).toBe(true);
    r.accepted.push('two');
    expect(matchesText(r, 'two')).toBe(false);
    expect(matchesText(rule(['one', 'two']), 'two')).toBe(true);
  });

  it('accepts any re-casing and re-spacing of an accepted answer (case-insensitive rules)', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/);
    const spaces = fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        spaces,
        spaces,
        (words, flips, pad, gap) => {
          const accepted = words.join(' ');
          const recased = [...words.join(gap)]
            .map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase()))
            .join('');
          expect(matchesText(rule([accepted]), `${pad}${recased}${pad}`)).toBe(true);
        },
      ),
    );
  });
});
