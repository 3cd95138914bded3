import { describe, expect, it } from 'vitest';
import { attemptRounds, RETAKE_COOLDOWN_HOURS } from './rounds.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const attempt = (startHour: number, submitHour = startHour) => ({ startedAt: at(startHour), submittedAt: at(submitHour) });

describe('attemptRounds', () => {
  it('counts attempts in the first round and leaves unlimited quizzes alone', () => {
    expect(attemptRounds(3, [], [], new Date(T0))).toEqual({ round: 1, used: 0, remaining: 3, nextRoundAt: null, exhaustedOnce: false });
    expect(attemptRounds(null, [attempt(0), attempt(1), attempt(2), attempt(3)], [], new Date(at(10)))).toMatchObject({ round: 1, used: 4, remaining: null });
  });

  it('a used-up round opens the next one after the cool-down, not before', () => {
    const three = [attempt(0), attempt(1), attempt(2)];
    const opens = at(2 + RETAKE_COOLDOWN_HOURS);
    expect(attemptRounds(3, three, [], new Date(at(3)))).toEqual({ round: 1, used: 3, remaining: 0, nextRoundAt: opens, exhaustedOnce: true });
    expect(attemptRounds(3, three, [], new Date(Date.parse(opens) - 1))).toMatchObject({ remaining: 0, nextRoundAt: opens });
    expect(attemptRounds(3, three, [], new Date(opens))).toEqual({ round: 2, used: 0, remaining: 3, nextRoundAt: null, exhaustedOnce: true });
    expect(attemptRounds(3, [...three, attempt(30)], [], new Date(at(31)))).toMatchObject({ round: 2, used: 1, remaining: 2, nextRoundAt: null });
  });

  it('a reset opens a new round at once; attempts at the same instant belong to the old round', () => {
    const three = [attempt(0), attempt(0), attempt(0)];
    expect(attemptRounds(3, three, [at(0)], new Date(at(0)))).toEqual({ round: 2, used: 0, remaining: 3, nextRoundAt: null, exhaustedOnce: true });
    expect(attemptRounds(3, [attempt(0)], [at(1)], new Date(at(1)))).toMatchObject({ round: 2, used: 0, remaining: 3 });
    expect(attemptRounds(3, [], [at(1)], new Date(at(1)))).toMatchObject({ round: 1, used: 0 });
  });
});
