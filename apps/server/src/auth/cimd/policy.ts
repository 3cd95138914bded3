// Limits and network rules for fetching OAuth Client ID Metadata Documents (CIMD).
import ipaddr from 'ipaddr.js';

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

/**
 * Every failure to reach the document (the host does not resolve or resolves to a forbidden
 * address, the connection fails, times out, redirects or answers another status) tells the
 * client the same thing, so the endpoint cannot be used to map hosts; `reason` is for our log.
 */
export class CimdUnreachable extends CimdError {
  override name = 'CimdUnreachable';
  constructor(readonly reason: string, options?: ErrorOptions) {
    super('the client metadata document could not be fetched', options);
  }
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

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Whether an address is one we never fetch from: anything ipaddr.js does not classify as plain
 * `unicast` (private, loopback, link-local, CGNAT, documentation, benchmarking, reserved,
 * multicast, IPv4-mapped, 6to4, Teredo, NAT64, site-local, ...; the IANA special-purpose
 * registries), and for IPv6 anything outside global unicast 2000::/3 (which also refuses the
 * deprecated IPv4-compatible ::a.b.c.d form). Loopback only when the test-only policy allows it.
 */
export function isForbiddenAddress(address: string, policy: CimdPolicy): boolean {
  if (!ipaddr.isValid(address)) return true;
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range === 'loopback') return !policy.allowLoopback;
  if (range !== 'unicast') return true;
  return parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6);
}
