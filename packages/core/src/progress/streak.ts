// Streaks over learner-local calendar days (docs/learning-engine.md, "Streaks").
import { addDays, daysBetween } from './local-day.ts';

export interface Streak {
  /** Consecutive active days ending today, or ending yesterday while today is not active yet. */
  current: number;
  /** Longest run of consecutive active days ever. */
  longest: number;
  activeToday: boolean;
  /** The latest active day, or null when there is none. */
  lastActiveDay: string | null;
}

/**
 * @param activeDays learner-local YYYY-MM-DD days with activity, in any order, repeats allowed.
 * @param today the learner-local date now.
 */
export function computeStreak(activeDays: readonly string[], today: string): Streak {
  // YYYY-MM-DD sorts chronologically as text; daysBetween throws RangeError on a malformed day.
  const days = [...new Set(activeDays)].sort();
  for (const day of days) daysBetween(day, today);

  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    const prev = days[i - 1];
    const day = days[i] as string;
    run = prev !== undefined && daysBetween(prev, day) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }

  const active = new Set(days);
  const activeToday = active.has(today);
  // Days after `today` (possible after moving to a zone further west) are not part of the
  // current streak, which ends today or yesterday; they do count for longest and lastActiveDay.
  let cursor = activeToday ? today : addDays(today, -1);
  let current = 0;
  while (active.has(cursor)) {
    current++;
    cursor = addDays(cursor, -1);
  }

  return { current, longest, activeToday, lastActiveDay: days.at(-1) ?? null };
}
