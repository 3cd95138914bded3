// Spaced review: due cards are presented without their keys and graded by the quiz graders.
import type { Course, Question, Quiz } from '../course/model.ts';
import { Invalid, NotFound } from '../errors.ts';
import { daysBetween, localDay } from '../progress/local-day.ts';
import { isRecall, ratingForAnswer, ReviewCardSchema, scheduleReview } from '../progress/review.ts';
import { AnswerSchema } from '../quiz/answers.ts';
import { gradeQuestion, validateAnswer } from '../quiz/grade.ts';
import { presentQuiz, type QuizPresentation } from '../quiz/present.ts';
import { questionWithPresentedIds, reviewPresentation } from '../quiz/presented-ids.ts';
import { revealAllowed, reviewOfAttempt, type AttemptReview } from '../quiz/reveal.ts';
import { eventFactory, recordActivity, requireLearner, type LearningDeps } from './deps.ts';
import type { CardRecord } from './ports.ts';
import { loadSnapshot } from './snapshot.ts';

export interface DueReview {
  cardId: string;
  courseId: string;
  quizId: string;
  due: string;
  question: QuizPresentation['questions'][number];
}

const single = (quiz: Quiz, question: Question): Quiz => ({ ...quiz, questions: [question] });

async function locate(deps: LearningDeps, card: CardRecord): Promise<{ course: Course; quiz: Quiz; question: Question } | undefined> {
  const course = await deps.catalog.get(card.courseId);
  const quiz = course?.quizzes[card.quizId];
  const question = quiz?.questions.find((q) => q.id === card.questionId);
  return course && quiz && question ? { course, quiz, question } : undefined;
}

export async function dueReviews(deps: LearningDeps, learnerId: string, limit: number): Promise<DueReview[]> {
  await requireLearner(deps.store, learnerId);
  const now = deps.clock.now();
  const cards = await deps.store.listDueCards(learnerId, now.toISOString(), limit);
  const due: DueReview[] = [];
  for (const card of cards) {
    // A question removed from a newer course version is skipped, not an error.
    const found = await locate(deps, card);
    if (!found) continue;
    const reps = ReviewCardSchema.parse(card.card).reps;
    const [question] = presentQuiz(single(found.quiz, found.question), reviewPresentation(deps.presentationSecret, learnerId, card.id, reps)).questions;
    if (question) due.push({ cardId: card.id, courseId: card.courseId, quizId: card.quizId, due: card.due, question });
  }
  return due;
}

export interface ReviewResult {
  cardId: string;
  score: number;
  correct: boolean;
  nextDue: string;
  review: AttemptReview;
}

export async function answerReview(deps: LearningDeps, learnerId: string, cardId: string, rawAnswer: unknown): Promise<ReviewResult> {
  const learner = await requireLearner(deps.store, learnerId);
  const card = await deps.store.getCard(learnerId, cardId);
  if (!card) throw new NotFound('review card', cardId);
  const found = await locate(deps, card);
  if (!found) throw new NotFound('question', `${card.quizId}/${card.questionId}`);
  const { course, quiz } = found;
  // Each repetition of a card is presented under its own opaque ids; the answer uses them.
  const key = reviewPresentation(deps.presentationSecret, learnerId, card.id, ReviewCardSchema.parse(card.card).reps);
  const question = questionWithPresentedIds(quiz.id, found.question, key);
  const parsed = AnswerSchema.safeParse(rawAnswer);
  if (!parsed.success) throw new Invalid('the answer is not valid', parsed.error.issues.map((i) => ({ path: ['answer', ...i.path.map(String)].join('.'), message: i.message })));
  const problems = validateAnswer(question, parsed.data);
  if (problems.length > 0) throw new Invalid('the answer does not fit this question', problems.map((p) => ({ path: `answer${p.path ? `.${p.path}` : ''}`, message: p.message })));

  const grade = gradeQuestion(question, parsed.data);
  const presentation = presentQuiz(single(quiz, found.question), key);
  const now = deps.clock.now();
  const previous = ReviewCardSchema.parse(card.card);
  const rating = ratingForAnswer({ score: grade.score, usedHint: false });
  const { card: next } = scheduleReview(previous, rating, now);
  const zone = learner.profile?.timeZone ?? 'UTC';
  const interval = previous.lastReview ? daysBetween(localDay(new Date(previous.lastReview), zone), localDay(now, zone)) : 0;
  const bestRecallDays = isRecall(rating) ? Math.max(card.bestRecallDays, interval) : card.bestRecallDays;
  const event = eventFactory(deps, learner.id, course.id, now);
  await deps.store.transaction(async (tx) => {
    await tx.upsertCard(learnerId, { ...card, card: next, due: next.due, bestRecallDays });
    await tx.upsertAnswer(learnerId, { courseId: course.id, quizId: quiz.id, questionId: question.id, score: grade.score, usedHint: false, source: 'review', at: now.toISOString() });
    await tx.appendEvents([event('reviewed', { quizId: quiz.id, questionId: question.id, data: { score: grade.score, correct: grade.correct } })]);
    await recordActivity(tx, learner, now);
  });
  // The quiz's show-answers policy still applies: a review never reveals what the quiz would not.
  const snapshot = await loadSnapshot(deps.store, learner, course);
  const standing = snapshot.standing(quiz.id);
  const reveal = revealAllowed(quiz.policy, { passed: standing.passed, attemptsUsed: standing.attemptsUsed });
  const gradeOne = { score: grade.score * 100, passed: grade.correct, pointsEarned: grade.pointsEarned, pointsPossible: grade.pointsPossible, questions: [grade] };
  return {
    cardId: card.id,
    score: grade.score,
    correct: grade.correct,
    nextDue: next.due,
    review: reviewOfAttempt(single(quiz, question), gradeOne, { [question.id]: parsed.data }, { reveal, presentation }),
  };
}
