import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDay } from './local-day.ts';
import { computeStreak } from './streak.ts';

/** Local days of activities given as UTC instants, as recorded at the time. */
const daysOf = (instants: string[], zone: string): string[] => instants.map((i) => localDay(new Date(i), zone));

describe('computeStreak: basics', () => {
  it('is empty with no activity', () => {
    expect(computeStreak([], '2026-05-10')).toEqual({ current: 0, longest: 0, activeToday: false, lastActiveDay: null });
  });

  it('counts consecutive days ending today, in any order and with repeats', () => {
    const days = ['2026-05-10', '2026-05-08', '2026-05-09', '2026-05-09', '2026-05-10'];
    expect(computeStreak(days, '2026-05-10')).toEqual({ current: 3, longest: 3, activeToday: true, lastActiveDay: '2026-05-10' });
  });

  it('keeps the streak while today is not active yet, and loses it once today ends', () => {
    const days = ['2026-05-07', '2026-05-08', '2026-05-09'];
    expect(computeStreak(days, '2026-05-09')).toMatchObject({ current: 3, activeToday: true });
    expect(computeStreak(days, '2026-05-10')).toMatchObject({ current: 3, activeToday: false, longest: 3 });
    expect(computeStreak(days, '2026-05-11')).toMatchObject({ current: 0, activeToday: false, longest: 3 });
    expect(computeStreak([...days, '2026-05-10'], '2026-05-10')).toMatchObject({ current: 4, activeToday: true });
  });

  it('restarts after a gap and remembers the longest run ever', () => {
    const days = ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-06', '2026-04-07'];
    expect(computeStreak(days, '2026-04-07')).toEqual({ current: 2, longest: 4, activeToday: true, lastActiveDay: '2026-04-07' });
    expect(computeStreak(['2026-04-05'], '2026-04-07')).toMatchObject({ current: 0, longest: 1 });
  });

  it('runs across month and year ends and leap days', () => {
    expect(computeStreak(['2026-12-30', '2026-12-31', '2027-01-01'], '2027-01-01').current).toBe(3);
    expect(computeStreak(['2028-02-28', '2028-02-29', '2028-03-01'], '2028-03-01').current).toBe(3);
    expect(computeStreak(['2026-02-28', '2026-03-01'], '2026-03-01').current).toBe(2);
  });

  it('leaves days after today (recorded in a zone further east) out of the current streak', () => {
    const days = ['2026-05-08', '2026-05-09', '2026-05-11'];
    expect(computeStreak(days, '2026-05-10')).toEqual({ current: 2, longest: 2, activeToday: false, lastActiveDay: '2026-05-11' });
  });

  it('rejects malformed days', () => {
    expect(() => computeStreak(['2026-5-1'], '2026-05-01')).toThrow(RangeError);
    expect(() => computeStreak([], '2026-02-30')).toThrow(RangeError);
  });
});

describe('computeStreak: local days around midnight', () => {
  it('counts 23:30 and 00:30 local as two days', () => {
    // Europe/Paris in summer is UTC+2.
    const days = daysOf(['2026-07-01T21:30:00Z', '2026-07-01T22:30:00Z'], 'Europe/Paris');
    expect(days).toEqual(['2026-07-01', '2026-07-02']);
    expect(computeStreak(days, '2026-07-02')).toMatchObject({ current: 2, activeToday: true });
    // The same two instants are one day in UTC.
    expect(computeStreak(daysOf(['2026-07-01T21:30:00Z', '2026-07-01T22:30:00Z'], 'UTC'), '2026-07-01').current).toBe(1);
  });

  it('puts the same UTC instant on different local days in Auckland and Los Angeles', () => {
    const instant = '2026-07-01T20:00:00Z';
    expect(daysOf([instant], 'Pacific/Auckland')).toEqual(['2026-07-02']);
    expect(daysOf([instant], 'America/Los_Angeles')).toEqual(['2026-07-01']);

    const instants = ['2026-06-30T20:00:00Z', instant];
    const auckland = computeStreak(daysOf(instants, 'Pacific/Auckland'), '2026-07-02');
    const losAngeles = computeStreak(daysOf(instants, 'America/Los_Angeles'), '2026-07-02');
    expect(auckland).toMatchObject({ current: 2, activeToday: true });
    expect(losAngeles).toMatchObject({ current: 2, activeToday: false, lastActiveDay: '2026-07-01' });
  });

  it('never rewrites past days when the learner changes zone', () => {
    // Two days in Los Angeles, then a day after flying to Auckland: each day as recorded then.
    const days = [...daysOf(['2026-07-01T18:00:00Z', '2026-07-02T18:00:00Z'], 'America/Los_Angeles'), ...daysOf(['2026-07-02T22:00:00Z'], 'Pacific/Auckland')];
    expect(days).toEqual(['2026-07-01', '2026-07-02', '2026-07-03']);
    expect(computeStreak(days, '2026-07-03').current).toBe(3);
  });
});

describe('computeStreak: DST changes', () => {
  it.each([
    ['Europe/Berlin', ['2026-03-28', '2026-03-29', '2026-03-30'], ['+01:00', '+02:00', '+02:00']],
    ['Europe/Berlin', ['2026-10-24', '2026-10-25', '2026-10-26'], ['+02:00', '+01:00', '+01:00']],
    ['America/New_York', ['2026-03-07', '2026-03-08', '2026-03-09'], ['-05:00', '-04:00', '-04:00']],
    ['America/New_York', ['2026-10-31', '2026-11-01', '2026-11-02'], ['-04:00', '-05:00', '-05:00']],
  ] as const)('%s: the days before, of and after the change are consecutive (%s)', (zone, days, offsets) => {
    const instants = days.map((d, i) => `${d}T12:00:00${offsets[i]}`);
    const local = daysOf(instants, zone);
    expect(local).toEqual([...days]);
    expect(computeStreak(local, days[2])).toMatchObject({ current: 3, longest: 3, activeToday: true });
    // Late on the day before and early on the day after, with the day of the change inactive: a gap.
    const edges = daysOf([`${days[0]}T23:30:00${offsets[0]}`, `${days[2]}T00:30:00${offsets[2]}`], zone);
    expect(edges).toEqual([days[0], days[2]]);
    expect(computeStreak(edges, days[2])).toMatchObject({ current: 1, longest: 1 });
  });

  it('Berlin spring forward: 23:30 on the 28th and 00:30 on the 30th are 24 h apart but two days apart', () => {
    const local = daysOf(['2026-03-28T22:30:00Z', '2026-03-29T22:30:00Z'], 'Europe/Berlin');
    expect(local).toEqual(['2026-03-28', '2026-03-30']);
    expect(computeStreak(local, '2026-03-30').current).toBe(1);
  });

  it('Berlin fall back: 00:30 and 23:30 on the 25th are 24 h apart but one day (a 25-hour day)', () => {
    const local = daysOf(['2026-10-24T22:30:00Z', '2026-10-25T22:30:00Z'], 'Europe/Berlin');
    expect(local).toEqual(['2026-10-25', '2026-10-25']);
    expect(computeStreak(local, '2026-10-25')).toMatchObject({ current: 1, longest: 1 });
  });

  it('New York: the 23-hour and 25-hour days are one day each', () => {
    expect(daysOf(['2026-03-08T04:30:00Z', '2026-03-09T04:30:00Z'], 'America/New_York')).toEqual(['2026-03-07', '2026-03-09']);
    expect(daysOf(['2026-11-01T04:30:00Z', '2026-11-02T04:30:00Z'], 'America/New_York')).toEqual(['2026-11-01', '2026-11-01']);
    const local = daysOf(['2026-03-07T17:00:00Z', '2026-03-08T16:00:00Z', '2026-03-09T16:00:00Z'], 'America/New_York');
    expect(computeStreak(local, '2026-03-09').current).toBe(3);
  });
});

describe('computeStreak: properties', () => {
  const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2026-01-01', n));
  const days = fc.array(day, { maxLength: 40 });

  it('current <= longest, and the flags agree with the input', () => {
    fc.assert(
      fc.property(days, day, (ds, today) => {
        const s = computeStreak(ds, today);
        expect(s.current).toBeLessThanOrEqual(s.longest);
        expect(s.longest).toBeLessThanOrEqual(new Set(ds).size);
        expect(s.activeToday).toBe(ds.includes(today));
        expect(s.lastActiveDay).toBe(ds.length ? [...ds].sort().at(-1) : null);
      }),
    );
  });

  it('adding a day never decreases longest', () => {
    fc.assert(
      fc.property(days, day, day, (ds, extra, today) => {
        expect(computeStreak([...ds, extra], today).longest).toBeGreaterThanOrEqual(computeStreak(ds, today).longest);
      }),
    );
  });

  it('is invariant under permutation and duplication', () => {
    fc.assert(
      fc.property(days.chain((ds) => fc.tuple(fc.constant(ds), fc.shuffledSubarray([...ds, ...ds], { minLength: ds.length * 2 }))), day, ([ds, shuffled], today) => {
        expect(computeStreak(shuffled, today)).toEqual(computeStreak(ds, today));
      }),
    );
  });

  it('matches a brute-force count', () => {
    fc.assert(
      fc.property(days, day, (ds, today) => {
        const set = new Set(ds);
        let end = set.has(today) ? today : addDays(today, -1);
        let current = 0;
        while (set.has(end)) {
          current++;
          end = addDays(end, -1);
        }
        let longest = 0;
        for (const d of set) {
          let n = 0;
          while (set.has(addDays(d, n))) n++;
          longest = Math.max(longest, n);
        }
        expect(computeStreak(ds, today)).toMatchObject({ current, longest });
      }),
    );
  });
});
