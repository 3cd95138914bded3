import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyOf, canonicalRequest } from './body.ts';

// Each handler reads the body the way the edge does (bodyOf), then the way a route or a library
// would afterwards, and answers what both saw.
function appWith(after: (c: Context) => Promise<unknown>) {
  const app = new Hono();
  app.all('/', async (c) => {
    const read = await bodyOf(c);
    return c.json({ read: read.parsed, spent: read.spent, after: await after(c) });
  });
  return app;
}

describe('bodyOf', () => {
  it('reads a JSON body once, and a validator reading c.req.json() afterwards gets the same value', async () => {
    const res = await appWith((c) => c.req.json()).request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"ada@example.com"}' });
    expect(await res.json()).toEqual({ read: { kind: 'json', value: { email: 'ada@example.com' } }, spent: true, after: { email: 'ada@example.com' } });
  });

  it('hands a handler a canonical JSON request, and the original bytes of a body that is not valid JSON', async () => {
    const app = appWith(async (c) => canonicalRequest(c.req.raw, await bodyOf(c)).text());
    const ok = await app.request('/', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{ "a" : 1 }' });
    expect(await ok.json()).toMatchObject({ read: { kind: 'json' }, after: '{"a":1}' });
    const bad = await app.request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(await bad.json()).toEqual({ read: { kind: 'invalid-json' }, spent: true, after: '{"a":' });
  });

  it('reads a form as the Fetch standard does (the last repeated name wins)', async () => {
    const res = await appWith(async (c) => Object.fromEntries(await c.req.formData())).request('/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40example.com&email=b%40example.com',
    });
    expect(await res.json()).toEqual({ read: { kind: 'form', value: { email: 'b@example.com' } }, spent: true, after: { email: 'b@example.com' } });
  });

  it('leaves the request readable for a body of another media type', async () => {
    const res = await appWith((c) => c.req.raw.text()).request('/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(await res.json()).toEqual({ read: { kind: 'text', text: 'hello' }, spent: false, after: 'hello' });
  });

  it('has no body for GET, and none for an empty POST', async () => {
    const app = appWith(async () => null);
    expect(await (await app.request('/')).json()).toEqual({ read: { kind: 'none' }, spent: false, after: null });
    expect(await (await app.request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' })).json()).toMatchObject({ read: { kind: 'none' } });
  });
});
