import GithubSlugger from 'github-slugger';
import type { StepSection } from '@cc/core';
import type { ScannedLine } from './scan.ts';

/** Heading text as a renderer would show it, for slugging: links and images become their text, tags go. */
export function plainHeadingText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .trim();
}

/**
 * Splits a step body into sections at `##` and `###` headings.
 *
 * - Anchors are GitHub slugs, made unique per step by slugging every heading of the body in order
 *   (all depths), exactly as a github-slugger based renderer (rehype-slug) numbers duplicates.
 * - Text before the first `##`/`###` is the intro section: anchor `''` (the top of the step),
 *   depth 1, heading = the body's leading `# H1` when there is one (that line is then left out of its
 *   Markdown), otherwise the step title. It is omitted when it holds no text.
 * - Each section's Markdown is the source between its heading line and the next section, verbatim.
 */
export function splitSections(body: string, lines: readonly ScannedLine[], stepTitle: string): StepSection[] {
  const slugger = new GithubSlugger();
  const starts: { index: number; section: Omit<StepSection, 'markdown'> }[] = [];
  lines.forEach((line, index) => {
    if (line.kind !== 'heading' || line.heading === undefined) return;
    const anchor = slugger.slug(plainHeadingText(line.heading.text));
    if (line.heading.depth === 2 || line.heading.depth === 3) {
      starts.push({ index, section: { anchor, heading: line.heading.text, depth: line.heading.depth } });
    }
  });

  const sections: StepSection[] = [];
  const introEnd = starts[0]?.index ?? lines.length;
  const firstText = lines.slice(0, introEnd).findIndex((line) => line.text.trim() !== '');
  const h1 = firstText >= 0 ? lines[firstText] : undefined;
  const introHasH1 = h1?.kind === 'heading' && h1.heading?.depth === 1;
  const introStart = introHasH1 ? firstText + 1 : 0;
  const intro = slice(body, lines, introStart, introEnd);
  if (intro.trim() !== '') {
    sections.push({ anchor: '', heading: introHasH1 ? (h1?.heading?.text ?? stepTitle) : stepTitle, depth: 1, markdown: intro });
  }
  starts.forEach(({ index, section }, position) => {
    const end = starts[position + 1]?.index ?? lines.length;
    sections.push({ ...section, markdown: slice(body, lines, index + 1, end) });
  });
  return sections;
}

/** The source text of lines [from, to). */
export function slice(body: string, lines: readonly ScannedLine[], from: number, to: number): string {
  if (from >= to) return '';
  const start = lines[from]?.start ?? body.length;
  const end = lines[to]?.start ?? body.length;
  return body.slice(start, end);
}
