import { describe, expect, it } from 'vitest';
import type { Quiz } from '../course/model.ts';
import type { AttemptRecord } from './ports.ts';
import { quizStanding } from './snapshot.ts';

const quiz = (grading: 'best' | 'last'): Quiz => ({
  id: 'q',
  title: 'Q',
  kind: 'checkpoint',
  policy: { passScore: 70, maxAttempts: 3, grading, showAnswers: 'after_pass', shuffleQuestions: false, shuffleOptions: false },
  questions: [],
});

const attempt = (number: number, score: number | null, submitted = true): AttemptRecord => ({
  id: `a${number}`,
  learnerId: 'l',
  courseId: 'c',
  quizId: 'q',
  courseVersion: 'v',
  number,
  startedAt: '2026-01-01T00:00:00Z',
  submittedAt: submitted ? '2026-01-01T00:05:00Z' : null,
  idempotencyKey: submitted ? `k${number}` : null,
  score,
  passed: score === null ? null : score >= 70,
  answers: null,
  grade: null,
});

describe('the score that counts for a quiz', () => {
  const attempts = [attempt(1, 90), attempt(2, 40), attempt(3, null, false)];

  it('is the best submitted attempt under grading: best', () => {
    expect(quizStanding(quiz('best'), attempts)).toMatchObject({ score: 90, passed: true, attemptsUsed: 2, attemptsTotal: 2, round: 1, at: '2026-01-01T00:05:00Z' });
  });

  it('is the last submitted attempt under grading: last, and passed follows that score', () => {
    expect(quizStanding(quiz('last'), attempts)).toMatchObject({ score: 40, passed: false, attemptsUsed: 2 });
    expect(quizStanding(quiz('last'), [...attempts.slice(0, 2), attempt(3, 75)])).toMatchObject({ score: 75, passed: true, attemptsUsed: 3 });
  });

  it('is null before any submission, and open attempts do not count as used', () => {
    expect(quizStanding(quiz('best'), [attempt(1, null, false)])).toMatchObject({ score: null, passed: false, attemptsUsed: 0, attemptsTotal: 0, at: null });
  });
});
