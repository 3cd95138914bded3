// A highlight stores its section, its exact quote and its offsets in that section's Markdown.
// When the content changes, the quote is looked for again: at its offsets (anchored), else the
// occurrence in the same section nearest its old place (moved, offsets re-anchored); if the
// section or the quote is gone, it is stale and keeps its stored offsets.
import type { Step } from '../course/model.ts';
import type { StoredHighlight } from './ports.ts';
import type { HighlightView } from './model.ts';

/** The Markdown a highlight's offsets refer to: a section's, or the step's as a whole; undefined if the section is gone. */
export function highlightText(step: Pick<Step, 'markdown' | 'sections'>, sectionAnchor: string | null): string | undefined {
  if (sectionAnchor === null) return step.markdown;
  return step.sections.find((s) => s.anchor === sectionAnchor)?.markdown;
}

export function resolveHighlight(step: Pick<Step, 'markdown' | 'sections'> | undefined, h: StoredHighlight): HighlightView {
  const stale: HighlightView = { ...h, status: 'stale' };
  const text = step && highlightText(step, h.sectionAnchor);
  if (text === undefined) return stale;
  if (text.slice(h.start, h.end) === h.quote) return { ...h, status: 'anchored' };
  let best = -1;
  for (let at = text.indexOf(h.quote); at !== -1; at = text.indexOf(h.quote, at + 1)) {
    if (best === -1 || Math.abs(at - h.start) < Math.abs(best - h.start)) best = at;
  }
  if (best === -1) return stale;
  return { ...h, start: best, end: best + h.quote.length, status: 'moved' };
}
