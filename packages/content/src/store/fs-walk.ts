import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export class ContentPathError extends Error {
  override readonly name = 'ContentPathError';
}

export interface WalkedFile {
  /** POSIX path relative to the bundle folder. */
  path: string;
  absolute: string;
  size: number;
  mtimeMs: number;
}

/** True when `child` is `parent` or inside it (both absolute, resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..' && !/^[A-Za-z]:/.test(rel));
}

/**
 * Every file of a bundle folder, sorted by path. Dotfiles and dot-folders are skipped; symbolic links
 * are followed only when they resolve inside `root` (default: the folder itself), else this throws.
 */
export async function walkBundle(dir: string, root: string = dir): Promise<WalkedFile[]> {
  const realRoot = await realpath(root);
  const files: WalkedFile[] = [];
  const visited = new Set<string>();

  const visit = async (absolute: string, path: string): Promise<void> => {
    const real = await realpath(absolute);
    if (!isInside(realRoot, real)) throw new ContentPathError(`${path || '.'} is a link to outside the content folder`);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const childAbsolute = join(absolute, entry.name);
      const childPath = path === '' ? entry.name : `${path}/${entry.name}`;
      let info = entry.isSymbolicLink() ? await lstat(childAbsolute) : undefined;
      if (info?.isSymbolicLink()) {
        const target = await realpath(childAbsolute).catch(() => undefined);
        if (target === undefined) continue; // dangling link: not a file of the bundle
        if (!isInside(realRoot, target)) throw new ContentPathError(`${childPath} is a link to outside the content folder`);
        info = await stat(childAbsolute);
        if (info.isDirectory()) {
          await visit(childAbsolute, childPath);
          continue;
        }
      }
      if (entry.isDirectory()) {
        await visit(childAbsolute, childPath);
        continue;
      }
      const fileInfo = info ?? (await stat(childAbsolute));
      if (!fileInfo.isFile()) continue;
      files.push({ path: childPath, absolute: childAbsolute, size: fileInfo.size, mtimeMs: fileInfo.mtimeMs });
    }
  };

  await visit(dir, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A bundle folder as the `path -> bytes` map `parseBundle` takes. */
export async function readBundleDir(dir: string): Promise<Map<string, Uint8Array>> {
  const files = await walkBundle(dir);
  const contents = await Promise.all(files.map(async (file) => [file.path, new Uint8Array(await readFile(file.absolute))] as const));
  return new Map(contents);
}
