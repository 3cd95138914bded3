// Serves the web app's build (apps/web/dist) at `/`: files by path, every other page path falls back
// to index.html so client-side routes work on reload. The server's own paths keep their handlers.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono } from 'hono';

/** The build folder when WEB_DIR is not set. */
export const defaultWebDir = path.resolve(import.meta.dirname, '../../web/dist');

/** Paths that belong to the server, never to the web app (their own 404s stay problem documents). */
const SERVER_PATHS = /^\/(?:api|mcp|\.well-known|healthz|readyz|metrics|login|signup|consent|forgot-password|reset-password)(?:\/|$)/;

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

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.webmanifest']);
/** Compressed copies of built files, made once per file and encoding (the build never changes while serving). */
const compressed = new Map<string, Uint8Array<ArrayBuffer>>();

/** The encodings an Accept-Encoding header allows (q=0 refuses one). */
function acceptedEncodings(header: string): Set<string> {
  const out = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

function encode(file: string, body: Buffer, acceptEncoding: string): { body: Uint8Array<ArrayBuffer>; encoding?: 'br' | 'gzip' } {
  if (!COMPRESSIBLE.has(path.extname(file)) || body.length < 1024) return { body: new Uint8Array(body) };
  const accepted = acceptedEncodings(acceptEncoding);
  const accepts = (name: string) => accepted.has(name);
  const encoding = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : undefined;
  if (!encoding) return { body: new Uint8Array(body) };
  const key = `${encoding}:${file}:${body.length}`;
  let out = compressed.get(key);
  if (!out) {
    out = new Uint8Array(
      encoding === 'br'
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : gzipSync(body, { level: 9 }),
    );
    compressed.set(key, out);
  }
  return { body: out, encoding };
}

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
        const encoded = encode(file, body, c.req.header('accept-encoding') ?? '');
        return c.body(encoded.body, 200, {
          ...(encoded.encoding && { 'content-encoding': encoded.encoding }),
          vary: 'accept-encoding',
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
