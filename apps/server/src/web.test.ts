import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { WEB_CSP, webApp } from './web.ts';

describe('web app serving', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-web-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(dir, 'assets/index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
  writeFileSync(path.join(os.tmpdir(), 'cc-web-secret.txt'), 'secret');
  const app = new Hono().route('/', webApp({ dir }));
  app.notFound((c) => c.json({ status: 404 }, 404));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves client-side routes with index.html and a strict CSP', async () => {
    for (const p of ['/', '/courses/c/steps/s', '/progress']) {
      const res = await app.request(p);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>app</title>');
      expect(res.headers.get('content-security-policy')).toBe(WEB_CSP);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves built files with their type, hashed assets as immutable', async () => {
    const js = await app.request('/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it("leaves the server's own paths and missing files to the server (404, not index.html)", async () => {
    for (const p of ['/api/v1/nope', '/mcp', '/.well-known/x', '/healthz', '/login', '/assets/missing.js']) {
      expect((await app.request(p)).status, p).toBe(404);
    }
  });

  it('never serves a file outside its folder', async () => {
    for (const p of ['/../cc-web-secret.txt', '/%2e%2e/cc-web-secret.txt', '/assets/..%2f..%2fcc-web-secret.txt', '/%E0%A4%A']) {
      const res = await app.request(p);
      expect(await res.text(), p).not.toContain('secret');
    }
  });

  it('explains how to build when the app is not built', async () => {
    const empty = new Hono().route('/', webApp({ dir: path.join(dir, 'nothing-here') }));
    const res = await empty.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('pnpm build');
  });
});
