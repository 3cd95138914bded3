// Fetches a Client ID Metadata Document: resolve-then-check the host's addresses, no redirects,
// a timeout and a size cap. Returns the parsed JSON and how long it may be cached.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { cacheSeconds } from './cache.ts';
import { pinnedFetcher } from './pinned-fetch.ts';
import { CimdError, CimdUnreachable, isForbiddenAddress, type CimdPolicy } from './policy.ts';

export interface FetchedDocument {
  json: unknown;
  maxAgeSeconds: number;
}

async function checkHost(url: URL, policy: CimdPolicy): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new CimdUnreachable('client_id host does not resolve');
  if (addresses.some((a) => isForbiddenAddress(a, policy))) throw new CimdUnreachable('client_id host is a private or special-use address');
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new CimdError(`client metadata document is larger than ${maxBytes} bytes`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new CimdError(`client metadata document is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

export type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

/** `fetcher` defaults to the pinned node:http(s) transport (pinned-fetch.ts); tests may replace it. */
export async function fetchClientMetadataDocument(url: URL, policy: CimdPolicy, fetcher: Fetcher = pinnedFetcher(policy)): Promise<FetchedDocument> {
  await checkHost(url, policy);
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let res: Response;
  try {
    res = await fetcher(url.href, { redirect: 'manual', signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (error instanceof CimdError) throw error;
    if (error instanceof Error && error.cause instanceof CimdError) throw error.cause;
    const timedOut = signal.aborted;
    throw new CimdUnreachable(timedOut ? 'fetching the client metadata document timed out' : 'the connection failed', { cause: error });
  }
  try {
    if (res.status >= 300 && res.status < 400) throw new CimdUnreachable('the client metadata document URL redirects (not allowed)');
    if (res.status !== 200) throw new CimdUnreachable(`fetching the client metadata document answered HTTP ${res.status}`);
    let text: string;
    try {
      text = await readCapped(res, policy.maxBytes);
    } catch (error) {
      if (error instanceof CimdError) throw error;
      throw new CimdUnreachable(signal.aborted ? 'reading the client metadata document timed out' : 'the client metadata document could not be read', { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CimdError('the client metadata document is not JSON');
    }
    return { json, maxAgeSeconds: cacheSeconds(res.headers.get('cache-control'), policy) };
  } finally {
    if (!res.bodyUsed) await res.body?.cancel().catch(() => undefined);
  }
}
