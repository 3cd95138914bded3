import { z } from 'zod';
import { percentSchema, slugSchema, textSchema } from './common.ts';

export const stepPrerequisiteSchema = z.strictObject({
  step: slugSchema.describe('A checkpoint step in an earlier chapter'),
  min_score: percentSchema.optional().describe("Minimum best score % on that checkpoint (default: the quiz's pass score)"),
});

export const chapterPrerequisiteSchema = z.strictObject({
  chapter: slugSchema.describe('An earlier chapter'),
  min_completion: percentSchema.optional().describe("% of that chapter's core steps completed (default 100)"),
});

export const prerequisiteSchema = z
  .union([stepPrerequisiteSchema, chapterPrerequisiteSchema], { error: 'name exactly one of `step` or `chapter`' })
  .describe('Names exactly one of `step` or `chapter`');

export const prerequisitesSchema = z.array(prerequisiteSchema);

export const chapterSchema = z.strictObject({
  id: slugSchema,
  title: textSchema,
  summary: textSchema.optional(),
  access: z.enum(['free', 'premium']).default('premium'),
  objectives: z.array(textSchema).min(1, { message: 'a chapter needs at least one learning objective' }),
  prerequisites: prerequisitesSchema
    .optional()
    .describe("Default: the previous chapter's checkpoint passed at its quiz's pass score. [] means none."),
  steps: z.array(slugSchema).min(1, { message: 'a chapter needs at least one step' }).describe('Step ids in reading order'),
});

export const manifestSchema = z
  .strictObject({
    format: z.literal(1).describe('Bundle format version'),
    id: slugSchema.describe('Must equal the bundle folder name'),
    title: textSchema,
    version: z
      .string()
      .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/, { message: 'expected a semantic version such as 1.0.0' })
      .describe("The author's semver; the server's cache key is a content hash"),
    summary: textSchema,
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { message: 'expected a BCP 47 language tag such as en or pt-BR' }),
    authors: z.array(textSchema).min(1, { message: 'name at least one author' }),
    tags: z.array(textSchema).default([]),
    defaults: z
      .strictObject({ pass_score: percentSchema.default(70).describe('% needed to pass a checkpoint by default') })
      .default({ pass_score: 70 }),
    chapters: z.array(chapterSchema).min(1, { message: 'a course needs at least one chapter' }),
  })
  .describe('course.yaml');

export type PrerequisiteFile = z.output<typeof prerequisiteSchema>;
export type ChapterFile = z.output<typeof chapterSchema>;
export type ManifestFile = z.output<typeof manifestSchema>;
