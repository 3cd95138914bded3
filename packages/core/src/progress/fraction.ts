// Exact fractions for mastery (issue 9 §1c): per-question scores are small fractions (k of n parts,
// n <= 50), but they are stored rounded to 4 decimals, and means of floats drift (three answers of
// 0.7 average to 0.6999999999999998; (1/3 + 1) / 2 read 0.66665). Scores are turned back into the
// fraction they stand for, summed and compared exactly, and rounded only for display.

export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

export function fraction(n: bigint, d: bigint): Fraction {
  if (d === 0n) throw new RangeError('zero denominator');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO = fraction(0n, 1n);
export const add = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
export const divide = (a: Fraction, by: number): Fraction => fraction(a.n, a.d * BigInt(by));
export const ratio = (n: number, d: number): Fraction => fraction(BigInt(n), BigInt(d));
/** Negative, zero or positive, exactly. */
export const compareFractions = (a: Fraction, b: Fraction): number => {
  const diff = a.n * b.d - b.n * a.d;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
export const toNumber = (f: Fraction): number => Number(f.n) / Number(f.d);

/** Largest denominator a question score can have (parts of a question: options, items, pairs, blanks). */
export const MAX_PARTS = 99;

/**
 * The fraction p/q (q <= MAX_PARTS) that a score rounded to 4 decimals stands for. Distinct such
 * fractions are more than 1e-4 apart (1/(99 x 98)), so at most one lies within the rounding
 * window; a score that fits none (not a question score) is taken at its decimal value.
 */
export function scoreFraction(score: number): Fraction {
  for (let q = 1; q <= MAX_PARTS; q++) {
    const p = Math.round(score * q);
    if (Math.abs(p / q - score) <= 0.00005 + 1e-12) return ratio(p, q);
  }
  return ratio(Math.round(score * 10_000), 10_000);
}
