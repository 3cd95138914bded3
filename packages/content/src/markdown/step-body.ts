import type { StepBlock, StepSection } from '@cc/core';
import { splitBlocks } from './blocks.ts';
import { scanMarkdown, type MarkdownIssue } from './scan.ts';
import { splitSections } from './sections.ts';
import { countWords } from './word-count.ts';

export interface StepBody {
  sections: StepSection[];
  blocks: StepBlock[];
  wordCount: number;
  issues: MarkdownIssue[];
}

/** Everything the loader derives from a step's Markdown body; `firstLine` is the body's line in the file. */
export function analyseStepBody(body: string, options: { firstLine: number; title: string }): StepBody {
  const scanned = scanMarkdown(body, options.firstLine);
  return {
    sections: splitSections(body, scanned.lines, options.title),
    blocks: splitBlocks(body, scanned),
    wordCount: countWords(scanned.lines),
    issues: scanned.issues,
  };
}
