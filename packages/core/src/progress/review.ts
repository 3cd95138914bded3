// Spaced review cards: a deterministic wrapper on ts-fsrs (docs/learning-engine.md, "Spaced review").
import { type Card, createEmptyCard, fsrs, generatorParameters, type Grade, Rating, State } from 'ts-fsrs';
import { z } from 'zod';

export const REVIEW_RATINGS = ['again', 'hard', 'good', 'easy'] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];

export const REVIEW_STATES = ['new', 'learning', 'review', 'relearning'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

const count = z.number().int().nonnegative();

/** A review card as stored (JSON): ISO 8601 UTC instants, camelCase. */
export const ReviewCardSchema = z.object({
  due: z.iso.datetime(),
  stability: z.number().nonnegative(),
  difficulty: z.number().nonnegative(),
  /** Days between the last two reviews (FSRS keeps it for its logs). */
  elapsedDays: count,
  scheduledDays: count,
  learningSteps: count,
  reps: count,
  lapses: count,
  state: z.enum(REVIEW_STATES),
  lastReview: z.iso.datetime().nullable(),
});
export type ReviewCard = z.infer<typeof ReviewCardSchema>;

/** What one review did, as stored (JSON). */
export const ReviewLogSchema = z.object({
  rating: z.enum(REVIEW_RATINGS),
  /** The card's state before this review. */
  state: z.enum(REVIEW_STATES),
  reviewedAt: z.iso.datetime(),
  /** Calendar days (UTC) since the previous review; 0 for a new card. */
  elapsedDays: count,
  /** Days until the next review as scheduled by this one (0 while in (re)learning steps). */
  scheduledDays: count,
  /** FSRS memory state after this review. */
  stability: z.number().nonnegative(),
  difficulty: z.number().nonnegative(),
  /** When the card is due next. */
  due: z.iso.datetime(),
});
export type ReviewLogEntry = z.infer<typeof ReviewLogSchema>;

// Default FSRS parameters; fuzz off so that the same inputs always give the same schedule.
const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));

const STATE_NAMES: Record<State, ReviewState> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};
const STATES: Record<ReviewState, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};
const GRADES: Record<ReviewRating, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

function checkInstant(now: Date): void {
  if (Number.isNaN(now.getTime())) throw new RangeError('invalid date');
}

function fromFsrs(card: Card): ReviewCard {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_NAMES[card.state],
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  };
}

function toFsrs(card: ReviewCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATES[card.state],
    ...(card.lastReview !== null && { last_review: new Date(card.lastReview) }),
  };
}

/** A card never reviewed, due at `now`. */
export function newCard(now: Date): ReviewCard {
  checkInstant(now);
  return fromFsrs(createEmptyCard(now));
}

/** Reviews `card` at `now` with `rating`: the next state of the card and the log of this review. */
export function scheduleReview(
  card: ReviewCard,
  rating: ReviewRating,
  now: Date,
): { card: ReviewCard; log: ReviewLogEntry } {
  checkInstant(now);
  const { card: next, log } = scheduler.next(toFsrs(card), now, GRADES[rating]);
  return {
    card: fromFsrs(next),
    log: {
      rating,
      state: STATE_NAMES[log.state],
      reviewedAt: log.review.toISOString(),
      elapsedDays: log.elapsed_days,
      scheduledDays: next.scheduled_days,
      stability: next.stability,
      difficulty: next.difficulty,
      due: next.due.toISOString(),
    },
  };
}

/**
 * The rating for a quiz or review answer: wrong (score < 1) is Again, right after a hint is Hard,
 * right is Good. Easy is never derived from an answer.
 */
export function ratingForAnswer(answer: { score: number; usedHint: boolean }): ReviewRating {
  if (!(answer.score >= 0 && answer.score <= 1)) throw new RangeError(`score must be within 0..1, got ${answer.score}`);
  if (answer.score < 1) return 'again';
  return answer.usedHint ? 'hard' : 'good';
}

/** A review counts as a successful recall unless it was rated Again. */
export const isRecall = (rating: ReviewRating): boolean => rating !== 'again';

export function isDue(card: ReviewCard, now: Date): boolean {
  checkInstant(now);
  return Date.parse(card.due) <= now.getTime();
}
