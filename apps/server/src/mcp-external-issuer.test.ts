// AUTH_ISSUER_URL: /mcp accepts access tokens of an external OIDC issuer, checked against its
// JWKS (served here on loopback, discovered through its metadata), instead of the built-in one.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { testDatabases } from '@cc/db/testing';
import { externalLearnerId } from '@cc/mcp';
import { rpcResult } from './testing/mcp-clients.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

describe.each(testDatabases())('external OIDC issuer on $name', (database) => {
  let idp: http.Server;
  let issuer: string;
  let privateKey: CryptoKey;
  let server: TestServer;
  let MCP: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    idp = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/keys` }));
      else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    server = await startTestServer({ database: await database.open(), externalIssuer: { issuer } });
    MCP = `${server.url}/mcp`;
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => idp?.close(() => resolve()));
  });

  const token = (claims: { aud?: string; iss?: string; scope?: string; sub?: string; typ?: string } = {}) =>
    new SignJWT({ scope: claims.scope ?? 'learn', azp: 'chatgpt' })
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1', typ: claims.typ ?? 'at+jwt' })
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? MCP)
      .setSubject(claims.sub ?? 'user-42')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  const rpc = async (bearer: string, body: unknown = { jsonrpc: '2.0', id: 1, method: 'tools/list' }) =>
    fetch(MCP, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(body),
    });

  it('names the external issuer in the protected resource metadata', async () => {
    const prm = (await (await fetch(`${server.url}/.well-known/oauth-protected-resource/mcp`)).json()) as { authorization_servers: string[] };
    expect(prm.authorization_servers).toEqual([issuer]);
  });

  it("accepts the issuer's token and maps its subject to a stable learner", async () => {
    const mcp = new Client({ name: 'external-issuer-test', version: '1.0.0' });
    const bearer = await token();
    await mcp.connect(new StreamableHTTPClientTransport(new URL(MCP), { authProvider: { token: async () => bearer } }));
    try {
      const result = await mcp.callTool({ name: 'whoami', arguments: {} });
      expect(result.structuredContent).toEqual({ learnerId: externalLearnerId(issuer, 'user-42'), tier: 'free' });
    } finally {
      await mcp.close();
    }
  });

  it('refuses tokens of another issuer or for another audience; without the scope, signed-in tools challenge', async () => {
    expect((await rpc(await token({ iss: server.url }))).status).toBe(401);
    expect((await rpc(await token({ aud: 'https://elsewhere.example/mcp' }))).status).toBe(401);
    const res = await rpc(await token({ scope: 'openid' }), { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } });
    expect(res.status).toBe(200);
    const result = await rpcResult(res);
    expect(result.isError).toBe(true);
    expect(result._meta['mcp/www_authenticate']?.[0]).toContain('insufficient_scope');
  });

  it('refuses a JWT that is not an access token (typ other than at+jwt, e.g. an ID token)', async () => {
    for (const typ of ['JWT', 'id_token+jwt']) expect((await rpc(await token({ typ }))).status).toBe(401);
    expect((await rpc(await token({ typ: 'application/at+jwt' }))).status).toBe(200);
  });
});
