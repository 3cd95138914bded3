import { describe, expect, it } from 'vitest';
import { resolveHighlight } from './highlight.ts';

const step = (intro: string, usage: string) => ({
  markdown: `# T\n\n${intro}\n\n## Usage\n\n${usage}\n`,
  sections: [
    { anchor: 'intro', heading: 'Intro', depth: 2, markdown: intro },
    { anchor: 'usage', heading: 'Usage', depth: 2, markdown: usage },
  ],
});
const usage = 'Tokens cost money. Count them before you send a prompt.';
const h = { sectionAnchor: 'usage', quote: 'Count them', start: usage.indexOf('Count them'), end: usage.indexOf('Count them') + 10 };

describe('resolveHighlight', () => {
  it('keeps a quote found at its offsets', () => {
    expect(resolveHighlight(step('Hello.', usage), h)).toEqual({ ...h, status: 'anchored' });
  });

  it('re-anchors a quote that moved inside its section, to the occurrence nearest its old place', () => {
    const edited = `Note well. ${usage} Count them twice.`;
    const r = resolveHighlight(step('Hello.', edited), h);
    expect(r).toMatchObject({ status: 'moved', start: edited.indexOf('Count them'), end: edited.indexOf('Count them') + 10 });
    expect(edited.slice(r.start, r.end)).toBe('Count them');
  });

  it('an edit in another section leaves the highlight anchored', () => {
    expect(resolveHighlight(step('Hello, this intro was rewritten entirely.', usage), h).status).toBe('anchored');
  });

  it('flags as stale a quote that was edited, or whose section is gone, and keeps its stored offsets', () => {
    expect(resolveHighlight(step('Hello.', usage.replace('Count them', 'Estimate them')), h)).toEqual({ ...h, status: 'stale' });
    expect(resolveHighlight({ markdown: usage, sections: [] }, h)).toEqual({ ...h, status: 'stale' });
    expect(resolveHighlight(undefined, h).status).toBe('stale');
  });

  it('a whole-step highlight (no section) uses the step Markdown', () => {
    const s = step('Hello.', usage);
    const start = s.markdown.indexOf('Hello.');
    expect(resolveHighlight(s, { sectionAnchor: null, quote: 'Hello.', start, end: start + 6 }).status).toBe('anchored');
  });
});
