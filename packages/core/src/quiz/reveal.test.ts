import { describe, expect, it } from 'vitest';
import type { QuizPolicy } from '../course/model.ts';
import type { Answer } from './answers.ts';
import { policy, secretQuiz } from './fixture.test-helper.ts';
import { gradeAttempt } from './grade.ts';
import { presentQuiz } from './present.ts';
import { AttemptReviewSchema, hint, revealAllowed, reviewOfAttempt } from './reveal.ts';

describe('revealAllowed', () => {
  type Case = [QuizPolicy['showAnswers'], number | null, boolean, number, boolean];
  it.each<Case>([
    ['never', null, true, 1, false],
    ['never', 2, true, 2, false],
    ['never', 1, false, 5, false],
    ['after_pass', null, false, 0, false],
    ['after_pass', null, false, 10, false],
    ['after_pass', 2, false, 2, false],
    ['after_pass', 2, true, 1, true],
    ['after_pass', null, true, 3, true],
    ['after_last_attempt', 3, false, 0, false],
    ['after_last_attempt', 3, false, 2, false],
    ['after_last_attempt', 3, false, 3, true],
    ['after_last_attempt', 3, false, 4, true],
    ['after_last_attempt', 3, true, 1, true],
    ['after_last_attempt', null, false, 100, false],
    ['after_last_attempt', null, true, 1, true],
    ['after_last_attempt', 1, false, 1, true],
  ])('%s with max %s, passed %s, %s used -> %s', (showAnswers, maxAttempts, passed, attemptsUsed, expected) => {
    expect(revealAllowed(policy({ showAnswers, maxAttempts }), { passed, attemptsUsed })).toBe(expected);
  });
});

describe('reviewOfAttempt', () => {
  const quiz = secretQuiz();
  const answers: Record<string, Answer> = {
    'q-single': { type: 'single', optionId: 'b' },
    'q-multiple': { type: 'multiple', optionIds: ['a', 'c'] },
    'q-tf': { type: 'true_false', value: false },
    'q-order': { type: 'ordering', itemIds: ['i2', 'i1', 'i3', 'i4', 'i5'] },
    'q-cloze': { type: 'cloze', blanks: { 'b-choice': 'o2' } },
  };
  const grade = gradeAttempt(quiz, answers);
  const presentation = presentQuiz(quiz, { secret: 's', learnerId: 'learner-1', attempt: 'attempt:1' });

  it('without reveal shows scores, answers and chosen-option feedback but no key or explanation', () => {
    const review = reviewOfAttempt(quiz, grade, answers, { reveal: false, presentation });
    expect(AttemptReviewSchema.parse(review)).toEqual(review);
    expect(review).toMatchObject({ quizId: 'secret-quiz', revealed: false, score: grade.score, passed: false });
    const json = JSON.stringify(review);
    expect(json).not.toMatch(/SECRET-(EXPL|ACC|PAT|HINT)/);
    expect(json).not.toContain('"solution"');
    expect(json).not.toContain('"explanation"');
    expect(review.questions.map((q) => q.questionId)).toEqual(presentation.questions.map((q) => q.id));
    for (const q of review.questions) expect(q.question).toEqual(presentation.questions.find((p) => p.id === q.questionId));
    const byId = Object.fromEntries(review.questions.map((q) => [q.questionId, q]));
    const [single, multiple, tf] = [byId['q-single'], byId['q-multiple'], byId['q-tf']];
    expect(single).toMatchObject({ questionId: 'q-single', prompt: 'Prompt of q-single', answer: answers['q-single'], score: 0, correct: false, feedback: ['SECRET-FB-2'] });
    expect(multiple).toMatchObject({ score: 0, feedback: ['SECRET-FB-3', 'SECRET-FB-4'] });
    expect(tf?.feedback).toEqual(['SECRET-FB-TF-FALSE']);
    expect(review.questions.find((q) => q.questionId === 'q-numeric')).toMatchObject({ answer: null, score: 0 });
    expect(review.questions.find((q) => q.questionId === 'q-cloze')).toMatchObject({
      feedback: ['SECRET-FB-6'],
      parts: [
        { id: 'b-text', correct: false },
        { id: 'b-choice', correct: false },
      ],
    });
  });

  it('with reveal adds each solution and explanation', () => {
    const review = reviewOfAttempt(quiz, grade, answers, { reveal: true, presentation });
    expect(AttemptReviewSchema.parse(review)).toEqual(review);
    const byId = Object.fromEntries(review.questions.map((q) => [q.questionId, q]));
    expect(byId['q-single']).toMatchObject({ solution: { type: 'single', optionId: 'a' }, explanation: 'SECRET-EXPL-1' });
    expect(byId['q-multiple']?.solution).toEqual({ type: 'multiple', optionIds: ['a', 'b'] });
    expect(byId['q-tf']?.solution).toEqual({ type: 'true_false', value: true });
    expect(byId['q-numeric']?.solution).toEqual({ type: 'numeric', value: 7919.25, tolerance: { abs: 0.0625 }, unit: 'km' });
    expect(byId['q-short']?.solution).toEqual({ type: 'short_text', text: 'SECRET-ACC-1', accepted: ['SECRET-ACC-1'] });
    expect(byId['q-order']?.solution).toEqual({ type: 'ordering', itemIds: ['i1', 'i2', 'i3', 'i4', 'i5'] });
    expect(byId['q-match']?.solution).toEqual({ type: 'matching', pairs: { l1: 'r1', l2: 'r2', l3: 'r3' } });
    expect(byId['q-cloze']?.solution).toEqual({
      type: 'cloze',
      blanks: { 'b-text': 'SECRET-ACC-2', 'b-choice': 'o1' },
      accepted: { 'b-text': ['SECRET-ACC-2'] },
    });
    expect(review.questions.every((q) => q.explanation?.startsWith('SECRET-EXPL-'))).toBe(true);
    expect(JSON.stringify(review)).not.toMatch(/SECRET-(PAT|HINT)/);
  });

  it('returns fresh objects and survives a question removed from the quiz since grading', () => {
    const review = reviewOfAttempt(quiz, grade, answers, { reveal: true, presentation });
    const solution = review.questions.find((q) => q.questionId === 'q-short')?.solution;
    if (solution?.type === 'short_text') solution.accepted.push('changed');
    expect(secretQuiz().questions).toEqual(quiz.questions);
    expect(review.questions.find((q) => q.questionId === 'q-single')?.answer).not.toBe(answers['q-single']);
    const shorter = { ...quiz, questions: quiz.questions.slice(1) };
    const stale = reviewOfAttempt(shorter, grade, answers, { reveal: true, presentation });
    const gone = stale.questions.find((q) => q.questionId === 'q-single');
    expect(gone).toMatchObject({ questionId: 'q-single', score: 0, question: null });
    expect(gone).not.toHaveProperty('solution');
    expect(gone).not.toHaveProperty('prompt');
  });
});

describe('hint', () => {
  const quiz = secretQuiz();
  it('returns the hint at an index, or undefined', () => {
    expect(hint(quiz, 'q-single', 0)).toBe('SECRET-HINT-1a');
    expect(hint(quiz, 'q-single', 1)).toBe('SECRET-HINT-1b');
    expect(hint(quiz, 'q-single', 2)).toBeUndefined();
    expect(hint(quiz, 'q-single', -1)).toBeUndefined();
    expect(hint(quiz, 'q-single', 0.5)).toBeUndefined();
    expect(hint(quiz, 'nope', 0)).toBeUndefined();
  });
});
