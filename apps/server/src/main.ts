import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { answerClientErrors } from './http/client-error.ts';
import { trackInFlight } from './http/in-flight.ts';
import { compose } from './compose.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const runtime = await compose(config, logger);
  // Load (and index) the courses before taking traffic, so the first request is not the slow one.
  const courses = await runtime.catalog.list();
  const app = createApp({ ...runtime, ...(config.WEB_DIR && { webDir: config.WEB_DIR }) });
  // Background work (the plan generator's worker, when PLANNER_* is set) starts with the server.
  await runtime.startBackgroundWork();

  const inFlight = trackInFlight(app.fetch);
  const server = serve({ fetch: inFlight.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    const base = config.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`;
    const lines = [
      `Course Companion is running`,
      `  web:      ${base}/`,
      `  REST API: ${base}/api/v1  (docs ${base}/api/docs, OpenAPI ${base}/api/v1/openapi.json)`,
      `  health:   ${base}/healthz  (readiness ${base}/readyz, metrics ${base}/metrics)`,
      `  listening: http://${host}:${info.port}`,
      `  accounts: ${base}/login  (OAuth 2.1 for ChatGPT: ${base}/.well-known/oauth-authorization-server)`,
      `  MCP:      ${base}/mcp`,
      `  database: ${runtime.database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)'}`,
      `  content:  ${runtime.describeContent} (${courses.length} course${courses.length === 1 ? '' : 's'})`,
      `  planner:  ${runtime.planWorker ? `on (${config.env['PLANNER_MODEL']})` : 'off (set PLANNER_BASE_URL, PLANNER_API_KEY, PLANNER_MODEL)'}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }) as Server;
  answerClientErrors(server);
  server.on('error', (e: NodeJS.ErrnoException) => {
    const reason =
      e.code === 'EADDRINUSE' ? `port ${config.PORT} on ${config.HOST} is already in use (set PORT to another port)` : e.message;
    process.stderr.write(`Course Companion could not listen: ${reason}\n`);
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
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
    server.close(async () => {
      try {
        // Handlers whose client hung up are still running; their queries need the database.
        if (!(await inFlight.drained(Math.max(0, deadline - Date.now())))) {
          logger.warn('shutdown timed out; requests still running', { requests: inFlight.count });
        }
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
