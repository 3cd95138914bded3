// The composition root: the one place that knows which driver implements which port.
import { pgGuestUpgrades } from './auth/guest-upgrade.ts';
import { mkdir } from 'node:fs/promises';
import { sql } from 'kysely';
import { CachedCourseCatalog, contentStoreFromEnv, type ContentStore } from '@cc/content';
import type { CourseCatalog } from '@cc/core';
import { createHmac, randomUUID } from 'node:crypto';
import { migrateToLatest, openDatabase, PgAchievementStore, PgAdminAudit, PgLearningStore, PgNotesStore, PgPlanStore, PgRateLimiter, PgSearchIndex, PgSessionStore, PgCredentialRevocations, type Database } from '@cc/db';
import { createHash } from 'node:crypto';
import { CredentialCache } from './auth/credential-cache.ts';
import { cachedSessions } from './auth/sessions.ts';
import { LearnerAuth, type JwtVerifierOptions } from '@cc/mcp';
import { DEFAULT_DEADLINES, openAiProvider, plannerConfigFromEnv, PlanWorker, type Deadlines, type PlannerConfig, type PlanProvider } from '@cc/planner';
import type { AppDeps } from './app.ts';
import { betterAuthWebSessions, pgAccounts } from './auth/accounts.ts';
import { AUTH_BASE_PATH, createAuth, type Auth } from './auth/better-auth.ts';
import { externalJwks, externalLearnerId, inProcessJwks, jwtVerifier, loadSkillFolder, type McpDoorDeps, type SkillLibrary } from '@cc/mcp';
import { z } from 'zod';
import type { JSONWebKeySet, JWK } from 'jose';
import { logMailer, type Mailer } from './auth/mailer.ts';
import type { CimdOptions } from './auth/cimd/plugin.ts';
import { resolveAuthSecret } from './auth/secret.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';

export interface Runtime extends AppDeps {
  database: Database;
  auth: Auth;
  describeContent: string;
  /** The plan generator's background worker, when PLANNER_* is configured. */
  planWorker?: PlanWorker;
  /** Whether startBackgroundWork runs that worker here (PLANNER_WORKER is not `off`). */
  planWorkerRunning: boolean;
  /** Starts background work (the plan worker); the server calls it, operator commands do not. */
  startBackgroundWork(): Promise<void>;
  close(): Promise<void>;
}

/** The plan generator (issue 12): configured by PLANNER_*; tests inject deadlines and timings. */
export interface PlannerParts {
  config: PlannerConfig;
  provider?: PlanProvider;
  deadlines?: Deadlines;
  pollMs?: number;
  leaseMs?: number;
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
  /** Signs cookies and encrypts Better Auth's signing keys (AUTH_SECRET). */
  authSecret: string;
  /** Password reset mail; default: logged through `logger` (development). */
  mailer?: Mailer;
  /** Accept MCP tokens from this external OIDC issuer instead of the built-in one. */
  externalIssuer?: ExternalIssuer;
  /** Client ID Metadata Document limits; tests set `allowLoopback`. */
  cimd?: CimdOptions;
  /** Tutoring skills served over MCP; closed with the runtime. */
  skills?: SkillLibrary & { close?(): void };
  /** Learning plans; without it the plan routes answer 503. */
  planner?: PlannerParts;
  /** ADMIN_TOKEN: enables the admin API with this credential. */
  adminToken?: string;
  /** Prometheus metrics; default: a fresh registry without process metrics. */
  metrics?: Metrics;
  /** How long readiness waits for the database (default 2 s). */
  readinessTimeoutMs?: number;
}

export interface ExternalIssuer {
  issuer: string;
  /** Default: the issuer metadata's jwks_uri. */
  jwksUrl?: string;
  /** Default: `<PUBLIC_URL>/mcp`. */
  audience?: string;
}

const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export const systemClock = { now: () => new Date() };

/** The key of learners' opaque quiz ids and shuffles: derived from AUTH_SECRET (stable, never the secret itself). */
export const presentationSecretFrom = (authSecret: string): string =>
  createHmac('sha256', authSecret).update('course-companion/quiz-presentation/v1').digest('base64url');

export function assemble({
  database,
  store,
  refreshSeconds,
  logger,
  publicUrl,
  trustedProxyHops = 0,
  clock = systemClock,
  authSecret,
  mailer = logMailer(logger),
  externalIssuer,
  cimd,
  skills,
  planner,
  adminToken,
  metrics = createMetrics({ ...(database.pool && { pool: database.pool }) }),
  readinessTimeoutMs = 2_000,
}: Parts): Runtime {
  const learningStore = new PgLearningStore(database.db);
  const auth = createAuth({
    db: database.db,
    publicUrl,
    secret: authSecret,
    mailer,
    logger,
    ...(cimd && { cimd }),
  });
  const accounts = pgAccounts(database.db);
  const resource = `${publicUrl}/mcp`;
  // Verified credentials, forgotten through the database's revocation log (auth/credential-cache.ts).
  const credentials = new CredentialCache(new PgCredentialRevocations(database.db), {
    meter: metrics.cache('credentials'),
    onError: (error) => logger.warn('credential cache: the revocation log could not be read', { error: error instanceof Error ? error.message : String(error) }),
  });
  const remember: NonNullable<JwtVerifierOptions['remember']> = (token, verify) =>
    credentials
      .get(`mcp:${createHash('sha256').update(token).digest('base64url')}`, Date.now(), async () => {
        const info = await verify();
        return { value: info, learnerId: LearnerAuth.parse(info.extra).learnerId, expiresAt: info.expiresAt * 1000 };
      })
      .then((info) => info!);
  const mcp: McpDoorDeps['verifier'] = externalIssuer
    ? jwtVerifier({
        issuer: externalIssuer.issuer,
        audience: externalIssuer.audience ?? resource,
        resource,
        keys: externalJwks(externalIssuer.issuer, externalIssuer.jwksUrl),
        // The issuer owns the account; its subject maps to a learner of ours, created on first use.
        learnerFor: async ({ iss, sub }) => {
          const id = externalLearnerId(iss, sub);
          await learningStore.createLearner({ id, tier: 'free', createdAt: clock.now().toISOString() });
          return id;
        },
        remember,
      })
    : jwtVerifier({
        issuer: publicUrl,
        audience: resource,
        resource,
        keys: inProcessJwks(async () => {
          const res = await auth.handler(new Request(`${publicUrl}${AUTH_BASE_PATH}/jwks`));
          return { keys: Jwks.parse(await res.json()).keys as JWK[] } satisfies JSONWebKeySet;
        }),
        // A user id is a learner id; a deleted account's tokens stop working at once.
        learnerFor: async ({ sub }) => ((await accounts.exists(sub)) ? sub : undefined),
        remember,
      });
  const search = new PgSearchIndex(database.db);
  // Content cache meter: a lookup that (re)loaded a course from the store is a miss.
  let loads = 0;
  let contentListed = false;
  const contentMeter = metrics.cache('content');
  const cached = new CachedCourseCatalog(store, {
    refreshSeconds,
    logger,
    onLoaded: (course) => {
      loads++;
      return search.ensureIndexed(course);
    },
  });
  const catalog: CourseCatalog = {
    list: async () => {
      const courses = await cached.list();
      contentListed = true;
      return courses;
    },
    get: async (courseId) => {
      const before = loads;
      const course = await cached.get(courseId);
      (loads === before ? contentMeter.hit : contentMeter.miss)();
      return course;
    },
  };
  const learning = { catalog, store: learningStore, clock, ids: { uuid: randomUUID }, presentationSecret: presentationSecretFrom(authSecret), notes: new PgNotesStore(database.db), achievements: new PgAchievementStore(database.db) };
  const plans = planner && plannerDoor(planner, database, learning, logger, metrics);
  let started: Promise<void> | undefined;
  return {
    catalog,
    search,
    logger,
    learning,
    ...(plans && { plans: plans.door, planWorker: plans.worker }),
    planWorkerRunning: Boolean(plans && planner.config.worker !== false),
    startBackgroundWork: () =>
      (started ??=
        plans && planner.config.worker !== false
          ? // An embedded database has one process: an attempt left running belongs to a dead one.
            plans.worker.start({ closeAllRunning: database.kind === 'pglite' })
          : Promise.resolve(
              plans && database.kind === 'pglite'
                ? logger.warn('PLANNER_WORKER=off on the embedded database: plans stay pending until a server with the worker on opens this data directory')
                : undefined,
            )),
    sessions: cachedSessions(new PgSessionStore(database.db), credentials),
    credentials,
    auth,
    webSessions: betterAuthWebSessions(auth, credentials),
    accounts,
    guestUpgrades: pgGuestUpgrades(database.db),
    mcp: { verifier: mcp, authorizationServer: externalIssuer?.issuer ?? publicUrl },
    rateLimiter: new PgRateLimiter(database.db),
    ...(skills && { skills }),
    trustedProxyHops,
    publicUrl,
    ...(adminToken && { admin: { token: adminToken, audit: new PgAdminAudit(database.db) } }),
    database,
    describeContent: store.describe(),
    metrics,
    ready: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), readinessTimeoutMs);
      });
      try {
        await Promise.race([sql`select 1`.execute(database.db), timeout]);
      } catch (e) {
        logger.debug('readiness: database', { error: e instanceof Error ? e.message : String(e) });
        throw new Error('the database is not reachable');
      } finally {
        clearTimeout(timer);
      }
      // The content has been listed once (main.ts does it before listening); try now if not.
      if (!contentListed) {
        try {
          await Promise.race([catalog.list(), timeout]);
        } catch {
          throw new Error('the content is not loaded');
        } finally {
          clearTimeout(timer);
        }
      }
    },
    close: async () => {
      skills?.close?.();
      // Better Auth initialises (and queries the database) in the background from construction;
      // let that settle first, or it would meet a closed database.
      await auth.$context.then(
        () => undefined,
        () => undefined,
      );
      if (started) {
        await started.catch(() => undefined);
        await plans?.worker.stop();
      }
      await database.close();
    },
  };
}

function plannerDoor(parts: PlannerParts, database: Database, learning: AppDeps['learning'], logger: Logger, metrics: Metrics) {
  const store = new PgPlanStore(database.db);
  const worker = new PlanWorker({
    queue: store,
    learning,
    provider: parts.provider ?? openAiProvider(parts.config),
    deadlines: parts.deadlines ?? DEFAULT_DEADLINES,
    prices: parts.config.prices,
    logger,
    concurrency: parts.config.concurrency,
    ...(parts.pollMs !== undefined && { pollMs: parts.pollMs }),
    leaseMs: parts.leaseMs ?? parts.config.leaseSeconds * 1000,
    onAttempt: (result) => metrics.plannerAttempt(result.status === 'failed' ? result.classification : result.status),
  });
  const door: NonNullable<AppDeps['plans']> = { ...learning, plans: store, dailyLimit: parts.config.dailyLimit, onQueued: () => worker.wake() };
  return { door, worker };
}

export async function compose(config: Config, logger: Logger): Promise<Runtime> {
  // Read before anything is opened, so a bad PLANNER_* fails the start cleanly.
  const plannerConfig = plannerConfigFromEnv(config.env);
  await mkdir(config.DATA_DIR, { recursive: true });
  const store = contentStoreFromEnv(config.env, { coursesDir: config.coursesDir });
  const database = await openDatabase({
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR }),
    poolSize: config.DATABASE_POOL_SIZE,
    onPoolError: (error) => logger.warn('database connection lost', { error: error.message }),
  });
  try {
    await migrateToLatest(database.db);
  } catch (e) {
    await database.close();
    throw e;
  }
  // Without PUBLIC_URL: the address it listens on (main.ts passes the bound port when PORT=0).
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const publicUrl = config.PUBLIC_URL ?? `http://${host}:${config.PORT}`;
  const authSecret = await resolveAuthSecret(config.AUTH_SECRET, config.DATA_DIR);
  const skills = await loadSkillFolder(config.skillsDir, logger);
  const runtime = assemble({
    metrics: createMetrics({ processMetrics: true, ...(database.pool && { pool: database.pool }) }),
    skills,
    database,
    store,
    refreshSeconds: config.CONTENT_REFRESH_SECONDS,
    logger,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    trustedProxyHops: config.TRUST_PROXY_HOPS,
    authSecret,
    ...(plannerConfig && { planner: { config: plannerConfig } }),
    ...(config.ADMIN_TOKEN && { adminToken: config.ADMIN_TOKEN }),
    ...(config.AUTH_ISSUER_URL && {
      externalIssuer: {
        issuer: config.AUTH_ISSUER_URL,
        ...(config.AUTH_JWKS_URL && { jwksUrl: config.AUTH_JWKS_URL }),
        ...(config.AUTH_AUDIENCE && { audience: config.AUTH_AUDIENCE }),
      },
    }),
  });
  return {
    ...runtime,
    ...(config.METRICS_TOKEN && { metricsToken: config.METRICS_TOKEN }),
    ...(config.REPLICA_ID && { replica: config.REPLICA_ID }),
  };
}
