// A bounded, time-limited cache of validated documents, honouring the response's Cache-Control.
import type { CimdPolicy } from './policy.ts';

/** Seconds a response may be cached: 0 for no-store/no-cache, else max-age clamped to the policy. */
export function cacheSeconds(cacheControl: string | null, policy: CimdPolicy): number {
  const cc = (cacheControl ?? '').toLowerCase();
  if (/(^|[\s,])(no-store|no-cache|private)([\s,=]|$)/.test(cc)) return 0;
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d+)"?/.exec(cc)?.[1];
  const seconds = maxAge !== undefined ? Number(maxAge) : policy.defaultCacheSeconds;
  return Math.max(0, Math.min(seconds, policy.maxCacheSeconds));
}

export class ExpiringCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, seconds: number): void {
    this.#entries.delete(key);
    if (seconds <= 0 || this.capacity <= 0) return;
    while (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expires: this.now() + seconds * 1000 });
  }

  get size(): number {
    return this.#entries.size;
  }
}
