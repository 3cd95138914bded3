// A highlight stores the exact quote, its offsets in the step's Markdown (as both doors serve it
// in `markdown`) and, optionally, the heading anchor of the section holding it. When the content
// changes, the quote is looked for again: at its offsets (anchored); else the occurrence nearest
// its old place, inside its section when it names one (moved: offsets re-anchored); if the quote
// (or its section) is gone, the highlight is stale and keeps its stored offsets.
import type { Step } from '../course/model.ts';
import type { StoredHighlight } from './ports.ts';
import type { HighlightView } from './model.ts';

type StepText = Pick<Step, 'markdown' | 'sections'>;

/** Where a section's Markdown lies in the step's Markdown; undefined if the step has no such section. */
export function sectionSpan(step: StepText, anchor: string): { start: number; end: number } | undefined {
  const section = step.sections.find((s) => s.anchor === anchor);
  if (!section) return undefined;
  const start = step.markdown.indexOf(section.markdown);
  return start === -1 ? undefined : { start, end: start + section.markdown.length };
}

export function resolveHighlight(step: StepText | undefined, h: StoredHighlight): HighlightView {
  const stale: HighlightView = { ...h, status: 'stale' };
  if (!step) return stale;
  const span = h.sectionAnchor === null ? { start: 0, end: step.markdown.length } : sectionSpan(step, h.sectionAnchor);
  if (!span) return stale;
  const inSpan = (at: number) => at >= span.start && at + h.quote.length <= span.end;
  if (step.markdown.slice(h.start, h.end) === h.quote && inSpan(h.start)) return { ...h, status: 'anchored' };
  let best = -1;
  for (let at = step.markdown.indexOf(h.quote, span.start); at !== -1 && inSpan(at); at = step.markdown.indexOf(h.quote, at + 1)) {
    if (best === -1 || Math.abs(at - h.start) < Math.abs(best - h.start)) best = at;
  }
  if (best === -1) return stale;
  return { ...h, start: best, end: best + h.quote.length, status: 'moved' };
}
