// What the learner reads about a plan: the failure classes in plain words, and input limits.
import type { Schemas } from '../api/client';

export type Plan = Schemas['Plan'];
export type FailureReason = NonNullable<NonNullable<Plan['error']>['reason']>;

/** The planner's own limits (the server cuts longer input and says so). */
export const TOPIC_LIMIT = 200;
export const NOTES_LIMIT = 2000;

export const REASON_WORDS: Record<FailureReason, string> = {
  validation: 'The planner answered with something that was not a usable plan (for example, tasks pointing at steps this course does not have).',
  provider_error: 'The planning service had a problem on its side.',
  rate_limit: 'The planning service was busy and asked us to slow down.',
  timeout: 'The planning service took too long to answer.',
  capped: 'This plan has had all of its attempts.',
};

export function reasonInWords(reason: FailureReason | null | undefined): string {
  return reason ? REASON_WORDS[reason] : 'Something went wrong while the plan was being written.';
}

/** "12 / 200", with a thousands separator, for the length counters. */
export const counter = (length: number, limit: number) => `${length.toLocaleString('en')} / ${limit.toLocaleString('en')}`;
