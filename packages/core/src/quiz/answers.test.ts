import { describe, expect, it } from 'vitest';
import { AnswerSchema, ownValue, SubmissionSchema } from './answers.ts';

const entries = (n: number, value: (i: number) => unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value(i)]));

describe('AnswerSchema', () => {
  it.each([
    { type: 'single', optionId: 'a' },
    { type: 'multiple', optionIds: [] },
    { type: 'true_false', value: false },
    { type: 'numeric', value: -1.5 },
    { type: 'short_text', text: '' },
    { type: 'ordering', itemIds: ['a', 'b-2'] },
    { type: 'matching', pairs: { l1: 'r1' } },
    { type: 'cloze', blanks: { b1: 'any text, even with spaces', b2: 'o1' } },
  ])('accepts %j', (answer) => {
    expect(AnswerSchema.parse(answer)).toEqual(answer);
  });

  it.each([
    ['unknown type', { type: 'essay', text: 'x' }],
    ['missing field', { type: 'single' }],
    ['extra field', { type: 'single', optionId: 'a', correct: true }],
    ['non-slug id', { type: 'single', optionId: 'A B' }],
    ['too long id', { type: 'single', optionId: 'a'.repeat(65) }],
    ['string boolean', { type: 'true_false', value: 'true' }],
    ['string number', { type: 'numeric', value: '3' }],
    ['infinite number', { type: 'numeric', value: Number.POSITIVE_INFINITY }],
    ['NaN', { type: 'numeric', value: Number.NaN }],
    ['text over 500 characters', { type: 'short_text', text: 'x'.repeat(501) }],
    ['51 option ids', { type: 'multiple', optionIds: Array.from({ length: 51 }, (_, i) => `o${i}`) }],
    ['51 item ids', { type: 'ordering', itemIds: Array.from({ length: 51 }, (_, i) => `i${i}`) }],
    ['51 pairs', { type: 'matching', pairs: entries(51, (i) => `r${i}`) }],
    ['non-slug pair key', { type: 'matching', pairs: { __proto__x: 'r1' } }],
    ['51 blanks', { type: 'cloze', blanks: entries(51, () => 'x') }],
    ['blank text over 500', { type: 'cloze', blanks: { b: 'x'.repeat(501) } }],
    ['array instead of record', { type: 'cloze', blanks: ['x'] }],
  ])('rejects %s', (_, answer) => {
    expect(AnswerSchema.safeParse(answer).success).toBe(false);
  });

  it('accepts the bounds exactly', () => {
    expect(AnswerSchema.safeParse({ type: 'short_text', text: 'x'.repeat(500) }).success).toBe(true);
    expect(AnswerSchema.safeParse({ type: 'matching', pairs: entries(50, (i) => `r${i}`) }).success).toBe(true);
    expect(AnswerSchema.safeParse({ type: 'single', optionId: 'a'.repeat(64) }).success).toBe(true);
  });
});

describe('SubmissionSchema', () => {
  it('bounds the number of answers at 100', () => {
    const answer = { type: 'true_false', value: true };
    expect(SubmissionSchema.safeParse({ answers: entries(100, () => answer) }).success).toBe(true);
    expect(SubmissionSchema.safeParse({ answers: entries(101, () => answer) }).success).toBe(false);
    expect(SubmissionSchema.safeParse({ answers: { q1: { type: 'numeric' } } }).success).toBe(false);
    expect(SubmissionSchema.safeParse({ answers: {}, extra: 1 }).success).toBe(false);
  });
});

describe('ownValue', () => {
  it('never reads through the prototype', () => {
    expect(ownValue<string>({}, 'constructor')).toBeUndefined();
    expect(ownValue({ constructor: 'x' }, 'constructor')).toBe('x');
  });
});
