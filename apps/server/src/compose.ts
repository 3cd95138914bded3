// The composition root: the one place that knows which driver implements which port.
import { mkdir } from 'node:fs/promises';
import { sql } from 'kysely';
import { CachedCourseCatalog, contentStoreFromEnv } from '@cc/content';
import { migrateToLatest, openDatabase, PgSearchIndex, type Database } from '@cc/db';
import type { AppDeps } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export interface Runtime extends AppDeps {
  database: Database;
  describeContent: string;
  close(): Promise<void>;
}

export async function compose(config: Config, logger: Logger): Promise<Runtime> {
  await mkdir(config.DATA_DIR, { recursive: true });
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
  const search = new PgSearchIndex(database.db);
  const store = contentStoreFromEnv(config.env, { coursesDir: config.coursesDir });
  const catalog = new CachedCourseCatalog(store, {
    refreshSeconds: config.CONTENT_REFRESH_SECONDS,
    logger,
    onLoaded: async (course) => {
      logger.info('course loaded', { course: course.id, version: course.version, steps: course.steps.length });
      await search.ensureIndexed(course);
    },
  });

  return {
    catalog,
    search,
    logger,
    database,
    describeContent: store.describe(),
    ready: async () => {
      await sql`select 1`.execute(database.db);
    },
    close: () => database.close(),
  };
}
