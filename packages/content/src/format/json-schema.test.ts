import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleJsonSchema, renderBundleJsonSchema } from './json-schema.ts';

const CONTRACT = fileURLToPath(new URL('../../../../contracts/course-bundle.schema.json', import.meta.url));

describe('bundle JSON Schema', () => {
  it('is one 2020-12 document with a $defs entry per file kind', () => {
    const schema = bundleJsonSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema['$defs'] as object)).toEqual(['manifest', 'stepFrontmatter', 'quiz', 'question', 'glossary', 'catalogue', 'achievements', 'release']);
    // the quiz refers to the shared question definition rather than inlining it
    expect(JSON.stringify((schema['$defs'] as Record<string, unknown>)['quiz'])).toContain('"$ref":"#/$defs/question"');
  });

  it('describes the files as authored: defaulted fields are optional', () => {
    const defs = bundleJsonSchema()['$defs'] as Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    expect(defs['stepFrontmatter']?.required).toEqual(['id', 'title', 'kind', 'minutes']);
    expect(Object.keys(defs['manifest']?.properties ?? {})).toContain('chapters');
  });

  it('is rendered stably with a trailing newline', () => {
    const rendered = renderBundleJsonSchema();
    expect(rendered).toBe(renderBundleJsonSchema());
    expect(rendered.endsWith('}\n')).toBe(true);
  });

  it('matches contracts/course-bundle.schema.json', async () => {
    const committed = await readFile(CONTRACT, 'utf8').catch(() => '');
    expect(committed, 'contracts/course-bundle.schema.json is out of date: run `pnpm contracts` and commit the result').toBe(renderBundleJsonSchema());
  });
});
