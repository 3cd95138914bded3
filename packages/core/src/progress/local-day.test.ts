import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDay, localDay } from './local-day.ts';

describe('localDay', () => {
  it('gives the calendar date in the zone', () => {
    const instant = new Date('2026-06-15T23:30:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-06-15');
    expect(localDay(instant, 'Europe/Paris')).toBe('2026-06-16');
    expect(localDay(instant, 'America/Los_Angeles')).toBe('2026-06-15');
    expect(localDay(instant, 'Pacific/Auckland')).toBe('2026-06-16');
    expect(localDay(new Date('2026-06-15T10:00:00Z'), 'Pacific/Auckland')).toBe('2026-06-15');
    expect(localDay(new Date('2026-06-15T11:59:59Z'), 'Pacific/Auckland')).toBe('2026-06-15');
    expect(localDay(new Date('2026-06-15T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-06-16');
  });

  it('handles half-hour and quarter-hour offsets', () => {
    expect(localDay(new Date('2026-01-01T18:29:00Z'), 'Asia/Kolkata')).toBe('2026-01-01');
    expect(localDay(new Date('2026-01-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-01-02');
    expect(localDay(new Date('2026-01-01T18:14:00Z'), 'Asia/Kathmandu')).toBe('2026-01-01');
    expect(localDay(new Date('2026-01-01T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-01-02');
  });

  it('rejects an invalid date or zone', () => {
    expect(() => localDay(new Date(Number.NaN), 'UTC')).toThrow(RangeError);
    expect(() => localDay(new Date(0), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('agrees with the UTC date for UTC', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(localDay(d, 'UTC')).toBe(d.toISOString().slice(0, 10));
      }),
    );
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day borders', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('counts calendar days, not 24-hour spans, across DST changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-11-01', '2026-03-08')).toBe(-238);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('rejects malformed days', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '20260101', '2026-01-01T00:00', '']) {
      expect(isCalendarDay(bad)).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    }
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(isCalendarDay('2028-02-29')).toBe(true);
  });

  const day = fc
    .integer({ min: 0, max: 200 * 366 })
    .map((n) => addDays('1950-01-01', n));

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const later = addDays(d, n);
        expect(isCalendarDay(later)).toBe(true);
        expect(daysBetween(d, later)).toBe(n);
        expect(addDays(later, -n)).toBe(d);
      }),
    );
  });
});
