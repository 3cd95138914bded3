// Operator commands for learning plans.
//   pnpm plans cost [--limit N] [--json]
// Reads the same database as the server (DATABASE_URL or DATA_DIR); starts no background work.
import path from 'node:path';
import { migrateToLatest, openDatabase, PgPlanStore, type CostReport, type Database } from '@cc/db';
import { loadConfig } from '../config.ts';
import type { Io } from './learners.ts';

const usage = `usage:
  pnpm plans cost [--limit N] [--json]
      token usage and estimated cost (PLANNER_PRICE_* at the time of each attempt) per learner and
      per plan, costliest first (default: the top 20 of each)`;

const usd = (n: number) => `$${n.toFixed(4)}`;

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), ...rows.map(line)];
}

export function formatCostReport(report: CostReport): string[] {
  const total = report.learners.reduce((n, l) => n + l.costUsd, 0);
  return [
    'Per learner',
    ...table(
      ['learner', 'plans', 'attempts', 'input tokens', 'output tokens', 'cost'],
      report.learners.map((l) => [l.learnerId, String(l.plans), String(l.attempts), String(l.inputTokens), String(l.outputTokens), usd(l.costUsd)]),
    ),
    '',
    'Per plan',
    ...table(
      ['plan', 'learner', 'status', 'attempts', 'input tokens', 'output tokens', 'cost'],
      report.plans.map((p) => [p.planId, p.learnerId, p.status, String(p.attempts), String(p.inputTokens), String(p.outputTokens), usd(p.costUsd)]),
    ),
    '',
    `total of the learners listed: ${usd(total)}`,
  ];
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'cost') {
    (command === '--help' || command === 'help' ? io.out : io.err)(usage);
    return command === '--help' || command === 'help' ? 0 : 2;
  }
  const limitAt = rest.indexOf('--limit');
  const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    io.err('--limit needs a whole number from 1 to 100000');
    return 2;
  }
  let database: Database | undefined;
  try {
    const config = loadConfig(io.env);
    database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL, poolSize: 2 } : { dataDir: config.DATA_DIR });
    await migrateToLatest(database.db);
    const report = await new PgPlanStore(database.db).costReport(limit);
    if (rest.includes('--json')) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatCostReport(report)) io.out(line);
    return 0;
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const code = await main(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
  });
  process.exit(code);
}
