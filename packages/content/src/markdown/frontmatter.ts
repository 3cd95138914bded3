import { splitLines } from './lines.ts';

export type FrontmatterSplit =
  | {
      ok: true;
      /** The YAML between the fences. */
      yaml: string;
      /** 1-based file line of the YAML's first line. */
      yamlLine: number;
      /** Everything after the closing fence, verbatim. */
      body: string;
      /** 1-based file line of the body's first line. */
      bodyLine: number;
    }
  | {
      ok: false;
      line: number;
      message: string;
      /** Without (valid) frontmatter the whole file is body. */
      body: string;
      bodyLine: 1;
    };

const OPEN = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/** Splits a Markdown file into its `---` fenced YAML frontmatter and the body. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const lines = splitLines(text);
  const first = lines[0];
  if (first === undefined || !OPEN.test(first.text)) {
    return { ok: false, line: 1, message: 'missing frontmatter: the file must start with a line `---`', body: text, bodyLine: 1 };
  }
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (CLOSE.test(line.text)) {
      return {
        ok: true,
        yaml: text.slice(first.end, line.start),
        yamlLine: 2,
        body: text.slice(line.end),
        bodyLine: index + 2,
      };
    }
  }
  return { ok: false, line: 1, message: 'frontmatter is never closed: add a line `---` after it', body: text, bodyLine: 1 };
}
