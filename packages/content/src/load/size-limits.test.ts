import { describe, expect, it } from 'vitest';
import { BUNDLE_LIMITS } from '../format/limits.ts';
import { errorsOf, miniCourseFiles, text, withFile } from '../test-support/fixtures.ts';
import { parseBundle } from './parse-bundle.ts';

const good = await miniCourseFiles();

describe('bundle size limits', () => {
  it('refuses a step over the limit with a clear message, without parsing it', () => {
    const path = 'chapters/basics/history.md';
    const huge = `${text(good, path)}\n${'Padding words for a very long step. '.repeat(10_000)}`;
    expect(huge.length).toBeGreaterThan(BUNDLE_LIMITS.fileBytes.step);
    const result = parseBundle(withFile(good, path, huge));
    expect(result.course).toBeUndefined();
    expect(errorsOf(result.problems)).toEqual([
      { severity: 'error', file: path, message: expect.stringMatching(/^file is 35\d\.\d KiB; the limit for a step is 256 KiB \(split it into several steps\)$/) },
    ]);
  });

  it('accepts a step just under the limit', () => {
    const path = 'chapters/basics/history.md';
    const before = text(good, path);
    const padded = `${before}\n${'x'.repeat(BUNDLE_LIMITS.fileBytes.step - before.length - 1)}`;
    expect(errorsOf(parseBundle(withFile(good, path, padded)).problems)).toEqual([]);
  });

  it('refuses a quiz, an asset and a whole bundle over their limits', () => {
    const bigQuiz = withFile(good, 'quizzes/welcome-check.yaml', `${text(good, 'quizzes/welcome-check.yaml')}\n${'# padding\n'.repeat(30_000)}`);
    expect(errorsOf(parseBundle(bigQuiz).problems).map((p) => p.message)).toEqual([expect.stringMatching(/the limit for a quiz is 256 KiB \(split it into several quizzes\)$/)]);
    const bigAsset = new Map(good).set('assets/movie.bin', new Uint8Array(BUNDLE_LIMITS.fileBytes.asset + 1));
    expect(errorsOf(parseBundle(bigAsset).problems).map((p) => [p.file, p.message])).toEqual([['assets/movie.bin', 'file is 5.0 MiB; the limit for an asset is 5 MiB']]);
    const many = new Map(good);
    for (let i = 0; i < 11; i++) many.set(`assets/part-${i}.bin`, new Uint8Array(BUNDLE_LIMITS.fileBytes.asset));
    expect(errorsOf(parseBundle(many).problems).map((p) => p.message)).toEqual([
      expect.stringMatching(/^the bundle holds 55\.\d MiB; the limit is 50 MiB/),
    ]);
  });
});
