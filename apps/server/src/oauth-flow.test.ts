// Acceptance: ChatGPT's path to a learner's data, with a real OAuth client (oauth4webapi) and the
// MCP SDK v2 client, against the real server on PGlite and PostgreSQL: protected resource
// metadata -> authorization server metadata -> dynamic registration -> authorize (PKCE S256 +
// resource) -> our sign-up, sign-in and consent pages -> token -> `whoami` over /mcp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { signJWT } from 'better-auth/plugins';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { testDatabases } from '@cc/db/testing';
import { Browser, signUpAndConsent } from './testing/browser.ts';
import { rpcResult } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const REDIRECT = 'https://chatgpt.example.com/connector/oauth/callback';
const PASSWORD = 'correct horse battery';
const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe.each(testDatabases())('OAuth 2.1 + MCP on $name', (database) => {
  let server: TestServer;
  let MCP: string;
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let learnerId: string;
  let accessToken: string;
  const email = `chatgpt-${Date.now()}@example.com`;

  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
    MCP = `${server.url}/mcp`;
  });
  afterAll(() => server?.close());

  const rpc = (token: string | undefined, body: unknown = { jsonrpc: '2.0', id: 1, method: 'tools/list' }) =>
    fetch(MCP, {
      method: 'POST',
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify(body),
    });

  async function whoami(token: string) {
    const mcp = new Client({ name: 'oauth-flow-test', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(MCP), { authProvider: { token: async () => token } }));
    try {
      return await mcp.callTool({ name: 'whoami', arguments: {} });
    } finally {
      await mcp.close();
    }
  }

  it('discovers the authorization server from the challenge of a signed-in tool and the protected resource metadata', async () => {
    // Anonymous callers may use the public tools; a signed-in tool answers with the challenge ChatGPT reads.
    const res = await rpc(undefined, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } });
    expect(res.status).toBe(200);
    const result = await rpcResult(res);
    expect(result.isError).toBe(true);
    const challenge = result._meta['mcp/www_authenticate']?.[0] ?? '';
    expect(challenge).toMatch(/^Bearer /);
    const prmUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(prmUrl).toBe(`${server.url}/.well-known/oauth-protected-resource/mcp`);
    const prm = (await (await fetch(prmUrl!)).json()) as { resource: string; authorization_servers: string[]; scopes_supported: string[] };
    expect(prm).toMatchObject({ resource: MCP, authorization_servers: [server.url], scopes_supported: ['learn'] });
    expect(await (await fetch(`${server.url}/.well-known/oauth-protected-resource`)).json()).toEqual(prm);

    const issuer = new URL(prm.authorization_servers[0]!);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    expect(as.issuer).toBe(server.url);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.registration_endpoint).toBe(`${server.url}/api/auth/oauth2/register`);
  });

  it('registers a public client dynamically (RFC 7591)', async () => {
    const res = await oauth.dynamicClientRegistrationRequest(
      as,
      {
        client_name: 'ChatGPT (test)',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'learn offline_access',
      },
      insecure,
    );
    client = (await oauth.processDynamicClientRegistrationResponse(res)) as oauth.Client;
    expect(client.client_id).toBeTruthy();
    expect(client.token_endpoint_auth_method).toBe('none');
  });

  it('authorizes with PKCE + resource through sign-up and consent, and exchanges the code for an audience-bound JWT', async () => {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const authUrl = new URL(as.authorization_endpoint!);
    authUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: REDIRECT,
      scope: 'learn offline_access',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      resource: MCP,
    }).toString();

    const user = new Browser(server.url);
    // New learner: follow the sign-up link, which keeps the signed OAuth query.
    const journey = await signUpAndConsent(user, authUrl.href, { name: 'Ada', email, password: PASSWORD });
    expect(journey.loginUrl.startsWith(`${server.url}/login?`)).toBe(true);
    expect(journey.loginHtml).toContain('<label for="email">');
    expect(journey.consentUrl.startsWith(`${server.url}/consent?`), journey.consentUrl).toBe(true);
    expect(journey.consentHtml).toContain('ChatGPT (test) wants to use your Course Companion account');
    const nav = { url: journey.finalUrl };
    expect(nav.url.startsWith(REDIRECT)).toBe(true);

    const params = oauth.validateAuthResponse(as, client, new URL(nav.url), state);
    const tokenRes = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, {
      additionalParameters: { resource: MCP },
      ...insecure,
    });
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenRes);
    accessToken = tokens.access_token;
    expect(decodeProtectedHeader(accessToken)).toMatchObject({ typ: 'at+jwt', alg: 'EdDSA' });
    const claims = decodeJwt(accessToken);
    expect(claims).toMatchObject({ iss: server.url, aud: MCP });
    expect(String(claims.scope).split(' ')).toContain('learn');
    const row = await server.runtime.database.db.selectFrom('auth_user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    learnerId = row.id;
    expect(claims.sub).toBe(learnerId);
  });

  it('calls whoami through the MCP SDK v2 client with the token: the learner id and tier', async () => {
    const result = await whoami(accessToken);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ learnerId, tier: 'free' });
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ learnerId, tier: 'free' }) }]);
    // A signed-in (returning) learner skips sign-up: the same account, the same learner.
    const me = new Browser(server.url);
    expect((await me.json('/api/auth/sign-in/email', { email, password: PASSWORD })).status).toBe(200);
    expect(((await (await me.fetch('/api/v1/me', { headers: { accept: 'application/json' } })).json()) as { id: string }).id).toBe(learnerId);
  });

  describe('refusals', () => {
    /**
     * An access token signed with the server's own key (as the OAuth provider signs them, `typ:
     * at+jwt`) that differs from a good one in exactly one way.
     */
    async function mint(claims: Record<string, unknown>, { exp, typ = 'at+jwt' }: { exp?: number; typ?: string } = {}) {
      const context = await server.runtime.auth.$context;
      return signJWT({ context } as unknown as Parameters<typeof signJWT>[0], {
        options: { jwks: { keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' } } },
        payload: { iss: server.url, aud: MCP, sub: learnerId, scope: 'learn', ...claims, ...(exp !== undefined && { exp }) },
        header: { typ },
      });
    }

    it('a token minted with the server key and the right claims is accepted (the control case)', async () => {
      expect((await rpc(await mint({}))).status).toBe(200);
    });

    it('a JWT the server signs that is not an access token (typ JWT, as signJWT or an ID token)', async () => {
      expect((await rpc(await mint({}, { typ: 'JWT' }))).status).toBe(401);
      const { token } = await server.runtime.auth.api.signJWT({ body: { payload: { iss: server.url, aud: MCP, sub: learnerId, scope: 'learn' } } });
      expect((await rpc(token)).status).toBe(401);
    });

    it('no token: public tools only; a bad token: 401 with WWW-Authenticate naming the resource metadata', async () => {
      expect((await rpc(undefined)).status).toBe(200);
      const garbage = await rpc('not-a-jwt');
      expect(garbage.status).toBe(401);
      expect(garbage.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(garbage.headers.get('www-authenticate')).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
    });

    it('a token for another audience', async () => {
      const res = await rpc(await mint({ aud: 'https://other.example/mcp' }));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('resource_metadata=');
    });

    it('an expired token', async () => {
      const res = await rpc(await mint({}, { exp: Math.floor(Date.now() / 1000) - 3600 }));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    });

    it('a token without the learn scope: signed-in tools challenge for the scope', async () => {
      const res = await rpc(await mint({ scope: 'openid profile' }), { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } });
      expect(res.status).toBe(200);
      const result = await rpcResult(res);
      expect(result.isError).toBe(true);
      expect(result._meta['mcp/www_authenticate']?.[0]).toContain('error="insufficient_scope", scope="learn"');
    });

    it('a token signed by someone else', async () => {
      const key = await importJWK(
        { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A' } satisfies JWK,
        'EdDSA',
      );
      const forged = await new SignJWT({ scope: 'learn' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer(server.url).setAudience(MCP).setSubject(learnerId).setExpirationTime('5m').sign(key);
      expect((await rpc(forged)).status).toBe(401);
    });

    it('a deleted account: its still-unexpired token stops working at once', async () => {
      expect((await rpc(accessToken)).status).toBe(200);
      const me = new Browser(server.url);
      expect((await me.json('/api/auth/sign-in/email', { email, password: PASSWORD })).status).toBe(200);
      expect((await me.json('/api/auth/delete-user', { password: PASSWORD })).status).toBe(200);
      const res = await rpc(accessToken);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    });
  });
});
