import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cachedSchema } from './schema.ts';

describe('cachedSchema', () => {
  // A refinement that counts its runs shows whether the schema walked a value.
  const counting = () => {
    let runs = 0;
    const schema = z.object({ title: z.string() }).refine(() => {
      runs++;
      return true;
    });
    return { schema, runs: () => runs };
  };

  it('computes a JSON Schema once per direction and target', () => {
    const std = cachedSchema(z.object({ title: z.string() }))['~standard'];
    const first = std.jsonSchema.output({ target: 'draft-2020-12' });
    expect(first).toMatchObject({ type: 'object', properties: { title: { type: 'string' } } });
    expect(std.jsonSchema.output({ target: 'draft-2020-12' })).toBe(first);
    expect(std.jsonSchema.input({ target: 'draft-2020-12' })).not.toBe(first);
  });

  it('passes an output the same schema just parsed without walking it again', async () => {
    const { schema, runs } = counting();
    const parsed = new WeakSet<object>();
    const std = cachedSchema(schema, parsed)['~standard'];
    const out = schema.parse({ title: 'Tokens' });
    parsed.add(out);
    expect(runs()).toBe(1);
    expect(await std.validate(out)).toEqual({ value: out });
    expect(runs()).toBe(1);
  });

  it('still validates anything it did not parse, and refuses what breaks the schema', async () => {
    const { schema, runs } = counting();
    const parsed = new WeakSet<object>();
    const std = cachedSchema(schema, parsed)['~standard'];
    parsed.add(schema.parse({ title: 'Tokens' }));
    // An equal object is not the parsed one: it is checked.
    expect(await std.validate({ title: 'Tokens' })).toEqual({ value: { title: 'Tokens' } });
    expect(runs()).toBe(2);
    const bad = await std.validate({ title: 42 });
    expect(bad.issues?.[0]?.path).toEqual(['title']);
    expect(await std.validate(null)).toHaveProperty('issues');
  });
});
