// The link between Better Auth users and learners: a user id is a learner id.
import type { Kysely } from 'kysely';
import { APIError } from 'better-auth/api';
import { Unavailable } from '@cc/core';
import type { Schema } from '@cc/db';
import type { Auth } from './better-auth.ts';
import type { WebSessions } from './identify.ts';
import { createHash } from 'node:crypto';
import type { CredentialCache } from './credential-cache.ts';

export interface Accounts {
  /** True while the user (account) exists; deleted accounts lose access at once. */
  exists(userId: string): Promise<boolean>;
  /** Deletes the account (if any) of a learner; Better Auth's rows cascade from auth_user. */
  deleteAccount(learnerId: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pgAccounts(db: Kysely<Schema>): Accounts {
  return {
    async exists(userId) {
      if (!UUID.test(userId)) return false;
      const row = await db.selectFrom('auth_user').select('id').where('id', '=', userId).executeTakeFirst();
      return row !== undefined;
    },
    async deleteAccount(learnerId) {
      if (!UUID.test(learnerId)) return;
      await db.deleteFrom('auth_user').where('id', '=', learnerId).execute();
    },
  };
}

// Both cookie names Better Auth may use (the __Secure- prefix when PUBLIC_URL is https).
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/;

/**
 * Web sessions through the credential cache: the key is the hash of the whole Cookie header (the
 * same header always meant the same session until a revocation), so a cached answer needs no
 * cookie parsing, signature check or session read.
 */
export function betterAuthWebSessions(auth: Auth, cache?: CredentialCache): WebSessions {
  const keyOf = (headers: Headers) => `cookie:${createHash('sha256').update(headers.get('cookie') ?? '').digest('base64url')}`;
  const read = async (headers: Headers) => {
    try {
      const session = await auth.api.getSession({ headers });
      return session ? { value: session.user.id, learnerId: session.user.id, expiresAt: new Date(session.session.expiresAt).getTime() } : undefined;
    } catch (error) {
      // A refused cookie (expired, revoked, tampered) is simply no session; anything else (the
      // database is down) must not serve a signed-in learner as an anonymous visitor.
      if (error instanceof APIError && error.statusCode < 500) return undefined;
      throw new Unavailable('sessions cannot be checked right now; try again shortly');
    }
  };
  return {
    async learnerFor(headers) {
      if (!SESSION_COOKIE.test(headers.get('cookie') ?? '')) return undefined;
      if (!cache) return (await read(headers))?.value;
      return cache.get(keyOf(headers), Date.now(), () => read(headers));
    },
    async revoke(headers) {
      await auth.api.signOut({ headers }).catch(() => undefined);
      cache?.forget(keyOf(headers));
    },
  };
}
