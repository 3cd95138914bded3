import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { DatabaseClosedError } from '@cc/db';
import { createLogger } from '../logger.ts';
import { onError } from './problem.ts';

describe('onError', () => {
  it('answers a query refused by a closing database (shutdown) with a 503 to retry, not a 500', async () => {
    const lines: string[] = [];
    const app = new Hono();
    app.onError(onError(createLogger('info', (line) => lines.push(line))));
    app.get('/x', () => {
      throw new DatabaseClosedError();
    });
    const res = await app.request('/x');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { status: number }).status).toBe(503);
    expect(lines.join('\n')).not.toContain('unhandled error');
  });
});
