// A passage the learner selected in the rendered step, found again in the step's Markdown as served:
// the server keeps a highlight as the exact source text, its offsets and its section's anchor.

export interface Passage {
  /** The h2/h3 anchor of the section holding it; null for the text before the first such heading. */
  sectionAnchor: string | null;
  /** The step's Markdown between `start` and `end` (what the server checks the quote against). */
  quote: string;
  start: number;
  end: number;
}

/** The server's limit on a quote (MAX_QUOTE_CHARS in core). */
export const MAX_QUOTE = 2_000;

interface Section {
  anchor: string;
  depth: number;
}

/** Where each `##`/`###` heading line starts, skipping fenced code (a `## comment` in Python is not a heading). */
function headingStarts(markdown: string): { at: number; bodyAt: number }[] {
  const out: { at: number; bodyAt: number }[] = [];
  let fence: string | null = null;
  let at = 0;
  for (const line of markdown.split('\n')) {
    const next = at + line.length + 1;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (marker) {
      fence = marker;
    } else if (/^ {0,3}#{2,3}[ \t]/.test(line)) {
      out.push({ at, bodyAt: Math.min(next, markdown.length) });
    }
    at = next;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds `selected` (rendered text: line breaks and runs of spaces may differ from the source) in
 * `markdown`. Prefers an occurrence inside `preferredAnchor`'s section (where the selection was on
 * the page). Null when the text is not in the source as plain text (a selection across formatting
 * such as **bold** or `code`) or is too long.
 */
export function locatePassage(markdown: string, sections: readonly Section[], selected: string, preferredAnchor: string | null): Passage | null {
  const words = selected.trim().split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0) return null;
  const pattern = new RegExp(words.map(escape).join('\\s+'), 'gu');
  const headings = headingStarts(markdown);
  const anchors = sections.filter((s) => s.depth === 2 || s.depth === 3).map((s) => s.anchor);
  const sectionAt = (start: number, end: number): { anchor: string | null } | undefined => {
    let index = -1;
    for (let i = 0; i < headings.length; i++) if (headings[i]!.at <= start) index = i;
    if (index >= 0 && start < headings[index]!.bodyAt) return undefined; // inside the heading line itself
    const limit = headings[index + 1]?.at ?? markdown.length;
    if (end > limit) return undefined; // spans two sections
    return { anchor: index === -1 ? null : (anchors[index] ?? null) };
  };
  let best: Passage | null = null;
  for (const match of markdown.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    const section = sectionAt(start, end);
    if (!section || end - start > MAX_QUOTE) continue;
    if (section.anchor === null && headings.some((h) => h.at <= start)) continue; // a heading with no known anchor
    const passage = { sectionAnchor: section.anchor, quote: match[0], start, end };
    if (section.anchor === preferredAnchor) return passage;
    best ??= passage;
  }
  return best;
}
