// PGlite is one process's database: a second process opening the same directory would corrupt
// it. An owner file taken with O_EXCL refuses the second opener; a stale one (its process is gone)
// is taken over, so a crash never locks the data away.
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the database in ${dir} is already open in process ${pid}; stop it or use another DATA_DIR`);
    this.name = 'DataDirInUseError';
  }
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function readOwner(file: string): Promise<Owner | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<Owner>;
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? { pid: value.pid, host: value.host, since: String(value.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the directory for this process; resolves to the function that gives it back. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'owner.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      const me: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return async () => {
        const owner = await readOwner(file);
        if (owner?.pid === process.pid) await rm(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = await readOwner(file);
      // Another host sharing the folder cannot be checked: refuse rather than risk corruption.
      if (owner && (owner.host !== hostname() || alive(owner.pid))) throw new DataDirInUseError(dir, owner.pid);
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not take ${file}`);
}
