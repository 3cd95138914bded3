// The credential cache against the real revocation log (migration 0014) on PGlite and PostgreSQL,
// with a hand-driven clock for the bound: what is served from the cache, when the log is read,
// that a load racing a revocation is not remembered, and (PostgreSQL, where two transactions can
// be open at once) that a revocation committed after a newer read is still seen.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgCredentialRevocations, type Database } from '@cc/db';
import { testDatabases } from '@cc/db/testing';
import { CredentialCache, type Verified } from './credential-cache.ts';

describe.each(testDatabases())('the credential cache on $name', (testDb) => {
  let database: Database;
  beforeAll(async () => {
    database = await testDb.open();
  });
  afterAll(() => database?.close());

  let elapsed = 0;
  const cacheOf = () => new CredentialCache(new PgCredentialRevocations(database.db), { boundMs: 1_000, ttlMs: 60_000, elapsed: () => elapsed });
  const learnerWithSession = async () => {
    const id = randomUUID();
    const token = randomUUID();
    const now = new Date();
    await database.db.insertInto('learner').values({ id, tier: 'free', created_at: now.toISOString() }).execute();
    await database.db.insertInto('auth_session').values({ token_hash: token, learner_id: id, created_at: now, expires_at: new Date(now.getTime() + 86_400_000) }).execute();
    return { id, token };
  };
  /** Loads like the bearer door: the session's learner, if the row is there. */
  const loader = (token: string, counter: { loads: number }) => async (): Promise<Verified<string> | undefined> => {
    counter.loads++;
    const row = await database.db.selectFrom('auth_session').select(['learner_id', 'expires_at']).where('token_hash', '=', token).executeTakeFirst();
    return row && { value: row.learner_id, learnerId: row.learner_id, expiresAt: new Date(row.expires_at).getTime() };
  };
  const revoke = (token: string) => database.db.deleteFrom('auth_session').where('token_hash', '=', token).execute();

  it('serves a verified credential without loading it again, until the log names its learner', async () => {
    const cache = cacheOf();
    const { id, token } = await learnerWithSession();
    const counter = { loads: 0 };
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBe(id);
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBe(id);
    expect(counter.loads).toBe(1);

    await revoke(token);
    // Within the bound the process may still answer from the cache; past it, it reads the log first.
    elapsed += 1_001;
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBeUndefined();
    expect(counter.loads).toBe(2);
  });

  it('forgets at once after sync(), and never serves an entry past its expiry', async () => {
    const cache = cacheOf();
    const { token } = await learnerWithSession();
    const counter = { loads: 0 };
    await cache.get(token, Date.now(), loader(token, counter));
    await revoke(token);
    await cache.sync();
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBeUndefined();

    const other = await learnerWithSession();
    const c2 = { loads: 0 };
    await cache.get(other.token, Date.now(), loader(other.token, c2));
    await cache.get(other.token, Date.now() + 2 * 86_400_000, loader(other.token, c2));
    expect(c2.loads).toBe(2);
  });

  it('does not remember a load that a revocation overtook', async () => {
    const cache = cacheOf();
    const { id, token } = await learnerWithSession();
    const counter = { loads: 0 };
    await cache.get('warm-up', Date.now(), async () => undefined);
    // The load finds the session, then (before it is stored) the session is revoked and this
    // process reads the log: the answer stands for this request, but is not cached.
    const racing = async () => {
      const found = await loader(token, counter)();
      await revoke(token);
      await cache.sync();
      return found;
    };
    expect(await cache.get(token, Date.now(), racing)).toBe(id);
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBeUndefined();
  });

  it.skipIf(testDb.name !== 'postgres')('sees a revocation whose transaction commits after a newer read (xmin watermark)', async () => {
    const cache = cacheOf();
    const { token } = await learnerWithSession();
    const counter = { loads: 0 };
    await cache.get(token, Date.now(), loader(token, counter));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let deleted!: () => void;
    const inside = new Promise<void>((r) => (deleted = r));
    const slow = database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('auth_session').where('token_hash', '=', token).execute();
      deleted();
      await held;
    });
    await inside;
    // A newer transaction revokes something else and commits first; this process reads the log.
    const other = await learnerWithSession();
    await revoke(other.token);
    await cache.sync();
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBe((await database.db.selectFrom('auth_session').select('learner_id').where('token_hash', '=', token).executeTakeFirst())?.learner_id);
    release();
    await slow;
    await cache.sync();
    expect(await cache.get(token, Date.now(), loader(token, counter))).toBeUndefined();
  });
});
