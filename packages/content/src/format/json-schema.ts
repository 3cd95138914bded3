import { z } from 'zod';
import { achievementsSchema } from './achievements.ts';
import { catalogueSchema } from './catalogue.ts';
import { glossarySchema } from './glossary.ts';
import { manifestSchema } from './manifest.ts';
import { questionSchema, quizSchema } from './quiz.ts';
import { releaseSchema } from './release.ts';
import { stepFrontmatterSchema } from './step-frontmatter.ts';

const definitions = {
  manifest: manifestSchema,
  stepFrontmatter: stepFrontmatterSchema,
  quiz: quizSchema,
  question: questionSchema,
  glossary: glossarySchema,
  catalogue: catalogueSchema,
  achievements: achievementsSchema,
  release: releaseSchema,
} as const;

/**
 * The bundle format as one JSON Schema 2020-12 document: every file kind is a `$defs` entry
 * (`#/$defs/manifest` for course.yaml and so on). Describes the shape of the files as authored
 * (defaults make fields optional); cross-file rules live in the loader.
 */
export function bundleJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(definitions)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    uri: (id) => `#/$defs/${id}`,
  });
  const defs: Record<string, unknown> = {};
  for (const id of Object.keys(definitions)) {
    const { $schema: _schema, $id: _id, ...rest } = schemas[id] ?? {};
    defs[id] = rest;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Course Companion course bundle (format 1)',
    description:
      'Generated from packages/content/src/format by `pnpm contracts`; do not edit. See docs/course-bundle.md. ' +
      'Each file kind of a bundle is a $defs entry.',
    $defs: defs,
  };
}

/** The contract file's text: stable key order, two-space indent, trailing newline. */
export function renderBundleJsonSchema(): string {
  return `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
}
