import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem } from '../load/problems.ts';
import { readBundleDir } from '../store/fs-walk.ts';

export const MINI_COURSE_DIR = fileURLToPath(new URL('../../test-fixtures/mini-course', import.meta.url));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function miniCourseFiles(): Promise<Map<string, Uint8Array>> {
  return readBundleDir(MINI_COURSE_DIR);
}

export function text(files: ReadonlyMap<string, Uint8Array>, path: string): string {
  const bytes = files.get(path);
  if (bytes === undefined) throw new Error(`test bundle has no ${path}`);
  return decoder.decode(bytes);
}

/** A copy of `files` with `path` replaced (or removed when `content` is undefined). */
export function withFile(files: ReadonlyMap<string, Uint8Array>, path: string, content: string | undefined): Map<string, Uint8Array> {
  const copy = new Map(files);
  if (content === undefined) copy.delete(path);
  else copy.set(path, encoder.encode(content));
  return copy;
}

/** A copy of `files` with `path`'s text passed through `edit`; fails when the edit changes nothing. */
export function editFile(files: ReadonlyMap<string, Uint8Array>, path: string, edit: (text: string) => string): Map<string, Uint8Array> {
  const before = text(files, path);
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${path} changed nothing`);
  return withFile(files, path, after);
}

/** `old` must occur exactly once in the text. */
export function replaceOnce(old: string, replacement: string): (text: string) => string {
  return (source) => {
    const at = source.indexOf(old);
    if (at === -1 || source.indexOf(old, at + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(old)}`);
    return source.slice(0, at) + replacement + source.slice(at + old.length);
  };
}

/** 1-based line of the (only) line containing `needle`. */
export function lineOf(source: string, needle: string): number {
  const lines = source.split('\n');
  const matches = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  if (matches.length !== 1) throw new Error(`expected one line with ${JSON.stringify(needle)}, found ${matches.length}`);
  return matches[0] as number;
}

export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error');
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `cc-content-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A writable copy of the mini course at `<root>/mini-course`. */
export async function copyMiniCourse(root: string, name = 'mini-course'): Promise<string> {
  const target = join(root, name);
  await cp(MINI_COURSE_DIR, target, { recursive: true });
  return target;
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: object;
}

/** A CatalogLogger that keeps what it is told. */
export function memoryLogger(): { entries: LogEntry[]; info(m: string, d?: object): void; warn(m: string, d?: object): void; error(m: string, d?: object): void } {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (message: string, data?: object) => {
    entries.push(data === undefined ? { level, message } : { level, message, data });
  };
  return { entries, info: log('info'), warn: log('warn'), error: log('error') };
}
