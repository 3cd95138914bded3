import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longestIncreasingRun, questionScore, roundTo } from './arithmetic.ts';

describe('roundTo', () => {
  it('rounds half up without binary surprises', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(66.66666666666667, 1)).toBe(66.7);
    expect(roundTo(33.35, 1)).toBe(33.4);
    expect(roundTo(2 / 3, 4)).toBe(0.6667);
    expect(roundTo(0.1 + 0.2, 4)).toBe(0.3);
  });
});

describe('questionScore', () => {
  it('keeps 1 only for an exact 1 and clamps to [0, 1]', () => {
    expect(questionScore(1)).toBe(1);
    expect(questionScore(0.99999)).toBe(0.9999);
    expect(questionScore(-0.5)).toBe(0);
    expect(questionScore(Number.NaN)).toBe(0);
    expect(questionScore(1.5)).toBe(1);
  });
});

describe('longestIncreasingRun', () => {
  const brute = (values: number[]): number => {
    let best = 0;
    for (let mask = 1; mask < 1 << values.length; mask++) {
      const picked = values.filter((_, i) => mask & (1 << i));
      if (picked.every((v, i) => i === 0 || v > picked[i - 1]!)) best = Math.max(best, picked.length);
    }
    return best;
  };

  it('agrees with brute force', () => {
    expect(longestIncreasingRun([])).toBe(0);
    expect(longestIncreasingRun([3, 1, 2, 5, 4])).toBe(3);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 10 }), (values) => {
      expect(longestIncreasingRun(values)).toBe(brute(values));
    }));
  });
});
