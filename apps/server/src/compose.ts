// The composition root: the one place that knows which driver implements which port.
import { mkdir } from 'node:fs/promises';
import { sql } from 'kysely';
import { CachedCourseCatalog, contentStoreFromEnv, type ContentStore } from '@cc/content';
import { randomUUID } from 'node:crypto';
import { migrateToLatest, openDatabase, PgLearningStore, PgRateLimiter, PgSearchIndex, PgSessionStore, type Database } from '@cc/db';
import type { AppDeps } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export interface Runtime extends AppDeps {
  database: Database;
  describeContent: string;
  close(): Promise<void>;
}

export interface Parts {
  /** A migrated database; the runtime owns it and closes it. */
  database: Database;
  store: ContentStore;
  refreshSeconds: number;
  logger: Logger;
  publicUrl: string;
  trustedProxyHops?: number;
  /** Tests pin time; production uses the system clock. */
  clock?: { now(): Date };
}

export const systemClock = { now: () => new Date() };

export function assemble({ database, store, refreshSeconds, logger, publicUrl, trustedProxyHops = 0, clock = systemClock }: Parts): Runtime {
  const search = new PgSearchIndex(database.db);
  const catalog = new CachedCourseCatalog(store, {
    refreshSeconds,
    logger,
    onLoaded: (course) => search.ensureIndexed(course),
  });
  return {
    catalog,
    search,
    logger,
    learning: { catalog, store: new PgLearningStore(database.db), clock, ids: { uuid: randomUUID } },
    sessions: new PgSessionStore(database.db),
    rateLimiter: new PgRateLimiter(database.db),
    trustedProxyHops,
    publicUrl,
    database,
    describeContent: store.describe(),
    ready: async () => {
      await sql`select 1`.execute(database.db);
    },
    close: () => database.close(),
  };
}

export async function compose(config: Config, logger: Logger): Promise<Runtime> {
  await mkdir(config.DATA_DIR, { recursive: true });
  const store = contentStoreFromEnv(config.env, { coursesDir: config.coursesDir });
  const database = await openDatabase({
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    await migrateToLatest(database.db);
  } catch (e) {
    await database.close();
    throw e;
  }
  const publicUrl = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  return assemble({ database, store, refreshSeconds: config.CONTENT_REFRESH_SECONDS, logger, publicUrl, trustedProxyHops: config.TRUST_PROXY_HOPS });
}
