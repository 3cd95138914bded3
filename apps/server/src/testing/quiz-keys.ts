// Answer keys of a course bundle, read the way the server reads it, for tests that need to know
// the secrets (to look for them) or the right answers (to pass a quiz).
import path from 'node:path';
import { parseBundle, readBundleDir } from '@cc/content';
import type { Course, Question, Quiz } from '@cc/core';
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

/** A full-score answer to a question, in the shape learners submit. */
export function correctAnswer(question: Question): unknown {
  switch (question.type) {
    case 'single':
      return { type: 'single', optionId: question.options.find((o) => o.correct)!.id };
    case 'multiple':
      return { type: 'multiple', optionIds: question.options.filter((o) => o.correct).map((o) => o.id) };
    case 'true_false':
      return { type: 'true_false', value: question.answer };
    case 'numeric':
      return { type: 'numeric', value: question.answer };
    case 'short_text':
      return { type: 'short_text', text: question.accepted[0] ?? 'no accepted answer' };
    case 'ordering':
      return { type: 'ordering', itemIds: question.items.map((i) => i.id) };
    case 'matching':
      return { type: 'matching', pairs: Object.fromEntries(question.pairs.map((p) => [p.left.id, p.right.id])) };
    case 'cloze':
      return {
        type: 'cloze',
        blanks: Object.fromEntries(
          question.blanks.map((b) => [b.id, b.kind === 'text' ? (b.rule.accepted[0] ?? '') : b.options.find((o) => o.correct)!.id]),
        ),
      };
  }
}

export const correctAnswers = (quiz: Quiz): Record<string, unknown> =>
  Object.fromEntries(quiz.questions.map((q) => [q.id, correctAnswer(q)]));
