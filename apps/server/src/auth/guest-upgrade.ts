// Guest upgrade: a guest who signs up keeps their learner (same id, so every row it owns).
//
// The sign-up request presents the guest token in `X-Guest-Session: <token>` (or as
// `Authorization: Bearer <token>`). If it is a live guest session of a learner with no account,
// the server records a claim (table `guest_upgrade`, keyed by the sign-up's email) for the time
// of the request; the database trigger of migration 0010_guest_upgrade honours it in the
// statement that inserts the user: the user gets the guest's learner id and the guest's bearer
// sessions are revoked, all in Better Auth's sign-up transaction. A token that is not a live,
// unclaimed guest session is ignored: the sign-up creates a fresh learner.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '@cc/db';
import { hashToken, looksLikeToken } from './sessions.ts';

export const GUEST_SESSION_HEADER = 'x-guest-session';
/** A claim older than this is left over from a crashed request and may be replaced. */
const STALE_CLAIM_MS = 5 * 60_000;

export type GuestClaim =
  /** No usable guest token: sign up as a fresh learner. */
  | { kind: 'none' }
  /** Another sign-up with this email is claiming a guest right now. */
  | { kind: 'busy' }
  | { kind: 'claimed'; learnerId: string; release(): Promise<void> };

export interface GuestUpgrades {
  claim(input: { token: string | undefined; email: string; now: Date }): Promise<GuestClaim>;
}

/** The guest token a sign-up request presents, if any (not yet checked). */
export function presentedGuestToken(headers: Headers): string | undefined {
  const dedicated = headers.get(GUEST_SESSION_HEADER)?.trim();
  if (dedicated) return dedicated;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return bearer?.[1];
}

export function pgGuestUpgrades(db: Kysely<Schema>): GuestUpgrades {
  return {
    async claim({ token, email, now }) {
      if (!token || !looksLikeToken(token)) return { kind: 'none' };
      const tokenHash = hashToken(token);
      const session = await db
        .selectFrom('auth_session')
        .select('learner_id')
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('auth_user').select('auth_user.id').whereRef('auth_user.id', '=', 'auth_session.learner_id'))))
        .executeTakeFirst();
      if (!session) return { kind: 'none' };
      const stale = new Date(now.getTime() - STALE_CLAIM_MS);
      const row = await db
        .insertInto('guest_upgrade')
        .values({ email, learner_id: session.learner_id, token_hash: tokenHash, created_at: now })
        .onConflict((oc) =>
          oc
            .column('email')
            .doUpdateSet({ learner_id: session.learner_id, token_hash: tokenHash, created_at: now })
            .where(sql<boolean>`guest_upgrade.created_at < ${stale}`),
        )
        .returning('email')
        .executeTakeFirst();
      if (!row) return { kind: 'busy' };
      return {
        kind: 'claimed',
        learnerId: session.learner_id,
        // The trigger consumes the claim when the user is inserted; otherwise drop it here.
        release: async () => {
          await db.deleteFrom('guest_upgrade').where('email', '=', email).where('token_hash', '=', tokenHash).execute();
        },
      };
    },
  };
}

// The guest cookie: the server-rendered sign-up page (/signup, reached from ChatGPT's OAuth flow)
// is a plain form and cannot send X-Guest-Session, so issuing a guest session also sets this
// HttpOnly cookie, scoped to Path=/signup: only the sign-up form ever receives it, and only its
// handler reads it (never identity middleware, so it authenticates nothing). SameSite=Lax plus
// the form's same-origin check keep a cross-site post from claiming the guest.
export const GUEST_COOKIE = 'cc_guest';
export const GUEST_COOKIE_PATH = '/signup';

const cookieAttributes = (publicUrl: string) => `Path=${GUEST_COOKIE_PATH}; HttpOnly; SameSite=Lax${publicUrl.startsWith('https:') ? '; Secure' : ''}`;

/** Set-Cookie for a new guest session's token, living as long as the session. */
export function guestCookie(token: string, expiresAt: Date, now: Date, publicUrl: string): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${GUEST_COOKIE}=${token}; Max-Age=${maxAge}; ${cookieAttributes(publicUrl)}`;
}

/** Set-Cookie that removes the guest cookie (sign-out, account deletion, a completed sign-up). */
export function clearedGuestCookie(publicUrl: string): string {
  return `${GUEST_COOKIE}=; Max-Age=0; ${cookieAttributes(publicUrl)}`;
}

/** The guest token in the request's guest cookie, if any (not yet checked). */
export function guestTokenOfCookie(headers: Headers): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === GUEST_COOKIE) return part.slice(i + 1).trim() || undefined;
  }
  return undefined;
}
