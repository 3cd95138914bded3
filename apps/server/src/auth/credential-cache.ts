// A per-process cache of verified credentials (bearer sessions, web session cookies, MCP access
// tokens), safe with several replicas: what to forget comes from the database's revocation log
// (migration 0014: triggers log every deleted session, account and learner, whichever code path
// deleted it). A cached credential is used only while this process has read the log within the
// last BOUND; otherwise the request first waits for a fresh read (one read per process at a time,
// so at most one small query per BOUND whatever the load). A revocation committed at time t is
// therefore honoured by every replica from t + BOUND at the latest, and at once by the replica
// that handled it (`syncAfterRevocations` reads the log before that request answers).
// Only identity is cached (credential -> learner id); a learner's tier and everything else is
// read by each use-case, so a tier change takes effect on the next request.
import type { MiddlewareHandler } from 'hono';
import type { RevocationRead } from '@cc/db';

/** The staleness bound: how old this process's last read of the revocation log may be. */
export const CREDENTIAL_CACHE_BOUND_MS = 1_000;
/** A cached credential is re-verified from scratch at least this often (session refresh, expiry). */
export const CREDENTIAL_CACHE_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 20_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface RevocationFeed {
  readSince(watermark: string | undefined): Promise<RevocationRead>;
  prune(now: Date): Promise<void>;
}

/** What a load found: the value to return, whose credential it is, and until when it is valid (ms). */
export interface Verified<V> {
  value: V;
  learnerId: string;
  expiresAt: number;
}

interface Entry {
  value: unknown;
  learnerId: string;
  expiresAt: number;
  storedAt: number;
}

export interface CredentialCacheOptions {
  boundMs?: number;
  ttlMs?: number;
  maxEntries?: number;
  /** Monotonic milliseconds (the bound and the TTL); default performance.now. */
  elapsed?: () => number;
  onError?: (error: unknown) => void;
  /** Counts lookups answered from the cache (hit) and verified afresh (miss). */
  meter?: { hit(): void; miss(): void };
}

export class CredentialCache {
  readonly #feed: RevocationFeed;
  readonly #boundMs: number;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #elapsed: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #meter: { hit(): void; miss(): void } | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #byLearner = new Map<string, Set<string>>();
  #watermark: string | undefined;
  /** When the last completed read of the log started (elapsed ms). */
  #checkedAt = Number.NEGATIVE_INFINITY;
  #reading: { startedAt: number; done: Promise<void> } | undefined;
  /** Bumped whenever a read revoked something: a load that straddled it is not stored. */
  #epoch = 0;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(feed: RevocationFeed, options: CredentialCacheOptions = {}) {
    this.#feed = feed;
    this.#boundMs = options.boundMs ?? CREDENTIAL_CACHE_BOUND_MS;
    this.#ttlMs = options.ttlMs ?? CREDENTIAL_CACHE_TTL_MS;
    this.#maxEntries = options.maxEntries ?? MAX_ENTRIES;
    this.#elapsed = options.elapsed ?? (() => performance.now());
    this.#onError = options.onError ?? (() => undefined);
    this.#meter = options.meter;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The value cached under `key`, else what `load` verifies (then cached). `now` is the clock the
   * credential's expiry is judged by. When the log cannot be read, nothing is served from or
   * stored in the cache: every request verifies its credential as if there were no cache.
   */
  async get<V>(key: string, now: number, load: () => Promise<Verified<V> | undefined>): Promise<V | undefined> {
    let fresh = true;
    try {
      await this.#readStartedSince(this.#elapsed() - this.#boundMs);
    } catch (error) {
      fresh = false;
      this.#onError(error);
    }
    if (fresh) {
      const entry = this.#entries.get(key);
      if (entry && entry.expiresAt > now && this.#elapsed() - entry.storedAt < this.#ttlMs) {
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        this.#meter?.hit();
        return entry.value as V;
      }
      if (entry) this.#drop(key);
    }
    this.#meter?.miss();
    const epoch = this.#epoch;
    const found = await load();
    if (!found) return undefined;
    if (fresh && epoch === this.#epoch && found.expiresAt > now) this.#store(key, found);
    return found.value;
  }

  /** Forgets one credential at once (this process's own sign-out). */
  forget(key: string): void {
    this.#drop(key);
  }

  /** Reads the log now (a read that starts after this call): what was revoked so far is forgotten. */
  async sync(): Promise<void> {
    const before = this.#reading;
    if (before) await before.done.catch(() => undefined);
    // A read started while we waited began after this call: it sees everything committed before it.
    const after = this.#reading;
    if (after && after !== before) return after.done;
    return this.#start();
  }

  async #readStartedSince(since: number): Promise<void> {
    for (;;) {
      if (this.#checkedAt >= since) return;
      const reading = this.#reading;
      if (reading && reading.startedAt >= since) return reading.done;
      if (!reading) return this.#start();
      await reading.done.catch(() => undefined);
    }
  }

  #start(): Promise<void> {
    const startedAt = this.#elapsed();
    const done: Promise<void> = this.#read(startedAt).finally(() => {
      if (this.#reading?.done === done) this.#reading = undefined;
    });
    this.#reading = { startedAt, done };
    return done;
  }

  async #read(startedAt: number): Promise<void> {
    const read = await this.#feed.readSince(this.#watermark);
    // Entries stored before a long gap are past their TTL anyway; the log may have been pruned.
    if (startedAt - this.#checkedAt > this.#ttlMs) this.#clear();
    if (read.learnerIds.length > 0) {
      this.#epoch++;
      for (const id of read.learnerIds) this.#forgetLearner(id);
    }
    this.#watermark = read.watermark;
    this.#checkedAt = Math.max(this.#checkedAt, startedAt);
    if (startedAt - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = startedAt;
      this.#feed.prune(new Date()).catch(this.#onError);
    }
  }

  #store(key: string, found: Verified<unknown>): void {
    this.#drop(key);
    this.#entries.set(key, { value: found.value, learnerId: found.learnerId, expiresAt: found.expiresAt, storedAt: this.#elapsed() });
    let keys = this.#byLearner.get(found.learnerId);
    if (!keys) this.#byLearner.set(found.learnerId, (keys = new Set()));
    keys.add(key);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#drop(oldest.value);
    }
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const keys = this.#byLearner.get(entry.learnerId);
    keys?.delete(key);
    if (keys?.size === 0) this.#byLearner.delete(entry.learnerId);
  }

  #forgetLearner(learnerId: string): void {
    const keys = this.#byLearner.get(learnerId);
    if (!keys) return;
    for (const key of keys) this.#entries.delete(key);
    this.#byLearner.delete(learnerId);
  }

  #clear(): void {
    this.#entries.clear();
    this.#byLearner.clear();
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requests that may revoke a credential: accounts (sign-out, deletion, sign-up's guest claim), sessions, admin. */
const revokes = (method: string, path: string) =>
  !SAFE_METHODS.has(method) &&
  (path.startsWith('/api/auth/') ||
    path === '/signup' ||
    path.startsWith('/api/v1/sessions') ||
    path === '/api/v1/me' ||
    path.startsWith('/api/admin/'));

/**
 * Makes revocations immediate on the replica that handled them: after such a request, and before
 * it answers, this process reads the revocation log (other replicas within the bound).
 */
export function syncAfterRevocations(cache: Pick<CredentialCache, 'sync'>, onError: (error: unknown) => void): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (revokes(c.req.method, c.req.path)) await cache.sync().catch(onError);
  };
}
