// Small numeric helpers for grading.

/** Rounds half up to `decimals` places, ignoring binary noise (1.005 -> 1.01, not 1). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(Number((value * factor).toPrecision(15))) / factor;
}

/** A question score in [0, 1] to 4 decimals; only an exact 1 stays 1, so `correct` never comes from rounding. */
export function questionScore(raw: number): number {
  if (!(raw > 0)) return 0;
  if (raw >= 1) return 1;
  return Math.min(roundTo(raw, 4), 0.9999);
}

/** Length of the longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasingRun(values: readonly number[]): number {
  const tails: number[] = [];
  for (const value of values) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((tails[mid] as number) < value) low = mid + 1;
      else high = mid;
    }
    tails[low] = value;
  }
  return tails.length;
}
