import { basename, resolve } from 'node:path';
import { parseBundle } from '../load/parse-bundle.ts';
import type { Problem } from '../load/problems.ts';
import { bundleVersion, sha256Hex } from '../load/version.ts';
import { readBundleDir } from './fs-walk.ts';
import { ContentIntegrityError, type PublishTarget, type Release, type ReleaseFile } from './types.ts';

export interface PushProgress {
  /** Blobs uploaded so far (or that would be, in a dry run). */
  done: number;
  /** Blobs to upload. */
  total: number;
  bytesDone: number;
  bytesTotal: number;
  /** The file just uploaded. */
  path?: string;
}

export interface PushOptions {
  onProgress?: (progress: PushProgress) => void;
  /** Validate and compare with the bucket, but write nothing. */
  dryRun?: boolean;
  /** Parallel uploads (default 4). */
  concurrency?: number;
  now?: () => Date;
}

export interface PushResult {
  courseId: string;
  version: string;
  /** Blobs uploaded (would be uploaded, in a dry run). */
  uploaded: number;
  /** Blobs the bucket already had. */
  skipped: number;
  /** Bytes uploaded. */
  bytes: number;
  /** Whether release.json was (or would be) written: false when the bucket already serves this version. */
  released: boolean;
  dryRun: boolean;
  /** The bundle's warnings. */
  warnings: Problem[];
}

/** The bundle has errors; nothing was pushed. */
export class BundleInvalidError extends Error {
  override readonly name = 'BundleInvalidError';
  constructor(readonly problems: Problem[]) {
    const errors = problems.filter((problem) => problem.severity === 'error').length;
    super(`the bundle has ${errors} error${errors === 1 ? '' : 's'}; nothing was pushed`);
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Publishes the bundle in `dir` (its folder name is the course id): validates it (refusing on
 * errors), uploads the blobs the store lacks, then writes release.json last, and only when the
 * version changed; so readers never see a half-pushed release and a repeated push writes nothing.
 */
export async function pushBundle(dir: string, target: PublishTarget, options: PushOptions = {}): Promise<PushResult> {
  const folder = resolve(dir);
  const courseId = basename(folder);
  const files = await readBundleDir(folder);
  const parsed = parseBundle(files, { courseId });
  if (parsed.course === undefined) throw new BundleInvalidError(parsed.problems);

  const releaseFiles: ReleaseFile[] = [...files].map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), size: bytes.byteLength }));
  const version = bundleVersion(releaseFiles);
  const blobs = new Map<string, { path: string; bytes: Uint8Array }>();
  for (const file of releaseFiles) {
    if (!blobs.has(file.sha256)) blobs.set(file.sha256, { path: file.path, bytes: files.get(file.path) as Uint8Array });
  }

  const existing = await target.existingBlobs([...blobs.keys()]);
  const missing = [...blobs].filter(([sha]) => !existing.has(sha));
  const progress: PushProgress = {
    done: 0,
    total: missing.length,
    bytesDone: 0,
    bytesTotal: missing.reduce((sum, [, blob]) => sum + blob.bytes.byteLength, 0),
  };
  options.onProgress?.({ ...progress });
  await eachLimited(missing, options.concurrency ?? 4, async ([sha, blob]) => {
    if (!options.dryRun) await target.putBlob(sha, blob.bytes);
    progress.done += 1;
    progress.bytesDone += blob.bytes.byteLength;
    options.onProgress?.({ ...progress, path: blob.path });
  });

  // A corrupted release.json is replaced, not fatal: that is what a push is for.
  const current = await target.getRelease(courseId).catch((error: unknown) => {
    if (error instanceof ContentIntegrityError) return undefined;
    throw error;
  });
  const released = current?.version !== version;
  if (released && !options.dryRun) {
    const release: Release = {
      format: 1,
      courseId,
      version,
      publishedAt: (options.now?.() ?? new Date()).toISOString(),
      files: releaseFiles,
    };
    await target.putRelease(release);
  }

  return {
    courseId,
    version,
    uploaded: missing.length,
    skipped: blobs.size - missing.length,
    bytes: progress.bytesDone,
    released,
    dryRun: options.dryRun === true,
    warnings: parsed.problems.filter((problem) => problem.severity === 'warning'),
  };
}
