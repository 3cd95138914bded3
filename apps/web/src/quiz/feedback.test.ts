import { describe, expect, it } from 'vitest';
import { distinctFeedback } from './feedback';

describe('feedback under a graded question', () => {
  it('shows the same line once when several chosen options share it', () => {
    expect(distinctFeedback(['Correct.', 'Correct.'])).toEqual(['Correct.']);
    expect(distinctFeedback(['Correct.', ' Correct. '])).toEqual(['Correct.']);
  });
  it('keeps different lines, in order, and drops empty ones', () => {
    expect(distinctFeedback(['Correct.', 'No: rare words split.', 'Correct.', ''])).toEqual(['Correct.', 'No: rare words split.']);
    expect(distinctFeedback([])).toEqual([]);
  });
});
