import { describe, expect, it } from 'vitest';
import { locatePassage } from './passage';

const MD = [
  '# Title',
  '',
  'Intro text about tokens.',
  '',
  '## First',
  '',
  'Tokens are small pieces of text that a',
  'tokenizer cuts out.',
  '',
  '```python',
  '## not a heading: tokens',
  '```',
  '',
  '### Example',
  '',
  'More about tokens here.',
  '',
  '### Example',
  '',
  'Tokens again, and **bold** words.',
  '',
].join('\n');
const SECTIONS = [
  { anchor: '', depth: 1 },
  { anchor: 'first', depth: 2 },
  { anchor: 'example', depth: 3 },
  { anchor: 'example-1', depth: 3 },
];

describe('locatePassage: a rendered selection found again in the Markdown source', () => {
  it('matches across a soft line break and returns the source text, its offsets and its section', () => {
    const p = locatePassage(MD, SECTIONS, '  pieces of text that a tokenizer cuts ', 'first');
    expect(p).toEqual({ sectionAnchor: 'first', quote: 'pieces of text that a\ntokenizer cuts', start: MD.indexOf('pieces'), end: MD.indexOf(' out.') });
    expect(MD.slice(p!.start, p!.end)).toBe(p!.quote);
  });

  it('tells same-named sections apart, prefers the section the selection was in, and skips code fences', () => {
    expect(locatePassage(MD, SECTIONS, 'Tokens', 'example-1')).toMatchObject({ sectionAnchor: 'example-1', start: MD.indexOf('Tokens again') });
    expect(locatePassage(MD, SECTIONS, 'tokens here', null)).toMatchObject({ sectionAnchor: 'example' });
    expect(locatePassage(MD, SECTIONS, 'not a heading: tokens', null)).toMatchObject({ sectionAnchor: 'first' });
  });

  it('gives the intro no anchor (null), and refuses text that is not plain source text', () => {
    expect(locatePassage(MD, SECTIONS, 'Intro text', 'first')).toMatchObject({ sectionAnchor: null, start: MD.indexOf('Intro') });
    expect(locatePassage(MD, SECTIONS, 'and bold words', 'example-1')).toBeNull();
    expect(locatePassage(MD, SECTIONS, '   ', null)).toBeNull();
    expect(locatePassage(MD, SECTIONS, 'Example', null)).toBeNull();
  });
});
