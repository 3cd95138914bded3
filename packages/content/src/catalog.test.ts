import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Course } from '@cc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachedCourseCatalog } from './catalog.ts';
import { FsContentStore } from './store/fs-store.ts';
import type { ContentStore, Release, ReleaseFile } from './store/types.ts';
import { copyMiniCourse, memoryLogger, tempDir } from './test-support/fixtures.ts';

/** A real FsContentStore that counts the calls made to it. */
class CountingStore implements ContentStore {
  releases = 0;
  reads = 0;
  constructor(private readonly inner: ContentStore) {}
  listCourseIds(): Promise<string[]> {
    return this.inner.listCourseIds();
  }
  getRelease(courseId: string): Promise<Release | undefined> {
    this.releases += 1;
    return this.inner.getRelease(courseId);
  }
  readFile(courseId: string, file: ReleaseFile): Promise<Uint8Array> {
    this.reads += 1;
    return this.inner.readFile(courseId, file);
  }
  describe(): string {
    return this.inner.describe();
  }
}

let root: { path: string; remove(): Promise<void> };
let courseDir: string;
let store: CountingStore;
let clock: number;
const now = () => clock;

beforeEach(async () => {
  root = await tempDir('catalog');
  courseDir = await copyMiniCourse(root.path);
  store = new CountingStore(new FsContentStore(root.path));
  clock = 1_000_000;
});
afterEach(() => root.remove());

const edit = async (path: string, change: (text: string) => string) => {
  const file = join(courseDir, path);
  await writeFile(file, change(await readFile(file, 'utf8')));
};

describe('CachedCourseCatalog', () => {
  it('asks the store at most every refreshSeconds and swaps in a new version in place', async () => {
    const loaded: string[] = [];
    const catalog = new CachedCourseCatalog(store, { refreshSeconds: 60, now, logger: memoryLogger(), onLoaded: (course) => void loaded.push(course.version) });
    const first = await catalog.get('mini-course');
    expect(first?.id).toBe('mini-course');
    expect(store.releases).toBe(1);

    await appendFile(join(courseDir, 'chapters/basics/history.md'), '\nMore history.\n');
    clock += 59_000;
    expect(await catalog.get('mini-course')).toBe(first);
    expect(store.releases).toBe(1);

    clock += 1_000;
    const second = await catalog.get('mini-course');
    expect(store.releases).toBe(2);
    expect(second?.version).not.toBe(first?.version);
    expect(second?.steps.find((step) => step.id === 'history')?.markdown).toContain('More history.');
    expect(loaded).toEqual([first?.version, second?.version]);

    // unchanged release: no files are read again
    const reads = store.reads;
    clock += 60_000;
    expect(await catalog.get('mini-course')).toBe(second);
    expect(store.reads).toBe(reads);
  });

  it('shares one load between concurrent callers', async () => {
    let loads = 0;
    const catalog = new CachedCourseCatalog(store, { refreshSeconds: 0, now, logger: memoryLogger(), onLoaded: () => void (loads += 1) });
    const courses = await Promise.all([catalog.get('mini-course'), catalog.get('mini-course'), catalog.list(), catalog.get('mini-course')]);
    expect(store.releases).toBe(1);
    expect(loads).toBe(1);
    const [a, b, list, c] = courses as [Course, Course, Course[], Course];
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(list).toEqual([a]);
  });

  it('leaves out a course that is invalid at first load, logs why, and loads it once fixed', async () => {
    await copyMiniCourse(root.path, 'second-course');
    await edit('course.yaml', (yaml) => yaml.replace('access: free', 'access: open'));
    const logger = memoryLogger();
    const catalog = new CachedCourseCatalog(new FsContentStore(root.path), { refreshSeconds: 0, now, logger });
    // second-course's manifest still says id: mini-course, so it is invalid too
    expect(await catalog.list()).toEqual([]);
    expect(await catalog.get('mini-course')).toBeUndefined();
    const errors = logger.entries.filter((entry) => entry.level === 'error').sort((a, b) => a.message.localeCompare(b.message));
    expect(errors.map((entry) => entry.message)).toEqual([
      expect.stringMatching(/^content: course mini-course version [0-9a-f]{64} is invalid \(1 error\); the course is not served$/),
      expect.stringMatching(/^content: course second-course version [0-9a-f]{64} is invalid \(1 error\); the course is not served$/),
    ]);
    expect(errors[0]?.data).toMatchObject({ problems: ['course.yaml:15 chapters[0].access: expected one of free, premium, got the text "open"'] });
    expect(errors[1]?.data).toMatchObject({ problems: ['course.yaml:2 id: must equal the bundle folder name "second-course"'] });

    await edit('course.yaml', (yaml) => yaml.replace('access: open', 'access: free'));
    expect((await catalog.list()).map((course) => course.id)).toEqual(['mini-course']);
  });

  it('keeps the previous version when the new one is invalid, then takes the next valid one', async () => {
    const logger = memoryLogger();
    const catalog = new CachedCourseCatalog(store, { refreshSeconds: 0, now, logger });
    const good = await catalog.get('mini-course');
    await edit('quizzes/welcome-check.yaml', (yaml) => yaml.replace('text: Letters,', 'text: Letters, correct: true,'));
    expect(await catalog.get('mini-course')).toBe(good);
    expect(logger.entries.at(-1)).toMatchObject({
      level: 'error',
      data: { problems: ['quizzes/welcome-check.yaml:12 questions[0].options: a single-choice question needs exactly one correct option (found 2)'] },
    });
    await edit('quizzes/welcome-check.yaml', (yaml) => yaml.replace('text: Letters, correct: true,', 'text: Letters, correct: false,'));
    const fixed = await catalog.get('mini-course');
    expect(fixed?.version).not.toBe(good?.version);
    expect(fixed?.quizzes['welcome-check']?.questions[0]).toMatchObject({ options: [{ correct: true }, { correct: false }] });
  });

  it('keeps serving the last good version when course.yaml is deleted, until the course folder is removed', async () => {
    const logger = memoryLogger();
    const catalog = new CachedCourseCatalog(new FsContentStore(root.path), { refreshSeconds: 0, now, logger });
    const good = await catalog.get('mini-course');
    expect(good?.id).toBe('mini-course');
    await rm(join(courseDir, 'course.yaml'));
    expect(await catalog.get('mini-course')).toBe(good);
    expect(await catalog.list()).toEqual([good]);
    expect(logger.entries.at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/is invalid \(1 error\); still serving version [0-9a-f]{64}$/),
      data: { problems: ['course.yaml: missing: every bundle needs a course.yaml manifest'] },
    });
    await rm(courseDir, { recursive: true });
    expect(await catalog.get('mini-course')).toBeUndefined();
    expect(await catalog.list()).toEqual([]);
  });

  it('drops a course removed from the store and logs onLoaded failures without failing', async () => {
    const logger = memoryLogger();
    const catalog = new CachedCourseCatalog(store, {
      refreshSeconds: 0,
      now,
      logger,
      onLoaded: () => {
        throw new Error('search index unavailable');
      },
    });
    expect((await catalog.get('mini-course'))?.id).toBe('mini-course');
    expect(logger.entries.find((entry) => entry.level === 'error')?.data).toEqual({ courseId: 'mini-course', error: 'search index unavailable' });
    await rm(courseDir, { recursive: true });
    expect(await catalog.get('mini-course')).toBeUndefined();
    expect(await catalog.list()).toEqual([]);
    expect(await catalog.get('../etc')).toBeUndefined();
  });
});
