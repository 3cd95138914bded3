// Spaced review: due cards are presented without their keys and graded by the quiz graders.
// A review is no back door to a quiz's key (issue 9 §1b): a card exists only once the quiz's
// answers may be shown to the learner (passed, or revealed by the show-answers policy), only a due
// card can be answered, once per due date (an Idempotency-Key replays the stored result), and
// what a review shows after grading obeys the quiz's show-answers policy.
import type { Course, Question, Quiz, Step } from '../course/model.ts';
import { xapiAnswerOf } from '../xapi/interaction.ts';
import { Conflict, Invalid, NotFound } from '../errors.ts';
import { daysBetween, localDay } from '../progress/local-day.ts';
import { isRecall, ratingForAnswer, ReviewCardSchema, scheduleReview } from '../progress/review.ts';
import { AnswerSchema } from '../quiz/answers.ts';
import { gradeQuestion, validateAnswer } from '../quiz/grade.ts';
import { presentQuiz, type QuizPresentation } from '../quiz/present.ts';
import { questionWithPresentedIds, reviewPresentation } from '../quiz/presented-ids.ts';
import { revealAllowed, reviewOfAttempt, type AttemptReview } from '../quiz/reveal.ts';
import { eventFactory, recordActivity, requireLearner, type LearningDeps } from './deps.ts';
import type { AttemptRecord, CardRecord } from './ports.ts';
import { quizStanding } from './snapshot.ts';

export interface DueReview {
  cardId: string;
  courseId: string;
  quizId: string;
  chapterId: string;
  stepId: string;
  stepTitle: string;
  due: string;
  question: QuizPresentation['questions'][number];
}

export interface DueReviews {
  /** Every card due now (that may be reviewed), however many are listed. */
  total: number;
  reviews: DueReview[];
}

const single = (quiz: Quiz, question: Question): Quiz => ({ ...quiz, questions: [question] });

interface Located {
  course: Course;
  quiz: Quiz;
  question: Question;
  step: Step;
}

async function locate(deps: LearningDeps, card: CardRecord): Promise<Located | undefined> {
  const course = await deps.catalog.get(card.courseId);
  const quiz = course?.quizzes[card.quizId];
  const question = quiz?.questions.find((q) => q.id === card.questionId);
  const step = course?.steps.find((s) => s.quizId === card.quizId);
  return course && quiz && question && step ? { course, quiz, question, step } : undefined;
}

/**
 * Whether a quiz's questions may be reviewed: the learner passed it, or its policy shows the
 * answers now. Before that, a review would grade the key question by question, around
 * max_attempts and the show-answers policy.
 */
export function reviewable(quiz: Quiz, attempts: readonly AttemptRecord[]): boolean {
  const standing = quizStanding(quiz, attempts);
  return standing.passed || revealAllowed(quiz.policy, standing);
}
// (Explanations shown after a used-up round do not make a quiz reviewable: its cards would grade
// the key question by question before the next round.)

/** Attempts per course, read once per call. */
function attemptsCache(deps: LearningDeps, learnerId: string) {
  const byCourse = new Map<string, Promise<AttemptRecord[]>>();
  return (courseId: string) => {
    let entry = byCourse.get(courseId);
    if (!entry) byCourse.set(courseId, (entry = deps.store.listAttempts(learnerId, courseId)));
    return entry;
  };
}

const MAX_DUE_SCAN = 10_000;

export async function dueReviews(deps: LearningDeps, learnerId: string, limit: number): Promise<DueReviews> {
  await requireLearner(deps.store, learnerId);
  const now = deps.clock.now();
  const cards = await deps.store.listDueCards(learnerId, now.toISOString(), MAX_DUE_SCAN);
  const attemptsOf = attemptsCache(deps, learnerId);
  const reviews: DueReview[] = [];
  let total = 0;
  for (const card of cards) {
    // A question removed from a newer course version is skipped, not an error.
    const found = await locate(deps, card);
    if (!found || !reviewable(found.quiz, await attemptsOf(card.courseId))) continue;
    total++;
    if (reviews.length >= limit) continue;
    const reps = ReviewCardSchema.parse(card.card).reps;
    const [question] = presentQuiz(single(found.quiz, found.question), reviewPresentation(deps.presentationSecret, learnerId, card.id, reps)).questions;
    if (!question) continue;
    reviews.push({
      cardId: card.id,
      courseId: card.courseId,
      quizId: card.quizId,
      chapterId: found.step.chapterId,
      stepId: found.step.id,
      stepTitle: found.step.title,
      due: card.due,
      question,
    });
  }
  return { total, reviews };
}

export interface ReviewResult {
  cardId: string;
  score: number;
  correct: boolean;
  nextDue: string;
  review: AttemptReview;
}

/** Thrown inside the transaction when a twin request with the same key already recorded its answer. */
class Replayed extends Error {}

/**
 * Grades the answer to a due card and reschedules it. Idempotent on `idempotencyKey`: the same key
 * returns the stored result; a card that is not due (or was just answered) answers 409.
 */
export async function answerReview(deps: LearningDeps, learnerId: string, cardId: string, idempotencyKey: string, rawAnswer: unknown): Promise<ReviewResult> {
  const learner = await requireLearner(deps.store, learnerId);
  const replay = async (): Promise<ReviewResult | undefined> => {
    const stored = await deps.store.findReviewAnswer(learnerId, idempotencyKey);
    if (!stored) return undefined;
    if (stored.cardId !== cardId) throw new Conflict('this Idempotency-Key was already used for another review card');
    return stored.result as ReviewResult;
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const card = await deps.store.getCard(learnerId, cardId);
  if (!card) throw new NotFound('review card', cardId);
  const found = await locate(deps, card);
  if (!found) throw new NotFound('question', `${card.quizId}/${card.questionId}`);
  const { course, quiz } = found;
  const attempts = await deps.store.listAttempts(learnerId, course.id);
  if (!reviewable(quiz, attempts)) throw new Conflict(`'${quiz.title}' can be reviewed once it is passed or its answers are shown`);
  const now = deps.clock.now();
  if (Date.parse(card.due) > now.getTime()) throw new Conflict(`this card is not due until ${card.due}`);

  // Each repetition of a card is presented under its own opaque ids; the answer uses them.
  const previous = ReviewCardSchema.parse(card.card);
  const key = reviewPresentation(deps.presentationSecret, learnerId, card.id, previous.reps);
  const question = questionWithPresentedIds(quiz.id, found.question, key);
  const parsed = AnswerSchema.safeParse(rawAnswer);
  if (!parsed.success) throw new Invalid('the answer is not valid', parsed.error.issues.map((i) => ({ path: ['answer', ...i.path.map(String)].join('.'), message: i.message })));
  const problems = validateAnswer(question, parsed.data);
  if (problems.length > 0) throw new Invalid('the answer does not fit this question', problems.map((p) => ({ path: `answer${p.path ? `.${p.path}` : ''}`, message: p.message })));

  const grade = gradeQuestion(question, parsed.data);
  const rating = ratingForAnswer({ score: grade.score, usedHint: false });
  const { card: next } = scheduleReview(previous, rating, now);
  const zone = learner.profile?.timeZone ?? 'UTC';
  const interval = previous.lastReview ? daysBetween(localDay(new Date(previous.lastReview), zone), localDay(now, zone)) : 0;
  const bestRecallDays = isRecall(rating) ? Math.max(card.bestRecallDays, interval) : card.bestRecallDays;

  // The quiz's show-answers policy still applies: a review never shows more than the quiz would
  // (no solution or explanation, and not the chosen options' feedback either, which names the key).
  const standing = quizStanding(quiz, attempts);
  const reveal = revealAllowed(quiz.policy, standing);
  const shown = reveal ? grade : { ...grade, feedback: [] };
  const gradeOne = { score: grade.score * 100, passed: grade.correct, pointsEarned: grade.pointsEarned, pointsPossible: grade.pointsPossible, questions: [shown] };
  const result: ReviewResult = {
    cardId: card.id,
    score: grade.score,
    correct: grade.correct,
    nextDue: next.due,
    review: reviewOfAttempt(single(quiz, question), gradeOne, { [question.id]: parsed.data }, { reveal, presentation: presentQuiz(single(quiz, found.question), key) }),
  };

  const event = eventFactory(deps, learner.id, course.id, now);
  const at = now.toISOString();
  try {
    await deps.store.transaction(async (tx) => {
      if (!(await tx.insertReviewAnswer(learnerId, { key: idempotencyKey, cardId: card.id, at, result }))) throw new Replayed();
      // Compare-and-set on the due date read above: of two different answers racing, one wins.
      if (!(await tx.updateCardIfDue(learnerId, { ...card, card: next, due: next.due, bestRecallDays }, card.due))) {
        throw new Conflict('this card was just answered; it is not due again until its next review');
      }
      await tx.upsertAnswer(learnerId, { courseId: course.id, quizId: quiz.id, questionId: question.id, score: grade.score, usedHint: false, source: 'review', at });
      await tx.appendEvents([event('reviewed', { chapterId: found.step.chapterId, stepId: found.step.id, quizId: quiz.id, questionId: question.id, data: { score: grade.score, correct: grade.correct, ...xapiAnswerOf(found.question, question, parsed.data) } })]);
      await recordActivity(tx, learner, now);
    });
  } catch (error) {
    if (!(error instanceof Replayed)) throw error;
    const twin = await replay();
    if (!twin) throw new Conflict('this review answer is being recorded by another request; retry');
    return twin;
  }
  return result;
}
