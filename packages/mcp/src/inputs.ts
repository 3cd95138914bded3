// Input fields the tools share, bounded like the REST door's parameters.
import * as z from 'zod';

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9, single hyphens)');

export const CourseId = Slug.describe('Course id, e.g. genai-fundamentals (list_courses gives them)');
export const StepId = Slug.describe('Step id from the course outline, e.g. what-is-an-llm');
export const QuizId = Slug.describe("Quiz id: a step's quizId in the outline or the step");
export const AttemptId = z.uuid().describe('Attempt id returned by start_quiz');
export const CardId = z.uuid().describe('Review card id returned by get_due_reviews');
export const Limit = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback).describe(`At most this many (1-${max})`);
