import { describe, expect, it } from 'vitest';
import { correctAnswerOf } from './correct-answer.ts';
import { gradeQuestion } from './grade.ts';
import { secretQuiz } from './fixture.test-helper.ts';

describe('correctAnswerOf', () => {
  it('builds an answer that scores 1 for every question type', () => {
    const quiz = secretQuiz();
    expect(new Set(quiz.questions.map((q) => q.type)).size).toBe(8);
    for (const q of quiz.questions) expect(gradeQuestion(q, correctAnswerOf(q)).score, q.id).toBe(1);
  });
});
