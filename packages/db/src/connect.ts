import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteAdapter, PGliteDialect, PostgresAdapter, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ConnectionGate, gatedDialect } from './connection-gate.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Schema } from './schema.ts';

export interface Database {
  db: Kysely<Schema>;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL only: the pool's connections right now (metrics). */
  pool?: () => PoolStats;
  /** Refuses new queries, waits for those in flight, then releases the connection(s). Idempotent. */
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open (idle or in use). */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export interface OpenDatabaseOptions {
  /** `postgres://` or `postgresql://`: a PostgreSQL server. Absent or empty: embedded PGlite. */
  url?: string;
  /** PGlite only: the data lives in `<dataDir>/pglite`. Absent: in memory. */
  dataDir?: string;
  /** PostgreSQL only: the most connections the pool opens. */
  poolSize?: number;
  /** PostgreSQL only: errors from idle pooled connections (the pool has already dropped them). */
  onPoolError?: (error: Error) => void;
  /** PostgreSQL only: how long a query waits for a new connection before failing (default 5 s). */
  connectionTimeoutMillis?: number;
}

export const DEFAULT_POOL_SIZE = 10;

/** Opens the database; the schema is not touched (run `migrateToLatest(database.db)`). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url === '' ? undefined : options.url;
  if (url === undefined) {
    if (options.dataDir === undefined) return wrapPGlite(await PGlite.create({}));
    const dataDir = join(options.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
    const unlock = await lockDataDir(dataDir);
    try {
      return wrapPGlite(await PGlite.create({ dataDir }), unlock);
    } catch (e) {
      await unlock();
      throw e;
    }
  }
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error('database url must start with postgres:// or postgresql://');
  }
  // A bounded connection wait: with the server unreachable, a request fails (503) instead of hanging.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
  });
  // Without a listener an idle connection dropped by the server would crash the process.
  const onError = options.onPoolError ?? ((error: Error) => console.error('postgres pool error:', error.message));
  pool.on('error', onError);
  // The pool listens for errors only on idle connections. A connection checked out when the server
  // goes away (restart, failover) emits 'error' with no listener, which would crash the process;
  // its query fails on its own and the pool drops it when it is released.
  pool.on('connect', (client) => client.on('error', onError));
  return wrapPool(pool);
}

/** Takes ownership of an open PGlite instance. */
export function wrapPGlite(pglite: PGlite, afterClose: () => Promise<void> = async () => {}): Database {
  const gate = new ConnectionGate({ serialise: true });
  const dialect = gatedDialect(new PGliteDialect({ pglite }), gate, new GatedPGliteAdapter());
  return handle(new Kysely<Schema>({ dialect }), 'pglite', gate, async () => {
    if (!pglite.closed) await pglite.close();
    await afterClose();
  });
}

function wrapPool(pool: pg.Pool): Database {
  const gate = new ConnectionGate({ serialise: false });
  const dialect = gatedDialect(new PostgresDialect({ pool }), gate, new PostgresAdapter());
  const database = handle(new Kysely<Schema>({ dialect }), 'postgres', gate, async () => {
    if (!pool.ending) await pool.end();
  });
  const max = pool.options.max ?? DEFAULT_POOL_SIZE;
  return { ...database, pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }) };
}

/**
 * PGlite has one connection. The gate serialises access to it (a transaction holds it until it
 * ends, so no other request's statement can land inside), taking over from Kysely's mutex.
 */
class GatedPGliteAdapter extends PGliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

function handle(
  db: Kysely<Schema>,
  kind: Database['kind'],
  gate: ConnectionGate,
  release: () => Promise<void>,
): Database {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    close() {
      closing ??= (async () => {
        await gate.close();
        // Kysely only destroys a driver it has initialised, so release the client ourselves too.
        await db.destroy();
        await release();
      })();
      return closing;
    },
  };
}
