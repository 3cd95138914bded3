import { describe, expect, it } from 'vitest';
import { resolveHighlight } from './highlight.ts';

const step = (intro: string, usage: string) => ({
  markdown: `# T\n\n## Intro\n\n${intro}\n\n## Usage\n\n${usage}\n`,
  sections: [
    { anchor: 'intro', heading: 'Intro', depth: 2, markdown: intro },
    { anchor: 'usage', heading: 'Usage', depth: 2, markdown: usage },
  ],
});
const usage = 'Tokens cost money. Count them before you send a prompt.';
const at = (markdown: string, quote: string, sectionAnchor: string | null = 'usage') => ({
  sectionAnchor,
  quote,
  start: markdown.indexOf(quote),
  end: markdown.indexOf(quote) + quote.length,
});
const h = at(step('Hello.', usage).markdown, 'Count them');

describe('resolveHighlight', () => {
  it('keeps a quote found at its offsets', () => {
    expect(resolveHighlight(step('Hello.', usage), h)).toEqual({ ...h, status: 'anchored' });
  });

  it('re-anchors a quote that moved inside its section, to the occurrence nearest its old place', () => {
    const s = step('Hello.', `Note well. ${usage} Count them twice.`);
    const r = resolveHighlight(s, h);
    expect(r).toMatchObject({ status: 'moved', ...at(s.markdown, 'Count them') });
    expect(s.markdown.slice(r.start, r.end)).toBe('Count them');
  });

  it('an edit in another section keeps the highlight (re-anchored when offsets shifted)', () => {
    const s = step('Hello, this intro was rewritten entirely.', usage);
    expect(resolveHighlight(s, h)).toEqual({ ...at(s.markdown, 'Count them'), status: 'moved' });
  });

  it('does not re-anchor into another section: the same words elsewhere do not save an edited passage', () => {
    const s = step('Count them here too.', usage.replace('Count them', 'Estimate them'));
    expect(resolveHighlight(s, h)).toEqual({ ...h, status: 'stale' });
  });

  it('flags as stale a quote that was edited, or whose section or step is gone, and keeps its stored offsets', () => {
    expect(resolveHighlight(step('Hello.', usage.replace('Count them', 'Estimate them')), h)).toEqual({ ...h, status: 'stale' });
    expect(resolveHighlight({ markdown: usage, sections: [] }, h)).toEqual({ ...h, status: 'stale' });
    expect(resolveHighlight(undefined, h).status).toBe('stale');
  });

  it('a highlight without a section may be found anywhere in the step', () => {
    const s = step('Hello.', usage);
    const whole = at(s.markdown, 'Hello.', null);
    expect(resolveHighlight(s, whole).status).toBe('anchored');
    const edited = step('Well. Hello.', usage);
    expect(resolveHighlight(edited, whole)).toEqual({ ...at(edited.markdown, 'Hello.', null), status: 'moved' });
  });
});
