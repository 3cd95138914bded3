// Quiz attempts: start (or resume), read, reveal hints, submit once. Answer keys leave the server
// only inside a graded review, and only as the quiz's show-answers policy allows.
import { z } from 'zod';
import { xapiAnswerOf } from '../xapi/interaction.ts';
import type { Course, Question, Quiz, Step } from '../course/model.ts';
import { requireStep } from '../course/navigation.ts';
import { Conflict, Invalid, NotFound, type Issue } from '../errors.ts';
import { ratingForAnswer, newCard, scheduleReview, ReviewCardSchema } from '../progress/review.ts';
import { AnswerSchema, type Answer } from '../quiz/answers.ts';
import { gradeAttempt, validateAnswer, type AttemptGrade } from '../quiz/grade.ts';
import { presentQuiz, type QuizPresentation } from '../quiz/present.ts';
import { attemptPresentation, quizWithPresentedIds, type PresentationKey } from '../quiz/presented-ids.ts';
import { explainAllowed, hint as hintText, revealAllowed, reviewOfAttempt, type AttemptReview } from '../quiz/reveal.ts';
import { assertAccess, chapterCompletion } from './access.ts';
import { activityDayOf, eventFactory, learnerInCourse, type LearningDeps } from './deps.ts';
import type { AttemptRecord, CardRecord, HintReveal } from './ports.ts';
import { reviewable } from './reviews.ts';
import { loadSnapshot, quizStanding, snapshotOf, type LearnerSnapshot } from './snapshot.ts';

export interface AttemptState {
  id: string;
  courseId: string;
  quizId: string;
  number: number;
  startedAt: string;
  submittedAt: string | null;
  attemptsUsed: number;
  attemptsRemaining: number | null;
  round: number;
  nextRoundAt: string | null;
}

export interface OpenAttemptView {
  attempt: AttemptState;
  quiz: QuizPresentation;
  hints: { questionId: string; index: number; text: string }[];
}

export interface GradedAttemptView {
  attempt: AttemptState;
  score: number;
  passed: boolean;
  recordedScore: number | null;
  review: AttemptReview;
}

const stepOfQuiz = (course: Course, quizId: string): Step | undefined => course.steps.find((s) => s.quizId === quizId);

function requireQuiz(course: Course, quizId: string): { quiz: Quiz; step: Step } {
  const quiz = course.quizzes[quizId];
  const step = quiz && stepOfQuiz(course, quizId);
  if (!quiz || !step) throw new NotFound('quiz', `${course.id}/${quizId}`);
  return { quiz, step };
}

const keyOf = (deps: LearningDeps, attempt: AttemptRecord): PresentationKey =>
  attemptPresentation(deps.presentationSecret, attempt.learnerId, attempt.id);

function attemptState(attempt: AttemptRecord, quiz: Quiz, snapshot: LearnerSnapshot): AttemptState {
  const standing = snapshot.standing(quiz.id);
  return {
    id: attempt.id,
    courseId: attempt.courseId,
    quizId: attempt.quizId,
    number: attempt.number,
    startedAt: attempt.startedAt,
    submittedAt: attempt.submittedAt,
    attemptsUsed: standing.attemptsUsed,
    attemptsRemaining: standing.attemptsRemaining,
    round: standing.round,
    nextRoundAt: standing.nextRoundAt,
  };
}

async function revealedHints(deps: LearningDeps, learnerId: string, attempt: AttemptRecord, quiz: Quiz) {
  return hintsShown(await deps.store.listHints(learnerId, attempt.id), quiz);
}

function hintsShown(hints: HintReveal[], quiz: Quiz) {
  return hints
    .map((h) => ({ questionId: h.questionId, index: h.index, text: hintText(quiz, h.questionId, h.index) }))
    .filter((h): h is { questionId: string; index: number; text: string } => h.text !== undefined)
    .sort((a, b) => a.questionId.localeCompare(b.questionId) || a.index - b.index);
}

/** The learner's open attempt of a quiz, started now if there is none. */
export async function startAttempt(deps: LearningDeps, learnerId: string, courseId: string, quizId: string): Promise<OpenAttemptView> {
  const { learner, course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const { quiz, step } = requireQuiz(course, quizId);
  assertAccess(course, step, snapshot);
  const standing = snapshot.standing(quiz.id);
  const open = snapshot.attempts.find((a) => a.quizId === quiz.id && a.submittedAt === null);
  if (!open && standing.attemptsRemaining === 0) {
    // No dead end: a used-up round shows its explanations, and the next round opens after the cool-down.
    const when = standing.nextRoundAt ? `; a new set of ${quiz.policy.maxAttempts} opens at ${standing.nextRoundAt}` : '';
    throw new Conflict(`all ${quiz.policy.maxAttempts} attempts at '${quiz.title}' are used${when}`);
  }
  const newId = deps.ids.uuid();
  const attempt =
    open ??
    (await deps.store.openAttempt({
      id: newId,
      learnerId: learner.id,
      courseId: course.id,
      quizId: quiz.id,
      courseVersion: course.version,
      at: deps.clock.now().toISOString(),
    }));
  return {
    attempt: attemptState(attempt, quiz, snapshot),
    quiz: presentQuiz(quiz, keyOf(deps, attempt)),
    // An attempt opened by this call has no hints yet (one a concurrent call opened may).
    hints: attempt.id === newId ? [] : await revealedHints(deps, learner.id, attempt, quiz),
  };
}

/**
 * The attempt, its hints and the learner's state in its course: one database read. With an
 * idempotency key, a key already used for another of the learner's attempts is a Conflict (checked
 * first, so a reused key is never mistaken for an unknown attempt).
 */
async function attemptContext(deps: LearningDeps, learnerId: string, attemptId: string, idempotencyKey?: string) {
  const { context, keyAttemptId } = await deps.store.readAttempt(learnerId, attemptId, idempotencyKey);
  if (keyAttemptId !== null && keyAttemptId !== attemptId) throw new Conflict('this Idempotency-Key was already used for another attempt');
  if (!context) throw new NotFound('attempt', attemptId);
  const { attempt, state, hints } = context;
  const course = await deps.catalog.get(attempt.courseId);
  if (!course) throw new NotFound('course', attempt.courseId);
  const { quiz, step } = requireQuiz(course, attempt.quizId);
  const snapshot = snapshotOf(course, state, deps.clock.now());
  return { attempt, learner: state.learner, course, snapshot, state, quiz, step, hints };
}

function gradedView(deps: LearningDeps, attempt: AttemptRecord, quiz: Quiz, snapshot: LearnerSnapshot): GradedAttemptView {
  const key = keyOf(deps, attempt);
  const standing = snapshot.standing(quiz.id);
  const grade = attempt.grade as AttemptGrade;
  const answers = (attempt.answers ?? {}) as Record<string, Answer>;
  const reveal = revealAllowed(quiz.policy, standing);
  const explain = explainAllowed(quiz.policy, standing);
  return {
    attempt: attemptState(attempt, quiz, snapshot),
    score: attempt.score ?? 0,
    passed: attempt.passed ?? false,
    recordedScore: standing.score,
    // Answers and grade are stored in the attempt's presented ids; the key renders them again.
    review: reviewOfAttempt(quizWithPresentedIds(quiz, key), grade, answers, { reveal, explain, presentation: presentQuiz(quiz, key) }),
  };
}

export async function getAttempt(deps: LearningDeps, learnerId: string, attemptId: string): Promise<OpenAttemptView | GradedAttemptView> {
  const { attempt, snapshot, quiz, hints } = await attemptContext(deps, learnerId, attemptId);
  if (attempt.submittedAt !== null) return gradedView(deps, attempt, quiz, snapshot);
  return {
    attempt: attemptState(attempt, quiz, snapshot),
    quiz: presentQuiz(quiz, keyOf(deps, attempt)),
    hints: hintsShown(hints, quiz),
  };
}

export async function revealHint(deps: LearningDeps, learnerId: string, attemptId: string, questionId: string) {
  const { attempt, learner, course, snapshot, quiz, step, hints } = await attemptContext(deps, learnerId, attemptId);
  assertAccess(course, step, snapshot);
  if (attempt.submittedAt !== null) throw new Conflict('this attempt is already submitted; hints are for open attempts');
  const question = quiz.questions.find((q) => q.id === questionId);
  if (!question) throw new NotFound('question', `${quiz.id}/${questionId}`);
  const revealed = hints.filter((h) => h.questionId === questionId);
  const index = revealed.length;
  if (index >= question.hints.length) {
    throw new Conflict(question.hints.length === 0 ? 'this question has no hints' : 'every hint for this question is already shown');
  }
  const now = deps.clock.now();
  const event = eventFactory(deps, learner.id, course.id, now);
  await deps.store.transaction(async (tx) => {
    // A concurrent reveal of the same index records once; both callers get the same hint.
    if (await tx.recordHint(learner.id, attempt.id, { questionId, index, at: now.toISOString() })) {
      await tx.appendEvents([event('hint_revealed', { chapterId: step.chapterId, stepId: step.id, quizId: quiz.id, questionId, attemptId: attempt.id, data: { hintIndex: index } })]);
    }
  });
  return { questionId, index, text: question.hints[index]!, remaining: question.hints.length - index - 1 };
}

export const SubmitBody = z.strictObject({ answers: z.record(z.string().max(64), z.unknown()).refine((r) => Object.keys(r).length <= 100, 'at most 100 answers') });

function parseAnswers(quiz: Quiz, raw: Record<string, unknown>): Record<string, Answer> {
  const issues: Issue[] = [];
  const answers: Record<string, Answer> = {};
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  for (const [questionId, value] of Object.entries(raw)) {
    const question = byId.get(questionId);
    if (!question) {
      issues.push({ path: `answers.${questionId}`, message: 'this quiz has no such question' });
      continue;
    }
    const parsed = AnswerSchema.safeParse(value);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push({ path: ['answers', questionId, ...i.path.map(String)].join('.'), message: i.message });
      continue;
    }
    const problems = validateAnswer(question, parsed.data);
    for (const p of problems) issues.push({ path: `answers.${questionId}${p.path ? `.${p.path}` : ''}`, message: p.message });
    if (problems.length === 0) answers[questionId] = parsed.data;
  }
  if (issues.length > 0) throw new Invalid('some answers are not valid for this quiz', issues);
  return answers;
}

/** The review cards after this submission: each answered question's card, rescheduled (or new). */
function scheduledCards(existingCards: CardRecord[], deps: LearningDeps, course: Course, quiz: Quiz, results: { question: Question; score: number; usedHint: boolean }[], now: Date): CardRecord[] {
  const existing = new Map(existingCards.filter((c) => c.quizId === quiz.id).map((c) => [c.questionId, c]));
  return results.map(({ question, score, usedHint }) => {
    const previous = existing.get(question.id);
    const card = previous ? ReviewCardSchema.parse(previous.card) : newCard(now);
    const { card: next } = scheduleReview(card, ratingForAnswer({ score, usedHint }), now);
    return {
      id: previous?.id ?? deps.ids.uuid(),
      courseId: course.id,
      quizId: quiz.id,
      questionId: question.id,
      card: next,
      due: next.due,
      bestRecallDays: previous?.bestRecallDays ?? 0,
    };
  });
}

/**
 * Grades and records an attempt. Idempotent on `idempotencyKey`: the same key returns the same
 * graded result; concurrent submits of one attempt record it once.
 */
export async function submitAttempt(
  deps: LearningDeps,
  learnerId: string,
  attemptId: string,
  idempotencyKey: string,
  body: unknown,
): Promise<GradedAttemptView> {
  const { attempt, learner, course, snapshot, state, quiz, step, hints } = await attemptContext(deps, learnerId, attemptId, idempotencyKey);
  if (attempt.submittedAt !== null) {
    if (attempt.idempotencyKey === idempotencyKey) return gradedView(deps, attempt, quiz, snapshot);
    throw new Conflict('this attempt is already submitted; start a new attempt');
  }
  assertAccess(course, step, snapshot);
  const parsedBody = SubmitBody.safeParse(body);
  if (!parsedBody.success) {
    throw new Invalid('the submission is not valid', parsedBody.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
  }
  // Learners answer in their attempt's opaque ids: validate and grade in those (an author id is unknown there).
  const presented = quizWithPresentedIds(quiz, keyOf(deps, attempt));
  const answers = parseAnswers(presented, parsedBody.data.answers);
  const grade = gradeAttempt(presented, answers);
  const hintsUsed = new Set(hints.map((h) => h.questionId));
  const now = deps.clock.now();
  const at = now.toISOString();
  const event = eventFactory(deps, learner.id, course.id, now);
  const ids = { chapterId: step.chapterId, stepId: step.id, quizId: quiz.id, attemptId: attempt.id };

  // Everything the submission records is decided here, before writing; the store writes it in the
  // submit's own statement, and only if that statement submitted the attempt (a twin writes nothing).
  const answered = grade.questions
    .filter((g) => answers[g.questionId] !== undefined)
    .map((g) => ({ grade: g, question: presented.questions.find((q) => q.id === g.questionId)!, usedHint: hintsUsed.has(g.questionId) }));
  const answerRecords = answered.map((a) => ({ courseId: course.id, quizId: quiz.id, questionId: a.question.id, score: a.grade.score, usedHint: a.usedHint, source: 'quiz' as const, at }));
  const events = answered.map((a) => {
    // The response in author ids (the attempt's ids mean nothing outside it); see xapi/interaction.ts.
    const authored = quiz.questions.find((q) => q.id === a.question.id)!;
    const xapi = xapiAnswerOf(authored, a.question, answers[a.question.id]!);
    return event('answered', { ...ids, questionId: a.question.id, data: { score: a.grade.score, correct: a.grade.correct, ...xapi } });
  });
  events.push(event(grade.passed ? 'passed' : 'failed', { ...ids, data: { score: grade.score } }));
  const wasPassed = snapshot.standing(quiz.id).passed;
  if (grade.passed && !wasPassed && step.kind === 'checkpoint') {
    const before = chapterCompletion(course, step.chapterId, snapshot);
    const completed = new Map(snapshot.completed).set(step.id, at);
    const after = chapterCompletion(course, step.chapterId, { ...snapshot, completed });
    events.push(event('completed', { chapterId: step.chapterId, stepId: step.id, data: { title: step.title } }));
    if (after !== before) events.push(event('progressed', { chapterId: step.chapterId, data: { completion: after } }));
  }
  const activityDay = answered.length > 0 ? activityDayOf(learner, now) : null;
  const submission = { learnerId: learner.id, attemptId: attempt.id, idempotencyKey, at, score: grade.score, passed: grade.passed, answers, grade };
  const submitted: AttemptRecord = { ...attempt, submittedAt: at, idempotencyKey, score: grade.score, passed: grade.passed, answers, grade };
  // A question becomes a review card only once the quiz's answers may be shown (passed, or the
  // policy reveals them): before that, reviewing it would grade the key around the policy.
  const makesCards = answered.length > 0 && reviewable(quiz, [...snapshot.attempts.filter((a) => a.id !== attempt.id), submitted]);
  const results = answered.map((a) => ({ question: a.question, score: a.grade.score, usedHint: a.usedHint }));
  const records = (cards: CardRecord[]) => ({ answers: answerRecords, cards, events, activityDay });
  const outcome = makesCards
    ? // The cards are rescheduled from their stored state: read it and write them in one transaction.
      await deps.store.transaction(async (tx) =>
        tx.submitAttempt({ ...submission, records: records(scheduledCards(await tx.listCards(learner.id, course.id), deps, course, quiz, results, now)) }),
      )
    : await deps.store.submitAttempt({ ...submission, records: records([]) });
  const stored = outcome.attempt;

  if (stored.idempotencyKey !== idempotencyKey) throw new Conflict('this attempt is already submitted; start a new attempt');
  // The standing after this submission, from the state read before it plus the stored attempt
  // (no second read of the whole state).
  const attempts = [...state.attempts.filter((a) => a.id !== stored.id), stored];
  return gradedView(deps, stored, quiz, snapshotOf(course, { ...state, attempts }, deps.clock.now()));
}

export interface AttemptsReset {
  learnerId: string;
  courseId: string;
  quizId: string;
  at: string;
  /** Attempts left now (a fresh round). */
  attemptsRemaining: number | null;
}

/**
 * Operator action: resets a learner's attempts at a quiz, so a new round of `max_attempts` opens
 * at once (the attempts and scores stay on record; the recorded score still counts). For the
 * operator CLI and the admin route; never reachable by the learner.
 */
export async function resetAttempts(deps: LearningDeps, learnerId: string, courseId: string, quizId: string): Promise<AttemptsReset> {
  const { learner, course } = await learnerInCourse(deps, learnerId, courseId);
  const { quiz } = requireQuiz(course, quizId);
  const at = deps.clock.now().toISOString();
  await deps.store.addAttemptReset(learner.id, { courseId: course.id, quizId: quiz.id, at });
  const snapshot = await loadSnapshot(deps.store, learner, course, deps.clock.now());
  return { learnerId: learner.id, courseId: course.id, quizId: quiz.id, at, attemptsRemaining: snapshot.standing(quiz.id).attemptsRemaining };
}

export interface AttemptSummary {
  id: string;
  number: number;
  startedAt: string;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
}

export interface QuizAttemptsView {
  courseId: string;
  quizId: string;
  title: string;
  recordedScore: number | null;
  passed: boolean;
  attemptsUsed: number;
  attemptsRemaining: number | null;
  round: number;
  nextRoundAt: string | null;
  /** Oldest first; read one with GET /me/attempts/{id}. */
  attempts: AttemptSummary[];
}

/** The learner's attempts at one quiz (no content: ids, times and scores). */
export async function listQuizAttempts(deps: LearningDeps, learnerId: string, courseId: string, quizId: string): Promise<QuizAttemptsView> {
  const { course, snapshot } = await learnerInCourse(deps, learnerId, courseId);
  const { quiz } = requireQuiz(course, quizId);
  const standing = snapshot.standing(quiz.id);
  return {
    courseId: course.id,
    quizId: quiz.id,
    title: quiz.title,
    recordedScore: standing.score,
    passed: standing.passed,
    attemptsUsed: standing.attemptsUsed,
    attemptsRemaining: standing.attemptsRemaining,
    round: standing.round,
    nextRoundAt: standing.nextRoundAt,
    attempts: snapshot.attempts
      .filter((a) => a.quizId === quiz.id)
      .sort((a, b) => a.number - b.number)
      .map((a) => ({ id: a.id, number: a.number, startedAt: a.startedAt, submittedAt: a.submittedAt, score: a.score, passed: a.passed })),
  };
}
