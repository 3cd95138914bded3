/** Marks ts_headline puts around matched words. Indexed text never contains them (see stripControlChars). */
export const START_SEL = '\u0002';
export const STOP_SEL = '\u0003';
/**
 * ts_headline drops anything that looks like an HTML tag (`<file>`), so `<` and `>` are handed to it
 * as these stand-ins and put back here. Indexed text never contains them either.
 */
export const LT_STAND_IN = '\u0004';
export const GT_STAND_IN = '\u0005';

export interface Snippet {
  snippet: string;
  /** [start, end) offsets into `snippet`, in UTF-16 code units. */
  highlights: [number, number][];
}

/** Turns ts_headline output into plain text with highlight offsets, collapsing whitespace runs and restoring `<` and `>`. */
export function parseHeadline(headline: string): Snippet {
  let snippet = '';
  const highlights: [number, number][] = [];
  let marking = false;
  let start: number | undefined;
  let pendingSpace = false;
  for (const raw of headline) {
    const ch = raw === LT_STAND_IN ? '<' : raw === GT_STAND_IN ? '>' : raw;
    if (ch === START_SEL) {
      marking = true;
      start = undefined;
    } else if (ch === STOP_SEL) {
      if (marking && start !== undefined) highlights.push([start, snippet.length]);
      marking = false;
    } else if (/\s/.test(ch)) {
      pendingSpace = true;
    } else {
      if (pendingSpace && snippet !== '') snippet += ' ';
      pendingSpace = false;
      if (marking && start === undefined) start = snippet.length;
      snippet += ch;
    }
  }
  return { snippet, highlights };
}
