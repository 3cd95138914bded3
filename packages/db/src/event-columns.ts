import type { LearningEvent } from '@cc/core';

/** A learning event's columns, but its learner (the statement's or the row's own). */
export function eventColumns(e: LearningEvent) {
  return {
    id: e.id,
    type: e.type,
    at: e.at,
    course_id: e.courseId,
    chapter_id: e.chapterId ?? null,
    step_id: e.stepId ?? null,
    quiz_id: e.quizId ?? null,
    question_id: e.questionId ?? null,
    attempt_id: e.attemptId ?? null,
    data: e.data ?? {},
  };
}
