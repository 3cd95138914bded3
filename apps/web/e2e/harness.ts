// The real server (real PGlite or PostgreSQL, the shipped course and the test fixture course) serving
// the built web app, and Debian's Chromium driven by playwright-core.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { FsContentStore } from '@cc/content';
import type { Database } from '@cc/db';
import { fixturesDir, startTestServer, UNLIMITED, type TestServer } from '../../server/src/testing/test-server.ts';
import { CHROMIUM, webRoot } from './global-setup.ts';

export const repoRoot = path.resolve(webRoot, '../..');
export const screenshotDir = path.join(repoRoot, '.tmp/screenshots');
export const WIDTHS = [360, 1280] as const;

/** The shipped course and the fixture course (two chapters, a premium one gated by a checkpoint) side by side. */
function contentDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-web-content-'));
  cpSync(path.join(repoRoot, 'courses/genai-fundamentals'), path.join(dir, 'genai-fundamentals'), { recursive: true });
  cpSync(path.join(fixturesDir, 'mini-course'), path.join(dir, 'mini-course'), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock that follows real time, shifted by `offsetMs` (to make review cards fall due). */
export class ShiftedClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export async function startServer(
  database: Database,
  clock = new ShiftedClock(),
  options: Pick<Parameters<typeof startTestServer>[0], 'planner'> = {},
): Promise<TestServer & { contentDir: string }> {
  const content = contentDir();
  const server = await startTestServer({ database, store: new FsContentStore(content.dir), limits: UNLIMITED, clock, ...options });
  await server.runtime.catalog.list();
  return {
    ...server,
    /** The served courses' folder: the catalogue re-reads it on every request, so an edit is a new version. */
    contentDir: content.dir,
    close: async () => {
      await server.close();
      content.remove();
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests seen so far (a page should have none). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(width = 1280): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height: 900 },
    reducedMotion: 'reduce',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Report every Content-Security-Policy violation with what caused it.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} blocked ${JSON.stringify(e.sample)} from ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
}

/** Serious and critical accessibility violations on the current page (WCAG 2.x A/AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}
