// pnpm bench, web part (issue 11 budgets): how soon the step page shows its heading in headless
// Chromium (Debian's, driven by playwright-core) on loopback, cold and warm cache, and the step
// page's first-load JavaScript and CSS, gzip-compressed, against the 200 KB JavaScript budget.
//
// Env: BENCH_WEB=0 skips it; BENCH_WEB_LOADS loads per cache state (default 20);
//      CHROMIUM_PATH (default /usr/bin/chromium).
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = path.resolve(import.meta.dirname, '../../..');
const webRoot = path.join(repo, 'apps/web');
const dist = process.env.WEB_DIR ?? path.join(webRoot, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const webBenchEnabled = process.env.BENCH_WEB !== '0';
const loads = Number(process.env.BENCH_WEB_LOADS ?? 20);
const JS_BUDGET = 200 * 1024;
const HEADING_TARGET_MS = 1000;

/** The few playwright-core calls used here (it is a dependency of apps/web, loaded from there). */
interface Page {
  goto(url: string, options?: { waitUntil?: 'commit' | 'load' }): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  evaluate<T>(fn: string): Promise<T>;
  close(): Promise<void>;
}
interface Context {
  newPage(): Promise<Page>;
  addInitScript(script: { content: string }): Promise<void>;
  close(): Promise<void>;
}
interface Chromium {
  launchPersistentContext(dir: string, options: Record<string, unknown>): Promise<Context>;
}

export interface WebReport {
  stepUrl: string;
  loads: number;
  cold: { p50: number; p95: number; max: number };
  warm: { p50: number; p95: number; max: number };
  jsGzip: number;
  jsFiles: number;
  cssGzip: number;
  cssFiles: number;
}

/** `pnpm bench` serves the built web app: build it when there is no build yet. */
export function ensureWebBuild(): void {
  if (!webBenchEnabled || existsSync(path.join(dist, '.vite/manifest.json'))) return;
  execSync('pnpm --filter @cc/web build', { cwd: repo, stdio: 'inherit' });
}

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** The step page's first load (the entry and its static imports, as the budget test reads it). */
function bundleSizes() {
  const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || js.has(chunk.file)) return;
    js.add(chunk.file);
    chunk.css?.forEach((f) => css.add(f));
    chunk.imports?.forEach(visit);
  };
  visit('index.html');
  const gz = (files: Set<string>) => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
  return { jsGzip: gz(js), jsFiles: js.size, cssGzip: gz(css), cssFiles: css.size };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] ?? NaN };
};

// Records, relative to the navigation's start, when an <h1> with the step's title is first in the DOM.
const headingProbe = (title: string) => `(() => {
  const title = ${JSON.stringify(title)};
  const seen = () => [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === title);
  new MutationObserver((_, observer) => {
    if (seen()) { window.__headingAt = performance.now(); observer.disconnect(); }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

async function loadChromium(): Promise<Chromium> {
  const resolved = createRequire(path.join(webRoot, 'package.json')).resolve('playwright-core');
  const mod = (await import(pathToFileURL(resolved).href)) as { chromium?: Chromium; default?: { chromium: Chromium } };
  const chromium = mod.chromium ?? mod.default?.chromium;
  if (!chromium) throw new Error('playwright-core has no chromium export');
  return chromium;
}

async function launch(chromium: Chromium, title: string) {
  const profile = await mkdtemp(path.join(tmpdir(), 'cc-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    // The probe is evaluated as a string, which the page's strict CSP (no unsafe-eval) would refuse.
    bypassCSP: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.addInitScript({ content: headingProbe(title) });
  return { context, close: async () => (await context.close(), await rm(profile, { recursive: true, force: true })) };
}

async function headingTime(context: Context, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction('typeof window.__headingAt === "number"', undefined, { timeout: 30_000 });
    return await page.evaluate<number>('window.__headingAt');
  } finally {
    await page.close();
  }
}

/** Time to the step page's heading, anonymous visitor, cold (fresh profile each load) and warm cache. */
export async function benchWeb(base: string, courseId: string, stepId: string): Promise<WebReport> {
  const res = await fetch(`${base}/api/v1/courses/${courseId}/steps/${stepId}`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`step ${courseId}/${stepId}: ${res.status}`);
  const title = ((await res.json()) as { step: { title: string } }).step.title;
  const stepUrl = `${base}/courses/${courseId}/steps/${stepId}`;
  const chromium = await loadChromium();
  const cold: number[] = [];
  for (let i = 0; i < loads; i++) {
    const browser = await launch(chromium, title);
    try {
      cold.push(await headingTime(browser.context, stepUrl));
    } finally {
      await browser.close();
    }
  }
  const warm: number[] = [];
  const browser = await launch(chromium, title);
  try {
    await headingTime(browser.context, stepUrl);
    for (let i = 0; i < loads; i++) warm.push(await headingTime(browser.context, stepUrl));
  } finally {
    await browser.close();
  }
  return { stepUrl: stepUrl.slice(base.length), loads, cold: summary(cold), warm: summary(warm), ...bundleSizes() };
}

export function webMarkdown(r: WebReport): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const ms = (v: number) => v.toFixed(0);
  const met = (v: number) => (v <= HEADING_TARGET_MS ? 'yes' : 'NO');
  return [
    `## Web: step page in headless Chromium (${r.stepUrl}, ${r.loads} loads per cache state, anonymous)`,
    '',
    '| cache | heading p50 ms | heading p95 ms | max ms | target | met |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    `| cold (fresh profile) | ${ms(r.cold.p50)} | ${ms(r.cold.p95)} | ${ms(r.cold.max)} | p95 < ${HEADING_TARGET_MS} ms | ${met(r.cold.p95)} |`,
    `| warm | ${ms(r.warm.p50)} | ${ms(r.warm.p95)} | ${ms(r.warm.max)} | p95 < ${HEADING_TARGET_MS} ms | ${met(r.warm.p95)} |`,
    '',
    `First load of the step page: JavaScript ${kb(r.jsGzip)} gzip in ${r.jsFiles} file(s) (budget ${kb(JS_BUDGET)}: ${r.jsGzip <= JS_BUDGET ? 'within' : 'OVER'}), CSS ${kb(r.cssGzip)} gzip in ${r.cssFiles} file(s).`,
    '',
  ].join('\n');
}
