// pnpm bench, fixed-rate part: an open-loop load generator that sends requests at evenly spaced
// times, whatever the server's answers (constant arrival rate, as k6's `constant-arrival-rate` or
// wrk2 do). autocannon's `overallRate` cannot measure latency at a rate: each connection sends its
// per-second quota back to back as soon as the second starts, then waits, so every second opens
// with a burst of the whole quota and its p95 is a queue, not the latency at that rate.
//
// A scenario is a sequence of requests (for example start a quiz, then submit it); a visit runs the
// sequence in order, each request after the previous answer, with its own context. Visits start
// every `sequence length / rate` seconds, so requests go out at `rate` per second on average.
// A request's latency runs from its scheduled time for a visit's first request (a visit the
// generator could not start on time counts its wait: no coordinated omission) and from its send
// time for the later ones.
import { Agent, request } from 'node:http';

export interface PacedRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: PacedRequest, context: Record<string, unknown>) => PacedRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface PacedResult {
  requests: number;
  rps: number;
  latencies: number[];
  non2xx: number;
  errors: number;
}

/** Answers not back this long after the last scheduled visit count as errors. */
const DRAIN_MS = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;

export async function runPaced(base: string, sequence: PacedRequest[], options: { rate: number; seconds: number }): Promise<PacedResult> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  const interval = (1000 * sequence.length) / options.rate;
  // Visits are counted, not derived from a running sum of intervals: floating-point drift in
  // `next += interval` could squeeze one visit more than the rate asks for into the window.
  const visits = Math.round((options.rate * options.seconds) / sequence.length);
  const started = performance.now();

  const send = (req: PacedRequest, since: number, context: Record<string, unknown>) =>
    new Promise<void>((resolve) => {
      const r = req.setupRequest ? req.setupRequest({ ...req }, context) : req;
      const headers: Record<string, string> = { ...r.headers };
      if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
      const outgoing = request(
        { agent, host: url.hostname, port: url.port, method: r.method ?? 'GET', path: r.path, headers, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - since);
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) non2xx++;
            r.onResponse?.(status, Buffer.concat(chunks).toString('utf8'), context);
            resolve();
          });
          res.on('error', () => {
            errors++;
            resolve();
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', () => {
        errors++;
        resolve();
      });
      outgoing.end(r.body);
    });

  const visit = async (scheduled: number) => {
    inFlight++;
    const context: Record<string, unknown> = {};
    try {
      for (const [i, req] of sequence.entries()) await send(req, i === 0 ? scheduled : performance.now(), context);
    } finally {
      inFlight--;
    }
  };

  await new Promise<void>((resolve) => {
    let scheduled = 0;
    const at = (i: number) => started + i * interval;
    const tick = () => {
      const now = performance.now();
      while (scheduled < visits && at(scheduled) <= now) void visit(at(scheduled++));
      if (scheduled >= visits) return resolve();
      setTimeout(tick, Math.max(0, Math.min(interval, at(scheduled) - performance.now()) - 0.5));
    };
    tick();
  });
  const drainBy = performance.now() + DRAIN_MS;
  while (inFlight > 0 && performance.now() < drainBy) await new Promise((r) => setTimeout(r, 20));
  errors += inFlight;
  agent.destroy();
  return { requests: latencies.length, rps: latencies.length / options.seconds, latencies, non2xx, errors };
}
