// OAuth learners for the bench's MCP scenarios, as many as the REST scenarios have. Signing each
// one up through the real flow would take minutes (argon2id per sign-up, 10 sign-ups per address
// an hour), so one learner goes through the whole flow (DCR, sign-up, consent, code exchange) and
// the others are accounts inserted into the database whose access tokens are signed the way the
// server signs them: with the server's own current key (read from `auth_jwks` and decrypted with
// the server's AUTH_SECRET, as Better Auth does), the same header, and the real token's claims with
// another `sub` and fresh times. Every token is checked by the server's real verifier (signature,
// typ, issuer, audience, expiry, scope, and that the account exists) on every call.
import { randomUUID } from 'node:crypto';
import { symmetricDecrypt, parseEnvelope } from 'better-auth/crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { sql } from 'kysely';
import { openDatabase } from '@cc/db';

export interface MintedLearner {
  id: string;
  token: string;
}

/**
 * `count` more accounts (pro tier, like the REST learners) with access tokens minted like `real`.
 * On PostgreSQL the bench writes them while the server runs; an embedded database (`dataDir`) has
 * one process at a time, so the bench stops the server first and starts it again afterwards.
 */
export async function mintOAuthLearners(
  target: { url: string } | { dataDir: string },
  authSecret: string,
  real: string,
  count: number,
): Promise<MintedLearner[]> {
  const database = await openDatabase('url' in target ? { url: target.url, poolSize: 1 } : { dataDir: target.dataDir });
  try {
    const header = decodeProtectedHeader(real);
    const claims = decodeJwt(real);
    const { rows } = await sql<{ privateKey: string; alg: string | null }>`select "privateKey", alg from auth_jwks where id = ${header.kid ?? ''}`.execute(database.db);
    const stored = rows[0];
    if (!stored) throw new Error(`the server's signing key ${header.kid} is not in auth_jwks`);
    const sealed = JSON.parse(stored.privateKey) as string;
    const envelope = parseEnvelope(sealed);
    const jwk = JSON.parse(await symmetricDecrypt({ key: authSecret, data: envelope ? envelope.ciphertext : sealed })) as Record<string, unknown>;
    const key = await importJWK(jwk, stored.alg ?? header.alg ?? 'EdDSA');
    const now = new Date();
    const ids = Array.from({ length: count }, () => randomUUID());
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      // 0006's trigger creates each account's learner in the same statement.
      await sql`insert into auth_user (id, name, email, "emailVerified", "createdAt", "updatedAt")
        select id, 'Bench learner', 'bench-' || id || '@example.com', false, ${now}, ${now} from unnest(${batch}::uuid[]) as id`.execute(database.db);
      await database.db.updateTable('learner').set({ tier: 'pro' }).where('id', 'in', batch).execute();
    }
    const iat = Math.floor(Date.now() / 1000);
    const lifetime = (claims.exp ?? iat + 3600) - (claims.iat ?? iat);
    return Promise.all(
      ids.map(async (id) => ({
        id,
        token: await new SignJWT({ ...claims, sub: id, iat, exp: iat + lifetime, ...(claims.jti !== undefined && { jti: randomUUID() }) })
          .setProtectedHeader(header as Parameters<SignJWT['setProtectedHeader']>[0])
          .sign(key),
      })),
    );
  } finally {
    await database.close();
  }
}
