// pnpm cost:measure: what one learner session costs on a real server, measured on this machine.
// Starts the server (main.ts, its own process) on PostgreSQL (or PGlite) with its content in an S3
// bucket (s3rver) and a fake OpenAI-compatible planner, then plays scripted learner sessions and
// reads, around them:
//   - the server's CPU time (/proc/<pid>/stat, user + system) and the PostgreSQL backends' CPU time;
//   - the statements the server sent, counted on the wire by a relay in front of PostgreSQL
//     (simple-protocol Query and extended-protocol Execute messages), and the bytes it received;
//   - the bucket's requests (Class A: list/put, Class B: get/head) and bytes, through a counting
//     proxy in front of s3rver: at start (one content version) and for a newly pushed version;
//   - the HTTP bytes sent to the learner;
//   - one generated plan's recorded tokens and cost (the planner's own record, `pnpm plans cost`).
// An idle window before the sessions gives the background rate (plan worker polls, refresh checks),
// which is subtracted. Writes bench/results/cost-<date>.json and .md and prints the Markdown.
//
// Env: COST_SESSIONS (default 40), COST_WARMUP_SESSIONS (3), COST_IDLE_SECONDS (10),
// COST_DB=pg|pglite (default pg), COST_DATABASE_URL / DATABASE_URL (a PostgreSQL server on which a
// database is created and dropped; default postgres://postgres@127.0.0.1:5432/postgres),
// COST_REFRESH_SECONDS (CONTENT_REFRESH_SECONDS, default 30), COST_OUT (default bench/results),
// COST_PRICE_INPUT_PER_MTOK / COST_PRICE_OUTPUT_PER_MTOK (the model's prices, default 0.40 / 1.60).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { contentStoreFromEnv, pushBundle, type S3ContentStore } from '@cc/content';
import { migrateToLatest, openDatabase, PgPlanStore, type Database } from '@cc/db';
import { createScratchPostgresDatabase } from '@cc/db/testing';
import { startFakeOpenAI, streamOf } from '@cc/planner/testing';
import { startS3rver } from '../../../packages/content/src/test-support/s3rver.ts';
import { start, stop, type Started } from './child-server.ts';
import { HOURS_PER_MONTH, project, type Assumptions, type Measured, type Projection } from './cost-model.ts';

const here = import.meta.dirname;
const repo = path.resolve(here, '../../..');
const coursesDir = path.join(repo, 'courses');

export interface CostOptions {
  sessions: number;
  warmupSessions: number;
  idleSeconds: number;
  db: 'pg' | 'pglite';
  /** A PostgreSQL server (maintenance database URL) on which to create a scratch database. */
  pgServerUrl: string;
  refreshSeconds: number;
  prices: { inputPerMTok: number; outputPerMTok: number };
  log?: (line: string) => void;
}

export interface CostReport {
  date: string;
  machine: { cpus: string; node: string; loadAverage: string };
  database: 'pg' | 'pglite';
  sessions: number;
  session: string[];
  requestsPerSession: number;
  idle: { seconds: number; serverCpuMsPerSecond: number; statementsPerSecond: number | null };
  perSession: {
    serverCpuMs: number;
    dbCpuMs: number | null;
    statements: number | null;
    dbBytesReceived: number | null;
    dbGrowthBytes: number | null;
    egressBytes: number;
  };
  content: {
    refreshSeconds: number;
    bundleBytesOnDisk: number;
    firstLoad: BucketCounts;
    newVersion: BucketCounts;
    whileServing: BucketCounts & { seconds: number };
  };
  plan: { inputTokens: number; outputTokens: number; costUsd: number; attempts: number; prices: { inputPerMTok: number; outputPerMTok: number }; promptChars: number; answerChars: number };
  measured: Measured;
  assumptions: Assumptions;
  projections: Projection[];
}

interface BucketCounts {
  classA: number;
  classB: number;
  bytes: number;
}

/** Prices and habits a reader can change; each with its source in infra/COST.md. */
export const ASSUMPTIONS: Assumptions = {
  sessionsPerLearnerPerMonth: 12,
  peakToAverage: 3,
  targetUtilisation: 0.6,
  minReplicas: 2,
  replicaUsdPerMonth: 31,
  computeEgressUsdPerGb: 0.02,
  neonUsdPerCuHour: 0.14,
  neonMinCu: 0.25,
  neonStorageUsdPerGbMonth: 0.35,
  neonTransferUsdPerGb: 0.1,
  neonTransferIncludedGb: 100,
  r2ClassAUsdPerMillion: 4.5,
  r2ClassBUsdPerMillion: 0.36,
  r2FreeClassA: 1_000_000,
  r2FreeClassB: 10_000_000,
  contentVersionsPerMonth: 4,
  plansPerLearnerPerMonth: 0.1,
};

// ---------------------------------------------------------------------------------------------
// Counters

/** user + system CPU time of a process, in ms, from /proc (Linux); undefined when unreadable. */
async function cpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state is field 3, utime 14 and stime 15 (1-based) -> indexes 11 and 12 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * A TCP relay in front of PostgreSQL that counts, in what the server sends, the statements (simple
 * Query 'Q' and extended Execute 'E' messages), and the bytes PostgreSQL sends back.
 */
async function statementCounter(upstream: URL) {
  const counts = { statements: 0, bytesDown: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const db = connect(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(db);
    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      db.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (startup) {
          if (pending.length < 8) break;
          const length = pending.readInt32BE(0);
          if (pending.length < length) break;
          const code = pending.readInt32BE(4);
          pending = pending.subarray(length);
          // An SSL or GSS request is followed by the real startup message.
          if (code !== 80877103 && code !== 80877104) startup = false;
          continue;
        }
        if (pending.length < 5) break;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) break;
        const type = String.fromCharCode(pending[0]!);
        if (type === 'Q' || type === 'E') counts.statements++;
        pending = pending.subarray(1 + length);
      }
    });
    db.on('data', (chunk: Buffer) => {
      counts.bytesDown += chunk.length;
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      db.destroy();
      sockets.delete(client);
      sockets.delete(db);
    };
    client.on('close', close).on('error', close);
    db.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(upstream.href);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.href,
    counts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An HTTP proxy in front of the bucket that counts requests by R2 class and the bytes served. */
async function bucketCounter(upstream: string) {
  const counts: BucketCounts = { classA: 0, classB: 0, bytes: 0 };
  const target = new URL(upstream);
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bucket');
    // R2 Class A: writes and lists; Class B: reads (GetObject, HeadObject).
    const classA = req.method === 'PUT' || req.method === 'POST' || req.method === 'DELETE' || url.searchParams.has('list-type') || (req.method === 'GET' && url.pathname.split('/').filter(Boolean).length <= 1);
    if (classA) counts.classA++;
    else counts.classB++;
    const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.on('data', (chunk: Buffer) => (counts.bytes += chunk.length));
      upstreamRes.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const snapshot = (c: BucketCounts): BucketCounts => ({ ...c });
const minus = (a: BucketCounts, b: BucketCounts): BucketCounts => ({ classA: a.classA - b.classA, classB: a.classB - b.classB, bytes: a.bytes - b.bytes });

// ---------------------------------------------------------------------------------------------
// Server and learners

/** Signed-in learners (bearer sessions) written straight into the database, as a guest session would. */
async function seedLearners(database: Database, count: number, tier: 'free' | 'pro'): Promise<string[]> {
  const now = new Date();
  const expires = new Date(now.getTime() + 86_400_000).toISOString();
  const learners = Array.from({ length: count }, () => ({ id: randomUUID(), token: 'cc_' + randomBytes(32).toString('base64url') }));
  if (learners.length === 0) return [];
  await database.db.insertInto('learner').values(learners.map((l) => ({ id: l.id, tier, created_at: now.toISOString() }))).execute();
  await database.db
    .insertInto('auth_session')
    .values(learners.map((l) => ({ token_hash: createHash('sha256').update(l.token).digest('hex'), learner_id: l.id, created_at: now.toISOString(), expires_at: expires })))
    .execute();
  return learners.map((l) => l.token);
}

interface World {
  courseId: string;
  steps: string[];
  completable: string[];
  quizId: string;
}

/** Headers + body bytes of each answer, as the learner receives them. */
let egressBytes = 0;
let requestCount = 0;

async function call(base: string, method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(method === 'POST' && p.endsWith('/submit') && { 'idempotency-key': randomUUID() }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  requestCount++;
  egressBytes += Buffer.byteLength(text) + [...res.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 17);
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function discover(base: string): Promise<World> {
  const { courses } = (await call(base, 'GET', '/api/v1/courses')).json as { courses: { id: string }[] };
  const courseId = courses[0]!.id;
  const outline = (await call(base, 'GET', `/api/v1/courses/${courseId}`)).json as { chapters: { steps: { id: string; kind: string; quizId: string | null }[] }[] };
  const steps: string[] = [];
  const completable: string[] = [];
  let quizId: string | undefined;
  for (const step of outline.chapters.flatMap((c) => c.steps)) {
    const access = (await call(base, 'GET', `/api/v1/courses/${courseId}/steps/${step.id}/access`)).json as { allowed: boolean };
    if (!access.allowed) continue;
    steps.push(step.id);
    if (step.kind !== 'checkpoint') completable.push(step.id);
    quizId ??= step.kind !== 'checkpoint' ? (step.quizId ?? undefined) : undefined;
  }
  if (steps.length < 3 || completable.length < 2 || !quizId) throw new Error(`course ${courseId} has too few open steps or no quiz for a session`);
  return { courseId, steps, completable, quizId };
}

/** The scripted session: a returning learner on the web app. */
export const SESSION = [
  'GET the course outline',
  'GET progress (where to resume)',
  'read 3 steps: GET the step, GET its access, PUT the resume position (what the web step page does)',
  'start a quiz attempt and submit it',
  'complete 2 steps',
  'GET progress',
];

async function session(base: string, w: World, token: string) {
  const c = `/api/v1/courses/${w.courseId}`;
  const me = `/api/v1/me/courses/${w.courseId}`;
  await call(base, 'GET', c, token);
  await call(base, 'GET', `${me}/progress`, token);
  for (const step of w.steps.slice(0, 3)) {
    await call(base, 'GET', `${c}/steps/${step}`, token);
    await call(base, 'GET', `${c}/steps/${step}/access`, token);
    await call(base, 'PUT', `${me}/position`, token, { stepId: step });
  }
  const started = (await call(base, 'POST', `${me}/quizzes/${w.quizId}/attempts`, token)).json as { attempt: { id: string } };
  await call(base, 'POST', `/api/v1/me/attempts/${started.attempt.id}/submit`, token, { answers: {} });
  for (const step of w.completable.slice(0, 2)) await call(base, 'POST', `${me}/steps/${step}/complete`, token);
  await call(base, 'GET', `${me}/progress`, token);
}

/** A plan answer of realistic size: 4 modules of 3 tasks over the course's open steps. */
function realisticPlan(steps: string[]): string {
  return JSON.stringify({
    modules: Array.from({ length: 4 }, (_, m) => ({
      order: m + 1,
      title: `Module ${m + 1}: building the foundations step by step`,
      summary: 'What this module covers, why it matters for the goal you described, and how it builds on the previous one.',
      effortMinutes: 90,
      tasks: Array.from({ length: 3 }, (_, t) => ({
        order: t + 1,
        title: `Read and practise: part ${t + 1} of this module, then check yourself with the quiz`,
        stepId: steps[(m * 3 + t) % steps.length] ?? null,
        effortMinutes: 30,
      })),
    })),
  });
}

// ---------------------------------------------------------------------------------------------
// The measurement

export async function measureCost(o: CostOptions): Promise<CostReport> {
  const log = o.log ?? (() => undefined);
  const cleanups: (() => Promise<unknown>)[] = [];
  let server: Started | undefined;
  try {
    // Content: every shipped course pushed to a bucket; the server reads it through the counter.
    const bucket = await startS3rver();
    cleanups.push(() => bucket.stop());
    const store = contentStoreFromEnv(bucket.env, { coursesDir }) as S3ContentStore;
    const courseIds = (await readdir(coursesDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    const work = await mkdtemp(path.join(tmpdir(), 'cc-cost-'));
    cleanups.push(() => rm(work, { recursive: true, force: true }));
    let bundleBytes = 0;
    for (const id of courseIds) {
      await cp(path.join(coursesDir, id), path.join(work, id), { recursive: true });
      await pushBundle(path.join(work, id), store);
      bundleBytes += await bytesOnDisk(path.join(work, id));
    }
    const proxy = await bucketCounter(bucket.endpoint);
    cleanups.push(() => proxy.close());

    // Database: a scratch PostgreSQL database (or a PGlite folder), migrated and seeded.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-cost-data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let dbUrl: string | undefined;
    if (o.db === 'pg') {
      const scratch = await createScratchPostgresDatabase(o.pgServerUrl, 'cc_cost');
      cleanups.push(() => scratch.drop());
      dbUrl = scratch.url;
    }
    const total = o.warmupSessions + o.sessions;
    const setup = await openDatabase(dbUrl ? { url: dbUrl, poolSize: 2 } : { dataDir });
    let tokens: string[];
    let proToken: string;
    try {
      await migrateToLatest(setup.db);
      tokens = await seedLearners(setup, total, 'free');
      [proToken] = (await seedLearners(setup, 1, 'pro')) as [string];
    } finally {
      await setup.close();
    }
    const relay = dbUrl ? await statementCounter(new URL(dbUrl)) : undefined;
    if (relay) cleanups.push(() => relay.close());
    // A monitoring connection (not through the relay): backends' pids, database size.
    const monitor = dbUrl ? await openDatabase({ url: dbUrl, poolSize: 1 }) : undefined;
    if (monitor) cleanups.push(() => monitor.close());

    const fake = await startFakeOpenAI();
    cleanups.push(() => fake.close());
    fake.script(streamOf(realisticPlan(['welcome'])));

    const t0 = { ...proxy.counts };
    server = await start(path.join(here, '../src/main.ts'), {
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      ...(relay && { DATABASE_URL: relay.url }),
      ...bucket.env,
      CONTENT_S3_ENDPOINT: proxy.endpoint,
      CONTENT_REFRESH_SECONDS: String(o.refreshSeconds),
      PLANNER_BASE_URL: fake.baseUrl,
      PLANNER_API_KEY: 'cost',
      PLANNER_MODEL: 'fake-model',
      PLANNER_PRICE_INPUT_PER_MTOK: String(o.prices.inputPerMTok),
      PLANNER_PRICE_OUTPUT_PER_MTOK: String(o.prices.outputPerMTok),
    });
    const { base } = server;
    const pid = server.child.pid!;
    // The server lists (and loads) every course before it listens: one content version.
    const firstLoad = minus(proxy.counts, t0);
    const world = await discover(base);
    log(`  server up; course ${world.courseId}; first content load ${firstLoad.classA} A + ${firstLoad.classB} B requests, ${firstLoad.bytes} bytes`);

    // Database backends' CPU: sampled while the window runs, so a backend that closes keeps its last reading.
    const backends = new Map<number, { first: number; last: number }>();
    const sampleBackends = async () => {
      if (!monitor) return;
      const rows = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(monitor.db);
      for (const { pid: p } of rows.rows) {
        const ms = await cpuMs(p);
        if (ms === undefined) continue;
        const seen = backends.get(p);
        if (seen) seen.last = ms;
        else backends.set(p, { first: ms, last: ms });
      }
    };
    const dbCpu = () => [...backends.values()].reduce((n, b) => n + b.last - b.first, 0);
    let dbCpuReadable = false;
    const window = async (run: () => Promise<void>) => {
      backends.clear();
      await sampleBackends();
      dbCpuReadable = backends.size > 0;
      const timer = setInterval(() => void sampleBackends().catch(() => undefined), 200);
      const before = { cpu: (await cpuMs(pid))!, statements: relay?.counts.statements ?? 0, bytesDown: relay?.counts.bytesDown ?? 0, egress: egressBytes, requests: requestCount, bucket: snapshot(proxy.counts), at: performance.now(), size: await dbSize(monitor) };
      await run();
      clearInterval(timer);
      await sampleBackends();
      return {
        seconds: (performance.now() - before.at) / 1000,
        serverCpuMs: (await cpuMs(pid))! - before.cpu,
        dbCpuMs: dbCpu(),
        statements: (relay?.counts.statements ?? 0) - before.statements,
        bytesDown: (relay?.counts.bytesDown ?? 0) - before.bytesDown,
        egress: egressBytes - before.egress,
        requests: requestCount - before.requests,
        bucket: minus(proxy.counts, before.bucket),
        growth: (await dbSize(monitor)) - before.size,
      };
    };

    for (let i = 0; i < o.warmupSessions; i++) await session(base, world, tokens[i]!);
    log(`  warm-up: ${o.warmupSessions} sessions`);
    const idle = await window(() => new Promise((resolve) => setTimeout(resolve, o.idleSeconds * 1000)));
    log(`  idle ${idle.seconds.toFixed(1)} s: server ${idle.serverCpuMs} CPU-ms, ${idle.statements} statements`);
    const measured = await window(async () => {
      for (let i = o.warmupSessions; i < total; i++) await session(base, world, tokens[i]!);
    });
    log(`  ${o.sessions} sessions in ${measured.seconds.toFixed(1)} s: server ${measured.serverCpuMs} CPU-ms, database ${measured.dbCpuMs} CPU-ms, ${measured.statements} statements`);
    const idleCpuPerSecond = idle.serverCpuMs / idle.seconds;
    const idleStatementsPerSecond = idle.statements / idle.seconds;
    const idleDbPerSecond = idle.dbCpuMs / idle.seconds;
    const perSession = {
      serverCpuMs: Math.max(0, measured.serverCpuMs - idleCpuPerSecond * measured.seconds) / o.sessions,
      dbCpuMs: dbCpuReadable ? Math.max(0, measured.dbCpuMs - idleDbPerSecond * measured.seconds) / o.sessions : null,
      statements: relay ? Math.max(0, measured.statements - idleStatementsPerSecond * measured.seconds) / o.sessions : null,
      dbBytesReceived: relay ? measured.bytesDown / o.sessions : null,
      dbGrowthBytes: monitor ? Math.max(0, measured.growth) / o.sessions : null,
      egressBytes: measured.egress / o.sessions,
    };

    // A new content version of the first course: the bucket traffic to pick it up.
    const versionOf = async () => {
      const outline = (await call(base, 'GET', `/api/v1/courses/${world.courseId}`)).json as { version?: unknown; course?: { version?: unknown } };
      const version = outline.course?.version ?? outline.version;
      if (typeof version !== 'string') throw new Error('the outline names no content version');
      return version;
    };
    const oldVersion = await versionOf();
    const file = await firstMarkdown(path.join(work, world.courseId));
    await writeFile(file, (await readFile(file, 'utf8')) + `\n\nRevised ${new Date().toISOString()}.\n`);
    const beforeVersion = snapshot(proxy.counts);
    const pushed = await pushBundle(path.join(work, world.courseId), store);
    log(`  pushed ${pushed.version} (released: ${pushed.released}, ${pushed.uploaded} blobs) from ${path.relative(work, file)}`);
    for (let i = 0; (await versionOf()) === oldVersion; i++) {
      if (i > (o.refreshSeconds + 10) * 4) throw new Error(`the new content version did not arrive (still ${oldVersion}; bucket requests meanwhile ${JSON.stringify(minus(proxy.counts, beforeVersion))}; pushed ${(await store.getRelease(world.courseId))?.version})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const newVersion = minus(proxy.counts, beforeVersion);
    log(`  new version of ${world.courseId}: ${newVersion.classA} A + ${newVersion.classB} B requests, ${newVersion.bytes} bytes`);

    // One generated plan: a probe gives the real prompt's size; the second plan records usage
    // estimated from it (about 4 characters a token) and the product's own cost estimate.
    const answer = realisticPlan(world.steps);
    fake.script(streamOf(answer));
    const probe = (await call(base, 'POST', '/api/v1/plans', proToken, { courseId: world.courseId, topic: 'Ship a retrieval-augmented assistant' })).json as { id: string };
    await planSettled(base, proToken, probe.id);
    const prompt = fake.requests.at(-1) as { messages: { content: string }[]; response_format?: unknown };
    const promptChars = prompt.messages.reduce((n, m) => n + m.content.length, 0) + JSON.stringify(prompt.response_format ?? {}).length;
    fake.script(streamOf(answer, { usage: { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(answer.length / 4) } }));
    const measuredPlan = (await call(base, 'POST', '/api/v1/plans', proToken, { courseId: world.courseId, topic: 'Ship a retrieval-augmented assistant, second try' })).json as { id: string };
    await planSettled(base, proToken, measuredPlan.id);

    // Bucket requests while the sessions ran: the version checks of CONTENT_REFRESH_SECONDS.
    const serving = measured.bucket;
    const whileServing = { ...serving, seconds: measured.seconds };

    await stop(server.child);
    server = undefined;
    // The planner's own record, as `pnpm plans cost` reads it.
    const reader = await openDatabase(dbUrl ? { url: dbUrl, poolSize: 1 } : { dataDir });
    let plan: CostReport['plan'];
    try {
      const report = await new PgPlanStore(reader.db).costReport(10);
      const row = report.plans.find((p) => p.planId === measuredPlan.id);
      if (!row) throw new Error('the generated plan has no cost record');
      plan = { inputTokens: row.inputTokens, outputTokens: row.outputTokens, costUsd: row.costUsd, attempts: row.attempts, prices: o.prices, promptChars, answerChars: answer.length };
    } finally {
      await reader.close();
    }
    log(`  plan: ${plan.inputTokens} input + ${plan.outputTokens} output tokens, $${plan.costUsd}`);

    const m: Measured = {
      serverCpuMsPerSession: perSession.serverCpuMs,
      dbCpuMsPerSession: perSession.dbCpuMs,
      dbBytesPerSession: perSession.dbBytesReceived,
      dbGrowthBytesPerSession: perSession.dbGrowthBytes,
      egressBytesPerSession: perSession.egressBytes,
      contentVersion: firstLoad,
      // At most one release read per course and one listing per CONTENT_REFRESH_SECONDS, and only
      // when requests ask (the window above shows what a real stretch of traffic did).
      bucketOpsPerReplicaHour: { classA: 3600 / Math.max(1, o.refreshSeconds), classB: (courseIds.length * 3600) / Math.max(1, o.refreshSeconds) },
      planCostUsd: plan.costUsd,
    };
    return {
      date: new Date().toISOString(),
      machine: { cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`, node: process.version, loadAverage: (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).split(' ').slice(0, 3).join(' ') },
      database: o.db,
      sessions: o.sessions,
      session: SESSION,
      requestsPerSession: measured.requests / o.sessions,
      idle: { seconds: idle.seconds, serverCpuMsPerSecond: idleCpuPerSecond, statementsPerSecond: relay ? idleStatementsPerSecond : null },
      perSession,
      content: { refreshSeconds: o.refreshSeconds, bundleBytesOnDisk: bundleBytes, firstLoad, newVersion, whileServing },
      plan,
      measured: m,
      assumptions: ASSUMPTIONS,
      projections: [10_000, 100_000].map((n) => project(m, ASSUMPTIONS, n)),
    };
  } finally {
    if (server) await stop(server.child);
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function firstMarkdown(dir: string): Promise<string> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.md') && entry.parentPath.includes('chapters')) return path.join(entry.parentPath, entry.name);
  }
  throw new Error(`no step file in ${dir}`);
}

async function dbSize(monitor: Database | undefined): Promise<number> {
  if (!monitor) return 0;
  const { rows } = await sql<{ size: string }>`select pg_database_size(current_database())::text as size`.execute(monitor.db);
  return Number(rows[0]!.size);
}

async function planSettled(base: string, token: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const plan = (await call(base, 'GET', `/api/v1/plans/${id}`, token)).json as { status: string };
    if (plan.status === 'ready') return;
    if (plan.status === 'failed') throw new Error(`plan ${id} failed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`plan ${id} did not settle`);
}

// ---------------------------------------------------------------------------------------------
// Report

const usd = (n: number) => (n >= 1 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`);
const kb = (n: number | null) => (n === null ? 'n/a' : `${(n / 1024).toFixed(1)} KiB`);

export function costMarkdown(r: CostReport): string {
  const p = r.perSession;
  const lines = [
    `# Cost measurement ${r.date}`,
    '',
    `- machine: ${r.machine.cpus}, node ${r.machine.node}, load average at the end ${r.machine.loadAverage}`,
    `- database: ${r.database === 'pg' ? 'PostgreSQL' : 'PGlite (embedded)'}; ${r.sessions} sessions measured, ${r.requestsPerSession.toFixed(0)} requests each`,
    `- session: ${r.session.join('; ')}`,
    `- idle (subtracted): server ${r.idle.serverCpuMsPerSecond.toFixed(1)} CPU-ms/s${r.idle.statementsPerSecond === null ? '' : `, ${r.idle.statementsPerSecond.toFixed(1)} statements/s`} (plan worker polls)`,
    '',
    '| per session | figure |',
    '|---|---:|',
    `| server CPU | ${p.serverCpuMs.toFixed(1)} ms |`,
    `| database CPU (PostgreSQL backends) | ${p.dbCpuMs === null ? 'n/a' : `${p.dbCpuMs.toFixed(1)} ms`} |`,
    `| statements sent to the database | ${p.statements === null ? 'n/a' : p.statements.toFixed(1)} |`,
    `| bytes from the database | ${kb(p.dbBytesReceived)} |`,
    `| database growth | ${kb(p.dbGrowthBytes)} |`,
    `| HTTP bytes to the learner | ${kb(p.egressBytes)} |`,
    '',
    '| content (bucket) | Class A | Class B | bytes |',
    '|---|---:|---:|---:|',
    `| first load of every course (one version, one replica) | ${r.content.firstLoad.classA} | ${r.content.firstLoad.classB} | ${r.content.firstLoad.bytes} |`,
    `| a new version of one course (one replica) | ${r.content.newVersion.classA} | ${r.content.newVersion.classB} | ${r.content.newVersion.bytes} |`,
    `| while serving the sessions (${r.content.whileServing.seconds.toFixed(0)} s, refresh every ${r.content.refreshSeconds} s) | ${r.content.whileServing.classA} | ${r.content.whileServing.classB} | ${r.content.whileServing.bytes} |`,
    '',
    `Plan: ${r.plan.inputTokens} input + ${r.plan.outputTokens} output tokens recorded (prompt ${r.plan.promptChars} characters, answer ${r.plan.answerChars}; about 4 characters a token), ${r.plan.attempts} attempt, cost ${usd(r.plan.costUsd)} at $${r.plan.prices.inputPerMTok} / $${r.plan.prices.outputPerMTok} per million tokens.`,
    '',
  ];
  for (const pr of r.projections) {
    lines.push(`## ${pr.learners.toLocaleString('en-US')} learners: ${usd(pr.usdPerMonth)} a month, ${usd(pr.usdPerLearnerPerMonth)} per learner (marginal ${usd(pr.marginalUsdPerLearnerPerMonth)})`, '', '| item | a month |', '|---|---:|');
    for (const l of pr.lines) lines.push(`| ${l.item} | ${usd(l.usdPerMonth)} |`);
    lines.push('');
  }
  lines.push(`Assumptions: ${Object.entries(r.assumptions).map(([k, v]) => `${k} ${v}`).join(', ')}; ${HOURS_PER_MONTH} hours a month.`, '');
  return lines.join('\n');
}

export function optionsFromEnv(env: Record<string, string | undefined>): CostOptions {
  const num = (name: string, fallback: number) => {
    const v = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
    return v;
  };
  const db = env.COST_DB ?? 'pg';
  if (db !== 'pg' && db !== 'pglite') throw new Error('COST_DB must be pg or pglite');
  return {
    sessions: Math.max(1, Math.round(num('COST_SESSIONS', 40))),
    warmupSessions: Math.round(num('COST_WARMUP_SESSIONS', 3)),
    idleSeconds: num('COST_IDLE_SECONDS', 10),
    db,
    pgServerUrl: env.COST_DATABASE_URL ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    refreshSeconds: num('COST_REFRESH_SECONDS', 30),
    prices: { inputPerMTok: num('COST_PRICE_INPUT_PER_MTOK', 0.4), outputPerMTok: num('COST_PRICE_OUTPUT_PER_MTOK', 1.6) },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const log = (line: string) => process.stdout.write(line + '\n');
  const report = await measureCost({ ...optionsFromEnv(process.env), log });
  const md = costMarkdown(report);
  log('\n' + md);
  const out = path.resolve(repo, process.env.COST_OUT ?? 'bench/results');
  await mkdir(out, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  await writeFile(path.join(out, `cost-${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
  await writeFile(path.join(out, `cost-${stamp}.md`), md);
  log(`written: ${path.relative(repo, path.join(out, `cost-${stamp}.md`))} and .json`);
}
