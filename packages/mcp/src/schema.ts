// Zod schemas as the MCP SDK consumes them, with their JSON Schema computed once per process.
// The SDK converts a tool's schemas on every tools/list and for every server it builds (one per
// request here); wrapping them makes that a lookup.
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type * as z from 'zod';

type Io = 'input' | 'output';

/** The same validation as `schema`, with `~standard.jsonSchema` memoised per direction and target. */
export function cachedSchema<S extends z.ZodType>(schema: S): StandardSchemaWithJSON<z.input<S>, z.output<S>> {
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
      validate: std.validate,
      jsonSchema: { input: convert('input'), output: convert('output') },
    },
  } as StandardSchemaWithJSON<z.input<S>, z.output<S>>;
}
