// The production transport for metadata documents: node:http(s) with a DNS lookup that refuses
// forbidden addresses at connect time, so the address checked is the address connected to (no DNS
// rebinding between a check and the fetch). Redirects are never followed.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import type { Fetcher } from './fetch.ts';
import { CimdError, CimdUnreachable, isForbiddenAddress, type CimdPolicy } from './policy.ts';

function guardedLookup(policy: CimdPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOneOptions | LookupAllOptions), all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => !isForbiddenAddress(a.address, policy));
      if (allowed.length === 0 || allowed.length !== addresses.length) {
        return callback(new CimdUnreachable('client_id host is a private or special-use address'), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      const first = allowed[0]!;
      return callback(null, first.address, first.family);
    });
  };
}

export function pinnedFetcher(policy: CimdPolicy): Fetcher {
  const lookup = guardedLookup(policy);
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(
        url,
        { method: 'GET', lookup, headers: { accept: 'application/json' }, ...(init.signal && { signal: init.signal }) },
        (res) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers.set(name, value);
            else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
          }
          const status = res.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status, headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
}
