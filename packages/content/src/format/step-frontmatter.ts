import { z } from 'zod';
import { slugSchema, textSchema } from './common.ts';
import { prerequisitesSchema } from './manifest.ts';

export const stepFrontmatterSchema = z
  .strictObject({
    id: slugSchema.describe('Must equal the file name without .md'),
    title: textSchema,
    kind: z.enum(['lesson', 'exercise', 'checkpoint', 'reading']),
    minutes: z.number().int().min(1).max(240).describe('Estimated minutes'),
    level: z.enum(['core', 'optional', 'deep-dive']).default('core'),
    audience: z.enum(['all', 'beginner', 'advanced']).default('all'),
    concepts: z.array(slugSchema).default([]).describe('Concept tags taught here'),
    quiz: slugSchema.optional().describe('Lessons: optional quick check; checkpoints: required checkpoint quiz'),
    prerequisites: prerequisitesSchema.optional().describe('Extra prerequisites for this step only'),
  })
  .describe('Frontmatter of chapters/<chapter-id>/<step-id>.md');

export type StepFrontmatterFile = z.output<typeof stepFrontmatterSchema>;
