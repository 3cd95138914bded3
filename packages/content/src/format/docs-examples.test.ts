// The examples in docs/course-bundle.md are what outside authors copy: every YAML block must parse,
// and the complete ones must pass the bundle's schemas.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { manifestSchema } from './manifest.ts';

const doc = await readFile(path.resolve(import.meta.dirname, '../../../../docs/course-bundle.md'), 'utf8');
const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('docs/course-bundle.md', () => {
  it('has YAML examples', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(yamlBlocks.map((block, index) => [index, block.split('\n')[0], block] as const))('YAML example %i (%s) parses', (_index, _first, block) => {
    const parsed = parseDocument(block, { prettyErrors: false, uniqueKeys: true, strict: true });
    expect(parsed.errors.map((error) => error.message)).toEqual([]);
    // No flow mapping swallowed a comma: every key is a single word.
    const keys = JSON.stringify(parsed.toJS()).match(/"[^"]*":/g) ?? [];
    expect(keys.filter((key) => /\s/.test(key))).toEqual([]);
  });

  it('shows a course.yaml that passes the manifest schema, with prerequisites on an earlier chapter', () => {
    const manifest = yamlBlocks.find((block) => block.startsWith('format: 1'));
    const result = manifestSchema.safeParse(parseDocument(manifest ?? '').toJS());
    expect(result.error?.issues ?? []).toEqual([]);
  });
});
