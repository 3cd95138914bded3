import { describe, expect, it } from 'vitest';
import { activityByDay, lastDays, localDate } from './activity';

const event = (type: string, at: string) => ({ id: at, type, at, courseId: 'c', data: {} }) as Parameters<typeof activityByDay>[0][number];

describe('activity per day in the learner time zone', () => {
  it('dates an instant in the given zone', () => {
    expect(localDate(new Date('2026-11-30T23:30:00Z'), 'UTC')).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-30T23:30:00Z'), 'Europe/Paris')).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-29');
  });

  it('lists the n days ending today, across month ends and DST changes', () => {
    expect(lastDays('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(lastDays('2026-03-30', 2)).toEqual(['2026-03-29', '2026-03-30']);
    expect(lastDays('2026-11-30', 84)).toHaveLength(84);
  });

  it('counts completing, answering and reviewing, not opening', () => {
    const days = activityByDay(
      [
        event('viewed', '2026-11-30T10:00:00Z'),
        event('completed', '2026-11-30T10:05:00Z'),
        event('answered', '2026-11-30T23:30:00Z'),
        event('reviewed', '2026-11-29T08:00:00Z'),
        event('hint_revealed', '2026-11-29T08:00:00Z'),
      ],
      'Europe/Paris',
    );
    expect(Object.fromEntries(days)).toEqual({ '2026-11-30': 1, '2026-12-01': 1, '2026-11-29': 1 });
  });
});
