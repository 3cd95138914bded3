import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDue,
  isRecall,
  newCard,
  ratingForAnswer,
  type ReviewCard,
  ReviewCardSchema,
  type ReviewRating,
  ReviewLogSchema,
  scheduleReview,
} from './review.ts';

const T0 = new Date('2026-01-05T09:00:00Z');
const at = (card: ReviewCard): Date => new Date(card.due);

/** Reviews the card with each rating in turn, each time exactly when it is due. */
function run(ratings: ReviewRating[], start = T0): ReviewCard[] {
  const cards: ReviewCard[] = [];
  let card = newCard(start);
  for (const rating of ratings) {
    card = scheduleReview(card, rating, at(card)).card;
    cards.push(card);
  }
  return cards;
}

describe('review cards', () => {
  it('starts as a new card due now', () => {
    expect(newCard(T0)).toEqual({
      due: '2026-01-05T09:00:00.000Z',
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      reps: 0,
      lapses: 0,
      state: 'new',
      lastReview: null,
    });
    expect(isDue(newCard(T0), T0)).toBe(true);
  });

  it('grows the interval with repeated Good ratings', () => {
    const cards = run(['good', 'good', 'good', 'good', 'good', 'good']);
    // Learning steps first (minutes), then day intervals that keep growing.
    expect(cards[0]).toMatchObject({ state: 'learning', scheduledDays: 0, due: '2026-01-05T09:10:00.000Z' });
    const days = cards.slice(1).map((c) => c.scheduledDays);
    expect(cards.slice(1).every((c) => c.state === 'review')).toBe(true);
    for (let i = 1; i < days.length; i++) expect(days[i]).toBeGreaterThan(days[i - 1] as number);
    expect(days.at(-1)).toBeGreaterThan(60);
    expect(cards.at(-1)?.reps).toBe(6);
  });

  it('sends a review card back to short relearning intervals on Again', () => {
    const reviewed = run(['good', 'good', 'good', 'good']).at(-1) as ReviewCard;
    expect(reviewed.scheduledDays).toBeGreaterThan(7);
    const { card, log } = scheduleReview(reviewed, 'again', at(reviewed));
    expect(card).toMatchObject({ state: 'relearning', scheduledDays: 0, lapses: 1 });
    expect(Date.parse(card.due) - Date.parse(reviewed.due)).toBe(10 * 60_000);
    expect(card.stability).toBeLessThan(reviewed.stability);
    expect(log).toMatchObject({ rating: 'again', state: 'review', elapsedDays: reviewed.scheduledDays });
    // Relearning: Good returns it to review, with a shorter interval than before the lapse.
    const back = scheduleReview(card, 'good', at(card)).card;
    expect(back.state).toBe('review');
    expect(back.scheduledDays).toBeLessThan(reviewed.scheduledDays);
  });

  it('logs the review with the elapsed days since the previous one', () => {
    const first = scheduleReview(newCard(T0), 'good', T0);
    expect(first.log).toEqual({
      rating: 'good',
      state: 'new',
      reviewedAt: T0.toISOString(),
      elapsedDays: 0,
      scheduledDays: 0,
      stability: first.card.stability,
      difficulty: first.card.difficulty,
      due: first.card.due,
    });
    const second = scheduleReview(first.card, 'good', at(first.card));
    const late = new Date(Date.parse(second.card.due) + 10 * 86_400_000);
    const third = scheduleReview(second.card, 'hard', late);
    expect(third.log).toMatchObject({ rating: 'hard', state: 'review', elapsedDays: second.card.scheduledDays + 10 });
    expect(isRecall(third.log.rating)).toBe(true);
    expect(isRecall('again')).toBe(false);
    expect(ReviewLogSchema.parse(JSON.parse(JSON.stringify(third.log)))).toEqual(third.log);
  });

  it('gives identical schedules for identical inputs', () => {
    const ratings: ReviewRating[] = ['good', 'hard', 'again', 'good', 'easy', 'good'];
    expect(run(ratings)).toEqual(run(ratings));
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ReviewRating>('again', 'hard', 'good', 'easy'), { maxLength: 12 }), (rs) => {
        expect(run(rs)).toEqual(run(rs));
      }),
      { numRuns: 50 },
    );
  });

  it('does not mutate the card it is given', () => {
    const card = run(['good', 'good']).at(-1) as ReviewCard;
    const copy = structuredClone(card);
    scheduleReview(card, 'again', at(card));
    expect(card).toEqual(copy);
  });

  it('round-trips through JSON and the schema, and reschedules the same afterwards', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ReviewRating>('again', 'hard', 'good', 'easy'), { maxLength: 10 }), (rs) => {
        const card = run(rs).at(-1) ?? newCard(T0);
        const stored = JSON.stringify(card);
        const parsed = ReviewCardSchema.parse(JSON.parse(stored));
        expect(parsed).toEqual(card);
        const later = new Date(Date.parse(card.due) + 3_600_000);
        expect(scheduleReview(parsed, 'good', later)).toEqual(scheduleReview(card, 'good', later));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects malformed stored cards', () => {
    const card = newCard(T0);
    expect(ReviewCardSchema.safeParse({ ...card, due: 'tomorrow' }).success).toBe(false);
    expect(ReviewCardSchema.safeParse({ ...card, state: 'suspended' }).success).toBe(false);
    expect(ReviewCardSchema.safeParse({ ...card, reps: -1 }).success).toBe(false);
    expect(ReviewCardSchema.safeParse({ ...card, lastReview: undefined }).success).toBe(false);
  });

  it('is due from its due instant on', () => {
    const card = run(['good', 'good']).at(-1) as ReviewCard;
    const due = Date.parse(card.due);
    expect(isDue(card, new Date(due - 1))).toBe(false);
    expect(isDue(card, new Date(due))).toBe(true);
    expect(isDue(card, new Date(due + 1))).toBe(true);
  });

  it('rejects invalid instants', () => {
    expect(() => newCard(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => scheduleReview(newCard(T0), 'good', new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('ratingForAnswer', () => {
  it('maps wrong to Again, right after a hint to Hard, right to Good', () => {
    expect(ratingForAnswer({ score: 0, usedHint: false })).toBe('again');
    expect(ratingForAnswer({ score: 0.99, usedHint: false })).toBe('again');
    expect(ratingForAnswer({ score: 0.5, usedHint: true })).toBe('again');
    expect(ratingForAnswer({ score: 1, usedHint: true })).toBe('hard');
    expect(ratingForAnswer({ score: 1, usedHint: false })).toBe('good');
  });

  it('rejects scores outside 0..1', () => {
    expect(() => ratingForAnswer({ score: 1.2, usedHint: false })).toThrow(RangeError);
    expect(() => ratingForAnswer({ score: Number.NaN, usedHint: false })).toThrow(RangeError);
  });
});
