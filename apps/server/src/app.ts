import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { Scalar } from '@scalar/hono-api-reference';
import type { CourseCatalog, LearningDeps, PlanDeps, SearchIndex } from '@cc/core';
import { emptySkillLibrary, mcpRoutes, type McpDoorDeps, type SkillLibrary } from '@cc/mcp';
import type { Accounts } from './auth/accounts.ts';
import { adminRoutes, type AdminAudit } from './admin/routes.ts';
import { MCP_SCOPE, type Auth } from './auth/better-auth.ts';
import { identify, requireSameOriginForCookies, type IdentityVariables, type WebSessions } from './auth/identify.ts';
import { authPages, PAGE_STYLE } from './auth/pages.ts';
import { AUTH_BASE_PATH } from './auth/better-auth.ts';
import { authRoutes, DEFAULT_AUTH_LIMITS, type AuthLimits } from './auth/routes.ts';
import type { SessionStore } from './auth/sessions.ts';
import { syncAfterRevocations, type CredentialCache } from './auth/credential-cache.ts';
import type { GuestUpgrades } from './auth/guest-upgrade.ts';
import { openApiRouter } from './http/openapi.ts';
import { clientAddress, DEFAULT_LIMITS, LEARNER_ACTIONS, mcpToolLimits, rateLimit, type Limits, type RateLimiter } from './http/rate-limit.ts';
import { limitBodies } from './http/body-limit.ts';
import { onError, problem, tooLarge } from './http/problem.ts';
import { refuseUnstorableText } from './http/edge.ts';
import { bodyOf, canonicalRequest } from './http/body.ts';
import { contentSecurityPolicy, htmlCsp, inlineHashes, sha256Source } from './http/csp.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { metricsHandler, requestContextMiddleware } from './http/request-context.ts';
import { courseRoutes } from './routes/courses.ts';
import { learnerRoutes } from './routes/learner.ts';
import { referenceRoutes } from './routes/reference.ts';
import { webApp } from './web.ts';
import { planRoutes } from './routes/plans.ts';
import { noteRoutes } from './routes/notes.ts';

export interface AppDeps {
  catalog: CourseCatalog;
  search: SearchIndex;
  logger: Logger;
  learning: LearningDeps;
  sessions: SessionStore;
  /** The externally visible base URL (links, xAPI activity ids). */
  publicUrl: string;
  rateLimiter: RateLimiter;
  limits?: Limits;
  /** Accounts and OAuth (Better Auth); absent when rendering contracts. */
  auth?: Auth;
  webSessions?: WebSessions;
  accounts?: Accounts;
  /** Sign-ups that present a guest token keep the guest's learner (auth/guest-upgrade.ts). */
  guestUpgrades?: GuestUpgrades;
  authLimits?: Partial<AuthLimits>;
  /** The MCP door's token verifier and authorization server; absent when rendering contracts. */
  mcp?: Pick<McpDoorDeps, 'verifier' | 'authorizationServer'>;
  /** The tutoring skills served over MCP (skills/); none when absent. */
  skills?: SkillLibrary;
  /** Proxies in front of the server that append to X-Forwarded-For (0: use the socket address). */
  trustedProxyHops?: number;
  /** The web app's build folder (WEB_DIR; default apps/web/dist). */
  webDir?: string;
  /** Learning plans (PLANNER_* configured): use-case deps (their onQueued nudges the worker); both doors. */
  plans?: PlanDeps;
  /** The operators' admin API (ADMIN_TOKEN); absent: not mounted. */
  admin?: { token: string; audit: AdminAudit };
  /** Resolves when the server can serve (database reachable, content loaded); rejects otherwise. */
  ready: () => Promise<void>;
  /** Prometheus metrics (GET /metrics); default: a fresh registry. */
  metrics?: Metrics;
  /** METRICS_TOKEN: /metrics wants `Authorization: Bearer <token>`; absent: open. */
  metricsToken?: string;
  /** The credential cache: read its revocation log after requests that may revoke (auth/credential-cache.ts). */
  credentials?: Pick<CredentialCache, 'sync'>;
  /** REPLICA_ID: sent as `X-Replica` on every response (which replica answered, behind a balancer). */
  replica?: string;
}

export const API_VERSION = '0.1.0';
export const MAX_BODY_BYTES = 1024 * 1024;

/** The REST door: every /api/v1 route, with the OpenAPI document generated from their zod schemas. */
export function createApi(deps: AppDeps) {
  const api = openApiRouter<{ Variables: IdentityVariables }>().basePath('/api/v1');
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /api/v1/sessions/guest',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'better-auth.session_token',
    description:
      'A web session from /api/auth/sign-in/email (`__Secure-` prefixed when served over https). Unsafe methods also need a same-origin Origin header.',
  });
  api.use('*', identify(deps.sessions, deps.learning.clock, deps.webSessions));
  api.use('*', requireSameOriginForCookies(deps.publicUrl));
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const now = () => deps.learning.clock.now();
  const byAddress = (c: Parameters<typeof clientAddress>[0]) => clientAddress(c, deps.trustedProxyHops ?? 0);
  const byLearner = (c: { get(key: 'learnerId'): string | undefined }) => c.get('learnerId') ?? 'anonymous';
  api.post('/sessions/guest', rateLimit(deps.rateLimiter, now, 'guest', limits.guestSessionsPerAddress, byAddress));
  for (const action of LEARNER_ACTIONS) api.post(action.route, rateLimit(deps.rateLimiter, now, action.name, limits[action.limit], byLearner));
  return api
    .route('/', courseRoutes(deps))
    .route('/', referenceRoutes(deps))
    .route('/', learnerRoutes(deps))
    .route('/', planRoutes(deps.plans))
    .route('/', noteRoutes(deps.learning));
}

export function openApiDocument(api: ReturnType<typeof createApi>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Course Companion API',
      version: API_VERSION,
      description:
        'Deterministic course content, navigation, search, quizzes, progress and personalisation. Errors are RFC 9457 problem documents (application/problem+json).',
    },
    tags: [
      { name: 'Courses', description: 'Courses and their outlines' },
      { name: 'Steps', description: 'Step content and navigation' },
      { name: 'Search', description: 'Full-text search with citations' },
      { name: 'Reference', description: 'Glossary and common errors and misconceptions, each linked to the steps that teach it' },
      { name: 'Learner', description: 'Sessions, the learner and their profile' },
      { name: 'Progress', description: 'Completion, resume, path, mastery and streaks' },
      { name: 'Quizzes', description: 'Attempts, hints and grading (answer keys never leave before grading)' },
      { name: 'Reviews', description: 'Spaced review of answered questions (FSRS)' },
      { name: 'Events', description: 'Learning events and their xAPI export' },
      { name: 'Plans', description: 'AI learning plans (pro tier; generated in the background, 503 when no generator is configured)' },
      { name: 'Notes', description: "The learner's bookmarks, notes and highlighted passages, and their export" },
    ],
  });
}

// Served from our own origin so the docs work offline and behind strict egress rules.
let scalarBundle: Promise<Buffer> | undefined;
const loadScalarBundle = () =>
  (scalarBundle ??= readFile(new URL('./browser/standalone.js', import.meta.resolve('@scalar/api-reference'))));

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const api = createApi(deps);
  const document = openApiDocument(api);

  const metrics = deps.metrics ?? createMetrics();
  // First: every response (errors and 404s included) carries the request's id and is measured.
  app.use(requestContextMiddleware({ logger: deps.logger, metrics, ...(deps.replica && { replica: deps.replica }) }));
  app.use(secureHeaders({ crossOriginEmbedderPolicy: false }));
  // Every HTML page gets a strict Content-Security-Policy (http/csp.ts).
  app.use(
    htmlCsp(contentSecurityPolicy({ style: [sha256Source(PAGE_STYLE)] }), {
      // Better Auth's own error page: inline styles and style attributes, and no script at all.
      [`${AUTH_BASE_PATH}/error`]: contentSecurityPolicy({ scripts: false, style: ["'unsafe-inline'"] }),
    }),
  );
  // Oversized bodies: 413, and close the connection, since the rest of the body is left unread
  // and a client's pool must not send its next request on that socket.
  app.use(limitBodies({ maxSize: MAX_BODY_BYTES, onError: (c) => tooLarge(c, MAX_BODY_BYTES) }));
  // The MCP door answers bad text itself, as MCP (packages/mcp/src/server.ts).
  app.use(refuseUnstorableText({ except: ['/mcp'] }));
  if (deps.credentials) {
    const credentials = deps.credentials;
    app.use(syncAfterRevocations(credentials, (error) => deps.logger.warn('credential cache: sync after a revoking request failed', { error: error instanceof Error ? error.message : String(error) })));
  }

  // Liveness: the process answers. No dependency is checked, so an orchestrator never restarts a
  // healthy replica because the database is away (that is readiness's job).
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Readiness: the database answers and the content is loaded; a balancer sends traffic only then.
  app.get('/readyz', async (c) => {
    try {
      await deps.ready();
      return c.json({ status: 'ready' });
    } catch (e) {
      deps.logger.warn('readiness check failed', { error: e instanceof Error ? e.message : String(e) });
      const res = problem(c, 503, `Not ready: ${e instanceof Error ? e.message : String(e)}`);
      res.headers.set('Retry-After', '5');
      return res;
    }
  });
  app.get('/metrics', metricsHandler(metrics, deps.metricsToken));

  app.get('/api/v1/openapi.json', (c) => c.json(document));
  // Self-contained docs: no third-party fonts, AI agent or MCP integration calling out of the page.
  // The page is static: render it once and allow its inline bootstrap script by hash.
  const scalar = Scalar({
    url: '/api/v1/openapi.json',
    cdn: '/api/docs/scalar.js',
    pageTitle: 'Course Companion API',
    withDefaultFonts: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'json',
  });
  let docsPage: Promise<{ html: string; csp: string }> | undefined;
  const renderDocs = async () => {
    const html = await (await new Hono().get('/', scalar).request('/')).text();
    // Scalar injects its component styles at run time, so styles (not scripts) may be inline here.
    return { html, csp: contentSecurityPolicy({ script: inlineHashes(html).scripts, style: ["'unsafe-inline'"] }) };
  };
  app.get('/api/docs', async (c) => {
    const { html, csp } = await (docsPage ??= renderDocs());
    return c.html(html, 200, { 'content-security-policy': csp });
  });
  app.get('/api/docs/scalar.js', async (c) =>
    c.body(new Uint8Array(await loadScalarBundle()), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }),
  );
  if (deps.mcp) {
    // Before Better Auth's /.well-known/* so that the protected resource metadata is ours.
    app.route(
      '/',
      mcpRoutes({
        ...deps.mcp,
        learning: deps.learning,
        search: deps.search,
        ...(deps.plans && { plans: deps.plans }),
        skills: deps.skills ?? emptySkillLibrary,
        publicUrl: deps.publicUrl,
        scope: MCP_SCOPE,
        parsedJson: async (c) => {
          const read = await bodyOf(c);
          return read.parsed.kind === 'json' ? { value: read.parsed.value } : { request: canonicalRequest(c.req.raw, read) };
        },
        limit: mcpToolLimits(deps.rateLimiter, () => deps.learning.clock.now(), deps.limits ?? DEFAULT_LIMITS),
        onError: (error) => deps.logger.error('MCP tool failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      }),
    );
  }
  if (deps.auth) {
    app.route(
      '/',
      authRoutes({
        auth: deps.auth,
        rateLimiter: deps.rateLimiter,
        now: () => deps.learning.clock.now(),
        trustedProxyHops: deps.trustedProxyHops ?? 0,
        publicUrl: deps.publicUrl,
        limits: { ...DEFAULT_AUTH_LIMITS, ...deps.authLimits },
        ...(deps.guestUpgrades && { guestUpgrades: deps.guestUpgrades }),
      }),
    );
    app.route(
      '/',
      authPages(deps.auth, deps.publicUrl, { now: () => deps.learning.clock.now(), ...(deps.guestUpgrades && { guestUpgrades: deps.guestUpgrades }) }),
    );
  }
  if (deps.admin) {
    app.route(
      '/',
      adminRoutes({ ...deps.admin, learning: deps.learning, rateLimiter: deps.rateLimiter, trustedProxyHops: deps.trustedProxyHops ?? 0 }),
    );
  }
  app.route('/', api);

  app.route('/', webApp({ dir: deps.webDir }));

  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  app.onError(onError(deps.logger));
  return app;
}
