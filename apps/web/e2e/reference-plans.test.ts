// Glossary, common mistakes and learning plans in real Chromium against the real server, with the
// planner's real worker and provider client talking to a scripted OpenAI-compatible server on
// loopback: look a term up with a typo, browse the mistakes, a free learner told what pro adds,
// a pro learner asking for a plan and reading it ready, a failed plan retried to ready, and a
// server without a planner saying plans are unavailable while the rest works. Axe on every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setTier } from '@cc/core';
import { openTestPGlite } from '@cc/db/testing';
// The planner's fake provider (a loopback HTTP server, not an LLM client); relative because the web
// app must not depend on the planner package.
import { startFakeOpenAI, streamOf, type FakeOpenAI } from '../../../packages/planner/src/testing/fake-openai.ts';
import type { TestServer } from '../../server/src/testing/test-server.ts';
import { openBrowser, screenshot, seriousViolations, ShiftedClock, startServer, type Browser } from './harness.ts';

const PLAN = JSON.stringify({
  modules: [
    {
      order: 1,
      title: 'How text becomes tokens',
      summary: 'What a model reads, and why words split.',
      effortMinutes: 60,
      tasks: [
        { order: 1, title: 'Read the welcome', stepId: 'welcome', effortMinutes: 15 },
        { order: 2, title: 'Count tokens by hand', stepId: 'first-exercise', effortMinutes: 20 },
      ],
    },
    {
      order: 2,
      title: 'Where tokenizers came from',
      summary: 'A short history, then practice on your own text.',
      effortMinutes: 45,
      tasks: [
        { order: 1, title: 'Read the history of tokenizers', stepId: 'history', effortMinutes: 15 },
        { order: 2, title: 'Tokenize a paragraph of your own writing', stepId: null, effortMinutes: 25 },
      ],
    },
  ],
});

describe('glossary, mistakes and plans in the browser', () => {
  let server: TestServer;
  let fake: FakeOpenAI;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];

  async function check(name: string) {
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    for (const v of await seriousViolations(page)) violations.push(`${name} @${page.viewportSize()?.width}: ${v}`);
  }

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer(await openTestPGlite(), new ShiftedClock(), {
      planner: {
        config: { baseUrl: fake.baseUrl, apiKey: 'test', model: 'fake-model', prices: { inputPerMTok: 1, outputPerMTok: 2 }, dailyLimit: 10, concurrency: 1, leaseSeconds: 30 },
        pollMs: 50,
      },
    });
    browser = await openBrowser(1280);
    page = browser.page;
  });
  afterAll(async () => {
    if (page) await screenshot(page, 'reference-plans-last-state').catch(() => undefined);
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  it('looks a term up as you type, forgiving a typo, and follows it to the step that teaches it', async () => {
    const base = server.url;
    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).click();
    await page.waitForURL(/\/courses\/[^/]+\/glossary$/);
    await page.getByRole('heading', { level: 1, name: 'Glossary' }).waitFor();

    await page.goto(`${base}/courses/mini-course/glossary`);
    await page.getByRole('heading', { level: 2, name: 'Context window' }).waitFor();
    expect(await page.locator('li.entry').count()).toBe(3);
    // An alias with a typo, typed key by key: the closest term comes first, opened.
    await page.getByLabel('Look up a term').pressSequentially('tokenisr');
    const first = page.locator('li.entry').first();
    await first.getByRole('heading', { level: 2, name: /^Tokenizer/ }).waitFor();
    await first.getByText('The component that splits text into tokens.').waitFor();
    await first.getByRole('link', { name: 'A short history of tokenizers' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('tokenisr');
    await check('glossary');
    await first.getByRole('link', { name: 'A short history of tokenizers' }).click();
    await page.waitForURL(/\/courses\/mini-course\/steps\/history$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // The step reader links back to the course's reference pages.
    await page.getByRole('link', { name: 'common mistakes' }).click();
    await page.waitForURL(/\/courses\/mini-course\/mistakes$/);

    // Nothing close: an empty state, not an error.
    await page.goto(`${base}/courses/mini-course/glossary?q=zzzzqqqq`);
    await page.getByText('No term matches “zzzzqqqq”.').waitFor();

    // The shipped course's glossary, for the screenshot.
    await page.goto(`${base}/courses/genai-fundamentals/glossary?q=context`);
    await page.locator('li.entry details[open] .step-links a').first().waitFor();
    await check('glossary-genai');
  });

  it('lists the common mistakes, filters them by kind and shows the steps that address each', async () => {
    const base = server.url;
    await page.goto(`${base}/courses/mini-course/mistakes`);
    await page.getByRole('heading', { level: 1, name: 'Common mistakes' }).waitFor();
    await page.locator('li.entry').nth(1).waitFor();
    expect(await page.locator('li.entry h2').allTextContents()).toEqual(["Error This model's maximum context length is N tokens", 'Misconception One word is one token']);
    await page.getByText('Misconceptions', { exact: true }).click();
    await page.waitForURL(/kind=misconception/);
    await page.locator('li.entry', { hasText: 'maximum context length' }).waitFor({ state: 'detached' });
    const entry = page.locator('li.entry', { hasText: 'One word is one token' });
    expect(await page.locator('li.entry').count()).toBe(1);
    await entry.getByText('Meaning, fix and the steps that cover it').click();
    await entry.getByText('Tokenizers split rare words into several pieces.').waitFor();
    await entry.getByRole('link', { name: 'A short history of tokenizers' }).waitFor();
    expect(await entry.locator('.step-links a').count()).toBe(2);
    await check('mistakes');

    // Describing an error message finds its entry, opened.
    await page.goto(`${base}/courses/mini-course/mistakes`);
    await page.getByLabel('Describe what you see').fill('maximum context length exceeded');
    const top = page.locator('li.entry').first();
    await top.getByText('Count tokens before sending; trim or summarise history.').waitFor();

    await page.goto(`${base}/courses/genai-fundamentals/mistakes`);
    await page.locator('li.entry').first().waitFor();
    await check('mistakes-genai');
  });

  it('tells a free learner what pro adds, then takes a pro learner from a request to a ready plan', async () => {
    const base = server.url;
    await page.goto(`${base}/account/sign-up`);
    await page.getByLabel('Name').fill('Pat Planner');
    await page.getByLabel('Email').fill('pat@example.com');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tell us about you' }).waitFor();

    await page.goto(`${base}/plans`);
    await page.getByText('Learning plans are part of the pro tier').waitFor();
    expect(await page.getByRole('link', { name: 'New plan' }).count()).toBe(0);
    await check('plans-upgrade');
    // The create route itself refuses too (402), and the form is not offered.
    expect(await page.evaluate(async () => (await fetch('/api/v1/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ courseId: 'mini-course', topic: 'x' }) })).status)).toBe(402);
    await page.goto(`${base}/plans/new`);
    await page.getByText('Learning plans are part of the pro tier').waitFor();
    expect(await page.getByLabel('Topic').count()).toBe(0);
    // The rest of the app is untouched.
    await page.getByRole('alert').getByRole('link', { name: 'the courses' }).click();
    await page.getByRole('link', { name: 'Mini Course' }).waitFor();

    const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()) as { id: string });
    await setTier(server.runtime.learning, me.id, 'pro');
    fake.script(streamOf(PLAN));

    await page.goto(`${base}/plans`);
    await page.getByText('You have no plans yet.').waitFor();
    await page.getByRole('link', { name: 'New plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'New learning plan' }).waitFor();
    await page.getByLabel('Course').selectOption('mini-course');
    await page.getByLabel('Topic').fill('Tokens, from scratch');
    await page.getByText('20 / 200 characters').waitFor();
    const notes = 'I write Python. '.repeat(130).trim();
    await page.getByLabel('Notes (optional)').fill(notes);
    await page.getByText(`${notes.length.toLocaleString('en')} / 2,000 characters`).waitFor();
    await page.getByText('Only the first 2,000 characters of your notes will be used.').waitFor();
    await check('plan-new');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/plans') keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await page.getByRole('button', { name: 'Ask for a plan' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    // The page polls until the worker has written the plan.
    await page.getByRole('heading', { level: 2, name: /How text becomes tokens/ }).waitFor();
    await page.getByText('Your notes were cut to their first 2,000 characters (you wrote 2,079).').waitFor();
    expect(await page.locator('.plan-module h2').allTextContents()).toEqual(['Module 1. How text becomes tokens', 'Module 2. Where tokenizers came from']);
    const firstModule = page.locator('.plan-module').first();
    expect(await firstModule.locator('.plan-tasks a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      ['Read the welcome', '/courses/mini-course/steps/welcome'],
      ['Count tokens by hand', '/courses/mini-course/steps/first-exercise'],
    ]);
    // A task outside the course is listed without a link.
    expect(await page.getByText('Tokenize a paragraph of your own writing').evaluate((e) => e.tagName)).toBe('SPAN');
    await check('plan-ready');
    // The same submission sent again (the Idempotency-Key the browser sent) is the same plan.
    const planId = new URL(page.url()).pathname.split('/').pop();
    const again = await page.evaluate(
      async (key) =>
        (await (
          await fetch('/api/v1/plans', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ courseId: 'mini-course', topic: 'Tokens, from scratch' }) })
        ).json()) as { id: string },
      keys[0]!,
    );
    expect(again.id).toBe(planId);

    await page.getByRole('link', { name: 'Read the welcome' }).click();
    await page.waitForURL(/\/courses\/mini-course\/steps\/welcome$/);
    await page.goto(`${base}/plans`);
    await page.locator('li.plan-row', { hasText: 'Tokens, from scratch' }).getByText('Ready').waitFor();
    await check('plans');
  });

  it('explains a failed plan in plain words and retries it to ready', async () => {
    const base = server.url;
    fake.script({ kind: 'status', status: 500, body: { error: { message: 'upstream exploded', type: 'server_error' } } }, streamOf(PLAN));
    await page.goto(`${base}/plans/new`);
    await page.getByLabel('Course').selectOption('mini-course');
    await page.getByLabel('Topic').fill('Tokenizers in depth');
    await page.getByRole('button', { name: 'Ask for a plan' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.getByText('We could not write this plan').waitFor();
    await page.getByText('The planning service had a problem on its side.').waitFor();
    await page.getByText('2 attempts left').waitFor();
    expect(await page.content()).not.toContain('upstream exploded');
    await check('plan-failed');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { level: 2, name: /How text becomes tokens/ }).waitFor();
    expect(await page.getByText('We could not write this plan').count()).toBe(0);
  });

  it('has no serious accessibility violations at 360 px either', async () => {
    const base = server.url;
    await page.setViewportSize({ width: 360, height: 800 });
    for (const [name, path, ready] of [
      ['glossary', '/courses/mini-course/glossary?q=tokeniser', 'li.entry details[open] .step-links a'],
      ['mistakes', '/courses/mini-course/mistakes#tokens-are-words', 'li.entry details[open] .step-links a'],
      ['plans', '/plans', 'li.plan-row'],
      ['plan-new', '/plans/new', 'textarea'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.locator(ready).first().waitFor();
      await check(name);
    }
    const plan = await page.evaluate(async () => (await (await fetch('/api/v1/plans')).json()) as { plans: { id: string }[] });
    await page.goto(`${base}/plans/${plan.plans[0]!.id}`);
    await page.locator('.plan-module').first().waitFor();
    await check('plan-ready');
    expect(violations).toEqual([]);
    expect(browser.problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });
});

describe('plans on a server without a planner', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer(await openTestPGlite(), new ShiftedClock(), { planner: false });
    browser = await openBrowser(1280);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says plans are unavailable, and the rest of the app works', async () => {
    const { page } = browser;
    // A guest learner with a completed step.
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    const completed = await page.evaluate(async () => {
      const session = (await (await fetch('/api/v1/sessions/guest', { method: 'POST' })).json()) as { token: string };
      localStorage.setItem('cc.guest-token', session.token);
      const headers = { authorization: `Bearer ${session.token}` };
      return (await fetch('/api/v1/me/courses/mini-course/steps/welcome/complete', { method: 'POST', headers })).status;
    });
    expect(completed).toBe(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plans' }).click();
    await page.getByText('Plans are unavailable').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'plans-unavailable');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/plans/new`);
    await page.getByText('Plans are unavailable').waitFor();
    expect(await page.getByLabel('Topic').count()).toBe(0);
    await page.goto(`${server.url}/courses/mini-course`);
    await page.locator('li.step-row.status-completed', { hasText: 'Welcome' }).waitFor();
    expect(browser.problems.filter((p) => !/status of (401|503)/.test(p))).toEqual([]);
  });
});
