import { sql, type Kysely } from 'kysely';

/**
 * Web sessions keep only a hash of their token (issue 8): Better Auth's `auth_web_session.token`
 * holds base64url(SHA-256(token)), 43 characters, as the server now writes it
 * (apps/server/src/auth/hashed-session-tokens.ts). Rows written before hold the raw token (32
 * characters): hash them in place so nobody is signed out. The hash is the same function the
 * server applies to a presented cookie, so those sessions keep working.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update auth_web_session
    set token = rtrim(translate(encode(sha256(convert_to(token, 'UTF8')), 'base64'), '+/', '-_'), '=')
    where length(token) <> 43`.execute(db);
}

/** A hash cannot be turned back into a token: going down signs every web session out. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from auth_web_session`.execute(db);
}
