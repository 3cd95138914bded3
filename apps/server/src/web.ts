// Serves the web app's build (apps/web/dist) at `/`: files by path, every other page path falls back
// to index.html so client-side routes work on reload. The server's own paths keep their handlers.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';

/** The build folder when WEB_DIR is not set. */
export const defaultWebDir = path.resolve(import.meta.dirname, '../../web/dist');

/** Paths that belong to the server, never to the web app (their own 404s stay problem documents). */
const SERVER_PATHS = /^\/(?:api|mcp|\.well-known|healthz|login|signup|consent|forgot-password|reset-password)(?:\/|$)/;

/** The app loads only its own scripts, styles and API: nothing inline, nothing third-party. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Course Companion</title>' +
  '<h1>Course Companion</h1><p>The web app is not built. Run <code>pnpm build</code> (or start with <code>pnpm start</code>, which builds it).</p>' +
  '<ul><li><a href="/api/docs">API reference</a></li><li><a href="/healthz">Health</a></li></ul></html>';

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : undefined;
  } catch {
    return undefined;
  }
}

export function webApp({ dir = defaultWebDir }: { dir?: string } = {}): Hono {
  const root = path.resolve(dir);
  const app = new Hono();
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const pathname = c.req.path;
    if (SERVER_PATHS.test(pathname)) return next();
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return next();
    }
    const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
    const ext = path.extname(file);
    if (file.startsWith(root + path.sep) && ext && TYPES[ext]) {
      const body = await readIfFile(file);
      if (body) {
        // Hashed build assets never change; everything else is revalidated.
        const immutable = pathname.startsWith('/assets/');
        return c.body(new Uint8Array(body), 200, {
          'content-type': TYPES[ext],
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          'content-security-policy': WEB_CSP,
          'x-content-type-options': 'nosniff',
        });
      }
    }
    // A missing file (an extension) is a 404; a page path is a client-side route.
    if (ext) return next();
    const index = await readIfFile(path.join(root, 'index.html'));
    return c.html(index ? index.toString('utf8') : NOT_BUILT, 200, {
      'cache-control': 'no-cache',
      'content-security-policy': WEB_CSP,
    });
  });
  return app;
}
