import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './connect.ts';
import { PgRateLimiter } from './rate-limiter.ts';
import { testDatabases } from './testing.ts';

describe.each(testDatabases())('rate limiter on $name', ({ name, open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(() => database.close());

  it('allows up to the limit per window, then refuses with the seconds left, and resets in the next window', async () => {
    const limiter = new PgRateLimiter(database.db);
    const t = new Date('2026-06-01T10:00:10Z');
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('login:1.2.3.4', 3, 60, t));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]!.resetSeconds).toBe(50);
    expect((await limiter.hit('login:1.2.3.4', 3, 60, new Date('2026-06-01T10:01:00Z'))).allowed).toBe(true);
    expect((await limiter.hit('login:5.6.7.8', 3, 60, t)).remaining).toBe(2);
  });

  it.runIf(name === 'postgres')('counts concurrent hits exactly (no lost updates across connections)', async () => {
    const limiter = new PgRateLimiter(database.db);
    const t = new Date('2026-06-01T10:00:00Z');
    const results = await Promise.all(Array.from({ length: 30 }, () => limiter.hit('burst', 10, 60, t)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});
