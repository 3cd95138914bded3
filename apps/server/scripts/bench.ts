// pnpm bench: load-tests the product's hot routes and a bare Hono hello-world in the same run,
// both as separate processes on loopback, and prints p50/p95/p99, throughput and the ratio.
// Env: BENCH_DURATION (s, default 5), BENCH_CONNECTIONS (default 50), BENCH_JSON=path to also write JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { oauthLearner, rpcResult } from '../src/testing/mcp-clients.ts';

/** One tools/call; throws on a tool error so the benchmark never measures failures. */
async function mcpCall(request: { url: string; method: 'POST'; headers: Record<string, string>; body: string }) {
  const result = await rpcResult<{ isError?: boolean; structuredContent?: unknown; content: unknown }>(await fetch(request.url, request));
  if (result.isError) throw new Error(`tools/call failed: ${JSON.stringify(result.content)}`);
  return result;
}

const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const here = import.meta.dirname;
const tsx = path.resolve(here, '../../../node_modules/tsx/dist/cli.mjs');

function start(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [tsx, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 180 s:\n${out}`)), 180_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /web:\s+(http:\/\/[^/\s]+)\//.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, base: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

interface Row {
  name: string;
  url: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

type Target = string | { url: string; method: 'POST'; headers: Record<string, string>; body: string };

async function measure(name: string, target: Target): Promise<Row> {
  const request = typeof target === 'string' ? { url: target } : target;
  const url = request.url;
  await autocannon({ ...request, connections, duration: 1 }); // warm-up: JIT, caches, connection pools
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...request, connections, duration }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    name,
    url,
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || duration),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
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

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cc-bench-'));
  const children: ChildProcess[] = [];
  try {
    const bare = await start(path.join(here, 'bare-server.ts'), {});
    children.push(bare.child);
    // A fixed port: PUBLIC_URL (the OAuth issuer the MCP benchmark signs in with) must name it.
    const app = await start(path.resolve(here, '../src/main.ts'), { PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    children.push(app.child);

    const { courses } = (await (await fetch(`${app.base}/api/v1/courses`)).json()) as { courses: { id: string }[] };
    const courseId = courses[0]?.id;
    if (!courseId) throw new Error('the server serves no course to benchmark');
    const outline = (await (await fetch(`${app.base}/api/v1/courses/${courseId}`)).json()) as {
      chapters: { steps: { id: string; quizId: string | null }[] }[];
    };
    const stepId = outline.chapters[0]?.steps[0]?.id;

    // MCP tools/call as ChatGPT sends it: a signed-in learner (a real OAuth token) opening a step,
    // and re-submitting a graded attempt (the replay path of submit_quiz: same grade, no new record).
    const learner = await oauthLearner(app.base, { email: `bench-${Date.now()}@example.com` });
    const toolCall = (name: string, args: Record<string, unknown>) => ({
      url: `${app.base}/mcp`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${learner.token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    });
    const quizStep = outline.chapters.flatMap((c) => c.steps).find((s) => s.quizId);
    const started = await mcpCall(toolCall('start_quiz', { courseId, quizId: quizStep?.quizId }));
    const attemptId = (started.structuredContent as { attempt: { id: string } }).attempt.id;
    await mcpCall(toolCall('submit_quiz', { attemptId, answers: {} }));

    const targets: [string, Target][] = [
      ['bare Hono hello-world (baseline)', `${bare.base}/`],
      ['GET /healthz', `${app.base}/healthz`],
      ['GET /api/v1/courses/:course (outline)', `${app.base}/api/v1/courses/${courseId}`],
      ['GET /api/v1/courses/:course/steps/:step', `${app.base}/api/v1/courses/${courseId}/steps/${stepId}`],
      ['GET /api/v1/search?q=...', `${app.base}/api/v1/search?q=token%20context&course=${courseId}`],
      ['MCP tools/call open_step (signed in)', toolCall('open_step', { courseId, stepId })],
      ['MCP tools/call submit_quiz (replayed grade)', toolCall('submit_quiz', { attemptId, answers: {} })],
    ];
    process.stdout.write(`Benchmark: ${connections} connections, ${duration} s per route (+1 s warm-up), loopback, node ${process.version}\n`);
    const rows: Row[] = [];
    for (const [name, url] of targets) {
      process.stdout.write(`  measuring ${name} ...\n`);
      rows.push(await measure(name, url));
    }
    const baseline = rows[0]!.rps;
    const header = ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'vs bare', 'non-2xx', 'errors'];
    const table = rows.map((r) => [
      r.name,
      r.rps.toFixed(0),
      r.p50.toFixed(2),
      r.p95.toFixed(2),
      r.p99.toFixed(2),
      `${((r.rps / baseline) * 100).toFixed(1)} %`,
      String(r.non2xx),
      String(r.errors),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
    process.stdout.write(
      ['', line(header), '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...table.map(line), ''].join('\n') + '\n',
    );
    if (process.env.BENCH_JSON) await writeFile(process.env.BENCH_JSON, JSON.stringify({ duration, connections, rows }, null, 2));
    if (rows.some((r) => r.non2xx > 0 || r.errors > 0)) {
      process.stderr.write('Some requests failed: the figures above are not valid.\n');
      process.exitCode = 1;
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
