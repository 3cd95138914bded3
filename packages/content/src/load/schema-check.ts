import type { z } from 'zod';
import { formatField } from './problems.ts';
import type { ProblemCollector } from './problems.ts';
import type { YamlSource } from './yaml-source.ts';

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

function listValues(values: readonly unknown[]): string {
  const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return shown.length === 1 ? (shown[0] ?? '') : `one of ${shown.join(', ')}`;
}

function bound(origin: string, limit: number | bigint, inclusive: boolean | undefined, small: boolean): string {
  if (origin === 'array') return small ? `needs at least ${limit} item${limit === 1 ? '' : 's'}` : `allows at most ${limit} items`;
  if (origin === 'string') return small ? `needs at least ${limit} characters` : `allows at most ${limit} characters`;
  if (small) return inclusive === false ? `must be greater than ${limit}` : `must be at least ${limit}`;
  return inclusive === false ? `must be less than ${limit}` : `must be at most ${limit}`;
}

/** Messages written for course authors; schemas' own messages take precedence. */
const authorErrorMap = (issue: RawIssue): string | undefined => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean')) {
        // YAML reads `id: 25` or `text: yes` as a number or a boolean.
        return `expected text, got ${describeValue(issue.input)}; YAML reads unquoted numbers and true/false as values: put the text in quotes`;
      }
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected ${listValues(issue.values)}${issue.input === undefined ? '' : `, got ${describeValue(issue.input)}`}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, true);
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, false);
    case 'invalid_union':
      if (issue.discriminator !== undefined && Array.isArray(issue.options)) {
        const expected = `${issue.discriminator} must be ${listValues(issue.options ?? [])}`;
        return issue.input === undefined ? `required: ${expected}` : expected;
      }
      return undefined;
    default:
      return undefined;
  }
};

interface FlatIssue {
  path: PropertyKey[];
  message: string;
}

function unknownFieldMessage(key: string, inFlow: boolean): string {
  if (!/\s/.test(key)) return 'unknown field';
  // A field name with spaces is a fragment of a sentence: in `{ text: a, b c }` the comma ended the text.
  if (inFlow) return 'unknown field: inside { }, an unquoted comma ends the text and the words after it become a field; put the whole text in quotes';
  return 'unknown field: an unquoted ": " inside text starts a new field; put the text in quotes';
}

/** Unknown keys become one issue each (pointing at the key); unions report their closest branch. */
function flatten(issue: Issue, base: readonly PropertyKey[] = [], isFlowAt: (path: readonly PropertyKey[]) => boolean = () => false): FlatIssue[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: unknownFieldMessage(key, isFlowAt(path)) }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const sizes = issue.errors.map((branch) => branch.length);
    const best = Math.min(...sizes);
    if (sizes.filter((size) => size === best).length === 1) {
      const branch = issue.errors[sizes.indexOf(best)] ?? [];
      return branch.flatMap((inner) => flatten(inner, path, isFlowAt));
    }
  }
  return [{ path, message: issue.message }];
}

/**
 * Validates `value` (the source's whole value, or the one at `basePath`) and reports every issue
 * with its file line and field. Returns the parsed data when valid.
 */
export function checkSchema<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
  problems: ProblemCollector,
  options: { value?: unknown; basePath?: readonly PropertyKey[] } = {},
): z.output<S> | undefined {
  const value = 'value' in options ? options.value : source.value;
  const result = schema.safeParse(value, { error: authorErrorMap });
  if (result.success) return result.data;
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    for (const flat of flatten(issue, options.basePath ?? [], source.isFlowAt)) {
      const field = formatField(flat.path, source.fieldPrefix);
      const key = `${field ?? ''}\0${flat.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.error(source.file, source.lineOf(flat.path), field, flat.message);
    }
  }
  return undefined;
}
