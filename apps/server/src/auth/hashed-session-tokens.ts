// Better Auth keeps web sessions in `auth_web_session` and finds them by the raw token of the
// cookie. This adapter wrapper stores only base64url(SHA-256(token)) instead, as our bearer and
// guest sessions do, so a database leak yields no usable session:
// - writes: a session's `token` is hashed before it reaches the database;
// - lookups: every `token` condition (eq, ne, in, not_in) is hashed, so a presented value must be
//   the raw token; a stored hash presented as a token matches nothing;
// - answers: a row found by its raw token carries that raw token back (Better Auth re-signs it
//   into the cookie when it refreshes a session). Rows found otherwise (a user's session list)
//   carry the raw token when this request presented it, or else an opaque handle that is only
//   valid inside this process (HMAC under a random key): Better Auth's revoke-other-sessions
//   compares the listed tokens with the current one and deletes the others by token.
// Migration 0011_hashed_web_sessions hashed the rows written before.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BetterAuthOptions } from 'better-auth';
import type { DBAdapter, Where } from '@better-auth/core/db/adapter';

export const hashSessionToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

const SESSION_MODELS = new Set(['session', 'auth_web_session']);
const HANDLE = /^ref\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;
const handleKey = randomBytes(32);
const mac = (hash: string) => createHmac('sha256', handleKey).update(hash).digest('base64url');
const handleOf = (hash: string) => `ref.${hash}.${mac(hash)}`;

function storedFormOf(value: string): string {
  const handle = HANDLE.exec(value);
  if (handle && timingSafeEqual(Buffer.from(mac(handle[1]!)), Buffer.from(handle[2]!))) return handle[1]!;
  return hashSessionToken(value);
}

/** Raw tokens presented during one request (hash -> raw); see `withSessionTokenScope`. */
const presented = new AsyncLocalStorage<Map<string, string>>();

/** Runs one auth request so that its own session shows with its raw token in session lists. */
export const withSessionTokenScope = <T>(fn: () => Promise<T>): Promise<T> => presented.run(new Map(), fn);

type Row = Record<string, unknown>;

export function hashedSessionTokens(inner: DBAdapter<BetterAuthOptions>): DBAdapter<BetterAuthOptions> {
  const wrap = (adapter: DBAdapter<BetterAuthOptions>): DBAdapter<BetterAuthOptions> => {
    const isSession = (model: string) => SESSION_MODELS.has(model);
    /** The call's own raw tokens (hash -> raw), remembered for the request as well. */
    const hashWhere = (where: Where[] | undefined, known: Map<string, string>): Where[] | undefined =>
      where?.map((w) => {
        if (w.field !== 'token' || !['eq', 'ne', 'in', 'not_in', undefined].includes(w.operator)) return w;
        const one = (v: string) => {
          const stored = storedFormOf(v);
          if (stored !== v && !HANDLE.test(v)) {
            known.set(stored, v);
            presented.getStore()?.set(stored, v);
          }
          return stored;
        };
        if (typeof w.value === 'string') return { ...w, value: one(w.value) };
        if (Array.isArray(w.value)) return { ...w, value: (w.value as unknown[]).map((v) => (typeof v === 'string' ? one(v) : v)) as string[] };
        return w;
      });
    const reveal = <T>(row: T, known: Map<string, string>): T => {
      if (row === null || typeof row !== 'object' || typeof (row as Row)['token'] !== 'string') return row;
      const hash = (row as Row)['token'] as string;
      const token = known.get(hash) ?? presented.getStore()?.get(hash) ?? handleOf(hash);
      return { ...(row as Row), token } as T;
    };
    const hashData = (data: Row, known: Map<string, string>): Row => {
      if (typeof data['token'] !== 'string') return data;
      const hash = hashSessionToken(data['token']);
      known.set(hash, data['token']);
      presented.getStore()?.set(hash, data['token']);
      return { ...data, token: hash };
    };

    return {
      ...adapter,
      create: async <T extends Record<string, any>, R = T>(args: { model: string; data: Omit<T, 'id'>; select?: string[] | undefined; forceAllowId?: boolean | undefined }): Promise<R> => {
        if (!isSession(args.model)) return adapter.create<T, R>(args);
        const known = new Map<string, string>();
        const created = await adapter.create<T, R>({ ...args, data: hashData(args.data as Row, known) as typeof args.data });
        return reveal(created, known);
      },
      findOne: async (args) => {
        if (!isSession(args.model)) return adapter.findOne(args);
        const known = new Map<string, string>();
        return reveal(await adapter.findOne({ ...args, where: hashWhere(args.where, known)! }), known);
      },
      findMany: async <T>(args: Parameters<DBAdapter['findMany']>[0]): Promise<T[]> => {
        if (!isSession(args.model)) return adapter.findMany<T>(args);
        const known = new Map<string, string>();
        const rows = await adapter.findMany<T>({ ...args, where: hashWhere(args.where, known) });
        return rows.map((row) => reveal(row, known));
      },
      count: (args) => (isSession(args.model) ? adapter.count({ ...args, where: hashWhere(args.where, new Map()) }) : adapter.count(args)),
      update: async (args) => {
        if (!isSession(args.model)) return adapter.update(args);
        const known = new Map<string, string>();
        const where = hashWhere(args.where, known)!;
        return reveal(await adapter.update({ ...args, where, update: hashData(args.update, known) }), known);
      },
      updateMany: (args) =>
        isSession(args.model) ? adapter.updateMany({ ...args, where: hashWhere(args.where, new Map())!, update: hashData(args.update, new Map()) }) : adapter.updateMany(args),
      delete: (args) => (isSession(args.model) ? adapter.delete({ ...args, where: hashWhere(args.where, new Map())! }) : adapter.delete(args)),
      deleteMany: (args) => (isSession(args.model) ? adapter.deleteMany({ ...args, where: hashWhere(args.where, new Map())! }) : adapter.deleteMany(args)),
      consumeOne: async (args) => {
        if (!isSession(args.model)) return adapter.consumeOne(args);
        const known = new Map<string, string>();
        return reveal(await adapter.consumeOne({ ...args, where: hashWhere(args.where, known)! }), known);
      },
      incrementOne: async (args) => {
        if (!isSession(args.model)) return adapter.incrementOne(args);
        const known = new Map<string, string>();
        const set = args.set && hashData(args.set, known);
        return reveal(await adapter.incrementOne({ ...args, where: hashWhere(args.where, known)!, ...(set && { set }) }), known);
      },
      transaction: (callback) => adapter.transaction((trx) => callback(wrap(trx as DBAdapter<BetterAuthOptions>))),
    };
  };
  return wrap(inner);
}
