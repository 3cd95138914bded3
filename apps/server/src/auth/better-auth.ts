// Better Auth configured for Course Companion: email + password accounts (argon2id), cookie web
// sessions, password reset through our Mailer, account deletion, and (with @better-auth/mcp) the
// OAuth 2.1 authorization server ChatGPT uses: dynamic client registration or Client ID Metadata
// Documents (auth/cimd/), PKCE S256, RFC 8707 `resource` bound into `aud`, JWT access tokens
// signed with keys published at the JWKS.
//
// A Better Auth user id IS the learner id: ids are UUIDs, and a database trigger creates the
// learner row in the transaction that inserts the user, and deletes it with the user (migration
// 0006_account_learner). Tables live beside ours with the `auth_` prefix; their DDL is frozen in
// packages/db/src/migrations/0005_accounts.ts (a test checks it does not drift).
import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { jwt } from 'better-auth/plugins';
import { mcp } from '@better-auth/mcp';
import { hash as argonHash, verify as argonVerify, type Options as ArgonOptions } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Schema } from '@cc/db';
import type { Logger } from '../logger.ts';
import type { Mailer } from './mailer.ts';
import { clientIdMetadataDocuments, type CimdOptions } from './cimd/plugin.ts';
import { kyselyAdapter } from '@better-auth/kysely-adapter';
import { hashedSessionTokens } from './hashed-session-tokens.ts';

/** Scopes our authorization server grants; `learn` is what the MCP tools require. */
export const MCP_SCOPE = 'learn';
export const AUTH_SCOPES = ['openid', 'profile', 'email', 'offline_access', MCP_SCOPE] as const;
export const AUTH_BASE_PATH = '/api/auth';
export const RESET_TOKEN_SECONDS = 30 * 60;

export interface AuthConfig {
  /** Our Kysely instance (PGlite or PostgreSQL); Better Auth's Kysely adapter runs on it. */
  db: Kysely<Schema>;
  /** Public origin, e.g. http://localhost:8787 or https://cc.example.com (no trailing slash). */
  publicUrl: string;
  secret: string;
  mailer: Mailer;
  logger: Logger;
  /** Client ID Metadata Documents: limits; `allowLoopback` is for tests only. */
  cimd?: CimdOptions;
}

// OWASP minimum for argon2id: m=19 MiB, t=2, p=1.
// (`algorithm: 2` is Algorithm.Argon2id: a const enum, which verbatimModuleSyntax cannot import.)
const ARGON: ArgonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const prefixed = (model: string) => ({ modelName: `auth_${snake(model)}` });
const OAUTH_MODELS = ['oauthClient', 'oauthResource', 'oauthClientResource', 'oauthRefreshToken', 'oauthAccessToken', 'oauthConsent', 'oauthClientAssertion'] as const;

export function authOptions(cfg: AuthConfig) {
  const publicUrl = cfg.publicUrl.replace(/\/+$/, '');
  const oauthSchema = Object.fromEntries(OAUTH_MODELS.map((m) => [m, prefixed(m)]));
  return {
    appName: 'Course Companion',
    baseURL: publicUrl,
    basePath: AUTH_BASE_PATH,
    secret: cfg.secret,
    database: { db: cfg.db, type: 'postgres' as const, transaction: true },
    trustedOrigins: [publicUrl],
    telemetry: { enabled: false },
    logger: {
      log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]) => {
        const data = args.length > 0 ? { detail: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ') } : undefined;
        cfg.logger[level](`better-auth: ${message}`, data);
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      password: {
        hash: (password: string) => argonHash(password, ARGON),
        verify: ({ hash, password }: { hash: string; password: string }) => argonVerify(hash, password),
      },
      resetPasswordTokenExpiresIn: RESET_TOKEN_SECONDS,
      revokeSessionsOnPasswordReset: true,
      // The link opens our own form (auth/pages.ts), which posts the token to /api/auth/reset-password.
      sendResetPassword: async ({ user, token }: { user: { email: string }; token: string }) => {
        const link = `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
        await cfg.mailer.send({
          to: user.email,
          subject: 'Reset your Course Companion password',
          text: `Someone asked to reset the password of your Course Companion account. If it was you, open ${link} within ${RESET_TOKEN_SECONDS / 60} minutes. Otherwise ignore this message.`,
        });
      },
    },
    user: { ...prefixed('user'), deleteUser: { enabled: true } },
    account: { ...prefixed('account') },
    // Reset tokens are stored hashed: a database leak does not leak usable links.
    verification: { ...prefixed('verification'), storeIdentifier: 'hashed' as const },
    // `auth_session` is our bearer-session table; Better Auth's cookie sessions get their own.
    session: { modelName: 'auth_web_session', expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    // Our database-backed limiter sits in front of the sensitive endpoints (auth/routes.ts).
    rateLimit: { enabled: false },
    // The learner row is created and deleted with the user by database triggers, in the same
    // transaction (packages/db migration 0006_account_learner), not by hooks after the commit.
    advanced: {
      // Better Auth skips its Origin check when NODE_ENV=test unless told otherwise: keep it on.
      disableOriginCheck: false,
      database: { generateId: 'uuid' as const },
      // HttpOnly + SameSite=Lax always; Secure (and the __Secure- prefix) when PUBLIC_URL is https.
      defaultCookieAttributes: { sameSite: 'lax' as const, httpOnly: true },
      useSecureCookies: publicUrl.startsWith('https://'),
    },
    plugins: [
      // Root issuer: tokens say iss = PUBLIC_URL and the AS metadata lives at /.well-known/*.
      jwt({ jwks: { keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' } }, jwt: { issuer: publicUrl }, schema: { jwks: prefixed('jwks') } }),
      mcp({
        resource: `${publicUrl}/mcp`,
        loginPage: '/login',
        consentPage: '/consent',
        scopes: [...AUTH_SCOPES],
        // RFC 7591 for ChatGPT: unauthenticated registration of public clients (PKCE, no secret).
        allowDynamicClientRegistration: true,
        allowUnauthenticatedClientRegistration: true,
        accessTokenExpiresIn: 3600,
        schema: oauthSchema as NonNullable<Parameters<typeof mcp>[0]['schema']>,
      }),
      // Client ID Metadata Documents: an https `client_id` names the client's own metadata.
      clientIdMetadataDocuments({
        ...cfg.cimd,
        onRefusal: (clientId, reason) => cfg.logger.info('oauth: client metadata document refused', { clientId, reason }),
      }),
    ],
  } satisfies BetterAuthOptions;
}

export function createAuth(cfg: AuthConfig) {
  const options = authOptions(cfg);
  // The same Kysely adapter Better Auth builds from `database`, wrapped so that web session
  // tokens are stored hashed (auth/hashed-session-tokens.ts). `authOptions` keeps the plain
  // form: Better Auth's schema planner (auth-schema.test.ts) needs the Kysely instance itself.
  const adapter = kyselyAdapter(cfg.db, { type: 'postgres', transaction: true });
  return betterAuth({ ...options, database: (o: BetterAuthOptions) => hashedSessionTokens(adapter(o)) });
}
export type Auth = ReturnType<typeof createAuth>;
