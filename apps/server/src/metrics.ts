// Prometheus metrics (GET /metrics, text exposition format). One registry per app, so that tests
// running several servers in one process never share counters. Every label value comes from a
// bounded set: route PATTERNS (never raw URLs), method names, status codes, cache names, classes.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '@cc/db';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface CacheMeter {
  hit(): void;
  miss(): void;
}

export interface Metrics {
  readonly registry: Registry;
  /** One finished HTTP request: `route` is the pattern that answered it (`/api/v1/courses/:courseId`). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** A cache's lookups, for its hit ratio (`cc_cache_lookups_total{cache,result}`). */
  cache(name: string): CacheMeter;
  /** A plan generation attempt's outcome: `succeeded`, `lost` or its failure classification. */
  plannerAttempt(outcome: string): void;
  /** The exposition text. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** The database pool's connections (PostgreSQL; PGlite has one connection and no pool). */
  pool?: () => PoolStats;
  /** Process metrics (CPU, memory, event loop lag, GC): once per process, so the server's only. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    // From a cached read (~1 ms) to the slowest acceptable write; the targets sit at 15 and 30 ms.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const caches = new Counter({
    name: 'cc_cache_lookups_total',
    help: 'Cache lookups by cache and result (hit or miss); hit ratio = hit / (hit + miss)',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  const planner = new Counter({
    name: 'cc_planner_attempts_total',
    help: 'Plan generation attempts by outcome (succeeded, lost, or the failure classification)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const pool = options.pool;
  if (pool) {
    new Gauge({
      name: 'cc_db_pool_connections',
      help: 'Database pool connections by state (total open, idle, max) and queries waiting for one',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const s = pool();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
        this.set({ state: 'max' }, s.max);
      },
    });
  }

  const meters = new Map<string, CacheMeter>();
  return {
    registry,
    contentType: registry.contentType,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method: METHODS.has(method) ? method : 'OTHER', route, status: String(status) }, seconds);
    },
    cache(name) {
      let meter = meters.get(name);
      if (!meter) {
        const hit = caches.labels({ cache: name, result: 'hit' });
        const miss = caches.labels({ cache: name, result: 'miss' });
        meter = { hit: () => hit.inc(), miss: () => miss.inc() };
        meters.set(name, meter);
      }
      return meter;
    },
    plannerAttempt(outcome) {
      planner.inc({ outcome });
    },
    render: () => registry.metrics(),
  };
}
