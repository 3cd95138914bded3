// Client ID Metadata Documents: URL rules, address guards, caching and document checks, offline.
import { describe, expect, it } from 'vitest';
import { cacheSeconds, ExpiringCache } from './cache.ts';
import { validateDocument } from './document.ts';
import { fetchClientMetadataDocument } from './fetch.ts';
import { pinnedFetcher } from './pinned-fetch.ts';
import { checkClientIdUrl, CimdError, CimdUnreachable, DEFAULT_CIMD_POLICY, isForbiddenAddress } from './policy.ts';

const strict = DEFAULT_CIMD_POLICY;
const tests = { ...DEFAULT_CIMD_POLICY, allowLoopback: true };

describe('client_id URL rules', () => {
  it('accepts an https URL with a path', () => {
    expect(checkClientIdUrl('https://chatgpt.example.com/oauth/client.json', strict).hostname).toBe('chatgpt.example.com');
  });
  it.each([
    ['http://chatgpt.example.com/client.json', 'https'],
    ['http://127.0.0.1:9999/client.json', 'https'], // loopback http only with the test-only option
    ['https://user:pw@chatgpt.example.com/client.json', 'credentials'],
    ['https://chatgpt.example.com/client.json#x', 'fragment'],
    ['https://chatgpt.example.com/', 'path'],
    ['https://chatgpt.example.com/a/../client.json', 'normal form'],
    ['https://CHATGPT.example.com/client.json', 'normal form'],
    ['not a url', 'valid URL'],
  ])('refuses %s', (clientId, reason) => {
    expect(() => checkClientIdUrl(clientId, strict)).toThrow(reason);
  });
  it('accepts loopback http only when allowed (tests)', () => {
    expect(checkClientIdUrl('http://127.0.0.1:9999/client.json', tests).port).toBe('9999');
  });
});

describe('address guards', () => {
  it.each(['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::', 'fc00::1', 'fe80::1', '::ffff:10.0.0.1', '127.0.0.1', '::1',
    // Missed by the hand-written list that ipaddr.js's ranges replaced:
    '::7f00:1', '2002:7f00:1::', 'fec0::1', '198.51.100.7', '203.0.113.9', '192.0.2.1', '198.18.0.1', '240.0.0.1',
    '64:ff9b::7f00:1', '2001::1', '2001:db8::1', '100::1', 'not an address'])(
    'refuses %s',
    (address) => expect(isForbiddenAddress(address, strict)).toBe(true),
  );
  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])('allows %s', (address) => expect(isForbiddenAddress(address, strict)).toBe(false));
  it('allows loopback only with the test-only option, never other private ranges', () => {
    expect(isForbiddenAddress('127.0.0.1', tests)).toBe(false);
    expect(isForbiddenAddress('::1', tests)).toBe(false);
    expect(isForbiddenAddress('10.0.0.1', tests)).toBe(true);
  });
  it('does not fetch from a private address', async () => {
    let called = false;
    const fetcher = async () => {
      called = true;
      return new Response('{}');
    };
    await expect(fetchClientMetadataDocument(new URL('https://10.0.0.8/client.json'), strict, fetcher)).rejects.toThrow(CimdError);
    const refused = await fetchClientMetadataDocument(new URL('https://127.0.0.1/client.json'), strict, fetcher).catch((e: unknown) => e);
    // One text for the client whatever went wrong on the way; the reason is for our log.
    expect(refused).toBeInstanceOf(CimdUnreachable);
    expect((refused as CimdUnreachable).message).toBe('the client metadata document could not be fetched');
    expect((refused as CimdUnreachable).reason).toContain('private or special-use');
    expect(called).toBe(false);
  });
  it('checks the address it connects to (a name resolving to loopback), not just the URL', async () => {
    const error = await pinnedFetcher(strict)('http://localhost:9/client.json', {}).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const unreachable = error instanceof CimdUnreachable ? error : (error as Error).cause;
    expect(unreachable).toBeInstanceOf(CimdUnreachable);
    expect((unreachable as CimdUnreachable).reason).toContain('private or special-use');
  });
});

describe('caching', () => {
  it('honours Cache-Control within the policy bounds', () => {
    expect(cacheSeconds('max-age=60', strict)).toBe(60);
    expect(cacheSeconds('public, max-age=999999', strict)).toBe(strict.maxCacheSeconds);
    expect(cacheSeconds('no-store', strict)).toBe(0);
    expect(cacheSeconds('no-cache, max-age=60', strict)).toBe(0);
    expect(cacheSeconds(null, strict)).toBe(strict.defaultCacheSeconds);
  });
  it('expires entries and stays bounded (least recently used goes first)', () => {
    let now = 0;
    const cache = new ExpiringCache<string>(2, () => now);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', 10);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    now = 10_000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('d', 'D', 0);
    expect(cache.get('d')).toBeUndefined();
  });
});

describe('document checks', () => {
  const id = 'https://chatgpt.example.com/client.json';
  const good = { client_id: id, redirect_uris: ['https://chatgpt.example.com/cb'] };
  it('accepts a minimal public client', () => expect(validateDocument(good, id).redirect_uris).toHaveLength(1));
  it.each([
    [{ ...good, client_id: 'https://other.example/client.json' }, 'does not match'],
    [{ client_id: id }, 'redirect_uris'],
    [{ ...good, redirect_uris: [] }, 'redirect_uris'],
    [{ ...good, client_secret: 's' }, 'client_secret'],
    [{ ...good, token_endpoint_auth_method: 'client_secret_post' }, 'must be none'],
    [{ ...good, grant_types: ['client_credentials'] }, 'grant_types'],
    [[1, 2], 'invalid'],
  ])('refuses %j', (doc, reason) => expect(() => validateDocument(doc, id)).toThrow(reason));
});
