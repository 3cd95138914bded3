// Every HTML page we serve carries a strict Content-Security-Policy: no inline script unless the
// policy names its hash, no eval, no plugins, no framing; and no JSON answer hands page script
// the session token that the HttpOnly cookie keeps from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { inlineHashes } from './http/csp.ts';
import { Browser } from './testing/browser.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const PASSWORD = 'correct horse battery';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe.each(testDatabases())('pages and session tokens on $name', (database) => {
  let server: TestServer;
  let member: Browser;
  beforeAll(async () => {
    server = await startTestServer({ database: await database.open() });
    member = new Browser(server.url);
    const res = await member.json('/api/auth/sign-up/email', { email: `csp-${Date.now()}@example.com`, password: PASSWORD, name: 'C' });
    expect(res.status).toBe(200);
  });
  afterAll(() => server?.close());

  // `/` is the web app, whose own policy (scripts and styles from 'self') is checked in web.test.ts.
  const pages: [string, 'member' | 'anonymous'][] = [
    ['/login', 'anonymous'],
    ['/signup', 'anonymous'],
    ['/forgot-password', 'anonymous'],
    ['/reset-password?token=abc', 'anonymous'],
    ['/consent?client_id=x&scope=learn', 'member'],
    ['/api/docs', 'anonymous'],
    ['/api/auth/error?error=invalid_request', 'anonymous'],
  ];

  it.each(pages)('%s has a strict Content-Security-Policy that allows exactly its inline code', async (path, who) => {
    const res = await (who === 'member' ? member : new Browser(server.url)).fetch(path);
    const html = await res.text();
    expect(res.status, html.slice(0, 200)).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const policy = res.headers.get('content-security-policy');
    expect(policy, path).toBeTruthy();
    const d = directives(policy!);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    const script = d.get('script-src') ?? [];
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.filter((s) => !/^'(self|none|sha256-[A-Za-z0-9+/=]+)'$/.test(s)), 'only self, none or hashes').toEqual([]);
    const { scripts, styles } = inlineHashes(html);
    for (const hash of scripts) expect(script, `inline script ${hash} on ${path}`).toContain(hash);
    const style = d.get('style-src') ?? [];
    if (!style.includes("'unsafe-inline'")) for (const hash of styles) expect(style, `inline style on ${path}`).toContain(hash);
    // Inline event handlers and javascript: URLs would need 'unsafe-inline' or 'unsafe-hashes'.
    expect(html).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
  });

  it('keeps the session token out of get-session, sign-in and sign-up JSON', async () => {
    const token = decodeURIComponent(member.jar.get('better-auth.session_token') ?? '').split('.')[0]!;
    expect(token.length).toBeGreaterThan(10);
    const session = await member.fetch('/api/auth/get-session', { headers: { accept: 'application/json' } });
    const text = await session.text();
    expect(session.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ user: { email: expect.any(String) }, session: { userId: expect.any(String) } });
    expect(text).not.toContain(token);
    expect(JSON.parse(text).session).not.toHaveProperty('token');

    const browser = new Browser(server.url);
    const email = `csp-token-${Date.now()}@example.com`;
    const signUp = await browser.json('/api/auth/sign-up/email', { email, password: PASSWORD, name: 'T' });
    expect(signUp.status).toBe(200);
    expect(await signUp.json()).not.toHaveProperty('token');
    const signIn = await new Browser(server.url).json('/api/auth/sign-in/email', { email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    const body = (await signIn.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('token');
    expect(body).toMatchObject({ user: { email } });
  });
});
