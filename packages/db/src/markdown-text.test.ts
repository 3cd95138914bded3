import { describe, expect, it } from 'vitest';
import { markdownToPlainText, stripControlChars } from './markdown-text.ts';

describe('markdownToPlainText', () => {
  it.each([
    ['emphasis and strikethrough', 'Some **bold**, __strong__, *em*, _em_ and ~~gone~~ text', 'Some bold, strong, em, em and gone text'],
    ['intraword underscores and lone stars', 'call snake_case_name with 2 * 3 * 4', 'call snake_case_name with 2 * 3 * 4'],
    ['links keep their text', 'See [the docs](https://x.dev/a_(b) "Title") and ![a chart](img.png)', 'See the docs and a chart'],
    ['reference links and definitions', 'Read [the guide][g].\n\n[g]: https://example.com', 'Read the guide.'],
    ['autolinks and inline HTML', 'Mail <a@b.io>, visit <https://x.dev>, press <kbd>Ctrl</kbd>', 'Mail a@b.io, visit https://x.dev, press Ctrl'],
    ['heading hashes', '### Sub heading ###\nbody', 'Sub heading\nbody'],
    ['lists, task lists and quotes', '- one\n* [x] two\n3. three\n> quoted', 'one\ntwo\nthree\nquoted'],
    ['inline code is kept verbatim', 'Run `npm **install**` and `` a`b ``', 'Run npm **install** and a`b'],
    ['escapes stay literal', 'a \\*not em\\* and \\[x\\](y)', 'a *not em* and [x](y)'],
    ['angle-bracket text that is not HTML stays', 'Wrap it in <file> tags, replace emails with <EMAIL_1>, then </file>', 'Wrap it in <file> tags, replace emails with <EMAIL_1>, then </file>'],
    ['entities', 'fish &amp; chips &lt;3 &#233;&#x1F600;', 'fish & chips <3 é😀'],
    ['comments disappear', 'a <!-- hidden --> b\n<!--\nmulti\n-->\nc', 'a b\nc'],
    ['tables', '| a | b |\n|---|:-:|\n| 1 | 2 |', 'a b\n1 2'],
    ['thematic breaks', 'above\n\n---\n\nbelow', 'above\n\nbelow'],
  ])('%s', (_name, markdown, text) => {
    expect(markdownToPlainText(markdown)).toBe(text);
  });

  it('drops audience fences but keeps their titles and content', () => {
    const markdown = ':::beginner Foundations: what is a probability?\nShown to *beginners*.\n:::\n\n:::advanced\nDepth.\n:::';
    expect(markdownToPlainText(markdown)).toBe('Foundations: what is a probability?\nShown to beginners.\n\nDepth.');
  });

  it('keeps fenced code text untouched, fences removed', () => {
    const markdown = 'Before\n\n```ts\nconst x = a_b * c; // **not bold**\n  indented();\n```\n\n~~~\n# not a heading\n~~~';
    expect(markdownToPlainText(markdown)).toBe('Before\n\nconst x = a_b * c; // **not bold**\n  indented();\n\n# not a heading');
  });

  it('removes NUL, the snippet sentinels and other control characters', () => {
    expect(markdownToPlainText('a\u0000b\u0002c\u0003d\u001be\r\nf\tg')).toBe('abcde\nf g');
  });
});

describe('stripControlChars', () => {
  it('replaces lone surrogates and keeps pairs', () => {
    expect(stripControlChars('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
  });
});
