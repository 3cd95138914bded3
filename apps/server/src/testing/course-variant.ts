// A test's own version of the fixture course: the bundle with one quiz's policy changed, written
// to a temporary content directory that a FsContentStore serves.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readBundleDir } from '@cc/content';
import { fixtureCourseDir } from './quiz-keys.ts';

/** The fixture course with `line` added to the policy block of `quizzes/<quizId>.yaml`. */
export async function fixtureWithPolicy(quizId: string, line: string, courseId = 'mini-course'): Promise<Map<string, Uint8Array>> {
  const files = await readBundleDir(fixtureCourseDir(courseId));
  const file = `quizzes/${quizId}.yaml`;
  const before = new TextDecoder().decode(files.get(file));
  const after = before.replace(/^policy:\n/m, `policy:\n  ${line}\n`);
  if (after === before) throw new Error(`fixture changed: ${file} has no policy block to add '${line}' to`);
  files.set(file, new TextEncoder().encode(after));
  return files;
}

/** Writes a bundle (path -> bytes) below `dir`, file by file. */
export async function writeBundle(files: ReadonlyMap<string, Uint8Array>, dir: string): Promise<void> {
  for (const [file, bytes] of files) {
    const target = path.join(dir, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}

/** A temporary content root holding `courseId`'s bundle, laid out as FsContentStore reads it. */
export async function contentRootWith(files: ReadonlyMap<string, Uint8Array>, courseId = 'mini-course'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cc-${courseId}-`));
  await writeBundle(files, path.join(dir, courseId));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh `Idempotency-Key` header on each call, unique across test runs. */
export const idempotencyKeys = (prefix: string) => {
  let n = 0;
  return () => ({ 'idempotency-key': `${prefix}-${++n}-${Math.random().toString(36).slice(2)}` });
};
