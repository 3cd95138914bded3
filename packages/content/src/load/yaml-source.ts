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
  /** Whether the collection at `path` is written in flow style (`{ ... }` or `[ ... ]`). */
  isFlowAt(path: readonly PropertyKey[]): boolean;
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
    const hint = quotingHint(error.code, lineText(text, lineCounter.linePos(error.pos[0]).line));
    problems.error(file, lineAt(error.pos[0]), options.fieldPrefix, `YAML syntax: ${firstLineOf(error.message)}${hint}`);
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

  const nodeAt = (path: readonly PropertyKey[]): unknown => {
    let node: unknown = doc.contents;
    for (const key of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) node = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key))?.value;
      else if (isSeq(node) && typeof key === 'number') node = node.items[key];
      else return undefined;
    }
    return node;
  };
  const isFlowAt = (path: readonly PropertyKey[]): boolean => {
    const node = nodeAt(path);
    return (isMap(node) || isSeq(node)) && node.flow === true;
  };

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

  const source: YamlSource = { file, value, ok, lineOf, isFlowAt };
  if (options.fieldPrefix !== undefined) source.fieldPrefix = options.fieldPrefix;
  return source;
}

function lineText(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

/** Errors that unquoted `: ` inside text causes, with the line as the author should write it. */
const QUOTING_ERRORS = new Set(['BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN']);

/**
 * A hint to quote text that holds `: ` (`title: Checkpoint: how LLMs work` parses as a mapping in a mapping).
 * Shows the quoted line when the line is a plain `key: text` pair.
 */
export function quotingHint(code: string, line: string): string {
  if (!QUOTING_ERRORS.has(code)) return '';
  const pair = /^(\s*(?:- )?)([A-Za-z0-9_-]+):\s+(.*\S)\s*$/.exec(line);
  const value = pair?.[3];
  if (pair !== undefined && pair !== null && value !== undefined && !/^[{["']/.test(value) && /:\s/.test(value)) {
    return `; text that contains ": " must be quoted: ${pair[2]}: ${JSON.stringify(value)}`;
  }
  if (/\{.*:\s.*:\s/.test(line)) {
    return '; inside { }, quote every text that contains ": " or a comma (feedback: "Right: one token at a time.")';
  }
  return '; if a text contains ": ", put it in quotes';
}

function firstLineOf(message: string): string {
  return message.split('\n')[0] ?? message;
}
