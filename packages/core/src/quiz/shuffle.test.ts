import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededOrder, shuffleSeed } from './shuffle.ts';

const six = ['a', 'b', 'c', 'd', 'e', 'f'] as const;

describe('seededOrder', () => {
  const k = (learnerId: string, n: number, secret = 'secret') => ({ secret, learnerId, attempt: `attempt:${n}` });

  it('keys the seed with the server secret, learner, attempt, quiz and scope', () => {
    const seed = shuffleSeed(k('learner-1', 3), 'quiz-1', 'questions');
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(shuffleSeed(k('learner-1', 3), 'quiz-1', 'questions')).toBe(seed);
    for (const other of [shuffleSeed(k('learner-1', 3, 'other'), 'quiz-1', 'questions'), shuffleSeed(k('learner-2', 3), 'quiz-1', 'questions'), shuffleSeed(k('learner-1', 4), 'quiz-1', 'questions'), shuffleSeed(k('learner-1', 3), 'quiz-2', 'questions'), shuffleSeed(k('learner-1', 3), 'quiz-1', 'options:q')]) {
      expect(other).not.toBe(seed);
    }
  });

  it('is a deterministic permutation that leaves its input alone', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 30 }), fc.string(), (items, seed) => {
        const copy = [...items];
        const once = seededOrder(items, seed);
        expect(seededOrder(items, seed)).toEqual(once);
        expect(items).toEqual(copy);
        expect(once).not.toBe(items);
        expect([...once].sort((x, y) => x - y)).toEqual([...items].sort((x, y) => x - y));
      }),
    );
  });

  it('pins the order for a known seed (changing the algorithm reshuffles every open attempt)', () => {
    const first = seededOrder(six, 'learner|quiz|1|questions');
    expect(first).toEqual(['d', 'e', 'b', 'c', 'f', 'a']);
  });

  it('gives different seeds different orders', () => {
    const orders = new Set(Array.from({ length: 200 }, (_, i) => seededOrder(six, shuffleSeed(k('learner', i + 1), 'quiz', 'questions')).join('')));
    expect(orders.size).toBeGreaterThanOrEqual(100);
    const learners = new Set(Array.from({ length: 200 }, (_, i) => seededOrder(six, shuffleSeed(k(`learner-${i}`, 1), 'quiz', 'questions')).join('')));
    expect(learners.size).toBeGreaterThanOrEqual(100);
  });

  it('puts each item first about equally often', () => {
    const firsts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const [first] = seededOrder(six, `seed-${i}`);
      firsts.set(first!, (firsts.get(first!) ?? 0) + 1);
    }
    // Expected 1000 each; the standard deviation is about 29, so this bound is ~7 sigma.
    for (const item of six) expect(Math.abs((firsts.get(item) ?? 0) - 1000), item).toBeLessThan(200);
  });

  it('puts each item at each position about equally often', () => {
    const counts = six.map(() => six.map(() => 0));
    for (let i = 0; i < 6000; i++) {
      seededOrder([0, 1, 2, 3, 4, 5], `position-${i}`).forEach((item, position) => counts[item]![position]!++);
    }
    for (const row of counts) for (const count of row) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });

  it('handles empty and one-item lists', () => {
    expect(seededOrder([], 's')).toEqual([]);
    expect(seededOrder(['x'], 's')).toEqual(['x']);
  });
});
