import { z } from 'zod';
import { slugSchema, textSchema } from './common.ts';

export const glossaryTermSchema = z.strictObject({
  id: slugSchema,
  term: textSchema,
  aliases: z.array(textSchema).default([]),
  definition: textSchema,
  steps: z.array(slugSchema).default([]).describe('Steps that teach the term (must exist)'),
  see_also: z.array(slugSchema).default([]).describe('Other term ids (must exist)'),
});

export const glossarySchema = z.strictObject({ terms: z.array(glossaryTermSchema) }).describe('glossary.yaml');

export type GlossaryTermFile = z.output<typeof glossaryTermSchema>;
export type GlossaryFile = z.output<typeof glossarySchema>;
