// Content-Security-Policy for every HTML page we serve. No page may run an inline script unless
// the server put it there knowingly, by hash: our own pages have no script at all and one
// constant stylesheet (allowed by its hash); the API reference's inline bootstrap script is
// generated once from static configuration and allowed by its hash; Better Auth's error page has
// inline styles but may run no script. Pages served from our origin (the web app) may load
// scripts and styles from 'self' only.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hash sources of every inline <script> (without src) and <style> element of a page. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => sha256Source(m[1] ?? ''));
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => sha256Source(m[1] ?? ''));
  return { scripts, styles };
}

export interface CspSources {
  /** Hashes of inline scripts allowed besides our own script files. */
  script?: string[];
  style?: string[];
  /** false: no script at all, not even from our origin. */
  scripts?: boolean;
}

/**
 * The policy: nothing by default; scripts, styles, images, fonts and fetches from our origin
 * (plus the given hashes); no plugins, no <base>, no framing. (No form-action: after signing in or
 * consenting, a form post is redirected to the OAuth client's redirect_uri, which browsers check
 * against form-action.)
 */
export function contentSecurityPolicy({ script = [], style = [], scripts = true }: CspSources = {}): string {
  return [
    "default-src 'none'",
    scripts ? `script-src 'self' ${script.join(' ')}`.trim() : "script-src 'none'",
    `style-src 'self' ${style.join(' ')}`.trim(),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sets `policy` on every HTML response that has no Content-Security-Policy of its own (routes
 * with inline content set theirs), and a script-free policy on pages we do not render ourselves.
 */
export function htmlCsp(policy: string, overrides: Record<string, string> = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!(c.res.headers.get('content-type') ?? '').includes('text/html')) return;
    if (c.res.headers.has('content-security-policy')) return;
    c.res.headers.set('content-security-policy', overrides[c.req.path] ?? policy);
  };
}
