import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { DataDirInUseError } from './data-dir-lock.ts';

describe('embedded database directory ownership', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second opener of the same DATA_DIR and admits one after the first closes', async () => {
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    await second.close();
  });

  it('takes over the lock of a process that no longer exists', async () => {
    const first = await openDatabase({ dataDir: dir });
    await first.close();
    // A crashed owner leaves its file behind; pid 2^22+1 is above Linux's pid_max default.
    await writeFile(join(dir, 'pglite', 'owner.lock'), JSON.stringify({ pid: 4_194_305, host: hostname(), since: 'then' }));
    const db = await openDatabase({ dataDir: dir });
    await db.close();
  });
});
