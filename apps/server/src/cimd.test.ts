// Acceptance: an MCP client whose `client_id` is the URL of its Client ID Metadata Document
// (the draft adopted by the MCP authorization spec 2025-11-25) goes through our login and consent
// pages to an audience-bound token and calls `whoami`; bad documents get a clear OAuth error.
// The documents are served on loopback by a tiny server (allowed by the test-only `allowLoopback`).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { testDatabases } from '@cc/db/testing';
import { Browser, signUpAndConsent } from './testing/browser.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const REDIRECT = 'https://chatgpt.example.com/connector/oauth/callback';
const PASSWORD = 'correct horse battery';
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** Serves metadata documents by path; `docs` is filled in once the port is known. */
async function startDocumentServer() {
  const routes = new Map<string, { status?: number; body: string; headers?: Record<string, string>; delayMs?: number }>();
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    fetches++;
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(route.status ?? 200, { 'content-type': 'application/json', ...route.headers }).end(route.body);
    };
    if (route.delayMs) setTimeout(send, route.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    routes,
    fetches: () => fetches,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(testDatabases())('Client ID Metadata Documents on $name', (database) => {
  let server: TestServer;
  let docs: Awaited<ReturnType<typeof startDocumentServer>>;
  let MCP: string;
  let as: oauth.AuthorizationServer;
  let CLIENT_ID: string;
  const email = `cimd-${Date.now()}@example.com`;

  const doc = (clientId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      client_id: clientId,
      client_name: 'ChatGPT (CIMD test)',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...extra,
    });

  beforeAll(async () => {
    docs = await startDocumentServer();
    CLIENT_ID = `${docs.base}/oauth/client.json`;
    docs.routes.set('/oauth/client.json', { body: doc(CLIENT_ID), headers: { 'cache-control': 'max-age=300' } });
    docs.routes.set('/mismatch.json', { body: doc(`${docs.base}/someone-else.json`) });
    docs.routes.set('/big.json', { body: doc(`${docs.base}/big.json`, { client_uri: `https://x.example/${'a'.repeat(1900)}`, logo_uri: `https://x.example/${'b'.repeat(1900)}`, scope: 'c'.repeat(900), contacts: ['d'.repeat(2000)] }) });
    docs.routes.set('/not-json.json', { body: '<html>hello</html>' });
    docs.routes.set('/slow.json', { body: doc(`${docs.base}/slow.json`), delayMs: 3000 });
    docs.routes.set('/redirects.json', { status: 302, body: '', headers: { location: 'https://elsewhere.example/client.json' } });
    docs.routes.set('/secret.json', { body: doc(`${docs.base}/secret.json`, { token_endpoint_auth_method: 'client_secret_basic' }) });
    server = await startTestServer({ database: await database.open(), cimd: { allowLoopback: true, timeoutMs: 500 } });
    MCP = `${server.url}/mcp`;
  });
  afterAll(async () => {
    await server?.close();
    await docs?.close();
  });

  async function authorizeUrl(clientId: string, redirectUri = REDIRECT, verifier = 'x'.repeat(43)) {
    const url = new URL(`${server.url}/api/auth/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'learn offline_access',
      state: 'st-1',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      resource: MCP,
    }).toString();
    return url;
  }

  it('advertises client_id_metadata_document_supported in the authorization server metadata', async () => {
    const issuer = new URL(server.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    expect(as['client_id_metadata_document_supported']).toBe(true);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('authorizes a URL client_id through sign-up and consent to an audience-bound token; whoami works', async () => {
    const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' };
    const verifier = oauth.generateRandomCodeVerifier();
    const user = new Browser(server.url);
    const journey = await signUpAndConsent(user, (await authorizeUrl(CLIENT_ID, REDIRECT, verifier)).href, { name: 'Grace', email, password: PASSWORD });
    expect(journey.loginUrl.startsWith(`${server.url}/login?`), journey.loginUrl).toBe(true);
    expect(journey.consentUrl.startsWith(`${server.url}/consent?`), journey.consentUrl).toBe(true);
    expect(journey.consentHtml).toContain('ChatGPT (CIMD test) wants to use your Course Companion account');
    const nav = { url: journey.finalUrl };
    expect(nav.url.startsWith(REDIRECT), nav.url).toBe(true);

    const params = oauth.validateAuthResponse(as, client, new URL(nav.url), 'st-1');
    const tokenRes = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, {
      additionalParameters: { resource: MCP },
      ...insecure,
    });
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenRes);
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ iss: server.url, aud: MCP });
    const row = await server.runtime.database.db.selectFrom('auth_user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    expect(claims.sub).toBe(row.id);

    const mcp = new Client({ name: 'cimd-test', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(MCP), { authProvider: { token: async () => tokens.access_token } }));
    try {
      const result = await mcp.callTool({ name: 'whoami', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ learnerId: row.id, tier: 'free' });
    } finally {
      await mcp.close();
    }
  });

  it('caches the document (Cache-Control max-age): a second authorization does not fetch it again', async () => {
    const before = docs.fetches();
    const res = await fetch(await authorizeUrl(CLIENT_ID), { redirect: 'manual' });
    expect(res.status).toBeLessThan(400);
    expect(docs.fetches()).toBe(before);
  });

  describe('refusals: a clear OAuth error, never a 5xx', () => {
    const Refusal = z.union([
      z.object({ error: z.string(), error_description: z.string() }),
      z.object({ redirect: z.literal(true), url: z.string() }),
    ]);

    /** The OAuth error and description the authorization endpoint answers for this request. */
    async function refusal(clientId: string, redirectUri = REDIRECT) {
      const res = await fetch(await authorizeUrl(clientId, redirectUri), { redirect: 'manual', headers: { accept: 'application/json' } });
      const text = await res.text();
      expect(res.status, text).toBeLessThan(500);
      expect(text).not.toMatch(/\n\s+at /); // no stack trace
      const body = Refusal.parse(JSON.parse(text));
      if ('error' in body) {
        expect(res.status).toBe(400);
        return { error: body.error, description: body.error_description };
      }
      // Sent to our error page, never to the (untrusted) redirect_uri.
      const url = new URL(body.url);
      expect(url.origin + url.pathname).toBe(`${server.url}/api/auth/error`);
      return { error: url.searchParams.get('error'), description: url.searchParams.get('error_description') ?? '' };
    }
    const invalidClient = (description: string) => ({ error: 'invalid_client', description: expect.stringContaining(description) });

    it('the document names another client_id', async () => {
      expect(await refusal(`${docs.base}/mismatch.json`)).toEqual(invalidClient('client_id does not match its URL'));
    });
    it('the redirect_uri is not one of the document redirect_uris', async () => {
      expect(await refusal(CLIENT_ID, 'https://attacker.example/callback')).toEqual({ error: 'invalid_redirect', description: 'invalid redirect uri' });
    });
    it('the document is too large', async () => {
      expect(await refusal(`${docs.base}/big.json`)).toEqual(invalidClient('larger than'));
    });
    it('the document is not JSON', async () => {
      expect(await refusal(`${docs.base}/not-json.json`)).toEqual(invalidClient('not JSON'));
    });
    // Whether the host resolved, connected, timed out, redirected or answered another status, the
    // client learns one thing, so the endpoint cannot map hosts.
    const unreachable = { error: 'invalid_client', description: 'the client metadata document could not be fetched' };
    it('the fetch times out', async () => {
      expect(await refusal(`${docs.base}/slow.json`)).toEqual(unreachable);
    });
    it('the document URL redirects', async () => {
      expect(await refusal(`${docs.base}/redirects.json`)).toEqual(unreachable);
    });
    it('the host is a special-use address (documentation, NAT64, site-local, IPv4-compatible, 6to4)', async () => {
      const before = docs.fetches();
      for (const host of ['198.51.100.7', '203.0.113.9', '[::7f00:1]', '[2002:7f00:1::]', '[fec0::1]', '[64:ff9b::7f00:1]']) {
        expect(await refusal(`https://${host}/client.json`), host).toEqual(unreachable);
      }
      expect(await refusal('http://127.0.0.1:1/client.json')).toEqual(unreachable); // nothing listens
      expect(docs.fetches()).toBe(before);
    });
    it('the document asks for a client secret', async () => {
      expect(await refusal(`${docs.base}/secret.json`)).toEqual(invalidClient('token_endpoint_auth_method must be none'));
    });
    it('the document does not exist', async () => {
      expect(await refusal(`${docs.base}/missing.json`)).toEqual(unreachable);
    });
    it('a non-https client_id that is not loopback', async () => {
      expect(await refusal('http://chatgpt.example.com/oauth/client.json')).toEqual(invalidClient('must use https'));
    });
  });
});
