// pnpm cost:measure, run short: the report has every figure, each one measured (positive), on
// PGlite always and on PostgreSQL when TEST_DATABASE_URL is set. No timing is asserted.
import { testDatabaseUrl } from '@cc/db/testing';
import { describe, expect, it } from 'vitest';
import { costMarkdown, measureCost, optionsFromEnv, type CostReport } from '../scripts/cost-measure.ts';

const short = (db: 'pg' | 'pglite') => ({
  ...optionsFromEnv({ COST_DB: db, ...(testDatabaseUrl() && { COST_DATABASE_URL: testDatabaseUrl() }) }),
  sessions: 2,
  warmupSessions: 1,
  idleSeconds: 1,
  refreshSeconds: 1,
});

function expectCommonFigures(report: CostReport) {
  expect(report.requestsPerSession).toBe(16);
  expect(report.perSession.serverCpuMs).toBeGreaterThan(0);
  expect(report.perSession.egressBytes).toBeGreaterThan(0);
  expect(report.content.firstLoad.classB).toBeGreaterThan(0);
  expect(report.content.firstLoad.bytes).toBeGreaterThan(0);
  expect(report.content.newVersion.bytes).toBeGreaterThan(0);
  expect(report.content.bundleBytesOnDisk).toBeGreaterThan(0);
  expect(report.plan).toMatchObject({ attempts: 1 });
  expect(report.plan.inputTokens).toBeGreaterThan(0);
  expect(report.plan.outputTokens).toBeGreaterThan(0);
  expect(report.plan.costUsd).toBeGreaterThan(0);
  expect(report.projections.map((p) => p.learners)).toEqual([10_000, 100_000]);
  for (const p of report.projections) {
    expect(p.usdPerLearnerPerMonth).toBeGreaterThan(0);
    expect(p.marginalUsdPerLearnerPerMonth).toBeGreaterThan(0);
    expect(p.lines.length).toBeGreaterThan(0);
  }
  const md = costMarkdown(report);
  expect(md).toContain('| server CPU |');
  expect(md).toContain('10,000 learners');
}

describe('pnpm cost:measure', () => {
  it('measures a session on PGlite (the database runs inside the server: no statement count)', async () => {
    const report = await measureCost(short('pglite'));
    expectCommonFigures(report);
    expect(report.perSession.statements).toBeNull();
    expect(report.perSession.dbCpuMs).toBeNull();
  }, 600_000);

  it.runIf(testDatabaseUrl())('measures a session on PostgreSQL: statements on the wire and the backends\' CPU', async () => {
    const report = await measureCost(short('pg'));
    expectCommonFigures(report);
    expect(report.perSession.statements).toBeGreaterThan(0);
    expect(report.perSession.dbBytesReceived).toBeGreaterThan(0);
    expect(report.idle.statementsPerSecond).not.toBeNull();
  }, 600_000);
});
