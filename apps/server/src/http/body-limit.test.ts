import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBodies } from './body-limit.ts';

describe('limitBodies', () => {
  const app = new Hono();
  app.use(limitBodies({ maxSize: 8, onError: (c) => c.text('too large', 413) }));
  app.all('/echo', async (c) => c.text(c.req.method === 'GET' || c.req.method === 'HEAD' ? 'ok' : await c.req.text()));

  it('refuses a body over the limit, whether its length is declared or streamed', async () => {
    expect((await app.request('/echo', { method: 'POST', body: '123456789', headers: { 'content-length': '9' } })).status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('12345'));
        controller.enqueue(new TextEncoder().encode('67890'));
        controller.close();
      },
    });
    expect((await app.request('/echo', { method: 'PUT', body: chunked, duplex: 'half' } as RequestInit)).status).toBe(413);
  });

  it('lets a body within the limit through to the handler, and answers GET and HEAD', async () => {
    const small = await app.request('/echo', { method: 'POST', body: '12345678' });
    expect(small.status).toBe(200);
    expect(await small.text()).toBe('12345678');
    expect((await app.request('/echo')).status).toBe(200);
    expect((await app.request('/echo', { method: 'HEAD' })).status).toBe(200);
  });
});
