import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { answerClientErrors } from './http/client-error.ts';
import { compose } from './compose.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';

/**
 * Binds HOST:PORT before anything else, answering 503 until `app` is set: with PORT=0 the OS picks
 * the port, and the URLs the server names (printed, OAuth issuer, MCP resource) need the real one.
 */
async function listen(config: Config): Promise<{ server: Server; port: number; serveWith(app: { fetch: (request: Request) => Response | Promise<Response> }): void }> {
  let handle = (_request: Request): Response | Promise<Response> =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Starting' }), {
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
    });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: (request) => handle(request), port: config.PORT, hostname: config.HOST }, () => resolve(s)) as Server;
    s.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `port ${config.PORT} on ${config.HOST} is already in use (set PORT to another port)` : e.message)),
    );
  });
  answerClientErrors(server);
  return { server, port: (server.address() as AddressInfo).port, serveWith: (app) => void (handle = (request) => app.fetch(request)) };
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(config);
  } catch (e) {
    process.stderr.write(`Course Companion could not listen: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const { server, port } = listening;
  // Unless PUBLIC_URL says otherwise, the server's own URL has the port it is bound to.
  const runtime = await compose({ ...config, PORT: port }, logger);
  // Load (and index) the courses before taking traffic, so the first request is not the slow one.
  const courses = await runtime.catalog.list();
  const app = createApp({ ...runtime, ...(config.WEB_DIR && { webDir: config.WEB_DIR }) });
  // Background work (the plan generator's worker, when PLANNER_* is set) starts with the server.
  await runtime.startBackgroundWork();
  listening.serveWith(app);

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = runtime.publicUrl;
  const lines = [
    `Course Companion is running`,
    `  web:      ${base}/`,
    `  REST API: ${base}/api/v1  (docs ${base}/api/docs, OpenAPI ${base}/api/v1/openapi.json)`,
    `  health:   ${base}/healthz  (readiness ${base}/readyz, metrics ${base}/metrics)`,
    `  listening: http://${host}:${address.port}`,
    `  accounts: ${base}/login  (OAuth 2.1 for ChatGPT: ${base}/.well-known/oauth-authorization-server)`,
    `  MCP:      ${base}/mcp`,
    `  database: ${runtime.database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  content:  ${runtime.describeContent} (${courses.length} course${courses.length === 1 ? '' : 's'})`,
    `  planner:  ${runtime.planWorker ? `on (${config.env['PLANNER_MODEL']})` : 'off (set PLANNER_BASE_URL, PLANNER_API_KEY, PLANNER_MODEL)'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  server.on('error', (e: Error) => {
    process.stderr.write(`Course Companion stopped serving: ${e.message}\n`);
    void runtime.close().finally(() => process.exit(1));
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.warn('shutdown timed out; closing remaining connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    force.unref();
    // close() stops accepting and resolves once in-flight requests have finished.
    server.close(async () => {
      try {
        await runtime.close();
      } finally {
        clearTimeout(force);
        logger.info('stopped');
        process.exit(0);
      }
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(e.message + '\n');
  } else {
    process.stderr.write(`Course Companion failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exit(1);
});
