import type { StepBlock } from '@cc/core';
import type { ScannedMarkdown } from './scan.ts';
import { slice } from './sections.ts';

/**
 * The body as shared text (audience `all`) and audience blocks, in order. Block Markdown is the text
 * between the `:::` marker lines; shared text is everything between blocks. Both are verbatim;
 * shared runs that are only whitespace are left out.
 */
export function splitBlocks(body: string, scanned: ScannedMarkdown): StepBlock[] {
  const { lines } = scanned;
  const result: StepBlock[] = [];
  let cursor = 0;
  const pushShared = (to: number) => {
    const markdown = slice(body, lines, cursor, to);
    if (markdown.trim() !== '') result.push({ audience: 'all', markdown });
  };
  for (const span of scanned.blocks) {
    pushShared(span.open);
    const end = span.close ?? lines.length;
    const markdown = slice(body, lines, span.open + 1, end);
    result.push(span.title === undefined ? { audience: span.audience, markdown } : { audience: span.audience, title: span.title, markdown });
    cursor = span.close === undefined ? lines.length : span.close + 1;
  }
  pushShared(lines.length);
  return result;
}
