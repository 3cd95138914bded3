import { z } from 'zod';
import { slugSchema, textSchema } from './common.ts';

export const catalogueEntrySchema = z.strictObject({
  id: slugSchema,
  kind: z.enum(['error', 'misconception']),
  title: textSchema,
  symptom: textSchema,
  meaning: textSchema,
  fix: textSchema,
  steps: z.array(slugSchema).default([]).describe('Steps that cover the entry (must exist)'),
  tags: z.array(textSchema).default([]),
});

export const catalogueSchema = z
  .strictObject({ entries: z.array(catalogueEntrySchema) })
  .describe('catalogue.yaml: common errors and misconceptions');

export type CatalogueEntryFile = z.output<typeof catalogueEntrySchema>;
export type CatalogueFile = z.output<typeof catalogueSchema>;
