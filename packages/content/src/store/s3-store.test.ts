import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Course } from '@cc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedCourseCatalog } from '../catalog.ts';
import { main } from '../cli/main.ts';
import { bundleVersion, sha256Hex } from '../load/version.ts';
import { copyMiniCourse, memoryLogger, tempDir } from '../test-support/fixtures.ts';
import { startS3rver, type TestBucket } from '../test-support/s3rver.ts';
import { contentStoreFromEnv, s3OptionsFromEnv } from './from-env.ts';
import { readBundleDir } from './fs-walk.ts';
import { BundleInvalidError, pushBundle } from './push.ts';
import { S3ContentStore, S3StoreError } from './s3-store.ts';
import type { Release } from './types.ts';

let bucket: TestBucket;
let work: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  bucket = await startS3rver();
  work = await tempDir('s3');
});
afterAll(async () => {
  await bucket.stop();
  await work.remove();
});

function storeFor(prefix: string): S3ContentStore {
  const options = s3OptionsFromEnv({ ...bucket.env, CONTENT_S3_PREFIX: prefix });
  if (options === undefined) throw new Error('test env names no bucket');
  return new S3ContentStore(options);
}

describe('pushBundle and S3ContentStore on s3rver', () => {
  const store = () => storeFor('push/');
  let dir: string;

  beforeAll(async () => {
    dir = await copyMiniCourse(work.path);
  });

  it('uploads every blob and the release on the first push', async () => {
    const local = await readBundleDir(dir);
    const progress: number[] = [];
    const result = await pushBundle(dir, store(), { now: () => new Date('2026-01-01T00:00:00Z'), onProgress: (update) => progress.push(update.done) });
    const bytes = [...local.values()].reduce((sum, file) => sum + file.byteLength, 0);
    expect(result).toMatchObject({ courseId: 'mini-course', uploaded: local.size, skipped: 0, bytes, released: true, dryRun: false });
    expect(progress).toEqual(Array.from({ length: local.size + 1 }, (_, index) => index));
    expect(result.warnings.map((warning) => warning.file)).toEqual(['chapters/practice/applying-tokens.md']);

    const release = await store().getRelease('mini-course');
    expect(release).toEqual({
      format: 1,
      courseId: 'mini-course',
      version: result.version,
      publishedAt: '2026-01-01T00:00:00.000Z',
      files: [...local].map(([path, file]) => ({ path, sha256: sha256Hex(file), size: file.byteLength })),
    });
    expect(result.version).toBe(bundleVersion(release?.files ?? []));
    expect(await store().listCourseIds()).toEqual(['mini-course']);
  });

  it('uploads nothing and leaves release.json alone on a second push', async () => {
    const local = await readBundleDir(dir);
    const result = await pushBundle(dir, store(), { now: () => new Date('2026-02-02T00:00:00Z') });
    expect(result).toMatchObject({ uploaded: 0, skipped: local.size, bytes: 0, released: false });
    expect((await store().getRelease('mini-course'))?.publishedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('reads every file back byte for byte', async () => {
    const local = await readBundleDir(dir);
    const release = await store().getRelease('mini-course');
    for (const file of release?.files ?? []) {
      expect(await store().readFile('mini-course', file)).toEqual(local.get(file.path));
    }
  });

  it('verifies blob hashes when reading', async () => {
    const release = await store().getRelease('mini-course');
    const file = release?.files[0];
    if (file === undefined) throw new Error('empty release');
    await expect(store().readFile('mini-course', { ...file, sha256: sha256Hex('not there') })).rejects.toBeInstanceOf(S3StoreError);
    const impostor = sha256Hex('impostor');
    await store().putBlob(impostor, new TextEncoder().encode('other bytes'));
    await expect(store().readFile('mini-course', { path: 'x', sha256: impostor, size: 11 })).rejects.toThrow(/corrupted/);
  });

  it('refuses to push an invalid bundle and uploads nothing', async () => {
    const broken = await copyMiniCourse(work.path, 'broken-course');
    await writeFile(join(broken, 'course.yaml'), (await readFile(join(broken, 'course.yaml'), 'utf8')).replace('id: mini-course', 'id: broken-course').replace('access: free', 'access: open'));
    const target = storeFor('refused/');
    const error = await pushBundle(broken, target).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BundleInvalidError);
    expect((error as BundleInvalidError).problems).toContainEqual(expect.objectContaining({ file: 'course.yaml', field: 'chapters[0].access' }));
    expect(await target.existingBlobs([sha256Hex('anything')])).toEqual(new Set());
    expect(await target.listCourseIds()).toEqual([]);
  });

  it('publishes through the CLI with plain progress lines', async () => {
    const dirForCli = await copyMiniCourse(work.path, 'cli-course');
    await writeFile(join(dirForCli, 'course.yaml'), (await readFile(join(dirForCli, 'course.yaml'), 'utf8')).replace('id: mini-course', 'id: cli-course'));
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const sink = (append: (text: string) => void) => new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
      const code = await main(args, { stdout: sink((text) => (out += text)), stderr: sink((text) => (err += text)), env: { ...bucket.env, CONTENT_S3_PREFIX: 'cli/' }, cwd: work.path });
      return { code, out, err };
    };
    const files = (await readBundleDir(dirForCli)).size;
    const first = await run(['push', 'cli-course']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`[${files}/${files}] uploaded `);
    expect(first.out).toContain(`uploaded ${files}, skipped 0 (already in the bucket)`);
    expect(first.out).toContain('wrote courses/cli-course/release.json');

    await appendFile(join(dirForCli, 'chapters/basics/history.md'), '\nNew paragraph.\n');
    const dry = await run(['push', 'cli-course', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`would upload 1, skipped ${files - 1}`);
    expect(dry.out).toContain('would write courses/cli-course/release.json');
    const again = await run(['push', 'cli-course']);
    expect(again.out).toContain(`uploaded 1, skipped ${files - 1}`);
    const unchanged = await run(['push', 'cli-course']);
    expect(unchanged.out).toContain(`uploaded 0, skipped ${files}`);
    expect(unchanged.out).toContain('release.json already serves this version; left unchanged');
  });
});

describe('CachedCourseCatalog over S3', () => {
  const store = () => storeFor('catalog/');
  let dir: string;
  const loaded: string[] = [];
  const logger = memoryLogger();
  let catalog: CachedCourseCatalog;

  const put = (key: string, body: string) => store().client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: `catalog/${key}`, Body: body }));

  beforeAll(async () => {
    // the folder name is the course id, so each copy gets its own parent folder
    dir = await copyMiniCourse(join(work.path, 'catalog-src'));
    await pushBundle(dir, store());
    catalog = new CachedCourseCatalog(store(), {
      refreshSeconds: 0,
      logger,
      onLoaded: (course: Course) => {
        loaded.push(course.version);
      },
    });
  });

  it('loads the pushed course', async () => {
    const course = await catalog.get('mini-course');
    const release = await store().getRelease('mini-course');
    expect(course?.version).toBe(release?.version);
    expect((await catalog.list()).map((entry) => entry.id)).toEqual(['mini-course']);
    expect(loaded).toEqual([release?.version]);
  });

  it('picks up a newly pushed version without being recreated', async () => {
    const before = await catalog.get('mini-course');
    await appendFile(join(dir, 'chapters/basics/history.md'), '\nA new closing paragraph.\n');
    const pushed = await pushBundle(dir, store());
    expect(pushed.uploaded).toBe(1);
    const after = await catalog.get('mini-course');
    expect(after?.version).toBe(pushed.version);
    expect(after?.version).not.toBe(before?.version);
    expect(after?.steps.find((step) => step.id === 'history')?.markdown).toContain('A new closing paragraph.');
    expect(loaded).toEqual([before?.version, pushed.version]);
  });

  it('keeps serving the old version when the new release is an invalid bundle', async () => {
    const serving = (await catalog.get('mini-course'))?.version;
    const current = await store().getRelease('mini-course');
    if (current === undefined) throw new Error('no release');
    const brokenYaml = (await readFile(join(dir, 'course.yaml'), 'utf8')).replace('access: free', 'access: open');
    const bytes = new TextEncoder().encode(brokenYaml);
    await store().putBlob(sha256Hex(bytes), bytes);
    const files = current.files.map((file) => (file.path === 'course.yaml' ? { path: file.path, sha256: sha256Hex(bytes), size: bytes.byteLength } : file));
    const invalid: Release = { format: 1, courseId: 'mini-course', version: bundleVersion(files), files };
    await store().putRelease(invalid);

    expect((await catalog.get('mini-course'))?.version).toBe(serving);
    const entry = logger.entries.find((logged) => logged.level === 'error' && logged.message.includes(invalid.version));
    expect(entry?.message).toContain(`still serving version ${serving}`);
    expect(entry?.data).toMatchObject({ problems: [expect.stringMatching(/^course\.yaml:\d+ chapters\[0\]\.access: expected one of free, premium/)] });
    // the rejected version is not reloaded (or logged) on every call
    const errors = logger.entries.length;
    await catalog.get('mini-course');
    expect(logger.entries.length).toBe(errors);
    expect(loaded).toHaveLength(2);
  });

  it('keeps serving the old version when a blob is corrupted or release.json is garbage', async () => {
    const serving = (await catalog.get('mini-course'))?.version;
    const current = await store().getRelease('mini-course');
    if (current === undefined) throw new Error('no release');
    const fake = sha256Hex('what the release promises');
    await store().putBlob(fake, new TextEncoder().encode('what the bucket holds'));
    const files = [...current.files.filter((file) => file.path !== 'assets/merges.svg'), { path: 'assets/merges.svg', sha256: fake, size: 21 }];
    await store().putRelease({ format: 1, courseId: 'mini-course', version: bundleVersion(files), files });
    expect((await catalog.get('mini-course'))?.version).toBe(serving);
    expect(logger.entries.at(-1)).toMatchObject({ level: 'error', data: { error: expect.stringMatching(/corrupted/) } });

    await put('courses/mini-course/release.json', '{ "format": 1, "courseId": "mini-course", "version": "x"');
    expect((await catalog.get('mini-course'))?.version).toBe(serving);
    expect(logger.entries.at(-1)).toMatchObject({ level: 'error', data: { error: expect.stringMatching(/release\.json of mini-course is not JSON/) } });
  });

  it('serves the cached version while the bucket is down', async () => {
    const down = await startS3rver();
    const options = s3OptionsFromEnv(down.env);
    if (options === undefined) throw new Error('no bucket');
    const target = new S3ContentStore(options);
    const courseDir = await copyMiniCourse(join(work.path, 'down-src'));
    await pushBundle(courseDir, target);
    const downLogger = memoryLogger();
    const downCatalog = new CachedCourseCatalog(target, { refreshSeconds: 0, logger: downLogger });
    const before = await downCatalog.get('mini-course');
    expect(before).toBeDefined();
    await down.stop();
    expect(await downCatalog.get('mini-course')).toBe(before);
    expect((await downCatalog.list()).map((course) => course.id)).toEqual(['mini-course']);
    expect(downLogger.entries.filter((entry) => entry.level === 'error').length).toBeGreaterThanOrEqual(2);
    expect(downLogger.entries.at(-1)?.message).toContain(`still serving version ${before?.version}`);
  });
});

describe('contentStoreFromEnv', () => {
  it('chooses the bucket when CONTENT_S3_BUCKET is set', () => {
    const store = contentStoreFromEnv(bucket.env, { coursesDir: '/nowhere' });
    expect(store).toBeInstanceOf(S3ContentStore);
    expect(store.describe()).toBe(`bucket s3://courses/cc/ at ${bucket.endpoint}`);
  });
});
