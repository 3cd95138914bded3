import type {
  AbortableOperationOptions,
  DatabaseConnection,
  Dialect,
  DialectAdapter,
  Driver,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';

export class DatabaseClosedError extends Error {
  override readonly name = 'DatabaseClosedError';
  constructor() {
    super('the database has been closed');
  }
}

/**
 * Counts every request that is waiting for or holding a connection, so `close()` can let them
 * finish before tearing the driver down. Without it, a pg Pool being ended leaves queued
 * requests pending forever, and a closing PGlite rejects requests still queued behind a
 * transaction.
 *
 * With `serialise` it also hands out the single connection one request at a time (FIFO),
 * replacing Kysely's own mutex for single-connection dialects: that mutex sits in front of the
 * driver, where queued requests would be invisible to the count.
 */
export class ConnectionGate {
  readonly #serialise: boolean;
  #users = 0;
  #held = false;
  #closed = false;
  readonly #queue: (() => void)[] = [];
  readonly #drained: (() => void)[] = [];

  constructor(options: { serialise: boolean }) {
    this.#serialise = options.serialise;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async enter(): Promise<void> {
    if (this.#closed) throw new DatabaseClosedError();
    this.#users++;
    if (!this.#serialise) return;
    if (!this.#held) {
      this.#held = true;
      return;
    }
    // Ownership passes directly from leave() to the next waiter; #held stays true.
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }

  leave(): void {
    if (this.#serialise) {
      const next = this.#queue.shift();
      if (next) next();
      else this.#held = false;
    }
    this.#users--;
    if (this.#users === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }

  /** Refuses new requests and resolves once every admitted one has released its connection. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#users === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }
}

class GatedDriver implements Driver {
  readonly #inner: Driver;
  readonly #gate: ConnectionGate;

  constructor(inner: Driver, gate: ConnectionGate) {
    this.#inner = inner;
    this.#gate = gate;
  }

  async init(options?: AbortableOperationOptions): Promise<void> {
    if (this.#gate.closed) throw new DatabaseClosedError();
    await this.#inner.init(options);
  }

  async acquireConnection(options?: AbortableOperationOptions): Promise<DatabaseConnection> {
    await this.#gate.enter();
    try {
      return await this.#inner.acquireConnection(options);
    } catch (error) {
      this.#gate.leave();
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection, options?: AbortableOperationOptions): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection, options);
    } finally {
      this.#gate.leave();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return required(this.#inner.savepoint, 'savepoint').call(this.#inner, connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return required(this.#inner.rollbackToSavepoint, 'rollbackToSavepoint').call(this.#inner, connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return required(this.#inner.releaseSavepoint, 'releaseSavepoint').call(this.#inner, connection, name, compile);
  }

  destroy(options?: AbortableOperationOptions): Promise<void> {
    return this.#inner.destroy(options);
  }
}

function required<T>(method: T | undefined, name: string): T {
  if (method === undefined) throw new Error(`the driver does not support ${name}`);
  return method;
}

/** `inner` with its driver behind `gate`; `adapter` replaces the inner dialect's adapter. */
export function gatedDialect(inner: Dialect, gate: ConnectionGate, adapter: DialectAdapter): Dialect {
  return {
    createAdapter: () => adapter,
    createDriver: () => new GatedDriver(inner.createDriver(), gate),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}
