import { describe, expect, it } from 'vitest';
import { trackInFlight } from './in-flight.ts';

describe('trackInFlight', () => {
  it('lets shutdown wait for a handler whose client has already gone', async () => {
    let finish!: () => void;
    const slow = trackInFlight(() => new Promise<Response>((resolve) => (finish = () => resolve(new Response('ok')))));
    const answer = slow.fetch();
    expect(slow.count).toBe(1);
    let drained = false;
    const waiting = slow.drained(60_000).then((v) => (drained = v));
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    finish();
    expect(await (await answer).text()).toBe('ok');
    expect(await waiting).toBe(true);
    expect(slow.count).toBe(0);
  });

  it('counts a handler that throws as finished, and gives up after the timeout', async () => {
    const failing = trackInFlight(() => Promise.reject(new Error('boom')));
    await expect(failing.fetch()).rejects.toThrow('boom');
    expect(await failing.drained(10)).toBe(true);
    const stuck = trackInFlight(() => new Promise<Response>(() => {}));
    void stuck.fetch();
    expect(await stuck.drained(10)).toBe(false);
  });
});
