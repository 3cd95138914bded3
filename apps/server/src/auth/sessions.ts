// Bearer sessions: an opaque random token identifies a learner; only its SHA-256 is stored, so a
// database leak does not leak usable tokens. Issue #5 adds accounts and OAuth on top.
import { createHash, randomBytes } from 'node:crypto';
import type { CredentialCache } from './credential-cache.ts';

export interface SessionStore {
  create(session: { tokenHash: string; learnerId: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** The learner of a live session (expired ones are treated as absent). */
  learnerFor(tokenHash: string, now: string): Promise<string | undefined>;
  revoke(tokenHash: string): Promise<void>;
}

export const SESSION_DAYS = 90;
const TOKEN_PREFIX = 'cc_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Cheap shape check before touching the database. */
export const looksLikeToken = (token: string) => token.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(token.slice(TOKEN_PREFIX.length));

/** A store that can say when a session expires (PgSessionStore). */
export interface ExpiringSessionStore extends SessionStore {
  sessionFor(tokenHash: string, now: string): Promise<{ learnerId: string; expiresAt: Date } | undefined>;
}

/** Bearer sessions through the credential cache (auth/credential-cache.ts). */
export function cachedSessions(store: ExpiringSessionStore, cache: CredentialCache): SessionStore {
  const key = (tokenHash: string) => `bearer:${tokenHash}`;
  return {
    create: (session) => store.create(session),
    learnerFor: (tokenHash, now) =>
      cache.get(key(tokenHash), Date.parse(now), async () => {
        const session = await store.sessionFor(tokenHash, now);
        return session && { value: session.learnerId, learnerId: session.learnerId, expiresAt: session.expiresAt.getTime() };
      }),
    async revoke(tokenHash) {
      await store.revoke(tokenHash);
      cache.forget(key(tokenHash));
    },
  };
}
