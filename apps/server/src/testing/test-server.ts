// Starts the real app on an ephemeral loopback port over real drivers, for integration tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { FsContentStore, type ContentStore } from '@cc/content';
import type { Database } from '@cc/db';
import type { SkillLibrary } from '@cc/mcp';
import { createApp } from '../app.ts';
import { answerClientErrors } from '../http/client-error.ts';
import type { Limits } from '../http/rate-limit.ts';
import { captureMailer } from '../auth/mailer.ts';
import type { AuthLimits } from '../auth/routes.ts';
import type { CimdOptions } from '../auth/cimd/plugin.ts';
import { assemble, type ExternalIssuer, type PlannerParts, type Runtime } from '../compose.ts';
import { silentLogger, type Logger } from '../logger.ts';

export const fixturesDir = path.resolve(import.meta.dirname, '../../../../packages/content/test-fixtures');

/** For tests that sweep many routes at one instant: rate limits are rate-limit.test.ts's concern. */
const unlimited = { limit: 1_000_000, windowSeconds: 60 };
export const UNLIMITED: Limits = { guestSessionsPerAddress: unlimited, submitsPerLearner: unlimited, hintsPerLearner: unlimited };

const UNREACHABLE_PLANNER: PlannerParts = {
  config: { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'test', model: 'test-model', prices: { inputPerMTok: 0, outputPerMTok: 0 }, dailyLimit: 1000, concurrency: 1, leaseSeconds: 30 },
  pollMs: 200,
};

export interface TestServer {
  url: string;
  runtime: Runtime;
  /** Every mail the server sent (password reset links). */
  mail: ReturnType<typeof captureMailer>;
  close(): Promise<void>;
}

export const TEST_AUTH_SECRET = 'test-secret-test-secret-test-secret-0123';

export async function startTestServer(options: {
  database: Database;
  store?: ContentStore;
  clock?: { now(): Date };
  limits?: Limits;
  authLimits?: Partial<AuthLimits>;
  trustedProxyHops?: number;
  externalIssuer?: ExternalIssuer;
  cimd?: CimdOptions;
  /** Tutoring skills served over MCP (default: none). */
  skills?: SkillLibrary & { close?(): void };
  /**
   * Learning plans with their background worker (started with the server). Default: on, with a
   * provider at an address that refuses connections (attempts fail as provider_error), so that
   * tests sweeping every route meet the plan routes working; `false`: not configured (503).
   */
  planner?: PlannerParts | false;
  adminToken?: string;
  /** Default: silent. */
  logger?: Logger;
  metricsToken?: string;
  replica?: string;
}): Promise<TestServer> {
  // Listen first: PUBLIC_URL (the OAuth issuer and the MCP resource) is the real loopback URL.
  let fetchImpl: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: (request) => fetchImpl(request), port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  answerClientErrors(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const mail = captureMailer();
  const runtime = assemble({
    database: options.database,
    store: options.store ?? new FsContentStore(fixturesDir),
    refreshSeconds: 0,
    logger: options.logger ?? silentLogger,
    publicUrl: url,
    authSecret: TEST_AUTH_SECRET,
    mailer: mail,
    ...(options.externalIssuer && { externalIssuer: options.externalIssuer }),
    ...(options.cimd && { cimd: options.cimd }),
    ...(options.skills && { skills: options.skills }),
    ...(options.planner !== false && { planner: options.planner ?? UNREACHABLE_PLANNER }),
    ...(options.adminToken && { adminToken: options.adminToken }),
    ...(options.clock && { clock: options.clock }),
    ...(options.trustedProxyHops !== undefined && { trustedProxyHops: options.trustedProxyHops }),
  });
  const app = createApp({
    ...runtime,
    ...(options.metricsToken && { metricsToken: options.metricsToken }),
    ...(options.replica && { replica: options.replica }),
    ...(options.limits && { limits: options.limits }), ...(options.authLimits && { authLimits: options.authLimits }),
  });
  fetchImpl = (request) => app.fetch(request);
  await runtime.startBackgroundWork();
  return {
    url,
    runtime,
    mail,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
