import { appendFile, mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleVersion, sha256Hex } from '../load/version.ts';
import { copyMiniCourse, miniCourseFiles, tempDir } from '../test-support/fixtures.ts';
import { ContentPathError, readBundleDir } from './fs-walk.ts';
import { FsContentStore } from './fs-store.ts';
import { ContentIntegrityError } from './types.ts';

let root: { path: string; remove(): Promise<void> };
let courseDir: string;

beforeEach(async () => {
  root = await tempDir('fs-store');
  courseDir = await copyMiniCourse(root.path);
});
afterEach(() => root.remove());

describe('FsContentStore', () => {
  it('lists the sub-folders that hold a course.yaml', async () => {
    await mkdir(join(root.path, 'not-a-course'));
    await mkdir(join(root.path, '.hidden-course'));
    await writeFile(join(root.path, '.hidden-course', 'course.yaml'), 'format: 1\n');
    await copyMiniCourse(root.path, 'second-course');
    expect(await new FsContentStore(root.path).listCourseIds()).toEqual(['mini-course', 'second-course']);
  });

  it('describes the release as the hashed file list, skipping dotfiles', async () => {
    await writeFile(join(courseDir, '.DS_Store'), 'junk');
    await mkdir(join(courseDir, '.git'));
    await writeFile(join(courseDir, '.git', 'HEAD'), 'ref');
    const store = new FsContentStore(root.path);
    const release = await store.getRelease('mini-course');
    const files = await miniCourseFiles();
    expect(release?.files).toEqual(
      [...files].map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), size: bytes.byteLength })),
    );
    expect(release).toMatchObject({ format: 1, courseId: 'mini-course', version: bundleVersion(release?.files ?? []) });
    expect(await store.getRelease('no-such-course')).toBeUndefined();
  });

  it('keeps the version while nothing changes and changes it when a file does', async () => {
    const store = new FsContentStore(root.path);
    const first = await store.getRelease('mini-course');
    expect((await store.getRelease('mini-course'))?.version).toBe(first?.version);
    // a fresh store (no memoised hashes) agrees
    expect((await new FsContentStore(root.path).getRelease('mini-course'))?.version).toBe(first?.version);

    const history = join(courseDir, 'chapters/basics/history.md');
    await appendFile(history, '\nOne more line.\n');
    const second = await store.getRelease('mini-course');
    expect(second?.version).not.toBe(first?.version);

    // A same-size rewrite is noticed through its new modification time.
    const original = await readFile(history, 'utf8');
    await writeFile(history, original.replace('One more line.', 'One more LINE.'));
    await utimes(history, new Date(), new Date(Date.now() + 5_000));
    const third = await store.getRelease('mini-course');
    expect(third?.version).not.toBe(second?.version);
    expect(third?.files.find((file) => file.path === 'chapters/basics/history.md')?.sha256).toBe(sha256Hex(await readFile(history)));
  });

  it('reads files and refuses bytes that changed since the release', async () => {
    const store = new FsContentStore(root.path);
    const release = await store.getRelease('mini-course');
    const file = release?.files.find((entry) => entry.path === 'course.yaml');
    if (file === undefined) throw new Error('fixture has no course.yaml');
    expect(await store.readFile('mini-course', file)).toEqual(new Uint8Array(await readFile(join(courseDir, 'course.yaml'))));
    await appendFile(join(courseDir, 'course.yaml'), '# edited\n');
    await expect(store.readFile('mini-course', file)).rejects.toBeInstanceOf(ContentIntegrityError);
  });

  it('refuses path traversal in course ids and file paths', async () => {
    await writeFile(join(root.path, 'secret.txt'), 'secret');
    const store = new FsContentStore(join(root.path));
    const secret = { path: '../secret.txt', sha256: sha256Hex('secret'), size: 6 };
    await expect(store.readFile('mini-course', secret)).rejects.toBeInstanceOf(ContentPathError);
    await expect(store.readFile('mini-course', { ...secret, path: '/etc/passwd' })).rejects.toBeInstanceOf(ContentPathError);
    await expect(store.readFile('mini-course', { ...secret, path: 'chapters/../../secret.txt' })).rejects.toBeInstanceOf(ContentPathError);
    await expect(store.readFile('..', { ...secret, path: 'secret.txt' })).rejects.toBeInstanceOf(ContentPathError);
    await expect(store.getRelease('../mini-course')).rejects.toBeInstanceOf(ContentPathError);
  });

  it('refuses symbolic links that leave the content folder, and follows ones that stay inside', async () => {
    const outside = await tempDir('outside');
    try {
      await writeFile(join(outside.path, 'secret.txt'), 'secret');
      await symlink(join(root.path, 'mini-course', 'glossary.yaml'), join(courseDir, 'assets', 'glossary-copy.yaml'));
      const store = new FsContentStore(root.path);
      const inside = await store.getRelease('mini-course');
      expect(inside?.files.map((file) => file.path)).toContain('assets/glossary-copy.yaml');

      await symlink(join(outside.path, 'secret.txt'), join(courseDir, 'assets', 'secret.txt'));
      await expect(store.getRelease('mini-course')).rejects.toThrow(/assets\/secret\.txt is a link to outside the content folder/);
      await expect(store.readFile('mini-course', { path: 'assets/secret.txt', sha256: sha256Hex('secret'), size: 6 })).rejects.toBeInstanceOf(ContentPathError);
      await expect(readBundleDir(courseDir)).rejects.toBeInstanceOf(ContentPathError);
    } finally {
      await outside.remove();
    }
  });
});
