import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPaced } from '../scripts/bench-paced.ts';

// The fixed-rate half of `pnpm bench`: an open-loop generator. What its figures rest on is that it
// sends the number of visits the rate asks for, runs a visit's requests in order with the context
// the previous answer left, and counts failures as failures.
describe('bench-paced', () => {
  const seen: { path: string; body: string }[] = [];
  let base = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      if (req.url === '/fail') return void res.writeHead(503).end();
      if (req.url === '/start') return void res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `a${seen.length}` }));
      res.writeHead(200).end('ok');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends rate x seconds requests as whole visits, each request after the previous answer with its context', async () => {
    seen.length = 0;
    const result = await runPaced(
      base,
      [
        { method: 'POST', path: '/start', onResponse: (_s, body, ctx) => (ctx.id = (JSON.parse(body) as { id: string }).id) },
        { method: 'POST', path: '/submit', setupRequest: (r, ctx) => ({ ...r, body: JSON.stringify({ id: ctx.id }) }) },
      ],
      { rate: 100, seconds: 1 },
    );
    expect(result.requests).toBe(100);
    expect(result.errors).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.latencies).toHaveLength(100);
    const starts = seen.filter((s) => s.path === '/start');
    const submits = seen.filter((s) => s.path === '/submit').map((s) => (JSON.parse(s.body) as { id: string }).id);
    expect(starts).toHaveLength(50);
    // Every submit names an attempt its own visit started, once each.
    expect(new Set(submits).size).toBe(50);
    for (const id of submits) expect(id).toMatch(/^a\d+$/);
  });

  it('sends exactly the visits the rate asks for when the interval is not a whole number of milliseconds', async () => {
    // A running sum of intervals drifts and once let one visit more into the window (102 of 100).
    for (const [rate, seconds, length] of [[300, 0.1, 1], [70, 0.3, 3], [120, 0.25, 2]] as const) {
      const sequence = Array.from({ length }, () => ({ path: '/ok' }));
      const result = await runPaced(base, sequence, { rate, seconds });
      expect(result.requests).toBe(Math.round(rate * seconds));
    }
  });

  it('counts non-2xx answers and refused connections', async () => {
    const failing = await runPaced(base, [{ path: '/fail' }], { rate: 50, seconds: 0.2 });
    expect(failing.requests).toBe(10);
    expect(failing.non2xx).toBe(10);
    const closed = await runPaced('http://127.0.0.1:1', [{ path: '/' }], { rate: 50, seconds: 0.2 });
    expect(closed.errors).toBe(10);
    expect(closed.requests).toBe(0);
  });
});
