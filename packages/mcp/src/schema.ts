// Zod schemas as the MCP SDK consumes them, with their JSON Schema computed once per process.
// The SDK converts a tool's schemas on every tools/list and for every server it builds (one per
// request here); wrapping them makes that a lookup.
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type * as z from 'zod';

type Io = 'input' | 'output';

/**
 * The same validation as `schema`, with `~standard.jsonSchema` memoised per direction and target.
 * `parsed`: values that `schema.parse` itself returned moments ago (a tool's structured output,
 * which the SDK validates once more before answering); those pass without a second walk.
 */
export function cachedSchema<S extends z.ZodType>(schema: S, parsed?: WeakSet<object>): StandardSchemaWithJSON<z.input<S>, z.output<S>> {
  const std = schema['~standard'];
  const memo = new Map<string, Record<string, unknown>>();
  const convert = (io: Io) => (options: { target: string; libraryOptions?: Record<string, unknown> }) => {
    const key = `${io}:${options.target}`;
    let json = memo.get(key);
    if (!json) {
      json = Object.freeze(std.jsonSchema[io](options as Parameters<typeof std.jsonSchema.input>[0])) as Record<string, unknown>;
      memo.set(key, json);
    }
    return json;
  };
  return {
    '~standard': {
      version: 1,
      vendor: std.vendor,
      validate: parsed ? (value: unknown) => (typeof value === 'object' && value !== null && parsed.has(value) ? { value } : std.validate(value)) : std.validate,
      jsonSchema: { input: convert('input'), output: convert('output') },
    },
  } as StandardSchemaWithJSON<z.input<S>, z.output<S>>;
}
