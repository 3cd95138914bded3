import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ProblemCollector } from './problems.ts';

/** A parsed YAML file (or frontmatter) that can tell the file line of any value path. */
export interface YamlSource {
  file: string;
  /** The plain JS value; undefined when the YAML did not parse. */
  value: unknown;
  ok: boolean;
  /** File line of the node at `path`, or of its nearest existing ancestor (key line for map entries). */
  lineOf(path: readonly PropertyKey[]): number;
  /** Prefix for field names (`frontmatter` for step files). */
  fieldPrefix?: string;
}

interface Ranged {
  range?: readonly [number, number, number] | null;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Ranged | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * Parses YAML, reporting syntax errors (with their lines) to `problems`. `firstLine` is the file line
 * of the text's first line (2 for frontmatter after the opening `---`).
 */
export function parseYamlSource(
  file: string,
  text: string,
  problems: ProblemCollector,
  options: { firstLine?: number; fieldPrefix?: string } = {},
): YamlSource {
  const offset = (options.firstLine ?? 1) - 1;
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const lineAt = (position: number | undefined): number => (position === undefined ? 1 : lineCounter.linePos(position).line) + offset;

  for (const error of doc.errors) {
    problems.error(file, lineAt(error.pos[0]), options.fieldPrefix, `YAML syntax: ${firstLineOf(error.message)}`);
  }
  for (const warning of doc.warnings) {
    problems.warn(file, lineAt(warning.pos[0]), options.fieldPrefix, `YAML: ${firstLineOf(warning.message)}`);
  }

  let value: unknown;
  let ok = doc.errors.length === 0;
  if (ok) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      ok = false;
      problems.error(file, 1 + offset, options.fieldPrefix, `YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const lineOf = (path: readonly PropertyKey[]): number => {
    let node: unknown = doc.contents;
    let line = lineAt(rangeStart(node));
    for (const key of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
        if (pair === undefined) break;
        line = lineAt(rangeStart(pair.key) ?? rangeStart(pair.value));
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item: unknown = node.items[key];
        if (item === undefined || item === null) break;
        line = lineAt(rangeStart(item));
        node = item;
      } else break;
    }
    return line;
  };

  const source: YamlSource = { file, value, ok, lineOf };
  if (options.fieldPrefix !== undefined) source.fieldPrefix = options.fieldPrefix;
  return source;
}

function firstLineOf(message: string): string {
  return message.split('\n')[0] ?? message;
}
