import { z } from 'zod';
import { slugSchema, textSchema } from './common.ts';

/** What earns a course achievement: a small closed set of deterministic criteria over the learner's record. */
export const achievementCriterionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('complete-steps'),
      steps: z.array(slugSchema).min(1).describe('Every one of these steps completed (must exist)'),
    }),
    z.strictObject({ type: z.literal('pass-quiz'), quiz: slugSchema.describe('A quiz passed (must exist)') }),
    z.strictObject({ type: z.literal('complete-chapter'), chapter: slugSchema.describe('Every core step of this chapter completed (must exist)') }),
    z.strictObject({ type: z.literal('master-concept'), concept: slugSchema.describe('This concept mastered (must be taught by a step)') }),
  ])
  .describe('One of: complete-steps, pass-quiz, complete-chapter, master-concept');

export const achievementSchema = z.strictObject({
  id: slugSchema.describe('Unique in the course; must not reuse a built-in achievement id'),
  title: textSchema,
  description: textSchema,
  criterion: achievementCriterionSchema,
});

export const achievementsSchema = z.strictObject({ achievements: z.array(achievementSchema) }).describe('achievements.yaml (optional)');

export type AchievementFile = z.output<typeof achievementSchema>;
export type AchievementsFile = z.output<typeof achievementsSchema>;
