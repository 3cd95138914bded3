import type { ScannedLine } from './scan.ts';

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Strips the Markdown syntax that is not read as words: link targets, images' URLs, HTML tags, autolinks. */
function proseOf(line: string): string {
  if (!line.includes('[') && !line.includes('<')) return line;
  return line
    .replace(/<(?:https?:|mailto:)[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/, ' ')
    .replace(/<[^>]*>/g, ' ');
}

function isAsciiWordish(token: string): boolean {
  for (let index = 0; index < token.length; index += 1) {
    const code = token.charCodeAt(index) | 0x20;
    if ((code >= 0x61 && code <= 0x7a) || (token.charCodeAt(index) >= 0x30 && token.charCodeAt(index) <= 0x39)) return true;
  }
  return false;
}

/**
 * Words a learner reads: whitespace-separated tokens holding a letter or digit, outside fenced code
 * and block markers (an audience block's title counts).
 */
export function countWords(lines: readonly ScannedLine[]): number {
  let words = 0;
  for (const line of lines) {
    let text: string;
    if (line.kind === 'text') text = line.text;
    else if (line.kind === 'heading') text = line.heading?.text ?? '';
    else if (line.kind === 'block-open') text = line.block?.title ?? '';
    else continue;
    for (const token of proseOf(text).split(/\s+/)) {
      if (token !== '' && (isAsciiWordish(token) || HAS_WORD_CHARACTER.test(token))) words += 1;
    }
  }
  return words;
}
