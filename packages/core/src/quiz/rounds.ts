// No dead ends (docs/learning-engine.md, "Attempts and policies"; issue 9 §4). `max_attempts` bounds
// the attempts of one *round*, not of a lifetime: once a round is used up, the quiz shows what it
// explains (see reveal.ts) and a new round of `max_attempts` opens after a cool-down. An operator
// may also reset a learner's attempts, which opens a new round at once. The standard (pass score,
// gating) never changes; a learner is never stranded.

/** Hours between the last attempt of a used-up round and the next round. */
export const RETAKE_COOLDOWN_HOURS = 24;

export interface RoundAttempt {
  startedAt: string;
  /** Submitted attempts only count. */
  submittedAt: string;
}

export interface AttemptRounds {
  /** 1-based number of the current round. */
  round: number;
  /** Submitted attempts in the current round. */
  used: number;
  /** Attempts left in the current round; null = unlimited. */
  remaining: number | null;
  /** When the current round is used up: when the next one opens; otherwise null. */
  nextRoundAt: string | null;
  /** Some round was used up (so the learner has been through every attempt at least once). */
  exhaustedOnce: boolean;
}

const HOUR = 3_600_000;

/**
 * The learner's rounds of one quiz at `now`, from its submitted attempts and the operator's resets.
 * An attempt belongs to the round open when it was started; a reset opens a new round.
 */
export function attemptRounds(
  maxAttempts: number | null,
  attempts: readonly RoundAttempt[],
  resets: readonly string[],
  now: Date,
  cooldownHours = RETAKE_COOLDOWN_HOURS,
): AttemptRounds {
  type Entry = { at: number; kind: 'reset' } | { at: number; kind: 'attempt'; startedAt: number };
  const entries: Entry[] = [
    ...resets.map((at): Entry => ({ at: Date.parse(at), kind: 'reset' })),
    ...attempts.map((a): Entry => ({ at: Date.parse(a.submittedAt), kind: 'attempt', startedAt: Date.parse(a.startedAt) })),
  // At the same instant, attempts come first: a reset is recorded after what it resets.
  ].sort((a, b) => a.at - b.at || (a.kind === 'reset' ? 1 : 0) - (b.kind === 'reset' ? 1 : 0));
  let round = 1;
  let used = 0;
  let exhaustedAt: number | null = null;
  let exhaustedOnce = false;
  for (const entry of entries) {
    if (entry.kind === 'reset') {
      if (used > 0 || exhaustedAt !== null) round++;
      used = 0;
      exhaustedAt = null;
      continue;
    }
    if (exhaustedAt !== null) {
      // An attempt after a used-up round was started once the next round opened (or by an open
      // attempt's late submit, which counts in the next round too).
      round++;
      used = 0;
      exhaustedAt = null;
    }
    used++;
    if (maxAttempts !== null && used >= maxAttempts) {
      exhaustedAt = entry.at;
      exhaustedOnce = true;
    }
  }
  if (exhaustedAt !== null && now.getTime() >= exhaustedAt + cooldownHours * HOUR) {
    return { round: round + 1, used: 0, remaining: maxAttempts, nextRoundAt: null, exhaustedOnce };
  }
  return {
    round,
    used,
    remaining: maxAttempts === null ? null : Math.max(0, maxAttempts - used),
    nextRoundAt: exhaustedAt === null ? null : new Date(exhaustedAt + cooldownHours * HOUR).toISOString(),
    exhaustedOnce,
  };
}
