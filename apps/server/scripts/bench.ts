// pnpm bench: load-tests the product's hot routes against a bare Hono hello-world measured in the
// same run, each server in its own process on loopback, on PostgreSQL and on embedded PGlite; at
// saturation and at a fixed request rate. Prints p50/p95/p99, throughput, errors and the ratio to
// the bare route, and writes JSON and a Markdown table to bench/results/.
//
// Env:
//   BENCH_DURATION      seconds per measurement (default 5; +1 s warm-up)
//   BENCH_CONNECTIONS   autocannon connections at saturation (default 50)
//   BENCH_SCENARIOS     comma-separated scenario names or substrings (default: all)
//   BENCH_DB            pg | pglite | both (default both)
//   BENCH_MODES         saturation,rate (default both)
//   BENCH_RATE          fixed rate on PostgreSQL, req/s (default 500 = 1,000 learners, one request per 2 s),
//                       sent evenly spaced by bench-paced.ts (open loop; autocannon is for saturation)
//   BENCH_PGLITE_RATE   fixed rate on PGlite, req/s (default 50 = 100 learners)
//   BENCH_LEARNERS      signed-in learners seeded (default 1000); BENCH_COURSE: course id (default the first)
//   BENCH_DATABASE_URL / DATABASE_URL  a PostgreSQL server; the bench creates (and drops) a fresh
//                       database on it (default postgres://postgres@127.0.0.1:5432)
//   BENCH_SEEDED_DATABASE_URL  run the PostgreSQL scenarios against a database filled by `pnpm bench:seed`
//                       (used as is, not dropped; signed-in learners are seeded ones, free tier, so the
//                       pro-only plan scenario is skipped)
//   BENCH_CPU_PROF=dir  the product server writes a V8 CPU profile (.cpuprofile) into dir when it stops
//   BENCH_KEEP_DB=1     keep the bench database; BENCH_OUT=dir (default bench/results)
//   BENCH_WEB=0         skip the web step page figures; BENCH_WEB_LOADS loads per cache state (bench-web.ts)
//   BENCH_OVERHEAD_ROUNDS  rounds of the plan-create overhead pair (default 1; 0 skips it): the create
//                       route at the fixed rate on a fresh server with the worker on, and on one with
//                       PLANNER_WORKER=off (no background generation), order alternating per round
//   BENCH_PLANNER_STREAM_SECONDS  how long the fake provider takes to stream a plan (default 0: at once,
//                       the worker's worst case; a real provider streams for seconds)
//   BENCH_OVERHEAD_RATE  the pair's fixed rate, req/s (default 50 on PostgreSQL, 20 on PGlite: plans are
//                       rare and capped per learner per day; a rate the server sustains, or both
//                       sides measure queueing, not the worker)
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { migrateToLatest, openDatabase } from '@cc/db';
import { createScratchPostgresDatabase } from '@cc/db/testing';
import { startFakeOpenAI, streamOf } from '@cc/planner/testing';
import { oauthLearner } from '../src/testing/mcp-clients.ts';
import { resolveAuthSecret } from '../src/auth/secret.ts';
import { mintOAuthLearners } from './bench-oauth.ts';
import { benchWeb, ensureWebBuild, webBenchEnabled, webMarkdown, type WebReport } from './bench-web.ts';
import { runPaced } from './bench-paced.ts';
import { start, stop, type Started } from './child-server.ts';
import { benchToken } from './bench-seed.ts';

const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const learnerCount = Number(process.env.BENCH_LEARNERS ?? 1000);
const pgRate = Number(process.env.BENCH_RATE ?? 500);
const pgliteRate = Number(process.env.BENCH_PGLITE_RATE ?? 50);
const dbChoice = process.env.BENCH_DB ?? 'both';
const modes = (process.env.BENCH_MODES ?? 'saturation,rate').split(',').map((m) => m.trim());
const filters = (process.env.BENCH_SCENARIOS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const here = import.meta.dirname;
const repo = path.resolve(here, '../../..');
const outDir = path.resolve(repo, process.env.BENCH_OUT ?? 'bench/results');
const overheadRounds = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 1);
const plannerStreamSeconds = Number(process.env.BENCH_PLANNER_STREAM_SECONDS ?? 0);
const overheadRate = process.env.BENCH_OVERHEAD_RATE ? Number(process.env.BENCH_OVERHEAD_RATE) : undefined;
/** Issue 12: the create route's p95 with background generation, over the same route without it (ms). */
const OVERHEAD_TARGET_MS = 20;

const log = (line: string) => process.stdout.write(line + '\n');
/** The web step page figures (bench-web.ts), measured once, against the first database's server. */
let webReport: WebReport | undefined;

// ---------------------------------------------------------------------------------------------
// Processes

/** The V8 heap flags of `pnpm start:prod` (root package.json), so the RSS figures are production's. */
async function productionHeapFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts['start:prod'] ?? '').split(/\s+/).filter((arg) => /^--max-(old|semi)-space-size=\d+$/.test(arg));
}

/** The child's resident set size (MiB) and its peak so far, from /proc (Linux). */
async function memory(pid: number | undefined): Promise<{ rss: number; peak: number } | undefined> {
  if (!pid) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Databases and seeding

interface BenchDatabase {
  kind: 'pg' | 'pglite';
  /** Environment for the server process. */
  env: Record<string, string>;
  /** Filled by `pnpm bench:seed`: the signed-in learners are its learners 0..n-1 (benchToken). */
  seeded?: boolean;
  cleanup(): Promise<void>;
}

async function prepareDatabase(kind: 'pg' | 'pglite'): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-bench-'));
    return { kind, env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const seeded = process.env.BENCH_SEEDED_DATABASE_URL;
  if (seeded) {
    // A database filled by `pnpm bench:seed`: used as it is, never dropped.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-bench-'));
    // The OAuth signing key is stored in the database, encrypted with the auth secret: a secret
    // that outlives the temporary data directory lets the next run on this database sign tokens.
    const authSecret = process.env.AUTH_SECRET ?? `bench-${createHash('sha256').update(seeded).digest('hex')}`;
    return { kind, env: { DATABASE_URL: seeded, DATA_DIR: dataDir, AUTH_SECRET: authSecret }, seeded: true, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const server = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const scratch = await createScratchPostgresDatabase(server.href, 'cc_bench');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-bench-'));
  return {
    kind,
    env: { DATABASE_URL: scratch.url, DATA_DIR: dataDir },
    cleanup: async () => {
      await rm(dataDir, { recursive: true, force: true });
      if (process.env.BENCH_KEEP_DB === '1') {
        log(`  kept database ${scratch.url}`);
        return;
      }
      await scratch.drop();
    },
  };
}

interface Learner {
  id: string;
  token: string;
}

/**
 * Signed-in learners straight into the database (the same rows a guest session creates), with
 * multi-row inserts: 1,000 take well under a second. Pro tier, so the plan scenario may run.
 */
async function seedLearners(db: BenchDatabase, count: number): Promise<Learner[]> {
  if (db.seeded) return seededLearners(db, count);
  const database = await openDatabase(db.env.DATABASE_URL ? { url: db.env.DATABASE_URL } : { dataDir: db.env.DATA_DIR! });
  try {
    await migrateToLatest(database.db);
    const now = new Date();
    const expires = new Date(now.getTime() + 90 * 86_400_000).toISOString();
    const learners = Array.from({ length: count }, () => ({ id: randomUUID(), token: 'cc_' + randomBytes(32).toString('base64url') }));
    for (let i = 0; i < learners.length; i += 500) {
      const batch = learners.slice(i, i + 500);
      await database.db
        .insertInto('learner')
        .values(batch.map((l) => ({ id: l.id, tier: 'pro' as const, created_at: now.toISOString() })))
        .execute();
      await database.db
        .insertInto('auth_session')
        .values(
          batch.map((l) => ({
            token_hash: createHash('sha256').update(l.token).digest('hex'),
            learner_id: l.id,
            created_at: now.toISOString(),
            expires_at: expires,
          })),
        )
        .execute();
    }
    return learners;
  } finally {
    await database.close();
  }
}

/** Learners spread over a seeded database (every 97th number wraps around its size), signed in with their derived tokens. */
async function seededLearners(db: BenchDatabase, count: number): Promise<Learner[]> {
  const database = await openDatabase({ url: db.env.DATABASE_URL! });
  try {
    const total = Number((await database.db.selectFrom('learner').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    if (total === 0) throw new Error('BENCH_SEEDED_DATABASE_URL holds no learner: run `pnpm bench:seed` first');
    return Array.from({ length: Math.min(count, total) }, (_, i) => {
      const n = (i * 97) % total;
      return { id: `seeded-${n}`, token: benchToken(n) };
    });
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

type Context = Record<string, unknown>;
interface Req {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: Req, context: Context) => Req;
  onResponse?: (status: number, body: string, context: Context) => void;
}

interface World {
  base: string;
  courseId: string;
  learners: Learner[];
  mcpLearners: Learner[];
  /** Steps a fresh learner may open (free chapters, no unmet prerequisite). */
  openSteps: string[];
  /** Of those, steps completed by a call (not checkpoints). */
  completable: string[];
  quizId: string;
  searches: string[];
}

interface Scenario {
  name: string;
  /** p95 target at the fixed rate on PostgreSQL (ms), §4. */
  p95Target?: number;
  /** Saturation target: share of the bare route (%), §4. */
  shareTarget?: number;
  /** Needs pro-tier learners (the learners of a `pnpm bench:seed` database are free tier). */
  pro?: boolean;
  requests(world: World): Req[];
}

const json = { 'content-type': 'application/json' };
const bearer = (l: Learner) => ({ authorization: `Bearer ${l.token}` });
const cycle = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length]!;
};

function mcpCall(name: string, args: Record<string, unknown>, meta?: Record<string, unknown>) {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, ...(meta && { _meta: meta }) } });
}
/** The 2026-07-28 revision's per-request envelope (no initialize: each request says who it is). */
const MODERN = '2026-07-28';
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'cc-bench', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const mcpHeaders = (l: Learner) => ({ ...json, accept: 'application/json, text/event-stream', ...bearer(l) });

/** Parses a tools/call answer (JSON or one SSE event); undefined for a tool error. */
function toolResult(body: string): { structuredContent?: Record<string, unknown> } | undefined {
  try {
    const text = body.startsWith('event:') || body.startsWith('data:') ? body.split('\n').find((l) => l.startsWith('data:'))!.slice(5) : body;
    const result = (JSON.parse(text) as { result?: { isError?: boolean; structuredContent?: Record<string, unknown> } }).result;
    return result && !result.isError ? result : undefined;
  } catch {
    return undefined;
  }
}

/** Counts MCP tool errors (they travel in a 200 answer), so a failing tool shows as an error. */
let toolErrors = 0;
const countToolErrors = (status: number, body: string) => {
  if (status === 200 && !toolResult(body)) toolErrors++;
};

/**
 * One `tools/call` of `tool`, its arguments drawn per request; with `learner`, signed in with the
 * next learner's token, else anonymous; `modern`: in the 2026-07-28 revision (its headers and the
 * per-request `_meta` envelope) rather than the 2025-era form.
 */
function toolCall(tool: string, args: () => Record<string, unknown>, options: { learner?: () => Learner; modern?: boolean } = {}): Req {
  const { learner, modern = false } = options;
  return {
    method: 'POST',
    path: '/mcp',
    setupRequest: (r) => ({
      ...r,
      headers: {
        ...(learner ? mcpHeaders(learner()) : { ...json, accept: 'application/json, text/event-stream' }),
        ...(modern && { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': tool }),
      },
      body: mcpCall(tool, args(), modern ? MODERN_META : undefined),
    }),
    onResponse: countToolErrors,
  };
}

const scenarios: Scenario[] = [
  // The product's own floor: a route that does nothing behind the same middleware every request
  // passes (request context and metrics, security headers, CSP, body limit, edge checks). No route
  // of this server, on either door, can beat its share of the bare route.
  { name: 'healthz (middleware only)', requests: () => [{ path: '/healthz' }] },
  {
    // REST's twin of 'MCP whoami': the signed-in learner, one small read.
    name: 'GET /api/v1/me (signed in)',
    requests: (w) => {
      const learner = cycle(w.learners);
      return [{ path: '/api/v1/me', setupRequest: (r) => ({ ...r, headers: bearer(learner()) }) }];
    },
  },
  {
    name: 'step read, signed in',
    p95Target: 15,
    shareTarget: 30,
    requests: (w) => {
      const learner = cycle(w.learners);
      const step = cycle(w.openSteps);
      return [{ path: '/', setupRequest: (r) => ({ ...r, path: `/api/v1/courses/${w.courseId}/steps/${step()}`, headers: bearer(learner()) }) }];
    },
  },
  {
    name: 'step read, anonymous',
    p95Target: 15,
    requests: (w) => {
      const step = cycle(w.openSteps);
      return [{ path: '/', setupRequest: (r) => ({ ...r, path: `/api/v1/courses/${w.courseId}/steps/${step()}` }) }];
    },
  },
  { name: 'outline', p95Target: 15, requests: (w) => [{ path: `/api/v1/courses/${w.courseId}` }] },
  {
    name: 'progress',
    p95Target: 15,
    requests: (w) => {
      const learner = cycle(w.learners);
      return [{ path: `/api/v1/me/courses/${w.courseId}/progress`, setupRequest: (r) => ({ ...r, headers: bearer(learner()) }) }];
    },
  },
  {
    name: 'search',
    requests: (w) => {
      const q = cycle(w.searches);
      return [{ path: '/', setupRequest: (r) => ({ ...r, path: `/api/v1/search?course=${w.courseId}&q=${encodeURIComponent(q())}` }) }];
    },
  },
  {
    name: 'quiz start + submit',
    p95Target: 30,
    shareTarget: 5,
    requests: (w) => {
      const learner = cycle(w.learners);
      return [
        {
          method: 'POST',
          path: `/api/v1/me/courses/${w.courseId}/quizzes/${w.quizId}/attempts`,
          setupRequest: (r, context) => {
            const l = learner();
            context.learner = l;
            context.attemptId = undefined;
            return { ...r, headers: bearer(l) };
          },
          onResponse: (status, body, context) => {
            if (status === 200) context.attemptId = (JSON.parse(body) as { attempt: { id: string } }).attempt.id;
          },
        },
        {
          method: 'POST',
          path: '/',
          setupRequest: (r, context) => ({
            ...r,
            path: `/api/v1/me/attempts/${String(context.attemptId ?? '00000000-0000-4000-8000-000000000000')}/submit`,
            headers: { ...json, ...bearer(context.learner as Learner), 'idempotency-key': randomUUID() },
            body: JSON.stringify({ answers: {} }),
          }),
        },
      ];
    },
  },
  {
    name: 'step complete',
    p95Target: 30,
    requests: (w) => {
      // Learner-major over the completable steps: most calls complete a step for the first time.
      let i = 0;
      return [
        {
          method: 'POST',
          path: '/',
          setupRequest: (r) => {
            const n = i++;
            const l = w.learners[n % w.learners.length]!;
            const step = w.completable[Math.floor(n / w.learners.length) % w.completable.length]!;
            return { ...r, path: `/api/v1/me/courses/${w.courseId}/steps/${step}/complete`, headers: bearer(l) };
          },
        },
      ];
    },
  },
  {
    name: 'MCP open_step',
    p95Target: 30,
    shareTarget: 15,
    requests: (w) => {
      const step = cycle(w.openSteps);
      return [toolCall('open_step', () => ({ courseId: w.courseId, stepId: step() }), { learner: cycle(w.mcpLearners) })];
    },
  },
  {
    // The same call in the 2026-07-28 revision (stateless by design: the version and the client's
    // capabilities travel with each request, in headers and `_meta`): the SDK serves it without
    // the 2025-era fallback's per-request transport and answers with plain JSON.
    name: 'MCP open_step (2026-07-28)',
    p95Target: 30,
    shareTarget: 15,
    requests: (w) => {
      const step = cycle(w.openSteps);
      return [toolCall('open_step', () => ({ courseId: w.courseId, stepId: step() }), { learner: cycle(w.mcpLearners), modern: true })];
    },
  },
  {
    // The door's own cost: a signed-in tools/call whose tool reads one small row (the learner).
    name: 'MCP whoami',
    shareTarget: 15,
    requests: (w) => [toolCall('whoami', () => ({}), { learner: cycle(w.mcpLearners) })],
  },
  {
    // REST's 'outline' through the MCP door: an anonymous tools/call that touches no database, so
    // the gap between the two rows is the door's own cost (JSON-RPC, the SDK, schemas, serialising
    // the view, which REST serves pre-serialised per content version).
    name: 'MCP get_course_outline, anonymous',
    requests: (w) => [toolCall('get_course_outline', () => ({ courseId: w.courseId }))],
  },
  {
    name: 'MCP start_quiz + submit_quiz',
    p95Target: 30,
    requests: (w) => {
      const learner = cycle(w.mcpLearners);
      return [
        {
          method: 'POST',
          path: '/mcp',
          setupRequest: (r, context) => {
            const l = learner();
            context.learner = l;
            context.attemptId = undefined;
            return { ...r, headers: mcpHeaders(l), body: mcpCall('start_quiz', { courseId: w.courseId, quizId: w.quizId }) };
          },
          onResponse: (status, body, context) => {
            const result = status === 200 ? toolResult(body) : undefined;
            if (status === 200 && !result) toolErrors++;
            context.attemptId = (result?.structuredContent as { attempt?: { id: string } } | undefined)?.attempt?.id;
          },
        },
        {
          method: 'POST',
          path: '/mcp',
          setupRequest: (r, context) => ({
            ...r,
            headers: mcpHeaders(context.learner as Learner),
            body: mcpCall('submit_quiz', { attemptId: context.attemptId ?? '00000000-0000-4000-8000-000000000000', answers: {} }),
          }),
          onResponse: countToolErrors,
        },
      ];
    },
  },
  {
    name: 'plan create',
    pro: true,
    requests: (w) => {
      const learner = cycle(w.learners);
      return [
        {
          method: 'POST',
          path: '/api/v1/plans',
          setupRequest: (r) => ({ ...r, headers: { ...json, ...bearer(learner()) }, body: JSON.stringify({ courseId: w.courseId, topic: 'Ship a retrieval-augmented assistant' }) }),
        },
      ];
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Measuring

interface Row {
  db: 'pg' | 'pglite';
  scenario: string;
  mode: 'saturation' | 'rate';
  /** The fixed rate asked for (req/s), for mode `rate`. */
  rate: number | null;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** % of the bare Hono route's req/s in the same run (saturation). */
  share: number | null;
  /** Server RSS after the measurement and its peak so far (MiB). */
  rssMiB: number | null;
  peakRssMiB: number | null;
  target: string | null;
  met: boolean | null;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function run(base: string, requests: Req[], options: { rate?: number; seconds: number }) {
  if (options.rate) {
    const r = await runPaced(base, requests, { rate: options.rate, seconds: options.seconds });
    r.latencies.sort((a, b) => a - b);
    return { latencies: r.latencies, requests: r.requests, rps: r.rps, p50: pct(r.latencies, 50), p95: pct(r.latencies, 95), p99: pct(r.latencies, 99), non2xx: r.non2xx, errors: r.errors };
  }
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections, duration: options.seconds, requests: requests as autocannon.Request[] },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || options.seconds),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function measure(kind: 'pg' | 'pglite', app: Started, world: World, scenario: Scenario, mode: 'saturation' | 'rate', bareRps: number): Promise<Row> {
  const rate = mode === 'rate' ? (kind === 'pg' ? pgRate : pgliteRate) : undefined;
  // One set of requests for the warm-up and the measurement: the rotation over learners goes on
  // (a pair cut at the end of the warm-up is not replayed by the same learner).
  const requests = scenario.requests(world);
  await run(world.base, requests, { seconds: 1, ...(rate && { rate }) }); // warm-up: JIT, caches, pools
  toolErrors = 0;
  const { latencies: _, ...r } = await run(world.base, requests, { seconds: duration, ...(rate && { rate }) });
  const mem = await memory(app.child.pid);
  const share = mode === 'saturation' ? (100 * r.rps) / bareRps : null;
  let target: string | null = null;
  let met: boolean | null = null;
  if (mode === 'rate' && kind === 'pg' && scenario.p95Target) {
    target = `p95 < ${scenario.p95Target} ms`;
    met = r.p95 < scenario.p95Target;
  } else if (mode === 'rate' && kind === 'pglite') {
    target = 'p95 < 50 ms';
    met = r.p95 < 50;
  } else if (mode === 'saturation' && kind === 'pg' && scenario.shareTarget) {
    target = `>= ${scenario.shareTarget} % of bare`;
    met = share! >= scenario.shareTarget;
  }
  return {
    db: kind,
    scenario: scenario.name,
    mode,
    rate: rate ?? null,
    ...r,
    errors: r.errors + toolErrors,
    share,
    rssMiB: mem ? Math.round(mem.rss) : null,
    peakRssMiB: mem ? Math.round(mem.peak) : null,
    target,
    met,
  };
}

async function discover(base: string, learners: Learner[], mcpLearners: Learner[]): Promise<World> {
  const get = async <T>(p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, { headers });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { courses } = await get<{ courses: { id: string }[] }>('/api/v1/courses');
  const courseId = process.env.BENCH_COURSE ?? courses[0]?.id;
  if (!courseId) throw new Error('the server serves no course to benchmark');
  const outline = await get<{ chapters: { steps: { id: string; kind: string; quizId: string | null }[] }[] }>(`/api/v1/courses/${courseId}`);
  const steps = outline.chapters.flatMap((c) => c.steps);
  const openSteps: string[] = [];
  const completable: string[] = [];
  let quizId: string | undefined;
  for (const step of steps) {
    // Anonymous access: open to a fresh learner and to a visitor alike.
    const access = await get<{ allowed: boolean }>(`/api/v1/courses/${courseId}/steps/${step.id}/access`);
    if (!access.allowed) continue;
    openSteps.push(step.id);
    if (step.kind !== 'checkpoint') completable.push(step.id);
    quizId ??= step.kind !== 'checkpoint' ? (step.quizId ?? undefined) : undefined;
  }
  if (openSteps.length === 0 || !quizId) throw new Error(`course ${courseId} has no open step with a quiz`);
  return {
    base,
    courseId,
    learners,
    mcpLearners,
    openSteps,
    completable,
    quizId,
    searches: ['context window', 'tokens', 'prompt injection', 'few-shot examples', 'temperature sampling', 'fine-tuning', 'retrieval', 'evaluation metrics'],
  };
}

async function benchDatabase(kind: 'pg' | 'pglite', bareRps: () => Promise<number>): Promise<{ rows: Row[]; overhead: Overhead | undefined }> {
  log(`\n== ${kind === 'pg' ? 'PostgreSQL' : 'PGlite (embedded)'} ==`);
  const db = await prepareDatabase(kind);
  const fake = await startFakeOpenAI();
  const answer = streamOf(
    JSON.stringify({ modules: [{ order: 1, title: 'Foundations', summary: 'Start here', effortMinutes: 60, tasks: [{ order: 1, title: 'Read', stepId: null, effortMinutes: 20 }] }] }),
  );
  if (answer.kind === 'stream' && plannerStreamSeconds > 0) {
    const pause = Math.round((plannerStreamSeconds * 1000) / answer.pieces.length);
    answer.pieces = answer.pieces.map((piece) => ({ ...piece, afterMs: pause }));
  }
  fake.script(answer);
  let app: Started | undefined;
  try {
    const t0 = Date.now();
    const learners = await seedLearners(db, learnerCount);
    log(`  seeded ${learners.length} signed-in learners in ${Date.now() - t0} ms`);
    app = await startApp(db, fake.baseUrl);
    const mcpLearners: Learner[] = [];
    // One learner signs up through the real OAuth flow and the others get tokens signed the same
    // way (bench-oauth.ts): as many MCP learners as REST ones. PGlite has one process at a time, so
    // there the server stops while they are written.
    const databaseUrl = db.env.DATABASE_URL;
    const { learnerId, token } = await oauthLearner(app.base, { email: `bench-${Date.now()}@example.com` });
    mcpLearners.push({ id: learnerId, token });
    if (learners.length > 1) {
      const secret = await resolveAuthSecret(db.env.AUTH_SECRET ?? process.env.AUTH_SECRET, db.env.DATA_DIR!);
      if (!databaseUrl) await stop(app.child);
      mcpLearners.push(...(await mintOAuthLearners(databaseUrl ? { url: databaseUrl } : { dataDir: db.env.DATA_DIR! }, secret, token, learners.length - 1)));
      // The same port: the tokens' audience and the Host /mcp accepts name it.
      if (!databaseUrl) app = await startApp(db, fake.baseUrl, { PORT: new URL(app.base).port, PUBLIC_URL: app.base });
    }
    const idle = await memory(app.child.pid);
    log(`  ${mcpLearners.length} OAuth learners for MCP`);
    const world = await discover(app.base, learners, mcpLearners);
    log(`  course ${world.courseId}: ${world.openSteps.length} open steps, quiz ${world.quizId}; idle RSS ${idle ? Math.round(idle.rss) : '?'} MiB`);
    if (webBenchEnabled && !webReport && world.openSteps[0]) {
      log('  web: step page heading in Chromium ...');
      webReport = await benchWeb(app.base, world.courseId, world.openSteps[0]);
      log(`  web: heading p95 cold ${webReport.cold.p95.toFixed(0)} ms, warm ${webReport.warm.p95.toFixed(0)} ms`);
    }
    const rows: Row[] = [];
    const baseline = await bareRps();
    for (const scenario of scenarios) {
      if (filters.length > 0 && !filters.some((f) => scenario.name.includes(f))) continue;
      if (scenario.pro && db.seeded) {
        log(`  ${scenario.name}: skipped (the seeded learners are free tier)`);
        continue;
      }
      for (const mode of ['saturation', 'rate'] as const) {
        if (!modes.includes(mode)) continue;
        process.stdout.write(`  ${scenario.name} (${mode}) ... `);
        const row = await measure(kind, app, world, scenario, mode, baseline);
        rows.push(row);
        log(`${row.rps.toFixed(0)} req/s, p95 ${row.p95.toFixed(1)} ms${row.share !== null ? `, ${row.share.toFixed(1)} % of bare` : ''}${row.errors + row.non2xx > 0 ? `, ${row.non2xx} non-2xx, ${row.errors} errors` : ''}`);
      }
    }
    let overhead: Overhead | undefined;
    // Plans are pro-only: not on a seeded database, whose learners are free tier.
    if (overheadRounds > 0 && !db.seeded && modes.includes('rate') && (filters.length === 0 || filters.some((f) => 'plan create'.includes(f)))) {
      // The pair needs the database to itself (PGlite: one process), so the main server goes first.
      await stop(app.child);
      app = undefined;
      overhead = await planOverhead(db, fake.baseUrl, world);
    }
    return { rows, overhead };
  } finally {
    if (app) await stop(app.child);
    await fake.close();
    await db.cleanup();
  }
}

async function startApp(db: BenchDatabase, plannerUrl: string, env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  return start(
    path.resolve(here, '../src/main.ts'),
    {
      ...db.env,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      PLANNER_BASE_URL: plannerUrl,
      PLANNER_API_KEY: 'bench',
      PLANNER_MODEL: 'fake-model',
      PLANNER_DAILY_LIMIT: '1000',
      ...env,
    },
    [...(await productionHeapFlags()), ...cpuProfileFlags()],
  );
}

/** BENCH_CPU_PROF=dir: the product server writes a V8 CPU profile there when it stops. */
function cpuProfileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

/** The plan-create route at the fixed rate, with and without background generation (issue 12). */
interface Overhead {
  db: 'pg' | 'pglite';
  rate: number;
  rounds: number;
  /** p95 (ms) of the create route with the worker generating in the same process. */
  p95WorkerOn: number;
  /** p95 (ms) of the same route on a server with PLANNER_WORKER=off (plans only queued). */
  p95WorkerOff: number;
  /** p95 worker on minus p95 worker off (ms). */
  overhead: number;
  p50WorkerOn: number;
  p50WorkerOff: number;
  rpsWorkerOn: number;
  rpsWorkerOff: number;
  /** Plans the worker generated while the worker-on side was measured (shows it was working). */
  generatedDuringMeasurement: number;
  non2xx: number;
  errors: number;
  target: string;
  met: boolean;
}

/** Waits until the server answers a probe promptly again (the requests it had queued are done), before stopping it. */
async function drained(base: string) {
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (!ok) return;
    if (performance.now() - t0 < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Plans generated so far by this server's worker (its `cc_planner_attempts_total{outcome="succeeded"}`). */
async function plansGenerated(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^cc_planner_attempts_total\{outcome="succeeded"\}\s+(\d+)/m.exec(text);
  return Number(m?.[1] ?? 0);
}

async function planOverhead(db: BenchDatabase, plannerUrl: string, world: World): Promise<Overhead> {
  const rate = overheadRate ?? (db.kind === 'pg' ? 50 : 20);
  const scenario = scenarios.find((s) => s.name === 'plan create')!;
  const pooled = { on: [] as number[], off: [] as number[] };
  const rps = { on: 0, off: 0 };
  let generated = 0;
  let non2xx = 0;
  let errors = 0;
  for (let round = 0; round < overheadRounds; round++) {
    // Alternate the order so that drift in the machine's load does not favour one side.
    const order: ('on' | 'off')[] = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    for (const side of order) {
      process.stdout.write(`  plan create, worker ${side} (${rate}/s, round ${round + 1}) ... `);
      const app = await startApp(db, plannerUrl, side === 'off' ? { PLANNER_WORKER: 'off' } : {});
      try {
        const requests = scenario.requests({ ...world, base: app.base });
        await run(app.base, requests, { seconds: 1, rate });
        const before = side === 'on' ? await plansGenerated(app.base) : 0;
        const r = await run(app.base, requests, { seconds: duration, rate });
        const made = side === 'on' ? (await plansGenerated(app.base)) - before : 0;
        generated += made;
        pooled[side].push(...r.latencies);
        rps[side] += r.rps / overheadRounds;
        non2xx += r.non2xx;
        errors += r.errors;
        log(`${r.rps.toFixed(0)} req/s, p95 ${r.p95.toFixed(1)} ms${side === 'on' ? `, ${made} plans generated meanwhile` : ''}${r.errors + r.non2xx > 0 ? `, ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`);
      } finally {
        await drained(app.base);
        await stop(app.child);
      }
    }
  }
  for (const l of Object.values(pooled)) l.sort((a, b) => a - b);
  const p95WorkerOn = pct(pooled.on, 95);
  const p95WorkerOff = pct(pooled.off, 95);
  const overhead = p95WorkerOn - p95WorkerOff;
  log(`  plan create overhead of background generation: p95 ${p95WorkerOn.toFixed(1)} - ${p95WorkerOff.toFixed(1)} = ${overhead.toFixed(1)} ms (target < ${OVERHEAD_TARGET_MS} ms)`);
  return {
    db: db.kind,
    rate,
    rounds: overheadRounds,
    p95WorkerOn,
    p95WorkerOff,
    overhead,
    p50WorkerOn: pct(pooled.on, 50),
    p50WorkerOff: pct(pooled.off, 50),
    rpsWorkerOn: rps.on,
    rpsWorkerOff: rps.off,
    generatedDuringMeasurement: generated,
    non2xx,
    errors,
    target: `overhead < ${OVERHEAD_TARGET_MS} ms`,
    met: overhead < OVERHEAD_TARGET_MS,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function markdown(meta: Record<string, string | number>, bare: number, rows: Row[], overheads: Overhead[]): string {
  const header = ['db', 'scenario', 'mode', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'vs bare', 'non-2xx', 'errors', 'RSS MiB', 'target', 'met'];
  const cells = rows.map((r) => [
    r.db,
    r.scenario,
    r.mode === 'rate' ? `${r.rate}/s` : 'saturation',
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    r.share === null ? '' : `${r.share.toFixed(1)} %`,
    String(r.non2xx),
    String(r.errors),
    r.rssMiB === null ? '' : `${r.rssMiB} (peak ${r.peakRssMiB})`,
    r.target ?? '',
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  return [
    `# Benchmark ${meta.date}`,
    '',
    ...Object.entries(meta).map(([k, v]) => `- ${k}: ${v}`),
    `- bare Hono hello-world: ${bare.toFixed(0)} req/s (same run, ${connections} connections)`,
    '',
    line(header),
    line(header.map((_, i) => (i >= 3 && i <= 9 ? '---:' : '---'))),
    ...cells.map(line),
    '',
    ...(overheads.length === 0
      ? []
      : [
          '## Plan create: overhead of background generation',
          '',
          `The create route at the fixed rate on a fresh server with the plan worker generating (against the fake provider, ${plannerStreamSeconds > 0 ? `each answer streamed over ${plannerStreamSeconds} s` : 'answers streamed at once'}), and on one with \`PLANNER_WORKER=off\` (plans only queued), ${overheadRounds} round(s), order alternating; overhead = p95 with the worker minus p95 without. When req/s falls well short of the rate, the server was saturated and both sides measured queueing rather than the worker.`,
          '',
          line(['db', 'rate', 'req/s on / off', 'p50 ms on / off', 'p95 ms worker on', 'p95 ms worker off', 'overhead ms', 'plans generated meanwhile', 'target', 'met']),
          line(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---']),
          ...overheads.map((o) =>
            line([
              o.db,
              `${o.rate}/s`,
              `${o.rpsWorkerOn.toFixed(0)} / ${o.rpsWorkerOff.toFixed(0)}`,
              `${o.p50WorkerOn.toFixed(1)} / ${o.p50WorkerOff.toFixed(1)}`,
              o.p95WorkerOn.toFixed(1),
              o.p95WorkerOff.toFixed(1),
              o.overhead.toFixed(1),
              String(o.generatedDuringMeasurement),
              o.target,
              o.met ? 'yes' : 'NO',
            ]),
          ),
          '',
        ]),
  ].join('\n');
}

async function main() {
  const kinds: ('pg' | 'pglite')[] | undefined =
    dbChoice === 'both' ? ['pg', 'pglite'] : dbChoice === 'pg' || dbChoice === 'pglite' ? [dbChoice] : undefined;
  if (!kinds) throw new Error(`BENCH_DB must be pg, pglite or both (got ${dbChoice})`);
  ensureWebBuild();
  const bare = await start(path.join(here, 'bare-server.ts'), {});
  const bareRuns: number[] = [];
  const bareRps = async () => {
    await run(bare.base, [{ path: '/' }], { seconds: 1 });
    const r = await run(bare.base, [{ path: '/' }], { seconds: duration });
    bareRuns.push(r.rps);
    log(`  bare Hono hello-world: ${r.rps.toFixed(0)} req/s, p95 ${r.p95.toFixed(1)} ms`);
    return r.rps;
  };
  const rows: Row[] = [];
  const overheads: Overhead[] = [];
  try {
    log(`Benchmark: ${duration} s per measurement (+1 s warm-up), ${connections} connections at saturation, ${learnerCount} learners, node ${process.version}`);
    for (const kind of kinds) {
      const result = await benchDatabase(kind, bareRps);
      rows.push(...result.rows);
      if (result.overhead) overheads.push(result.overhead);
    }
  } finally {
    await stop(bare.child);
  }
  const date = new Date().toISOString();
  const meta = {
    date,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    node: process.version,
    duration: `${duration} s per measurement`,
    learners: learnerCount,
    'fixed rates': `PostgreSQL ${pgRate} req/s, PGlite ${pgliteRate} req/s`,
    'load average at the end': (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).split(' ').slice(0, 3).join(' '),
  };
  const bareMean = bareRuns.reduce((a, b) => a + b, 0) / Math.max(1, bareRuns.length);
  const table = markdown(meta, bareMean, rows, overheads) + (webReport ? '\n' + webMarkdown(webReport) : '');
  log('\n' + table);
  await mkdir(outDir, { recursive: true });
  const stamp = date.replace(/[:.]/g, '-');
  await writeFile(path.join(outDir, `${stamp}.json`), JSON.stringify({ ...meta, connections, bareRps: bareRuns, rows, planCreateOverhead: overheads, web: webReport ?? null }, null, 2) + '\n');
  await writeFile(path.join(outDir, `${stamp}.md`), table);
  log(`written: ${path.relative(repo, path.join(outDir, `${stamp}.md`))} and .json`);
  if (rows.some((r) => r.non2xx > 0 || r.errors > 0 || r.requests === 0) || overheads.some((o) => o.non2xx > 0 || o.errors > 0)) {
    process.stderr.write('Some requests failed or none were answered: those rows are not valid figures.\n');
    process.exitCode = 1;
  }
}

await main();
