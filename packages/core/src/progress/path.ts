// The personalised learning path, computed on read from the profile (docs/learning-engine.md,
// "Personalisation").
import { z } from 'zod';
import type { Course, StepLevel } from '../course/model.ts';
import type { Profile } from '../learner/profile.ts';
import { addDays } from './local-day.ts';

export const LEARNER_LEVELS = ['beginner', 'standard', 'advanced'] as const;
export type LearnerLevel = (typeof LEARNER_LEVELS)[number];

export const STEP_ROLES = ['core', 'optional', 'skipped'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

export const LearningPathSchema = z.object({
  courseId: z.string(),
  level: z.enum(LEARNER_LEVELS),
  /** Audience blocks shown besides the blocks for everyone. */
  audiences: z.array(z.enum(['beginner', 'advanced'])),
  steps: z.array(
    z.object({
      stepId: z.string(),
      chapterId: z.string(),
      role: z.enum(STEP_ROLES),
      minutes: z.number().int().nonnegative(),
      completed: z.boolean(),
    }),
  ),
  /** Minutes of all core steps. */
  coreMinutes: z.number().int().nonnegative(),
  /** Minutes of the core steps not completed yet. */
  remainingCoreMinutes: z.number().int().nonnegative(),
  weeklyMinutes: z.number().int().positive(),
  /** Learner-local date. */
  today: z.iso.date(),
  estimatedFinish: z.iso.date(),
});
export type LearningPath = z.infer<typeof LearningPathSchema>;
export type PathStep = LearningPath['steps'][number];

/** Beginner wins over advanced: an expert with basic maths is a beginner. */
export function learnerLevel(profile: Profile): LearnerLevel {
  const { softwareExperience: xp, mathsBackground: maths } = profile;
  if (xp === 'none' || xp === 'beginner' || maths === 'basic') return 'beginner';
  if (xp === 'expert' || (xp === 'intermediate' && maths === 'advanced') || profile.depth === 'deep') return 'advanced';
  return 'standard';
}

const AUDIENCES: Record<LearnerLevel, LearningPath['audiences']> = {
  beginner: ['beginner'],
  standard: ['beginner', 'advanced'],
  advanced: ['advanced'],
};

export function audiencesFor(level: LearnerLevel): LearningPath['audiences'] {
  return [...AUDIENCES[level]];
}

/** The role of a step of `stepLevel` for this learner. */
export function stepRole(stepLevel: StepLevel, level: LearnerLevel, profile: Profile): StepRole {
  let role: StepRole;
  if (stepLevel === 'core') role = 'core';
  else if (stepLevel === 'optional') role = level === 'advanced' && profile.goals.includes('build') ? 'core' : 'optional';
  else role = level === 'beginner' ? 'skipped' : level === 'standard' ? 'optional' : 'core';
  // Depth `overview` acts on the role the table gives, so a step promoted to core stays core.
  return profile.depth === 'overview' && role === 'optional' ? 'skipped' : role;
}

/** Days to finish `minutes` at `weeklyMinutes` a week: ceil(minutes / weekly x 7). */
export function daysToFinish(minutes: number, weeklyMinutes: number): number {
  // Integer numerator first, so exact multiples of the budget are not pushed up by rounding.
  return Math.ceil((minutes * 7) / weeklyMinutes);
}

export function planPath(
  course: Course,
  profile: Profile,
  input: { completedStepIds: ReadonlySet<string>; today: string },
): LearningPath {
  const level = learnerLevel(profile);
  const steps: PathStep[] = course.steps.map((step) => ({
    stepId: step.id,
    chapterId: step.chapterId,
    role: stepRole(step.level, level, profile),
    minutes: step.minutes,
    completed: input.completedStepIds.has(step.id),
  }));
  const core = steps.filter((s) => s.role === 'core');
  const coreMinutes = sum(core.map((s) => s.minutes));
  const remainingCoreMinutes = sum(core.filter((s) => !s.completed).map((s) => s.minutes));
  return {
    courseId: course.id,
    level,
    audiences: audiencesFor(level),
    steps,
    coreMinutes,
    remainingCoreMinutes,
    weeklyMinutes: profile.weeklyMinutes,
    today: input.today,
    estimatedFinish: addDays(input.today, daysToFinish(remainingCoreMinutes, profile.weeklyMinutes)),
  };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
