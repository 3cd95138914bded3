import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isSlug } from '../format/common.ts';
import { isSafeBundlePath } from '../format/release.ts';
import { bundleVersion, sha256Hex } from '../load/version.ts';
import { ContentPathError, isInside, walkBundle } from './fs-walk.ts';
import { ContentIntegrityError, type ContentStore, type Release, type ReleaseFile } from './types.ts';

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/**
 * Courses in a folder: each sub-folder with a course.yaml is a course (the folder name is its id).
 * The release is the folder's current file list; file hashes are remembered by path, size and
 * modification time, so checking for a new version costs a directory walk and a stat per file.
 * A course folder that lost its course.yaml still has a release (an invalid one, so a catalog keeps
 * serving the last good version); only removing the folder removes the course.
 */
export class FsContentStore implements ContentStore {
  readonly root: string;
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
  }

  describe(): string {
    return `folder ${this.root}`;
  }

  async listCourseIds(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true });
    const ids: string[] = [];
    for (const entry of entries) {
      if (!isSlug(entry.name) || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
      if (await exists(join(this.root, entry.name, 'course.yaml'))) ids.push(entry.name);
    }
    return ids.sort();
  }

  private courseDir(courseId: string): string {
    if (!isSlug(courseId)) throw new ContentPathError(`invalid course id ${JSON.stringify(courseId)}`);
    return join(this.root, courseId);
  }

  async getRelease(courseId: string): Promise<Release | undefined> {
    const dir = this.courseDir(courseId);
    if (!(await isDirectory(dir))) return undefined;
    const walked = await walkBundle(dir, this.root);
    const files: ReleaseFile[] = await Promise.all(
      walked.map(async (file) => {
        const known = this.hashes.get(file.absolute);
        if (known !== undefined && known.size === file.size && known.mtimeMs === file.mtimeMs) {
          return { path: file.path, sha256: known.sha256, size: file.size };
        }
        const sha256 = await hashFile(file.absolute);
        this.hashes.set(file.absolute, { size: file.size, mtimeMs: file.mtimeMs, sha256 });
        return { path: file.path, sha256, size: file.size };
      }),
    );
    return { format: 1, courseId, version: bundleVersion(files), files };
  }

  async readFile(courseId: string, file: ReleaseFile): Promise<Uint8Array> {
    const dir = this.courseDir(courseId);
    if (!isSafeBundlePath(file.path)) throw new ContentPathError(`invalid file path ${JSON.stringify(file.path)}`);
    const absolute = join(dir, ...file.path.split('/'));
    const [realRoot, realFile] = await Promise.all([realpath(this.root), realpath(absolute)]);
    if (!isInside(realRoot, realFile)) throw new ContentPathError(`${courseId}/${file.path} is a link to outside the content folder`);
    const bytes = new Uint8Array(await readFile(realFile));
    if (bytes.byteLength !== file.size || sha256Hex(bytes) !== file.sha256) {
      throw new ContentIntegrityError(`${courseId}/${file.path} changed since its release was read`);
    }
    return bytes;
  }
}
