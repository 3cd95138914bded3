// Answer keys of a course bundle, read the way the server reads it, for tests that need to know
// the secrets (to look for them) or the right answers (to pass a quiz).
import path from 'node:path';
import { parseBundle, readBundleDir } from '@cc/content';
import { correctAnswerOf, type Answer, type Course, type PresentedQuestion, type Question, type Quiz, type QuizPresentation } from '@cc/core';
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

/** A full-score answer to a question, in the author's ids (core's own, tested to score 1). */
export const correctAnswer = (question: Question): Answer => correctAnswerOf(question);

type Labelled = { id: string; text: string };

/**
 * Author id -> presented id for one question, matched by text, the way a learner reading the
 * question would: only what the client was shown and the course bundle are used.
 */
function presentedIdsOf(question: Question, shown: PresentedQuestion): Map<string, string> {
  const map = new Map<string, string>();
  const pair = (authored: readonly Labelled[], presented: readonly Labelled[], prefix = '') => {
    for (const a of authored) {
      const match = presented.filter((p) => p.text === a.text);
      if (match.length !== 1) throw new Error(`cannot tell '${a.id}' of ${question.id} by its text`);
      map.set(prefix + a.id, match[0]!.id);
    }
  };
  if ((question.type === 'single' || question.type === 'multiple') && (shown.type === 'single' || shown.type === 'multiple')) pair(question.options, shown.options);
  if (question.type === 'ordering' && shown.type === 'ordering') pair(question.items, shown.items);
  if (question.type === 'matching' && shown.type === 'matching') {
    pair(question.pairs.map((p) => p.left), shown.left, 'left:');
    pair([...question.pairs.map((p) => p.right), ...question.distractors], shown.right, 'right:');
  }
  if (question.type === 'cloze' && shown.type === 'cloze') {
    for (const blank of question.blanks) {
      const presented = shown.blanks.find((b) => b.id === blank.id);
      if (blank.kind === 'choice' && presented?.kind === 'choice') pair(blank.options, presented.options, `${blank.id}:`);
    }
  }
  return map;
}

/** An answer written in the author's ids, rewritten into the ids of one presented attempt (unknown ids stay as they are). */
export function asPresented(question: Question, shown: PresentedQuestion, answer: Answer): Answer {
  const ids = presentedIdsOf(question, shown);
  const to = (id: string, prefix = '') => ids.get(prefix + id) ?? id;
  switch (answer.type) {
    case 'single':
      return { ...answer, optionId: to(answer.optionId) };
    case 'multiple':
      return { ...answer, optionIds: answer.optionIds.map((id) => to(id)) };
    case 'ordering':
      return { ...answer, itemIds: answer.itemIds.map((id) => to(id)) };
    case 'matching':
      return { ...answer, pairs: Object.fromEntries(Object.entries(answer.pairs).map(([l, r]) => [to(l, 'left:'), to(r, 'right:')])) };
    case 'cloze':
      return { ...answer, blanks: Object.fromEntries(Object.entries(answer.blanks).map(([b, v]) => [b, to(v, `${b}:`)])) };
    default:
      return answer;
  }
}

/** Answers in author ids (question id -> answer) for the attempt the learner was shown. */
export function answersFor(quiz: Quiz, presentation: QuizPresentation, answers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answers).map(([questionId, answer]) => {
      const question = quiz.questions.find((q) => q.id === questionId);
      const shown = presentation.questions.find((q) => q.id === questionId);
      return [questionId, question && shown ? asPresented(question, shown, answer as Answer) : answer];
    }),
  );
}

/** Full-score answers to every question, in the ids of the attempt the learner was shown. */
export const correctAnswers = (quiz: Quiz, presentation: QuizPresentation): Record<string, unknown> =>
  answersFor(quiz, presentation, Object.fromEntries(quiz.questions.map((q) => [q.id, correctAnswer(q)])));
