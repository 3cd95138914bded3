// Limits and network rules for fetching OAuth Client ID Metadata Documents (CIMD).
import { isIP } from 'node:net';

export interface CimdPolicy {
  /** Abort the fetch after this many milliseconds. */
  timeoutMs: number;
  /** Refuse documents larger than this many bytes. */
  maxBytes: number;
  /** Cached documents: how many, and how long at most / by default (Cache-Control may shorten). */
  cacheEntries: number;
  maxCacheSeconds: number;
  defaultCacheSeconds: number;
  /** TESTS ONLY: accept http:// client ids on loopback hosts (and loopback addresses). */
  allowLoopback: boolean;
}

export const DEFAULT_CIMD_POLICY: CimdPolicy = {
  timeoutMs: 5000,
  maxBytes: 5 * 1024,
  cacheEntries: 1000,
  maxCacheSeconds: 24 * 3600,
  defaultCacheSeconds: 300,
  allowLoopback: false,
};

/** A refusal worth telling the client about (becomes OAuth `invalid_client`). */
export class CimdError extends Error {
  override name = 'CimdError';
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Looks like a URL client id (so CIMD owns it, and refuses it clearly when it is not acceptable). */
export function isUrlClientId(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

/** Checks the client id URL against the draft's rules; returns the parsed URL. */
export function checkClientIdUrl(clientId: string, policy: CimdPolicy): URL {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new CimdError('client_id is not a valid URL');
  }
  const loopbackHttp = policy.allowLoopback && url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) throw new CimdError('a URL client_id must use https');
  if (url.username || url.password) throw new CimdError('a URL client_id must not contain credentials');
  if (url.hash || clientId.includes('#')) throw new CimdError('a URL client_id must not contain a fragment');
  if (url.pathname === '/' || url.pathname === '') throw new CimdError('a URL client_id must contain a path');
  if (url.href !== clientId) throw new CimdError('a URL client_id must be in normal form (no dot segments, default port or upper-case host)');
  return url;
}

/** RFC 6890 special-use / private ranges we never fetch from (unless loopback is allowed for tests). */
export function isForbiddenAddress(address: string, policy: CimdPolicy): boolean {
  const family = isIP(address);
  if (family === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    if (a === 127) return !policy.allowLoopback;
    return (
      a === 0 || a === 10 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224
    );
  }
  if (family === 6) {
    const v6 = address.toLowerCase();
    if (v6 === '::1') return !policy.allowLoopback;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    if (mapped) return isForbiddenAddress(mapped[1]!, policy);
    return v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff') || v6.startsWith('2001:db8') || v6.startsWith('64:ff9b') || v6.startsWith('::ffff:');
  }
  return true;
}
