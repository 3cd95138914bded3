import { splitLines, type SourceLine } from './lines.ts';

export type BlockAudience = 'beginner' | 'advanced';

export interface ScannedLine extends SourceLine {
  /** 1-based line number in the file. */
  number: number;
  kind: 'text' | 'fence' | 'code' | 'heading' | 'block-open' | 'block-close';
  heading?: { depth: number; text: string };
  block?: { audience: BlockAudience; title?: string };
}

export interface BlockSpan {
  audience: BlockAudience;
  title?: string;
  /** Index of the opening `:::` line. */
  open: number;
  /** Index of the closing `:::` line, or undefined when the block is never closed. */
  close?: number;
}

export interface MarkdownIssue {
  severity: 'error' | 'warning';
  line: number;
  message: string;
}

export interface ScannedMarkdown {
  lines: ScannedLine[];
  blocks: BlockSpan[];
  issues: MarkdownIssue[];
}

// Fences may be indented (list items); we do not track list context, so any indent counts.
const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const BLOCK_OPEN = /^ {0,3}:::[ \t]*([A-Za-z][\w-]*)(?:[ \t]+(.*?))?[ \t]*$/;
const BLOCK_CLOSE = /^ {0,3}:::[ \t]*$/;

function headingText(raw: string | undefined): string {
  // An ATX heading may end with a closing run of #s preceded by a space.
  return (raw ?? '').replace(/(?:^|[ \t]+)#+$/, '').trim();
}

/**
 * Classifies each line of a Markdown body: fenced code (whose contents are never headings or
 * block markers), ATX headings, and `:::beginner` / `:::advanced` audience block markers, which
 * must be closed by a line `:::` and must not nest.
 */
export function scanMarkdown(body: string, firstLine = 1): ScannedMarkdown {
  const issues: MarkdownIssue[] = [];
  const blocks: BlockSpan[] = [];
  let fence: { char: string; length: number; line: number } | undefined;
  let openBlock: BlockSpan | undefined;
  let nested = 0;

  const lines = splitLines(body).map((line, index): ScannedLine => {
    const number = firstLine + index;
    if (fence !== undefined) {
      const close = /^\s*(`{3,}|~{3,})[ \t]*$/.exec(line.text);
      if (close?.[1] !== undefined && close[1][0] === fence.char && close[1].length >= fence.length) {
        fence = undefined;
        return { ...line, number, kind: 'fence' };
      }
      return { ...line, number, kind: 'code' };
    }
    const fenceOpen = FENCE_OPEN.exec(line.text);
    if (fenceOpen?.[1] !== undefined) {
      const marker = fenceOpen[1];
      const info = (fenceOpen[2] ?? '').trim();
      if (!(marker[0] === '`' && info.includes('`'))) {
        fence = { char: marker[0]!, length: marker.length, line: number };
        if (info === '') {
          issues.push({ severity: 'warning', line: number, message: 'code block without a language (write ```text for plain text)' });
        }
        return { ...line, number, kind: 'fence' };
      }
    }
    const heading = HEADING.exec(line.text);
    if (heading?.[1] !== undefined) {
      return { ...line, number, kind: 'heading', heading: { depth: heading[1].length, text: headingText(heading[2]) } };
    }
    if (BLOCK_CLOSE.test(line.text)) {
      if (openBlock === undefined) {
        issues.push({ severity: 'error', line: number, message: '`:::` closes no block' });
        return { ...line, number, kind: 'text' };
      }
      if (nested > 0) {
        nested -= 1;
        return { ...line, number, kind: 'text' };
      }
      openBlock.close = index;
      openBlock = undefined;
      return { ...line, number, kind: 'block-close' };
    }
    const blockOpen = BLOCK_OPEN.exec(line.text);
    if (blockOpen?.[1] !== undefined) {
      const name = blockOpen[1];
      if (name !== 'beginner' && name !== 'advanced') {
        issues.push({
          severity: 'error',
          line: number,
          message: `unknown block \`:::${name}\`: audience blocks are \`:::beginner\` and \`:::advanced\``,
        });
        return { ...line, number, kind: 'text' };
      }
      if (openBlock !== undefined) {
        issues.push({
          severity: 'error',
          line: number,
          message: `audience blocks do not nest: \`:::${name}\` inside \`:::${openBlock.audience}\` opened on line ${firstLine + openBlock.open}`,
        });
        nested += 1;
        return { ...line, number, kind: 'text' };
      }
      const title = blockOpen[2]?.trim();
      const block: { audience: BlockAudience; title?: string } = title ? { audience: name, title } : { audience: name };
      const span: BlockSpan = { ...block, open: index };
      openBlock = span;
      blocks.push(span);
      return { ...line, number, kind: 'block-open', block };
    }
    return { ...line, number, kind: 'text' };
  });

  if (fence !== undefined) {
    issues.push({ severity: 'warning', line: fence.line, message: 'code block is never closed' });
  }
  if (openBlock !== undefined) {
    issues.push({
      severity: 'error',
      line: firstLine + openBlock.open,
      message: `\`:::${openBlock.audience}\` block is never closed: add a line \`:::\` after it`,
    });
  }
  return { lines, blocks, issues };
}
