// Starts the real app on an ephemeral loopback port over real drivers, for integration tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { FsContentStore, type ContentStore } from '@cc/content';
import type { Database } from '@cc/db';
import { createApp } from '../app.ts';
import { answerClientErrors } from '../http/client-error.ts';
import type { Limits } from '../http/rate-limit.ts';
import { assemble, type Runtime } from '../compose.ts';
import { silentLogger } from '../logger.ts';

export const fixturesDir = path.resolve(import.meta.dirname, '../../../../packages/content/test-fixtures');

export interface TestServer {
  url: string;
  runtime: Runtime;
  close(): Promise<void>;
}

export async function startTestServer(options: {
  database: Database;
  store?: ContentStore;
  clock?: { now(): Date };
  limits?: Limits;
  trustedProxyHops?: number;
}): Promise<TestServer> {
  const runtime = assemble({
    database: options.database,
    store: options.store ?? new FsContentStore(fixturesDir),
    refreshSeconds: 0,
    logger: silentLogger,
    publicUrl: 'http://course-companion.test',
    ...(options.clock && { clock: options.clock }),
    ...(options.trustedProxyHops !== undefined && { trustedProxyHops: options.trustedProxyHops }),
  });
  const app = createApp({ ...runtime, ...(options.limits && { limits: options.limits }) });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  answerClientErrors(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
