// Access-token verification for /mcp: JWT access tokens (RFC 9068) checked with jose against the
// issuer's JWKS: signature, `typ: at+jwt`, issuer, audience (our MCP resource URL), expiry. Tokens of the
// built-in issuer must also name an account that still exists, so a deleted account loses
// access at once rather than when its token expires.
import { createHash } from 'node:crypto';
import { OAuthError, OAuthErrorCode, type AuthInfo, type OAuthTokenVerifier } from '@modelcontextprotocol/server';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];

export interface JwtVerifierOptions {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`: our MCP resource URL, or what an external issuer puts there (AUTH_AUDIENCE). */
  audience: string;
  /** Our MCP resource URL (what the SDK compares with the resource it serves). */
  resource: string;
  keys: JWTVerifyGetKey;
  /** Maps a verified token to the learner it acts for; undefined refuses the token. */
  learnerFor(claims: { iss: string; sub: string }): Promise<string | undefined>;
  /**
   * A cache of verified tokens (the server's credential cache): given the token and the full
   * verification, answers a remembered result or runs it. It must forget a token when its
   * learner's account is deleted, and never serve one past `expiresAt`.
   */
  remember?: (token: string, verify: () => Promise<AuthInfo & { expiresAt: number }>) => Promise<AuthInfo>;
}

/** What our tools read from AuthInfo.extra. */
export const LearnerAuth = z.object({ learnerId: z.string(), sub: z.string(), iss: z.string() });
export type LearnerAuth = z.infer<typeof LearnerAuth>;

const Claims = z.object({
  sub: z.string().min(1),
  iss: z.string(),
  exp: z.number(),
  scope: z.string().optional(),
  azp: z.string().optional(),
  client_id: z.string().optional(),
});

export function jwtVerifier(options: JwtVerifierOptions): OAuthTokenVerifier {
  const verify = async (token: string): Promise<AuthInfo & { expiresAt: number }> => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        // RFC 9068: an access token says so in its header; an ID token (or any other JWT the
        // issuer signs with the same keys) is not accepted as one.
        typ: 'at+jwt',
        algorithms: ALGORITHMS,
        clockTolerance: 5,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) throw new OAuthError(OAuthErrorCode.InvalidToken, `invalid token (${e.code})`);
      throw e;
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new OAuthError(OAuthErrorCode.InvalidToken, 'the token lacks sub, iss or exp');
    const { sub, iss, exp, scope, azp, client_id } = claims.data;
    const learnerId = await options.learnerFor({ iss, sub });
    if (!learnerId) throw new OAuthError(OAuthErrorCode.InvalidToken, 'the account of this token no longer exists');
    const extra: LearnerAuth = { learnerId, sub, iss };
    return {
      token,
      clientId: azp ?? client_id ?? '',
      scopes: (scope ?? '').split(' ').filter(Boolean),
      expiresAt: exp,
      resource: new URL(options.resource),
      extra,
    };
  };
  const { remember } = options;
  return { verifyAccessToken: remember ? (token) => remember(token, () => verify(token)) : verify };
}

/**
 * The built-in issuer's keys, read in-process through Better Auth's JWKS endpoint (no HTTP
 * round trip to ourselves), cached and re-read when a token names an unknown key id.
 */
export function inProcessJwks(read: () => Promise<JSONWebKeySet>, cooldownMs = 1000): JWTVerifyGetKey {
  let cached: { at: number; keys: JWTVerifyGetKey; kids: Set<string> } | undefined;
  const load = async () => {
    const set = await read();
    cached = { at: Date.now(), keys: createLocalJWKSet(set), kids: new Set(set.keys.map((k) => k.kid ?? '')) };
    return cached;
  };
  return async (header, token) => {
    let current = cached ?? (await load());
    // An unknown key id: the keys may have rotated. Re-read, at most once per cooldown.
    if (header.kid && !current.kids.has(header.kid) && Date.now() - current.at > cooldownMs) current = await load();
    return current.keys(header, token);
  };
}

/** The keys of an external issuer: AUTH_JWKS_URL, or its metadata's jwks_uri found on first use. */
export function externalJwks(issuer: string, jwksUrl: string | undefined): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  return async (header, token) => {
    keys ??= (jwksUrl ? Promise.resolve(jwksUrl) : discoverJwksUrl(issuer)).then(remoteJwks);
    keys.catch(() => (keys = undefined));
    return (await keys)(header, token);
  };
}

/** A remote issuer's JWKS (external OIDC provider), cached by jose. */
export function remoteJwks(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
}

const Discovery = z.object({ jwks_uri: z.url() });

/** The JWKS URL of an issuer, from its OpenID / OAuth metadata. */
export async function discoverJwksUrl(issuer: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const base = issuer.replace(/\/+$/, '');
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    const res = await fetchImpl(base + path, { headers: { accept: 'application/json' } }).catch(() => undefined);
    if (!res?.ok) continue;
    const parsed = Discovery.safeParse(await res.json().catch(() => null));
    if (parsed.success) return parsed.data.jwks_uri;
  }
  throw new Error(`could not discover the JWKS of ${issuer}; set AUTH_JWKS_URL`);
}

/** A stable learner id (UUID form) for a subject of an external issuer. */
export function externalLearnerId(iss: string, sub: string): string {
  const h = createHash('sha256').update(`${iss}\n${sub}`).digest('hex');
  // Version 8 (custom) UUID layout.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
