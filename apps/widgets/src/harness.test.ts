// Host harness: each built widget in headless Chromium, inside an iframe of a page served on
// loopback, talking MCP Apps to ext-apps' AppBridge (host side). The tool results it renders are
// real: the test's MCP client calls the running server as a signed-in learner, and the widgets'
// own tools/call (quiz submit, hints, next step, the dashboard's other parts, the achievements'
// streak) go through the bridge back to that client and the server. Screenshots at 360 and 768 px,
// light and dark, land in .tmp/screenshots/widgets.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import react from '@vitejs/plugin-react';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { build } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@cc/db/testing';
import { connectMcp, mcpLearner, type McpTestClient, type ToolResult } from '../../server/src/testing/mcp-clients.ts';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server.ts';
import type { AchievementsView } from '@cc/core';
import { loadBuiltWidgets, type WidgetName } from './catalog.ts';

const CHROMIUM = '/usr/bin/chromium';
/** What harness/host.ts puts on the host page's window. */
type HostWindow = Window & { mountWidget(options: unknown): Promise<void>; widgetCalls: string[] };
const calls = (page: Page) => page.evaluate(() => (window as unknown as HostWindow).widgetCalls);
const root = fileURLToPath(new URL('..', import.meta.url));
const shots = fileURLToPath(new URL('../../../.tmp/screenshots/widgets/', import.meta.url));
const COURSE = 'mini-course';
const widgets = new Map(loadBuiltWidgets().map((w) => [w.name, w]));

/** Debian's Chromium, installed on first use like the setup notes say (needs root and apt). */
function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
}

async function buildHost(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'cc-widget-host-'));
  try {
    await build({
      root: join(root, 'harness'),
      configFile: false,
      logLevel: 'error',
      plugins: [react(), viteSingleFile()],
      build: { outDir: out, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    });
    return readFileSync(join(out, 'index.html'), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('widgets in a host (headless Chromium, AppBridge, real server)', () => {
  let server: TestServer;
  let client: McpTestClient;
  let host: Server;
  let hostUrl: string;
  let context: BrowserContext;
  let userDir: string;
  const results = new Map<string, { tool: string; args: Record<string, unknown>; result: ToolResult }>();

  const call = async (tool: string, args: Record<string, unknown>) => {
    const result = await client.call(tool, args);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return result;
  };

  beforeAll(async () => {
    ensureChromium();
    mkdirSync(shots, { recursive: true });
    const page = await buildHost();
    host = createServer((req, res) => {
      if (req.url === '/favicon.ico') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;

    server = await startTestServer({ database: await testDatabases()[0]!.open() });
    const learner = await mcpLearner(server, { email: 'widgets@example.com' });
    client = await connectMcp('v2', server.url, learner.token);
    // Some history first, so the dashboard has something to show.
    await call('complete_step', { courseId: COURSE, stepId: 'welcome' });
    results.set('step-reader', { tool: 'open_step', args: { courseId: COURSE, stepId: 'welcome' }, result: await call('open_step', { courseId: COURSE, stepId: 'welcome' }) });
    results.set('quiz-card', { tool: 'start_quiz', args: { courseId: COURSE, quizId: 'welcome-check' }, result: await call('start_quiz', { courseId: COURSE, quizId: 'welcome-check' }) });
    results.set('progress-dashboard', { tool: 'get_progress', args: { courseId: COURSE }, result: await call('get_progress', { courseId: COURSE }) });
    // Completing that step earned "First step"; the rest are still to come.
    results.set('achievements', { tool: 'get_achievements', args: { courseId: COURSE }, result: await call('get_achievements', { courseId: COURSE }) });

    userDir = mkdtempSync(join(tmpdir(), 'cc-widget-chromium-'));
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-site-isolation-trials', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
    await client?.close().catch(() => undefined);
    await server?.close();
    await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  /** A fresh host page at `width`, holding widget `name` with its delivered tool result. */
  async function mount(name: WidgetName, width: number, theme: 'light' | 'dark', reducedMotion: 'reduce' | 'no-preference' = 'no-preference'): Promise<{ page: Page; frame: FrameLocator }> {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width, height: 800 });
    await page.emulateMedia({ reducedMotion });
    await page.goto(hostUrl);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The host's MCP client lives here in the test (like a chat host's backend): the real server answers.
    await page.exposeFunction('hostCallTool', (tool: string, args: Record<string, unknown>) => client.call(tool, args)).catch(() => undefined);
    const delivered = results.get(name)!;
    await page.evaluate((options) => (window as unknown as HostWindow).mountWidget(options), { html: widgets.get(name)!.html, ...delivered, theme });
    const frame = page.frameLocator('iframe');
    await frame.locator('main.widget').waitFor();
    expect(errors).toEqual([]);
    return { page, frame };
  }

  /**
   * Serious and critical WCAG 2.x A/AA violations inside the widget's iframe (axe runs in every
   * frame of the page; the host page itself is the harness and is left out).
   */
  async function widgetViolations(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page })
      .include('iframe')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }

  /** Screenshot once the iframe is as tall as the widget says it is and two frames have painted. */
  async function shoot(page: Page, file: string): Promise<void> {
    const frame = page.frameLocator('iframe');
    const settled = async () => {
      const content = await frame.locator('html').evaluate(async () => {
        await document.fonts.ready;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return document.documentElement.scrollHeight;
      });
      return (await page.locator('iframe').evaluate((f) => f.clientHeight)) >= content;
    };
    await expect.poll(settled, { timeout: 60_000, interval: 250 }).toBe(true);
    // A viewport as tall as the page, rather than a full-page capture: Chromium then rasters the
    // whole out-of-process iframe before the capture (full-page captures left its lower part blank).
    const width = page.viewportSize()!.width;
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width, height: Math.max(800, height) });
    await expect.poll(settled, { timeout: 60_000, interval: 250 }).toBe(true);
    await page.screenshot({ path: join(shots, file), animations: 'disabled', caret: 'hide' });
  }

  it('quiz card: questions without keys, a hint and the submit go through the bridge to the real server, graded feedback shows', async () => {
    const open = results.get('quiz-card')!.result.structuredContent as { quiz: { title: string; questions: unknown[] } };
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [360, 768]) {
        const { page, frame } = await mount('quiz-card', width, theme);
        await frame.getByRole('heading', { name: open.quiz.title }).waitFor();
        expect(await frame.locator('fieldset').count()).toBe(open.quiz.questions.length);
        expect(await frame.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth + 1)).toBe(true);
        await shoot(page, `quiz-card-${width}-${theme}.png`);
        expect(await widgetViolations(page)).toEqual([]);
      }
    }
    for (const [width, theme] of [[360, 'light'], [768, 'dark']] as const) {
      const { page, frame } = await mount('quiz-card', width, theme);
      if (width === 360) {
        await frame.getByRole('button', { name: /Show a hint/ }).first().click();
        await frame.getByText('Think about what the tokenizer produces.').waitFor();
        await frame.getByRole('radio', { name: 'Letters' }).check(); // wrong, on purpose
        await frame.getByRole('radio', { name: 'True' }).check();
      } else {
        await frame.getByRole('radio', { name: 'Tokens' }).check();
        await frame.getByRole('radio', { name: 'True' }).check();
      }
      await frame.getByRole('button', { name: 'Submit answers' }).click();
      const status = frame.getByRole('status').filter({ hasText: 'Pass' }).or(frame.getByRole('status').filter({ hasText: 'Not passed' }));
      await status.first().waitFor();
      if (width === 360) {
        // The first submit grades the attempt: 50 %, the chosen option's feedback, not passed.
        await expect.poll(() => status.first().textContent()).toMatch(/50%.*Not passed yet/);
        await frame.getByText('No: letters are grouped into tokens first.').waitFor();
        expect(await calls(page)).toEqual(['reveal_hint', 'submit_quiz']);
      } else {
        // The same attempt again (a host re-rendering the card): the server replays the recorded grade.
        await expect.poll(() => status.first().textContent()).toMatch(/50%/);
        expect(await calls(page)).toEqual(['submit_quiz']);
      }
      await shoot(page, `quiz-card-graded-${width}-${theme}.png`);
      expect(await widgetViolations(page)).toEqual([]);
    }
  }, 600_000);

  it('step reader: renders the delivered step, follows the theme, and opens the next step through the bridge', async () => {
    const step = results.get('step-reader')!.result.structuredContent as { step: { title: string }; next: { title: string } };
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [360, 768]) {
        const { page, frame } = await mount('step-reader', width, theme);
        await frame.getByRole('heading', { level: 1, name: step.step.title }).waitFor();
        expect(await frame.locator('html').getAttribute('data-theme')).toBe(theme);
        // No sideways scrolling at this width.
        expect(await frame.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth + 1)).toBe(true);
        await shoot(page, `step-reader-${width}-${theme}.png`);
        expect(await widgetViolations(page)).toEqual([]);
      }
    }
    const { page, frame } = await mount('step-reader', 360, 'light');
    await frame.getByRole('button', { name: new RegExp(step.next.title) }).click();
    await frame.getByRole('heading', { level: 1, name: step.next.title }).waitFor();
    expect(await calls(page)).toEqual(['open_step']);
  }, 600_000);

  it('progress dashboard: chapter completion from the delivered result, streak and mastery fetched through the bridge', async () => {
    const progress = results.get('progress-dashboard')!.result.structuredContent as { completion: number; chapters: { title: string }[] };
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [360, 768]) {
        const { page, frame } = await mount('progress-dashboard', width, theme);
        await frame.getByRole('heading', { name: 'Streak' }).waitFor();
        await frame.getByRole('heading', { name: 'Mastery' }).waitFor();
        for (const c of progress.chapters) await frame.getByText(c.title, { exact: true }).first().waitFor();
        await frame.getByText('1 day', { exact: true }).waitFor(); // completing a step today started a streak
        expect(await frame.getByRole('progressbar', { name: 'Course completion' }).getAttribute('aria-valuenow')).toBe(String(progress.completion));
        expect((await calls(page)).sort()).toEqual(['get_mastery', 'get_streak']);
        expect(await frame.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth + 1)).toBe(true);
        await shoot(page, `progress-dashboard-${width}-${theme}.png`);
        expect(await widgetViolations(page)).toEqual([]);
      }
    }
  }, 600_000);

  it('achievements: earned milestones with their dates and the next ones with their progress, streak fetched through the bridge', async () => {
    const view = results.get('achievements')!.result.structuredContent as AchievementsView;
    const earned = view.achievements.filter((a) => a.earned);
    const next = view.next.map((id) => view.achievements.find((a) => a.id === id)!);
    expect(earned.map((a) => a.id)).toContain('first-step');
    expect(next.length).toBeGreaterThan(0);
    const day = (d: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [360, 768]) {
        const { page, frame } = await mount('achievements', width, theme);
        await frame.getByRole('heading', { level: 1, name: 'Achievements' }).waitFor();
        await frame.getByText(`${view.earned} of ${view.total} earned`).waitFor();
        const earnedList = frame.getByRole('region', { name: 'Earned' }).getByRole('listitem');
        expect(await earnedList.count()).toBe(earned.length);
        for (const a of earned) {
          const item = earnedList.filter({ hasText: a.title });
          await expect.poll(() => item.locator('time').getAttribute('datetime')).toBe(a.awardedOn);
          expect(await item.locator('time').textContent()).toBe(day(a.awardedOn!)); // the host's locale (en-GB)
        }
        const nextList = frame.getByRole('region', { name: 'Next up' }).getByRole('listitem');
        expect(await nextList.allInnerTexts()).toEqual(next.map((a) => expect.stringContaining(a.title)));
        for (const a of next.filter((x) => x.progress.target > 1)) {
          const bar = frame.getByRole('progressbar', { name: `${a.title} progress` });
          expect(await bar.getAttribute('aria-valuenow')).toBe(String(a.progress.current));
          expect(await bar.getAttribute('aria-valuemax')).toBe(String(a.progress.target));
          await nextList.filter({ hasText: a.title }).getByText(`${a.progress.current} of ${a.progress.target} · ${a.progress.target - a.progress.current} to go`).waitFor();
        }
        await frame.getByText(/Current streak 1 day · longest 1 · today counts/).waitFor(); // the step completed today
        expect(await calls(page)).toEqual(['get_streak']);
        expect(await frame.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth + 1)).toBe(true);
        await shoot(page, `achievements-${width}-${theme}.png`);
        expect(await widgetViolations(page)).toEqual([]);
      }
    }

    // Keyboard: the folded list of the others opens from the keyboard alone.
    const rest = view.achievements.filter((a) => !a.earned && !view.next.includes(a.id));
    const { page, frame } = await mount('achievements', 360, 'light');
    const summary = frame.getByText(`Still to earn (${rest.length})`);
    await expect.poll(() => frame.getByText(rest[0]!.title, { exact: false }).first().isVisible()).toBe(false);
    await page.locator('iframe').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    for (const a of rest) await frame.getByText(a.title, { exact: false }).first().waitFor();
    expect(await widgetViolations(page)).toEqual([]);

    // Motion: the bars fill in once, and not at all for a learner who asked for reduced motion.
    const fillAnimation = (f: FrameLocator) => f.locator('.meter-fill').first().evaluate((el) => getComputedStyle(el).animationName);
    expect(await fillAnimation(frame)).toBe('fill-in');
    const reduced = await mount('achievements', 360, 'dark', 'reduce');
    expect(await fillAnimation(reduced.frame)).toBe('none');
  }, 600_000);
});
