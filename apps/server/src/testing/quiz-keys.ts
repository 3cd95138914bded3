// Answer keys of a course bundle, read the way the server reads it, for tests that need to know
// the secrets (to look for them) or the right answers (to pass a quiz).
import path from 'node:path';
import { parseBundle, readBundleDir } from '@cc/content';
import { correctAnswerOf, type Answer, type Course, type Question, type Quiz } from '@cc/core';
import { fixturesDir } from './test-server.ts';

export const fixtureCourseDir = (courseId = 'mini-course') => path.join(fixturesDir, courseId);

/** Parses a bundle (path -> bytes) into the Course; throws on any error. */
export function courseFromFiles(files: ReadonlyMap<string, Uint8Array>, courseId: string): Course {
  const { course, problems } = parseBundle(files, { courseId });
  const errors = problems.filter((p) => p.severity === 'error');
  if (!course || errors.length > 0) throw new Error(`bundle ${courseId} does not parse: ${JSON.stringify(errors).slice(0, 500)}`);
  return course;
}

export async function loadCourseDir(dir: string, courseId = path.basename(dir)): Promise<Course> {
  return courseFromFiles(await readBundleDir(dir), courseId);
}

/** A full-score answer to a question, in the shape learners submit (core's own, tested to score 1). */
export const correctAnswer = (question: Question): Answer => correctAnswerOf(question);

export const correctAnswers = (quiz: Quiz): Record<string, unknown> =>
  Object.fromEntries(quiz.questions.map((q) => [q.id, correctAnswer(q)]));
