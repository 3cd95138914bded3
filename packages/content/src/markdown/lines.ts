export interface SourceLine {
  /** The line without its line ending. */
  text: string;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset just past the line ending (the next line's start). */
  end: number;
}

/** Splits text into lines, keeping offsets so callers can slice the source verbatim. */
export function splitLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  while (start < source.length) {
    const newline = source.indexOf('\n', start);
    const end = newline === -1 ? source.length : newline + 1;
    let textEnd = newline === -1 ? source.length : newline;
    if (textEnd > start && source.charCodeAt(textEnd - 1) === 13) textEnd -= 1;
    lines.push({ text: source.slice(start, textEnd), start, end });
    start = end;
  }
  return lines;
}
